"""An operator running several programmes finds each stage and phase in the filters under its
programme's title (every programme has its own "Profile": a flat list would repeat it without
saying whose), and the list says which rows of how many it shows, in which order."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from .conftest import PROGRAMMES, programme_from_file
from .test_operator_desk import applied

pytestmark = pytest.mark.django_db

LIST = "operator_cycles:list"


def groups(page: str, name: str) -> dict[str, list[str]]:
    select = re.search(rf'<select name="{name}".*?</select>', page, re.S)
    assert select is not None
    return {
        unescape(label): [unescape(option) for option in re.findall(r">([^<]+)</option>", body)]
        for label, body in re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', select.group(0), re.S)
    }


def test_several_programmes_group_their_stages_and_phases(audit, operator_org, parties, login):
    charter = programme_from_file(PROGRAMMES / "charter.yaml", operator_org)
    for number in range(3):
        applied(audit, f"Stadt {number}")
    applied(charter, "Gemeente Delft")
    client = login(parties["operator"])

    page = client.get(reverse(LIST), {"size": "25"}).content.decode()

    stages = groups(page, "stage")
    assert set(stages) == {str(audit), str(charter)}
    assert all(stages.values())
    assert set(groups(page, "phase")) == {str(audit), str(charter)}
    [phase_key] = re.findall(r'<option value="([^"]+)">[^<]+</option>', page.split('name="phase"')[1])[:1]
    chosen = client.get(reverse(LIST), {"phase": phase_key}).content.decode()
    assert re.search(r"Filter \(1\): Phase in progress: [^<\d]", chosen)  # the title, not its key


def test_the_list_says_which_rows_it_shows_and_in_which_order(audit, parties, login):
    for number in range(30):
        applied(audit, f"Gemeinde {number:02}")
    client = login(parties["operator"])

    second = client.get(reverse(LIST), {"size": "25", "page": "2"}).content.decode()
    assert "Rows 26–30 of 30 · Sorted by: Organisation (A–Z)" in second
    one_page = client.get(reverse(LIST), {"sort": "-applied"}).content.decode()
    assert " of 30 · " not in one_page and "Sorted by: Applied on (newest first)" in one_page
