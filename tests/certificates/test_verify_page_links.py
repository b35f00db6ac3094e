"""What the verification page and GET /api/v1/verify/<code> offer besides the facts: the same
example flag and profile link in both, the programme's public page, and downloads only as far as
the award still counts (no seal for a website once it is revoked or expired; a revoked award's
credential only named as revoked)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.conf import settings

from tests.certificates.test_verify_profile_link import charter, leiderdorp  # noqa: F401
from tests.directory.conftest import award_issue, directory_today  # noqa: F401
from tests.factories import OrganisationFactory
from vereinbar.certificates.services import award_revoke
from vereinbar.organisations.models import Organisation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("directory_today")]


def page(client, award, language: str = "de") -> str:
    response = client.get(f"/{language}/verify/{award.verification_code}/")
    assert response.status_code == 200
    return response.content.decode()


def api(client, award) -> dict:
    response = client.get(f"/api/v1/verify/{award.verification_code}")
    assert response.status_code == 200
    return response.json()


def downloads(html: str) -> list[str]:
    section = html[html.index('class="award-credential"') : html.index("</section>", html.index("award-credential"))]
    return re.findall(r'<a class="kern-btn[^"]*" href="([^"]*)" download', section)


def test_the_api_gives_the_profile_link_the_page_shows(client, charter, leiderdorp):  # noqa: F811
    award = award_issue(leiderdorp, charter(), issued_on=date(2025, 2, 20))
    assert 'href="/de/employers/gemeente-leiderdorp/" data-profile-link' in page(client, award)
    body = api(client, award)
    assert body["profile_url"].endswith("/employers/gemeente-leiderdorp/")
    assert body["profile_url"].startswith(settings.SITE_URL)
    assert body["example"] is False


def test_the_api_gives_no_profile_link_for_a_revoked_award_nor_an_unlisted_employer(
    client,
    charter,  # noqa: F811
    leiderdorp,  # noqa: F811
    operator_admin,
):
    unlisted = award_issue(leiderdorp, charter("u", directory=False), issued_on=date(2025, 2, 20))
    assert api(client, unlisted)["profile_url"] is None
    award_issue(leiderdorp, charter("b"), issued_on=date(2025, 3, 1))  # listed through another programme
    revoked = award_issue(leiderdorp, charter(), issued_on=date(2025, 2, 20))
    award_revoke(actor=operator_admin, award=revoked, reason="Measures were not kept.")
    assert "data-profile-link" not in page(client, revoked)
    assert api(client, revoked)["profile_url"] is None


def test_the_api_flags_a_made_up_employers_award_as_an_example(client, charter):  # noqa: F811
    made_up = OrganisationFactory(name="Dijkmarrhein AG", slug="dijkmarrhein-ag")
    Organisation.objects.filter(pk=made_up.pk).update(is_example=True)
    award = award_issue(made_up, charter(), issued_on=date(2025, 2, 20))
    assert '<span class="kern-label">Voorbeeld</span>' in page(client, award, "nl")
    assert api(client, award)["example"] is True


def test_the_openapi_schema_describes_both(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    verify = schema["components"]["schemas"]["VerifyOut"]
    assert {"example", "profile_url"} <= set(verify["required"])
    assert verify["properties"]["example"]["type"] == "boolean"
    assert "directory" in verify["properties"]["profile_url"]["description"]


@pytest.mark.parametrize("language", ["de", "nl"])
def test_the_page_links_the_programmes_public_page(client, charter, leiderdorp, language):  # noqa: F811
    programme = charter()
    award = award_issue(leiderdorp, programme, issued_on=date(2025, 2, 20))
    link = re.search(r'<a href="([^"]*)" data-programme-link>', page(client, award, language))
    assert link is not None and link.group(1) == f"/{language}/programmes/{programme.key}/"
    assert "Gemeente Leiderdorp" in client.get(link.group(1)).content.decode()


def test_no_programme_link_where_the_programme_has_no_public_page(client, charter, leiderdorp):  # noqa: F811
    award = award_issue(leiderdorp, charter(directory=False), issued_on=date(2025, 2, 20))
    assert "data-programme-link" not in page(client, award)


def test_a_valid_award_offers_its_credential_and_seal(client, charter, leiderdorp):  # noqa: F811
    award = award_issue(leiderdorp, charter(), issued_on=date(2025, 2, 20))
    code = award.verification_code
    assert downloads(page(client, award)) == [f"/credentials/{code}.json", f"/credentials/{code}.svg?lang=de"]


@pytest.mark.parametrize(("language", "label"), [("de", "widerrufen"), ("nl", "ingetrokken")])
def test_a_revoked_award_offers_no_seal_and_its_credential_only_as_revoked(
    client,
    charter,  # noqa: F811
    leiderdorp,  # noqa: F811
    operator_admin,
    language,
    label,
):
    award = award_issue(leiderdorp, charter(), issued_on=date(2025, 2, 20))
    award_revoke(actor=operator_admin, award=award, reason="Measures were not kept.")
    html = page(client, award, language)
    code = award.verification_code
    assert downloads(html) == [f"/credentials/{code}.json"]
    assert "data-baked-seal" not in html
    assert f"/credentials/{code}.svg" not in html and f"/verify/{code}/seal.svg" not in html
    section = html[html.index('class="award-credential"') :]
    note = re.search(r'<p class="credential-status-note">(.*?)</p>', section, re.S)
    assert note is not None and label in note.group(1).lower()
    button = re.search(r"download><span class=\"kern-label\">([^<]*)</span>", section)
    assert button is not None and label in button.group(1).lower()


def test_an_expired_award_offers_no_seal(client, charter, leiderdorp):  # noqa: F811
    award = award_issue(leiderdorp, charter(), issued_on=date(2022, 1, 10), valid_until=date(2025, 1, 9))
    html = page(client, award, "nl")
    assert 'data-status="expired"' in html
    assert downloads(html) == [f"/credentials/{award.verification_code}.json"]
    assert "data-baked-seal" not in html
    assert "verlopen" in html[html.index('class="award-credential"') :].lower()
