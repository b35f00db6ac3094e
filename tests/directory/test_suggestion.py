""" "Did you mean …?": a search that finds nothing offers the same search with its misspelt words
corrected to words the directory finds (the catalogue's in any language, the listed names), and
only when that search finds something; a search that finds anything is left alone."""

from __future__ import annotations

import html
import re

import pytest

from tests.directory.test_directory import names
from tests.measures.factories import MeasureFactory
from vereinbar.directory import selectors
from vereinbar.directory.readmodel import directory_refresh
from vereinbar.measures.models import MeasureType

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("directory_today")]


SUGGESTION = re.compile(r'<p class="search-suggestion"[^>]*>.*?<a href="([^"]+)" lang="([^"]*)">([^<]+)</a>', re.S)


def suggestion(response) -> tuple[str, str] | None:
    """The suggestion's address and words, from the line under the heading that says what was found."""
    page = response.content.decode()
    assert re.search(r'<h2 id="results-heading" data-announce>[^<]*</h2>', page), "no results heading"
    link = SUGGESTION.search(page)
    return (html.unescape(link.group(1)), html.unescape(link.group(3))) if link else None


def suggestion_language(response) -> str:
    link = SUGGESTION.search(response.content.decode())
    assert link, "no suggestion"
    return link.group(2)


@pytest.fixture
def care_and_home_office(recognised):
    """Leiderdorp (childcare, a carers' café) with care counselling and home office as well."""
    for key in ("care_counselling", "home_office_agreement"):
        MeasureFactory(
            organisation=recognised.organisation, type=MeasureType.objects.get(key=key), in_place=True, public=True
        )
    directory_refresh(organisation_ids=[recognised.organisation_id])
    return recognised


@pytest.mark.parametrize(
    ("language", "typo", "corrected", "sentence"),
    [
        ("de", "Kinderbetreung", "Kinderbetreuung", "Meinten Sie:"),
        ("nl", "mantelzrog", "mantelzorg", "Bedoelde u:"),
        ("en", "chidcare", "childcare", "Did you mean:"),
        ("de", "Pflgee", "Pflege", "Meinten Sie:"),
        ("nl", "telewerkn", "telewerken", "Bedoelde u:"),
    ],
)
def test_a_misspelt_word_is_corrected_to_a_search_that_finds_something(
    client, care_and_home_office, language, typo, corrected, sentence
):
    response = client.get(f"/{language}/", {"q": typo})
    assert names(response) == []
    url, words = suggestion(response)
    assert words == corrected
    assert url == f"/{language}/?q={corrected}#directory"
    assert sentence in response.content.decode()
    assert names(client.get(url)) == ["Gemeente Leiderdorp"]


@pytest.mark.parametrize(
    ("language", "typo", "marked"),
    [
        ("de", "vhildcare", "en"),  # an English word on a German page is read out in English
        ("en", "Kinderbetreung", "de"),
        ("de", "kinderopvnag", "nl"),
        ("nl", "mantelzrog", "nl"),
        ("de", "Kinderbetreung", "de"),
        ("en", "Leiderdrop", "en"),  # a name's word: the page's language
    ],
)
def test_the_suggested_words_are_marked_with_their_language(client, recognised, language, typo, marked):
    response = client.get(f"/{language}/", {"q": typo})
    assert suggestion_language(response) == marked


def test_the_htmx_fragment_says_it_under_its_heading_too(client, recognised):
    response = client.get("/nl/", {"q": "mantelzrog"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="directory")
    assert suggestion(response) == ("/nl/?q=mantelzorg#directory", "mantelzorg")


def test_of_several_words_only_the_misspelt_one_is_corrected(client, recognised):
    response = client.get("/nl/", {"q": "leiderdorp mantelzrog"})
    assert suggestion(response)[1] == "leiderdorp mantelzorg"


def test_a_misspelt_name_is_corrected_to_the_name_if_its_first_letter_is_right(client, recognised):
    assert suggestion(client.get("/de/", {"q": "Leiderdrop"}))[1] == "Leiderdorp"
    # the thousands of names' words are compared by first letter; the catalogue's all
    assert suggestion(client.get("/de/", {"q": "Meiderdorp"})) is None
    assert suggestion(client.get("/en/", {"q": "vhildcare"}))[1] == "childcare"


def test_no_suggestion_of_a_search_that_would_find_nothing(client, recognised):
    # "Sabbatical" is a catalogue entry's name, but nobody listed has one.
    assert names(client.get("/en/", {"q": "Sabbatical"})) == []
    assert suggestion(client.get("/en/", {"q": "Sabbaticl"})) is None
    # Filters stay: Leiderdorp is Dutch.
    assert suggestion(client.get("/nl/", {"q": "mantelzrog", "country": "DE"})) is None
    assert suggestion(client.get("/nl/", {"q": "mantelzrog", "country": "NL"}))[0] == (
        "/nl/?q=mantelzorg&country=NL#directory"
    )


def test_no_suggestion_for_words_far_from_any(client, recognised):
    assert suggestion(client.get("/de/", {"q": "zzzzqqq"})) is None
    # a short word is not corrected: too many words are one letter away
    assert suggestion(client.get("/de/", {"q": "Kta"})) is None


def test_a_search_that_finds_something_is_not_corrected_nor_pays_for_it(client, recognised, monkeypatch):
    def asked(*args, **kwargs):
        raise AssertionError("suggestion looked for")

    monkeypatch.setattr(selectors, "search_suggestion", asked)
    response = client.get("/de/", {"q": "Kinderbetreuung"})
    assert names(response) == ["Gemeente Leiderdorp"]
    assert "search-suggestion" not in response.content.decode()
    assert client.get("/api/v1/directory/", {"q": "mantelzorg"}).json()["suggestion"] is None


def test_the_api_gives_the_suggestion(client, recognised):
    found = client.get("/api/v1/directory/", {"q": "mantelzrog"}).json()
    assert (found["count"], found["suggestion"]) == (0, "mantelzorg")
