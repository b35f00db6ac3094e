"""The operators' outbox pages through every mail that matches, 100 to a page, newest first,
and its page links keep the search and the status tab."""

from __future__ import annotations

import pytest
from django.urls import reverse

from vereinbar.notifications.models import MailStatus, OutgoingMail
from vereinbar.notifications.outbox import mail_record

pytestmark = pytest.mark.django_db


def test_every_matching_mail_is_on_some_page_and_the_links_keep_search_and_status(operator_admin, login):
    for number in range(230):
        mail_record(to=f"hr{number}@aachen.example", language="de", subject="Erinnerung", body="B")
    mail_record(to="hr@borken.example", language="de", subject="Erinnerung", body="B")
    OutgoingMail.objects.filter(to__endswith="@aachen.example").update(status=MailStatus.FAILED)
    client = login(operator_admin)
    url = reverse("operator_outbox:list")

    first = client.get(url, {"q": "aachen", "status": "failed"})
    last = client.get(url, {"q": "aachen", "status": "failed", "page": 3})

    seen = [
        mail.to
        for page in (first, client.get(url, {"q": "aachen", "status": "failed", "page": 2}), last)
        for mail in page.context["mails"]
    ]
    assert len(seen) == len(set(seen)) == 230 and "hr@borken.example" not in seen
    assert seen[0] == "hr229@aachen.example"  # the newest first
    assert [len(page.context["mails"]) for page in (first, last)] == [100, 30]
    html = first.content.decode()
    assert "230 mails match “aachen”." in html and "Page 1 of 3" in html
    assert 'href="?q=aachen&amp;status=failed&amp;page=2" rel="next"' in html
    assert 'href="?q=aachen&amp;status=queued"' in last.content.decode()  # another tab starts at page 1
