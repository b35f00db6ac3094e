"""The employer's award page offers the seal with the credential inside, and the code to embed
the seal, only while the award is valid, by the same rule as the public verification page
(``seal.baked_seal_offered``), and says why it offers none; the credential stays downloadable,
named as what it is."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from tests.certificates.test_verify_page_links import downloads
from tests.certificates.test_verify_profile_link import charter, leiderdorp  # noqa: F401
from tests.directory.conftest import award_issue, directory_today  # noqa: F401
from tests.factories import MembershipFactory, UserFactory
from vereinbar.certificates.services import award_revoke

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("directory_today")]

WHY = {
    "de": "Ein Siegel mit dem Nachweis darin wird nicht angeboten",
    "nl": "Er wordt geen keurmerk met het bewijs erin aangeboden",
}

NO_SNIPPET = {
    "de": "Es wird kein Code angeboten, um dieses Siegel auf eine Website zu setzen",
    "nl": "Er wordt geen code aangeboden om dit keurmerk op een website te plaatsen",
}


@pytest.fixture
def employer_client(client, leiderdorp):  # noqa: F811
    coordinator = UserFactory(email="hrm@leiderdorp.test")
    MembershipFactory(user=coordinator, organisation=leiderdorp, role="coordinator")
    client.force_login(coordinator, backend="django.contrib.auth.backends.ModelBackend")
    return client


def workspace_page(client, award, language: str) -> str:
    address = f"/{language}" + reverse("workspace_awards:detail", args=[award.organisation.slug, award.number])[3:]
    response = client.get(address)
    assert response.status_code == 200
    return response.content.decode()


def _credential(html: str) -> str:
    return html[html.index('class="award-credential"') : html.index("</section>", html.index("award-credential"))]


@pytest.mark.parametrize("language", ["de", "nl"])
def test_a_valid_award_offers_its_seal_with_the_credential_inside(employer_client, charter, leiderdorp, language):  # noqa: F811
    award = award_issue(leiderdorp, charter(), issued_on=date(2025, 2, 20))
    html = workspace_page(employer_client, award, language)
    code = award.verification_code
    assert downloads(html) == [f"/credentials/{code}.json", f"/credentials/{code}.svg?lang={language}"]
    assert WHY[language] not in html
    assert 'id="seal-snippet"' in html and NO_SNIPPET[language] not in html


@pytest.mark.parametrize(("language", "label"), [("de", "widerrufen"), ("nl", "ingetrokken")])
def test_a_revoked_award_offers_no_seal_and_says_why(
    employer_client,
    charter,  # noqa: F811
    leiderdorp,  # noqa: F811
    operator_admin,
    language,
    label,
):
    award = award_issue(leiderdorp, charter(), issued_on=date(2025, 2, 20))
    award_revoke(actor=operator_admin, award=award, reason="Measures were not kept.")
    html = workspace_page(employer_client, award, language)
    assert downloads(html) == [f"/credentials/{award.verification_code}.json"]
    assert "data-baked-seal" not in html
    section = _credential(html)
    assert WHY[language] in section
    assert 'id="seal-snippet"' not in html and NO_SNIPPET[language] in html
    button = re.search(r"download><span class=\"kern-label\">([^<]*)</span>", section)
    assert button is not None and label in button.group(1).lower()


@pytest.mark.parametrize("language", ["de", "nl"])
def test_an_expired_award_offers_no_seal_and_says_why(employer_client, charter, leiderdorp, language):  # noqa: F811
    award = award_issue(leiderdorp, charter(), issued_on=date(2022, 1, 10), valid_until=date(2025, 1, 9))
    html = workspace_page(employer_client, award, language)
    assert downloads(html) == [f"/credentials/{award.verification_code}.json"]
    assert "data-baked-seal" not in html and WHY[language] in _credential(html)
    assert 'id="seal-snippet"' not in html and NO_SNIPPET[language] in html


def test_the_verification_page_says_why_too(client, charter, leiderdorp):  # noqa: F811
    award = award_issue(leiderdorp, charter(), issued_on=date(2022, 1, 10), valid_until=date(2025, 1, 9))
    html = client.get(f"/nl/verify/{award.verification_code}/").content.decode()
    assert "data-baked-seal" not in html and WHY["nl"] in _credential(html)
    valid = award_issue(leiderdorp, charter("b"), issued_on=date(2025, 2, 20))
    html = client.get(f"/nl/verify/{valid.verification_code}/").content.decode()
    assert "data-baked-seal" in html and WHY["nl"] not in html


@pytest.mark.parametrize(("language", "heading"), [("de", "Das Siegel"), ("nl", "Het keurmerk")])
def test_a_revoked_award_s_page_strikes_the_validity_and_names_the_seal_as_no_longer_for_a_website(
    employer_client,
    charter,  # noqa: F811
    leiderdorp,  # noqa: F811
    operator_admin,
    language,
    heading,
):
    award = award_issue(leiderdorp, charter(), issued_on=date(2025, 2, 20), valid_until=date(2100, 2, 20))
    valid = workspace_page(employer_client, award, language)
    assert "<del data-validity-ended>" not in valid and f">{heading}</h2>" not in valid
    award_revoke(actor=operator_admin, award=award, reason="Measures were not kept.")
    html = workspace_page(employer_client, award, language)
    assert re.search(r"<del data-validity-ended>(<[^>]*>)?[^<]*2100(</time>)?</del>", html)
    assert f'<h2 id="seal-heading">{heading}</h2>' in html
