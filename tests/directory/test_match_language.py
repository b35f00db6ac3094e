"""Why a result matched is shown in the employer's words: a measure's title or a passage of the
description in another language than the page's (a Dutch title on the German page, where the
employer wrote none in German) carries its language, so that a screen reader reads it right."""

from __future__ import annotations

import re

import pytest

from tests.directory.conftest import listed_employer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("directory_today")]


@pytest.fixture
def dutch_only(erkenning, catalogue):
    """A Dutch employer that wrote its measure and its description in Dutch only."""
    listed_employer(
        "Gemeente Oegstgeest",
        erkenning,
        {"title_nl": "Fietsplan voor medewerkers", "title_de": "", "title_en": ""},
        country="NL",
        description_nl="Wij bieden een wandelclub in de middagpauze.",
        description_de="",
        description_en="",
    )


def match(response) -> str:
    found = re.search(r'<div class="entry-match">(.*?)</div>', response.content.decode(), re.S)
    assert found, "no match shown"
    return found.group(1)


@pytest.mark.parametrize(("language", "marked"), [("de", ' lang="nl"'), ("en", ' lang="nl"'), ("nl", "")])
def test_a_dutch_measure_title_found_is_marked_dutch_on_other_pages(client, dutch_only, language, marked):
    shown = match(client.get(f"/{language}/", {"q": "fietsplan"}))
    assert f"<span{marked}><mark>Fietsplan</mark> voor medewerkers</span>" in shown


@pytest.mark.parametrize(("language", "marked"), [("de", ' lang="nl"'), ("nl", "")])
def test_a_dutch_passage_of_the_description_is_marked_dutch_on_other_pages(client, dutch_only, language, marked):
    shown = match(client.get(f"/{language}/", {"q": "wandelclub"}))
    assert f"<q{marked}>Wij bieden een <mark>wandelclub</mark> in de middagpauze.</q>" in shown
