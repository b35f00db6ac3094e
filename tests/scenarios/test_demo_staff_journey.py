"""The demo as the employers' staff see it: each real employer has a staff offers link, printed
with the logins, whose page names people to ask (Landkreis Leer too), each under the life situations they are
there for (Leiderdorp's contact for work and caring under care); the operator's news about
Leiderdorp's renewed recognition is tied to that award. (The package's demo: see conftest.py.)"""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from django.core.management import call_command

from vereinbar.accounts.models import User
from vereinbar.measures.offers import staff_offers
from vereinbar.news.models import Announcement
from vereinbar.organisations.models import Organisation
from vereinbar.organisations.services import organisation_offers_link_rotate

pytestmark = pytest.mark.django_db

OFFERS_URL = re.compile(r"^\s+(?P<name>\S.*?)\s+https?://\S+(?P<path>/(?P<lang>de|nl)/offers/(?P<token>[\w-]+)/)$")


def printed_links(output: str) -> dict[str, tuple[str, str, str]]:
    """Organisation name → (path, language, token) of each staff offers URL the command printed."""
    found = (OFFERS_URL.match(line) for line in output.splitlines())
    return {m["name"]: (m["path"], m["lang"], m["token"]) for m in found if m}


def test_each_real_employer_has_a_staff_offers_link_printed_with_the_logins(demo, client):
    employers = Organisation.objects.filter(type="employer", is_example=False)
    links = printed_links(demo)
    assert set(links) == set(employers.values_list("name", flat=True)) and len(links) == 5
    for employer in employers:
        path, language, token = links[employer.name]
        assert token == employer.offers_token and language == employer.primary_language
        page = client.get(path)
        assert page.status_code == 200 and employer.name in page.content.decode()


def test_landkreis_leer_names_whom_to_ask_on_its_staff_offers_page(client):
    leer = Organisation.objects.get(slug="landkreis-leer")
    contacts = {contact.role: contact for contact in leer.contacts.all()}
    assert {"coordinator", "health_lead"} <= set(contacts)
    assert all(contact.email.endswith("@landkreis-leer.example") for contact in contacts.values())
    html = client.get(f"/de/offers/{leer.offers_token}/").content.decode()
    assert contacts["coordinator"].name in html and contacts["health_lead"].name in html


def read(html: str, section: str) -> str:
    """The words of one life situation's section of the staff offers page."""
    return " ".join(re.sub(r"<[^>]+>", " ", html.split(f'id="situation-{section}"')[1].split("</section>")[0]).split())


def test_leiderdorps_contact_for_work_and_caring_is_named_under_care_and_nowhere_else(client):
    leiderdorp = Organisation.objects.get(slug="gemeente-leiderdorp")
    html = client.get(f"/nl/offers/{leiderdorp.offers_token}/").content.decode()
    care = read(html, "care")
    assert "Vragen hierover? Beleidsmedewerker HRM – Coördinator Aanspreekpunt voor werk en mantelzorg, HRM" in care
    for other in ("children", "flexible_work", "all"):
        assert "Beleidsmedewerker HRM" not in read(html, other) and "Vragen hierover?" not in read(html, other)
    assert (
        html.count('href="#ask-heading"') == 1
    )  # once, in the contents, for the sections without a contact of their own


def test_kreis_soests_care_guides_are_named_under_care_only():
    groups = {
        group.key: group for group in staff_offers(organisation=Organisation.objects.get(slug="kreis-soest")).groups
    }
    assert [contact.name for contact in groups["care"].contacts] == ["Pflege-Guides der Kreisverwaltung"]
    assert all(not group.contacts for key, group in groups.items() if key != "care")


def test_the_demos_contacts_are_named_under_the_situations_they_help_with():
    """Landkreis Leer's childcare contact used to be only in the list of all contacts at the end."""

    def names(slug: str) -> dict[str, list[str]]:
        groups = staff_offers(organisation=Organisation.objects.get(slug=slug)).groups
        return {group.key: [contact.name for contact in group.contacts] for group in groups}

    leer = names("landkreis-leer")
    assert leer["children"] == ["Hilke Janssen", "Betriebliche Kinderbetreuung"]
    assert leer["care"] == ["Hilke Janssen"] and leer["health"] == ["Tomke Eilers"]
    assert "Betriebsärztlicher Dienst" in names("saale-orla-kreis")["health"]


def test_a_staff_offers_link_turned_off_stays_off_when_the_demo_is_loaded_again():
    soest = Organisation.objects.get(slug="kreis-soest")
    organisation_offers_link_rotate(
        actor=User.objects.get(email="personal@kreis-soest.example"), organisation=soest, disable=True
    )
    out = io.StringIO()
    call_command("demo", stdout=out)
    soest.refresh_from_db()
    assert soest.offers_token is None and "Kreis Soest" not in printed_links(out.getvalue())
    assert "Gemeente Leiderdorp" in printed_links(out.getvalue())


def test_the_news_of_leiderdorps_renewed_recognition_is_about_that_award():
    news = Announcement.objects.get(title_de="Gemeente Leiderdorp erneut als pflegefreundlicher Arbeitgeber anerkannt")
    assert news.award is not None and news.award.organisation.slug == "gemeente-leiderdorp"
    assert news.award.issued_on == date(2026, 2, 20) and news.award.programme_id == news.programme_id
