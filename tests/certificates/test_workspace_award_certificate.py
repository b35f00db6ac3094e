"""The coordinator downloads the certificate from the award's page and the awards list, not only
from the cycle page: the link is the cycle page's download, shown where it serves the reader a
PDF, and absent where there is no certificate for them (an award recorded without a cycle; a
platform admin, who reads the workspace but gets certificates in the operator area)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from vereinbar.certificates.models import Award
from vereinbar.certificates.services import award_revoke

pytestmark = pytest.mark.django_db


def detail(award) -> str:
    return reverse("workspace_awards:detail", args=[award.organisation.slug, award.number])


def certificate_links(html: str) -> list[str]:
    import re
    from html import unescape

    return [unescape(href) for href in re.findall(r'<a[^>]*href="([^"]+)" data-certificate>', html)]


def test_the_coordinator_downloads_the_certificate_from_the_award_page_and_the_list(awarded, parties, login):
    client = login(parties["coordinator"])
    expected = reverse("workspace_cycles:certificate", args=[awarded.organisation.slug, awarded.cycle_id])
    html = client.get(detail(awarded)).content.decode()
    assert certificate_links(html) == [expected]
    assert "Download the certificate of recognition (PDF)" in html
    listed = client.get(reverse("workspace_awards:list", args=[awarded.organisation.slug])).content.decode()
    assert certificate_links(listed) == [expected]
    response = client.get(expected)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_a_viewer_of_the_employer_gets_the_link_too(awarded, parties, login):
    # Every member of the employer may download (the cycle page offers it to them as well).
    assert certificate_links(login(parties["viewer"]).get(detail(awarded)).content.decode())


def test_a_revoked_award_keeps_the_link_as_the_download_still_serves_it(awarded, parties, login):
    award_revoke(actor=parties["operator"], award=awarded, reason="Measures not carried out")
    client = login(parties["coordinator"])
    [link] = certificate_links(client.get(detail(awarded)).content.decode())
    assert client.get(link)["Content-Type"] == "application/pdf"


def test_an_award_without_a_cycle_has_no_certificate_link(awarded, parties, login):
    recorded = Award.objects.create(
        number="B-2019-000001",
        organisation=awarded.organisation,
        programme=awarded.programme,
        version=awarded.version,
        stage=awarded.stage,
        issued_on=date(2019, 5, 1),
        valid_until=date(2022, 5, 1),
    )
    client = login(parties["coordinator"])
    html = client.get(detail(recorded)).content.decode()
    assert "B-2019-000001" in html and certificate_links(html) == []
    listed = client.get(reverse("workspace_awards:list", args=[awarded.organisation.slug])).content.decode()
    assert len(certificate_links(listed)) == 1  # the cycle's award only


def test_a_platform_admin_reading_the_workspace_gets_no_link_that_would_fail(awarded, platform_admin, login):
    client = login(platform_admin)
    html = client.get(detail(awarded)).content.decode()
    assert "Award" in html and certificate_links(html) == []
    certificate = reverse("workspace_cycles:certificate", args=[awarded.organisation.slug, awarded.cycle_id])
    assert client.get(certificate).status_code == 404
