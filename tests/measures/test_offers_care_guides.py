"""The staff offers page as an employee opens it from the link: the care guides as people to
reach today (name, function, unit, mail, phone, when trained), what a care guide does and that
talking to one is confidential, in plain words; every contact for staff but the press; and the
employer's own words marked with their language where the page is in another."""

from __future__ import annotations

import datetime
import re

import pytest

from tests.measures.factories import MeasureFactory
from tests.organisations.factories import ContactFactory, UnitFactory
from vereinbar.measures.models import MeasureCategory
from vereinbar.organisations.models import ContactRole
from vereinbar.organisations.services import organisation_offers_link_rotate

pytestmark = pytest.mark.django_db

CONFIDENTIAL = "Talking to a care guide is confidential."


@pytest.fixture
def page(catalogue, employer_org, coordinator, client):
    """The page as staff read it from the link the coordinator handed out, in a language."""
    link = "/offers/" + organisation_offers_link_rotate(actor=coordinator, organisation=employer_org) + "/"

    def read(language: str = "en") -> str:
        response = client.get(f"/{language}{link}")
        assert response.status_code == 200
        return response.content.decode()

    return read


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def care_guides_box(html: str) -> str:
    found = re.search(r'<div class="offers-ask" id="care-guides">(.*?)</div>', html, re.S)
    assert found, "no care guides under the care offers"
    return text(found.group(1))


def test_the_care_guides_are_introduced_under_care_with_everything_to_reach_them(employer_org, page):
    ContactFactory(
        organisation=employer_org,
        care_guide=True,
        name="Petra Pflege",
        function="Sachbearbeiterin Personal",
        unit=UnitFactory(organisation=employer_org, name="Abteilung Personalentwicklung"),
        email="petra.pflege@musterstadt.example",
        phone="02921 30-3200",
        trained_on=datetime.date(2025, 10, 24),
    )
    html = page("en")
    box = care_guides_box(html)
    assert "Care guides are colleagues trained to help staff who look after a relative." in box
    assert CONFIDENTIAL in box and "without asking your manager first" in box
    assert "Petra Pflege – Care guide" in box
    assert "Sachbearbeiterin Personal, Abteilung Personalentwicklung" in box
    assert "Trained as a care guide in October 2025" in box
    assert "petra.pflege@musterstadt.example" in box and "Telephone: 02921 30-3200" in box
    assert 'href="tel:02921303200"' in html
    # right under the introduction, a link that says where it leads
    assert '<a href="#care-guides">Talk to a care guide in confidence</a>' in html
    assert html.index('href="#care-guides"') < html.index('id="toc-heading"')


def test_the_care_guides_read_in_german_and_dutch(employer_org, page):
    ContactFactory(
        organisation=employer_org, care_guide=True, name="Petra Pflege", trained_on=datetime.date(2025, 10, 1)
    )
    german, dutch = care_guides_box(page("de")), care_guides_box(page("nl"))
    assert "vertraulich" in german and "Oktober 2025" in german
    assert "vertrouwelijk" in dutch and "oktober 2025" in dutch


def test_without_a_care_guide_the_page_promises_none(employer_org, page):
    ContactFactory(organisation=employer_org, name="Personnel office", role=ContactRole.COORDINATOR)
    html = page("en")
    assert CONFIDENTIAL not in html and "#care-guides" not in html and 'id="care-guides"' not in html


def test_staff_find_every_contact_for_them_but_the_press_and_no_role_said_twice(employer_org, page):
    ContactFactory(organisation=employer_org, name="Staff council", role=ContactRole.STAFF_COUNCIL)
    ContactFactory(
        organisation=employer_org, name="Company nursery", role=ContactRole.OTHER, function="Kita Sonnenschein"
    )
    ContactFactory(organisation=employer_org, name="Press office", role=ContactRole.PRESS, public=True)
    ask = text(page("en").split('id="ask-heading"')[1])
    assert "Company nursery Internal Kita Sonnenschein" in ask
    assert "Staff council Internal" in ask and "Staff council – Staff council" not in ask
    assert "Press office" not in ask


def test_the_employers_own_words_in_another_language_are_marked_with_it(employer_org, page):
    employer_org.country = "NL"
    employer_org.save(update_fields=["country"])
    ContactFactory(organisation=employer_org, care_guide=True, name="Anna de Vries", function="Mantelzorgmaatje")
    MeasureFactory(
        organisation=employer_org,
        category=MeasureCategory.objects.get(key="family_services"),
        title_de="",
        title_en="",
        title_nl="Mantelzorgcafé",
        description_nl="Elke maand",
        in_place=True,
    )
    german = page("de")
    assert '<strong lang="nl">Anna de Vries</strong>' in german and '<span lang="nl">Mantelzorgmaatje</span>' in german
    assert '<strong lang="nl">Mantelzorgcafé</strong>' in german and '<span lang="nl">Elke maand</span>' in german
    dutch = page("nl")
    assert "<strong>Anna de Vries</strong>" in dutch and "<strong>Mantelzorgcafé</strong>" in dutch
