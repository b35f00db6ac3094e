"""A short value without spaces (an award number, a code) is kept on one line in the history:
a phone would otherwise break "2017-00001" after its hyphen."""

import re

import pytest

from vereinbar.organisations.services import unit_create, unit_update

pytestmark = pytest.mark.django_db


def test_a_value_without_spaces_is_kept_whole_and_a_sentence_name_may_wrap(login, coordinator, employer_org):
    unit = unit_create(actor=coordinator, organisation=employer_org, name="2017-00001", parent=None)
    unit_update(actor=coordinator, unit=unit, name="Pflege-Guides Ost und West", parent=None)
    page = login(coordinator).get("/de/workspace/kreis-musterstadt/history/").content.decode()
    assert '<span class="word">2017-00001</span>' in page  # in the sentence and as the earlier value
    assert '<span class="word">Pflege-Guides Ost und West</span>' not in page
    assert "Pflege-Guides Ost und West" in page


def test_the_date_of_an_entry_is_not_broken_at_its_hyphens(login, coordinator, employer_org):
    unit_create(actor=coordinator, organisation=employer_org, name="Verwaltung", parent=None)
    page = login(coordinator).get("/nl/workspace/kreis-musterstadt/history/").content.decode()
    assert re.search(r'<span class="word">\d{1,2}-\d{1,2}-\d{4}</span> \d{2}:\d{2}</time>', page)  # "6-12-2026 02:18"


def test_the_organisations_own_words_are_read_and_hyphenated_in_its_language(login, coordinator, employer_org):
    """A German county's unit read on a Dutch page: marked German and hyphenated by German rules
    ("Kin·der·be·treu·ungs·stelle"), not by Dutch ones ("Kin·der·be·tre·uungs·stel·le"); the sentence around it
    stays Dutch, and on a German page nothing is marked."""
    unit = unit_create(actor=coordinator, organisation=employer_org, name="Seniorenpflegeheim", parent=None)
    unit_update(actor=coordinator, unit=unit, name="Kinderbetreuungsstelle", parent=None)
    client = login(coordinator)
    dutch = client.get("/nl/workspace/kreis-musterstadt/history/").content.decode()
    marked = re.findall(r'<span lang="de">([^<]*)</span>', dutch)
    assert "Kin\u00adder\u00adbe\u00adtreu\u00adungs\u00adstelle" in marked  # the unit's name in the sentence
    assert "Seniorenpflegeheim" in marked  # its earlier name as a value
    assert "tre\u00aduung" not in dutch and "Seniorenp\u00adfle" not in dutch  # Dutch rules on German words
    german = client.get("/de/workspace/kreis-musterstadt/history/").content.decode()
    assert 'lang="de"' not in german.split("<main", 1)[1]
