"""The shipped catalogue's entry for care talks (regular, confidential conversations with staff
who care for a relative): the directory finds an organisation offering them by the German and
the Dutch word, whatever its own title for them says."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from tests.directory.conftest import award_issue
from tests.directory.test_directory import names
from tests.factories import OrganisationFactory
from tests.measures.factories import MeasureFactory
from vereinbar.measures.models import MeasureType

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 11, 23), tick=False):
        yield


@pytest.fixture
def kreisverwaltung(catalogue, erkenning):
    """An organisation whose public care talks are titled in its own words only."""
    organisation = OrganisationFactory(name="Kreisverwaltung Nord", slug="kreisverwaltung-nord")
    MeasureFactory(
        organisation=organisation,
        type=MeasureType.objects.get(key="care_talks"),
        title_de="Jährliche Sprechstunde mit der Personalabteilung",
        title_en="Yearly consultation with HR",
        in_place=True,
        public=True,
    )
    award_issue(organisation, erkenning, issued_on=date(2025, 3, 1))
    return organisation


def test_care_talks_are_in_the_catalogue_in_every_language(catalogue):
    entry = MeasureType.objects.get(key="care_talks")
    assert (entry.name_de, entry.name_nl, entry.name_en) == ("Pflegegespräche", "Mantelzorggesprekken", "Care talks")
    assert entry.category.key == "information_communication" and entry.life_situations == ["care"]
    assert not entry.statutory


@pytest.mark.parametrize(
    ("language", "word"),
    [
        ("de", "Pflegegespräch"),
        ("de", "Vereinbarkeit von Beruf und Pflege"),
        ("nl", "mantelzorggesprek"),
        ("nl", "gesprek over mantelzorg"),
        ("en", "care talk"),
    ],
)
def test_the_directory_finds_care_talks_by_their_word_in_each_language(client, kreisverwaltung, language, word):
    assert names(client.get(f"/{language}/", {"q": word})) == ["Kreisverwaltung Nord"]


def test_a_dutch_title_alone_is_found_by_the_german_word(client, kreisverwaltung, erkenning):
    other = OrganisationFactory(name="Zorgbedrijf Oost", slug="zorgbedrijf-oost", country="NL")
    MeasureFactory(organisation=other, title_nl="Jaarlijks mantelzorggesprek", in_place=True, public=True)
    award_issue(other, erkenning, issued_on=date(2024, 5, 1))
    assert names(client.get("/de/", {"q": "Pflegegespräch"})) == ["Kreisverwaltung Nord", "Zorgbedrijf Oost"]
