"""The verification page as a journalist or job applicant reads it: it links the employer's
public profile while the directory lists the employer (not when it is unlisted or the award was
revoked), and a made-up demo employer is marked as an example, as in the directory."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.directory.conftest import award_issue, directory_today  # noqa: F401
from tests.factories import OrganisationFactory
from tests.programme_files import charter_load
from vereinbar.certificates.services import award_revoke
from vereinbar.organisations.models import Organisation, OrganisationStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("directory_today")]


@pytest.fixture
def charter(operator_org):
    """charter("a") loads a small charter listed in the directory; ``directory=False``: unlisted."""

    def load(key: str = "a", *, directory: bool = True):
        return charter_load(operator_org, f"urn:vereinbar:programme:test-{key}", f"Test {key}", directory=directory)

    return load


@pytest.fixture
def leiderdorp(db):
    return OrganisationFactory(name="Gemeente Leiderdorp", slug="gemeente-leiderdorp", country="NL")


def profile_links(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]*)" data-profile-link>', html)


def verify(client, award, language: str) -> str:
    response = client.get(f"/{language}/verify/{award.verification_code}/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(("language", "text"), [("de", "Arbeitgeberverzeichnis"), ("nl", "register van werkgevers")])
def test_a_listed_employers_award_links_its_public_profile(client, charter, leiderdorp, language, text):
    award = award_issue(leiderdorp, charter(), issued_on=date(2025, 2, 20))
    html = verify(client, award, language)
    assert profile_links(html) == [f"/{language}/employers/gemeente-leiderdorp/"]
    assert text in html
    assert client.get(profile_links(html)[0]).status_code == 200  # the link leads to the profile


def test_an_expired_award_of_an_employer_listed_through_its_renewal_links_the_profile(
    client,
    charter,
    leiderdorp,
):
    programme = charter()
    old = award_issue(leiderdorp, programme, issued_on=date(2022, 1, 10), valid_until=date(2025, 1, 9))
    award_issue(leiderdorp, programme, issued_on=date(2025, 1, 10))
    html = verify(client, old, "de")
    assert 'data-status="expired"' in html
    assert profile_links(html) == ["/de/employers/gemeente-leiderdorp/"]


def test_no_profile_link_where_the_directory_does_not_list_the_employer(client, charter, leiderdorp):
    unlisted = charter(directory=False)
    award = award_issue(leiderdorp, unlisted, issued_on=date(2025, 2, 20))
    html = verify(client, award, "de")
    assert 'data-status="valid"' in html and profile_links(html) == []
    assert "/employers/" not in html


def test_no_profile_link_for_an_expired_award_of_an_employer_no_longer_listed(client, charter, leiderdorp):
    award = award_issue(leiderdorp, charter(), issued_on=date(2022, 1, 10), valid_until=date(2025, 1, 9))
    html = verify(client, award, "nl")
    assert 'data-status="expired"' in html and profile_links(html) == []


def test_no_profile_link_for_an_employer_whose_registration_is_not_approved(client, charter, leiderdorp):
    award = award_issue(leiderdorp, charter(), issued_on=date(2025, 2, 20))
    Organisation.objects.filter(pk=leiderdorp.pk).update(status=OrganisationStatus.REJECTED)
    assert profile_links(verify(client, award, "de")) == []


def test_a_revoked_award_links_no_profile_even_while_the_employer_is_listed(
    client,
    charter,
    leiderdorp,
    operator_admin,
):
    programme = charter()
    charter = charter("b")
    award_issue(leiderdorp, charter, issued_on=date(2025, 3, 1))  # listed through another programme
    award = award_issue(leiderdorp, programme, issued_on=date(2025, 2, 20))
    award_revoke(actor=operator_admin, award=award, reason="Measures were not kept.")
    html = verify(client, award, "de")
    assert 'data-status="revoked"' in html
    assert profile_links(html) == []
    assert client.get("/de/employers/gemeente-leiderdorp/").status_code == 200  # listed all the same


@pytest.mark.parametrize(("language", "mark"), [("de", "Beispiel"), ("nl", "Voorbeeld"), ("en", "Example")])
def test_a_made_up_employer_is_marked_as_an_example(client, charter, language, mark):
    made_up = OrganisationFactory(name="Dijkmarrhein AG", slug="dijkmarrhein-ag")
    Organisation.objects.filter(pk=made_up.pk).update(is_example=True)
    award = award_issue(made_up, charter(), issued_on=date(2025, 2, 20))
    html = verify(client, award, language)
    organisation = re.search(r"<dd>Dijkmarrhein AG(.*?)</dd>", html, re.S)
    assert organisation is not None and f'<span class="kern-label">{mark}</span>' in organisation.group(1)
    assert 'class="kern-alert kern-alert--info"' in html  # and said in a sentence above the facts


def test_a_real_employer_is_not_marked_as_an_example(client, charter, leiderdorp):
    award = award_issue(leiderdorp, charter(), issued_on=date(2025, 2, 20))
    html = verify(client, award, "de")
    assert "Beispiel" not in html and "kern-alert--info" not in html
