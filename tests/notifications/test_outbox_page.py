"""The operators' outbox page with many employers: a mail is found by its recipient or subject
(the page shows the latest 100 only), the status tabs keep the search, and each "Try again"
button names its mail for a screen reader."""

from __future__ import annotations

import pytest
from django.urls import reverse

from vereinbar.notifications.models import MailStatus, OutgoingMail
from vereinbar.notifications.outbox import mail_record

pytestmark = pytest.mark.django_db


def test_a_mail_is_found_by_recipient_or_subject_and_the_tabs_keep_the_search(operator_admin, login):
    for number in range(120):  # more than the page shows
        mail_record(to=f"hr{number}@example.org", language="de", subject="Erinnerung", body="B")
    mail_record(to="personal@stadt-aachen.example", language="de", subject="Phase fällig", body="B")
    mail_record(to="hr@kreis-borken.example", language="nl", subject="Stadt Aachen: herinnering", body="B")
    OutgoingMail.objects.filter(to="hr@kreis-borken.example").update(status=MailStatus.FAILED)
    client = login(operator_admin)
    page = client.get(reverse("operator_outbox:list"), {"q": "aachen"})
    assert sorted(mail.to for mail in page.context["mails"]) == [
        "hr@kreis-borken.example",
        "personal@stadt-aachen.example",
    ]
    html = page.content.decode()
    assert "2 mails match “aachen”." in html
    assert '?q=aachen&amp;status=failed"' in html
    failed = client.get(reverse("operator_outbox:list"), {"q": "aachen", "status": "failed"})
    assert [mail.to for mail in failed.context["mails"]] == ["hr@kreis-borken.example"]
    assert 'aria-label="Try again: Stadt Aachen: herinnering, ' in failed.content.decode()
    assert client.get(reverse("operator_outbox:list"), {"q": "nowhere"}).context["mails"] == []
