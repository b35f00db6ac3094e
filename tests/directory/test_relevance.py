"""A search lists the employers whose name matches first, then those whose own measures (their
titles or the catalogue entries a word names) match, then those whose descriptions do, A–Z
within each; every result says which measure (or its name or text) matched, the words marked,
in the visitor's language. The page, its htmx fragment, the exports and the API agree."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest

from tests.directory.conftest import listed_employer
from tests.directory.test_directory import names
from vereinbar.measures.models import MeasureType

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("directory_today")]

# Relevance: the name, a measure's title, a measure of a catalogue entry "Pflege" names, the text.
BY_RELEVANCE = ["Pflegedienst Zander", "Bäckerei Bohn", "Werkstatt Weber", "Amt Celle"]


@pytest.fixture
def carers(erkenning, catalogue):
    """Four employers "Pflege" finds, each in another place (A–Z is not their relevance), and
    one it does not find."""

    def employer(name: str, *measures: dict, **fields: str) -> None:
        listed_employer(name, erkenning, *measures, **fields)  # listed with its measures

    employer("Pflegedienst Zander", {"title_de": "Gleitzeit", "title_nl": "Glijdende werktijden"})
    employer("Bäckerei Bohn", {"title_de": "Pflegezeit für Beschäftigte", "title_nl": "Zorgverlof voor medewerkers"})
    toolkit = MeasureType.objects.get(name_de="Infomappe Pflege")
    employer("Werkstatt Weber", {"type": toolkit, "title_de": "Ordner für Angehörige", "title_nl": "Map voor naasten"})
    employer(
        "Amt Celle",
        description_de="Wir unterstützen Beschäftigte, die Angehörige zu Hause betreuen, bei der Pflege mit Beratung.",
    )
    employer("Zentrale Zoll", {"title_de": "Jobticket"})


def results(response) -> list[str]:
    """Each result row's text as the visitor reads it, the marked words in [brackets]."""
    html = response.content.decode()
    rows = re.findall(r'<li class="directory-entry">(.*?)</li>\s*(?=<li class="directory-entry">|</ol>)', html, re.S)
    out = []
    for row in rows:
        text = re.sub(r"<mark>(.*?)</mark>", r"[\1]", row)
        text = re.sub(r"<[^>]+>", " ", text)
        out.append(" ".join(text.split()))
    return out


def test_a_search_lists_name_matches_first_then_measures_then_texts(client, carers):
    response = client.get("/de/", {"q": "Pflege"})
    assert names(response) == BY_RELEVANCE
    shown = results(response)
    assert shown[0].startswith("[Pflege]dienst Zander")
    assert "[Pflege]zeit für Beschäftigte" in shown[1]
    # A measure found through its catalogue entry: its own title, and the entry's name marked.
    assert "Ordner für Angehörige" in shown[2] and "Infomappe [Pflege]" in shown[2]
    assert "bei der [Pflege] mit Beratung" in shown[3]
    assert "Zentrale Zoll" not in " ".join(shown)


def test_the_visitor_can_still_sort_a_search_a_to_z_and_relevance_is_offered_only_when_searching(client, carers):
    assert names(client.get("/de/", {"q": "Pflege", "sort": "name"})) == sorted(BY_RELEVANCE)
    searched = client.get("/nl/", {"q": "Pflege"}).content.decode()
    sorts = searched[
        searched.index('id="directory-sort"') : searched.index("</select>", searched.index("directory-sort"))
    ]
    # The default order sends no value: words typed into the plain list are ordered by relevance.
    assert '<option value="" selected>Relevantie</option><option value="name">' in sorts
    plain = client.get("/nl/").content.decode()
    sorts = plain[plain.index('id="directory-sort"') : plain.index("</select>", plain.index("directory-sort"))]
    assert "Relevantie" not in sorts and '<option value="" selected>Naam (A–Z)</option>' in sorts
    assert names(client.get("/de/", {"q": "Pflege", "sort": ""})) == BY_RELEVANCE
    # Relevance without words is the name order.
    assert names(client.get("/de/", {"sort": "relevance"}))[:2] == ["Amt Celle", "Bäckerei Bohn"]


def test_the_measure_found_is_shown_in_the_visitors_language(client, recognised, carers):
    # "kinderopvang" names the catalogue entry whose German name is "Kinderbetreuung".
    german = results(client.get("/de/", {"q": "kinderopvang"}))
    assert len(german) == 1 and "[Zuschuss zur Kinderbetreuung]" in german[0]
    dutch = results(client.get("/nl/", {"q": "kinderopvang"}))
    assert "Tegemoetkoming in de kosten van [kinderopvang]" in dutch[0]
    # A Dutch visitor searching a German word reads the measures' Dutch titles, and for the one
    # found through its catalogue entry, the entry's Dutch name.
    response = client.get("/nl/", {"q": "Pflege"})
    by_name = dict(zip(names(response), results(response), strict=True))
    assert "Map voor naasten ([Mantelzorgwijzer])" in by_name["Werkstatt Weber"]
    # A Dutch visitor searching the German word reads the Dutch title of Bohn's measure, with the
    # word marked that the catalogue's care leaves give for "Pflegezeit" in Dutch.
    response = client.get("/nl/", {"q": "Pflegezeit"})
    assert names(response) == ["Bäckerei Bohn"]
    assert "[Zorgverlof] voor medewerkers" in results(response)[0]


def test_the_page_its_fragment_the_exports_and_the_api_agree_on_the_order(client, carers):
    params = {"q": "Pflege"}
    fragment = client.get("/de/", params, headers={"HX-Request": "true", "HX-Target": "directory"})
    assert names(fragment) == BY_RELEVANCE
    api = client.get("/api/v1/directory/", params).json()
    assert [row["organisation"] for row in api["results"]] == BY_RELEVANCE
    exported = client.get("/de/directory.json", params).json()
    assert [row["organisation"] for row in exported["organisations"]] == BY_RELEVANCE
    rows = csv.DictReader(io.StringIO(client.get("/de/directory.csv", params).content.decode()))
    assert list(dict.fromkeys(row["organisation"] for row in rows)) == BY_RELEVANCE
    # The links to the exports keep the order the page shows.
    page = client.get("/de/", {"q": "Pflege", "sort": "name"}).content.decode()
    assert 'href="/de/directory.csv?q=Pflege&amp;sort=name"' in page


def test_a_word_found_in_the_name_and_in_measures_ranks_by_every_word(client, carers, recognised):
    # Both words must match; "Leiderdorp" in its name and "Mantelzorg" in a measure title.
    response = client.get("/nl/", {"q": "Leiderdorp mantelzorg"})
    assert names(response) == ["Gemeente Leiderdorp"]
    shown = results(response)[0]
    assert shown.startswith("Gemeente [Leiderdorp]") and "[Mantelzorg]café voor medewerkers" in shown


def test_employers_tied_on_relevance_come_by_how_many_measures_match_then_the_latest_award(
    client, erkenning, catalogue
):
    # All three are found by their measures' titles or catalogue entries (the same relevance);
    # A-Z would list Adler, Maier, Zorn.
    toolkit = MeasureType.objects.get(name_de="Infomappe Pflege")

    def employer(name: str, awarded: date, *measures: dict) -> None:
        listed_employer(name, erkenning, *measures, {"title_de": "Jobticket"}, issued_on=awarded)

    employer("Autohaus Adler", date(2025, 3, 1), {"title_de": "Pflegezeit"})
    employer("Metzgerei Maier", date(2025, 6, 1), {"title_de": "Kurzzeitpflege"})
    employer(
        "Zahnarzt Zorn",
        date(2025, 1, 1),
        {"title_de": "Pflegezeit"},
        {"type": toolkit, "title_de": "Ordner für Angehörige"},
    )
    response = client.get("/de/", {"q": "Pflege"})
    # Two measures matching first; of those with one, the latest award first.
    assert names(response) == ["Zahnarzt Zorn", "Metzgerei Maier", "Autohaus Adler"]
    assert "[Pflege]zeit" in results(response)[0] and "Infomappe [Pflege]" in results(response)[0]
    # The API and the exports read the same order.
    api = client.get("/api/v1/directory/", {"q": "Pflege"}).json()
    assert [row["organisation"] for row in api["results"]] == ["Zahnarzt Zorn", "Metzgerei Maier", "Autohaus Adler"]
