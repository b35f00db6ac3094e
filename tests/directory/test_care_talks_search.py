"""The shipped catalogue's entry for care talks (regular, confidential conversations with staff
who care for a relative): the directory finds an organisation offering them by the German and
the Dutch word, whatever its own title for them says."""

from __future__ import annotations

from datetime import date

import pytest

from tests.directory.conftest import listed_employer
from tests.directory.test_directory import names
from vereinbar.measures.models import MeasureType

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("directory_today")]


@pytest.fixture
def kreisverwaltung(catalogue, erkenning):
    """An organisation whose public care talks are titled in its own words only."""
    care_talks = {
        "type": MeasureType.objects.get(key="care_talks"),
        "title_de": "Jährliche Sprechstunde mit der Personalabteilung",
        "title_en": "Yearly consultation with HR",
    }
    return listed_employer("Kreisverwaltung Nord", erkenning, care_talks, issued_on=date(2025, 3, 1))


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
    listed_employer("Zorgbedrijf Oost", erkenning, {"title_nl": "Jaarlijks mantelzorggesprek"}, country="NL")
    assert names(client.get("/de/", {"q": "Pflegegespräch"})) == ["Kreisverwaltung Nord", "Zorgbedrijf Oost"]
