"""The workspace home's contacts card says how to reach each contact (function, mail, phone,
room, office hours), and the employer's own words in it are marked with the employer's language
on a page in another language, so that screen readers read them by the right rules."""

from __future__ import annotations

import re

import pytest

from tests.organisations.factories import ContactFactory

pytestmark = pytest.mark.django_db

FUNCTION = "Steuert das Betriebliche Gesundheitsmanagement"


@pytest.fixture
def contact(employer_org):
    return ContactFactory(
        organisation=employer_org,
        name="Petra Schulte",
        function=FUNCTION,
        email="p.schulte@musterstadt.example",
        phone="+49 (0)2921 30-3200",
        location="Kreishaus, Raum 2.14",
        office_hours="Di und Do 9–12 Uhr",
    )


def _card(client, language: str) -> str:
    page = client.get(f"/{language}/workspace/kreis-musterstadt/").content.decode()
    return re.search(r'aria-labelledby="contacts-heading">(.*?)</section>', page, re.S).group(1)


def test_the_home_contact_card_says_how_to_reach_a_contact(login, viewer, contact):
    card = _card(login(viewer), "de")
    assert "Petra Schulte" in card and FUNCTION in card
    assert '<a href="mailto:p.schulte@musterstadt.example">p.schulte@musterstadt.example</a>' in card
    assert '<a href="tel:+492921303200">+49 (0)2921 30-3200</a>' in card
    assert "Kreishaus, Raum 2.14" in card and "Di und Do 9–12 Uhr" in card


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_german_function_is_marked_german_on_another_language_s_page(login, viewer, contact, language):
    card = _card(login(viewer), language)
    assert f'<span lang="de">{FUNCTION}</span>' in card
    assert '<span lang="de">Di und Do 9–12 Uhr</span>' in card


def test_on_the_employer_s_own_language_page_nothing_is_marked(login, viewer, contact):
    assert 'lang="de"' not in _card(login(viewer), "de")


def test_the_home_card_leaves_out_the_internal_mark_the_contacts_list_keeps(login, coordinator, contact):
    """The "Internal" mark (not on the public profile) tells staff nothing on the home; the
    coordinator manages it in the contacts list, where it stays."""
    client = login(coordinator)
    card = " ".join(re.sub(r"<[^>]+>", " ", _card(client, "de")).split())
    assert "Petra Schulte" in card and "Intern" not in card.split()
    listed = client.get("/de/workspace/kreis-musterstadt/contacts/").content.decode()
    assert re.search(
        r'data-label="Sichtbarkeit"><span class="kern-badge[^"]*"><span class="kern-label">Intern<', listed
    )
