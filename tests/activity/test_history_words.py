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
