"""A search word that is part of a catalogue entry's name or synonym (any language) finds the
organisations with a published measure of that entry, read from the catalogue itself: the
organisations' search texts hold their own words only, so a change of the catalogue is found
at once without rewriting any organisation's row."""

from __future__ import annotations

import pytest

from tests.directory.conftest import listed_employer
from tests.directory.test_directory import names
from vereinbar.directory.models import ListedOrganisation, ListedText
from vereinbar.directory.search import MAX_TYPES
from vereinbar.measures.models import CatalogueOrigin, MeasureCategory, MeasureType
from vereinbar.measures.services import catalogue_entry_create, catalogue_entry_update

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("directory_today")]


@pytest.fixture
def dog_office(erkenning, operator_admin, catalogue):
    """An organisation whose only measure is of an operator's entry and says nothing of its name."""
    entry = catalogue_entry_create(
        actor=operator_admin,
        data={
            "category": MeasureCategory.objects.order_by("position").first(),
            "name_de": "Hundebüro",
            "name_nl": "Hondvriendelijk kantoor",
            "name_en": "Dog-friendly office",
        },
    )
    listed_employer("Zorgbedrijf Oost", erkenning, {"type": entry, "title_nl": "Bello mag mee"}, country="NL")
    return entry


def test_the_search_text_holds_the_organisations_own_words_only(dog_office):
    body = ListedText.objects.get(listed__name="Zorgbedrijf Oost").body
    assert "bello mag mee" in body and "hund" not in body and "dog" not in body


def test_a_part_of_an_entrys_name_in_any_language_finds_its_measures(client, dog_office):
    for language, word in [("de", "Hundeb"), ("nl", "hondvriendelijk"), ("en", "DOG-FRIENDLY"), ("de", "buro")]:
        assert names(client.get(f"/{language}/", {"q": word})) == ["Zorgbedrijf Oost"], word


def test_a_renamed_entry_is_found_by_its_new_name_without_rewriting_the_organisation(
    client, dog_office, operator_admin
):
    row = ListedOrganisation.objects.get(name="Zorgbedrijf Oost")
    catalogue_entry_update(
        actor=operator_admin,
        entry=dog_office,
        data={
            "category": dog_office.category,
            "name_de": "Bürohund",
            "name_nl": "Kantoorhond",
            "name_en": "Office dog",
            "synonyms_de": "Vierbeiner am Arbeitsplatz",
        },
    )
    assert names(client.get("/de/", {"q": "Vierbeiner"})) == ["Zorgbedrijf Oost"]
    assert names(client.get("/en/", {"q": "office dog"})) == ["Zorgbedrijf Oost"]
    assert names(client.get("/de/", {"q": "Hundebüro"})) == []
    kept = ListedOrganisation.objects.get(pk=row.pk)
    assert (kept.name, kept.programme_levels) == (row.name, row.programme_levels)


def test_an_inactive_entry_names_nobody(client, dog_office):
    MeasureType.objects.filter(pk=dog_office.pk).update(is_active=False)
    assert names(client.get("/de/", {"q": "Hundebüro"})) == []


def test_a_word_naming_many_entries_finds_the_measures_of_every_one(client, erkenning, operator_admin, catalogue):
    category = MeasureCategory.objects.order_by("position").first()
    entries = [
        catalogue_entry_create(
            actor=operator_admin,
            data={"category": category, "name_de": f"Zebrastreifen {n}", "name_nl": f"Zebrapad {n}"},
        )
        for n in range(MAX_TYPES + 2)
    ]
    assert all(entry.origin == CatalogueOrigin.OPERATOR for entry in entries)
    listed_employer("Zorgbedrijf Oost", erkenning, {"type": entries[-1], "title_nl": "Oversteekplaats"}, country="NL")
    assert names(client.get("/de/", {"q": "Zebra"})) == ["Zorgbedrijf Oost"]


@pytest.mark.parametrize(
    "words",
    [
        ["parttime", "part-time", "Teilzeit", "deeltijd"],
        ["thuiswerken", "Homeoffice", "telewerken", "Telearbeit"],
        ["mobiel werken", "mobiles Arbeiten"],
        ["mantelzorgverlof", "zorgverlof", "Pflegezeit", "Pflegeurlaub"],
    ],
)
def test_everyday_words_of_every_language_find_the_same_organisations(client, erkenning, catalogue, words):
    """The shipped catalogue's synonyms: "parttime" finds what "deeltijd" finds, "Pflegezeit" the
    Dutch and British care leaves as "zorgverlof" the German ones. The measures' own titles
    hold none of the words: only the catalogue entries can find them."""
    for number, key in enumerate(
        [
            "part_time_models",
            "part_time_leadership",
            "home_office_agreement",
            "telework_days_for_carers",
            "de_care_leave",
            "nl_care_leave",
            "gb_carers_leave",
        ]
    ):
        entry = MeasureType.objects.get(key=key)
        listed_employer(f"Employer {number}", erkenning, {"type": entry, "title_de": f"Angebot {number}"})
    found = {word: names(client.get("/nl/", {"q": word})) for word in words}
    assert found[words[0]], found
    assert all(organisations == found[words[0]] for organisations in found.values()), found
