"""What a visitor reads on the directory page: its own language in every control, a filter
disclosure that opens only for filters, and an empty result that says what to do next."""

from __future__ import annotations

import ast
from html import escape
from pathlib import Path

import pytest
from django.utils import translation

import vereinbar.directory
from tests.directory.test_directory import names

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("directory_today")]


def test_the_sort_orders_and_filter_labels_are_in_the_pages_language(client, directory_of_three):
    page = client.get("/nl/").content.decode()
    sort = page[page.index('id="directory-sort"') : page.index("</select>", page.index('id="directory-sort"'))]
    assert "Meest recente erkenning eerst" in sort and "Most recent award" not in sort
    assert "Longest-standing" not in client.get("/de/").content.decode()


def test_the_directorys_texts_are_marked_under_names_makemessages_extracts():
    """makemessages finds gettext_lazy(...) or _(...), not an alias such as _lazy(...): a string
    under another name drops out of the .po files at the next extraction and shows in English."""
    extracted = {"gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy", "_"}
    for module in (Path(vereinbar.directory.__file__).parent).glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                for alias in node.names:
                    assert (alias.asname or alias.name) in extracted, f"{module.name}: {alias.name} as {alias.asname}"


def test_search_words_alone_leave_the_filters_closed_and_not_marked_active(client, directory_of_three):
    """On a phone the results come first: the words are in their own field, not behind "Filters"."""
    searched = client.get("/en/", {"q": "Leer"}).content.decode()
    assert '<details class="filter-details">' in searched
    assert "kern-badge" not in searched[searched.index("<summary>") : searched.index("</summary>")]
    assert "Clear the search" in searched and "Clear all filters" not in searched
    filtered = client.get("/en/", {"q": "Leer", "region": "Niedersachsen"}).content.decode()
    assert '<details class="filter-details">' in filtered and "1 active" in filtered  # folded: results first
    assert "Clear search and filters" in filtered


def test_no_result_for_words_says_which_words_and_leads_back_to_all_employers(client, directory_of_three):
    page = client.get("/en/", {"q": "zzqx"}).content.decode()
    assert "No employer matches “zzqx”." in page
    assert "Check the spelling or try another word" in page
    assert '<a href="/en/">Show all employers</a>' in page
    assert "without filters" not in page


def test_no_result_for_words_with_filters_offers_the_words_without_the_filters(client, directory_of_three):
    response = client.get("/en/", {"q": "Soest", "region": "Zuid-Holland", "sort": "recent"})
    page = response.content.decode()
    assert "No employer matches “Soest” with these filters." in page and "Check the spelling" not in page
    assert response.context["search_only_url"] == "/en/?q=Soest&sort=recent"
    assert names(client.get(response.context["search_only_url"])) == ["Kreis Soest"]


def test_no_result_for_filters_alone_suggests_fewer_filters(client, directory_of_three):
    page = client.get("/en/", {"region": "Zuid-Holland", "kind": "county_administration"}).content.decode()
    assert "No employer matches these filters." in page and "try fewer" in page
    assert "Check the spelling" not in page


def test_countries_are_named_in_the_pages_language_not_by_their_codes(client, directory_of_three):
    page = client.get("/nl/").content.decode()
    country = page[page.index('id="directory-country"') : page.index("</select>", page.index('id="directory-country"'))]
    assert '<option value="DE">Duitsland (2)</option><option value="NL">Nederland (1)</option>' in country
    assert "(Duitsland)" in page and "(DE)" not in page


def test_a_chosen_filter_that_nothing_found_has_stays_chosen_under_its_name(client, directory_of_three, erkenning):
    """Otherwise the select would show "All" while the filter still narrows the list, and the
    programme would read as its identifier."""
    page = client.get("/de/", {"programme": erkenning.identifier, "region": "Niedersachsen"}).content.decode()
    with translation.override("de"):
        title = erkenning.current_version.localised("title")
    assert f'<option value="erkenning-mantelzorgvriendelijk" selected>{escape(title)} (0)</option>' in page
    assert ">urn:" not in page
    page = client.get("/de/", {"country": "BE"}).content.decode()
    assert '<option value="BE" selected>Belgien (0)</option>' in page


def test_the_open_data_links_name_their_licence(client, directory_of_three):
    page = client.get("/nl/", {"q": "Soest"}).content.decode()
    assert 'href="/nl/directory.csv?q=Soest"' in page
    assert '<a href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC-BY-4.0</a>' in page


def test_each_filter_set_is_named_beside_the_results_with_a_link_removing_only_it(client, directory_of_three):
    response = client.get("/en/", {"q": "Kreis", "country": "DE", "kind": "county_administration", "since": "2024"})
    active = response.context["active_filters"]
    assert [(f["label"], f["value"]) for f in active] == [
        ("Country", "Germany"),
        ("Kind of organisation", "County administration"),
        ("Awarded since", "1 January 2024"),
    ]
    assert active[0]["remove_url"] == "/en/?q=Kreis&kind=county_administration&since=2024-01-01"
    page = response.content.decode()
    assert '<span class="kern-sr-only">Remove the filter </span>Country: Germany' in page
    assert client.get("/en/", {"q": "Kreis"}).context["active_filters"] == []


def test_an_empty_directory_says_nobody_is_listed_not_that_filters_found_nothing(client, library_programme):
    library_programme("erkenning-mantelzorgvriendelijk")
    home = client.get("/en/").content.decode()
    assert "No employer is listed yet." in home and "these filters" not in home
    page = client.get("/en/programmes/erkenning-mantelzorgvriendelijk/").content.decode()
    assert "No employer is listed in this programme at present." in page and "these filters" not in page


def test_a_chart_of_the_largest_regions_says_it_leaves_the_others_out():
    from vereinbar.directory.display import CHART_MAX_BARS, region_chart
    from vereinbar.directory.selectors import Facet, FacetValue

    many = Facet(name="region", values=[FacetValue(f"R{n}", f"Region {n}", n + 1) for n in range(CHART_MAX_BARS + 4)])
    chart = region_chart(many)
    assert chart is not None and len(chart.bars) == CHART_MAX_BARS and chart.regions == CHART_MAX_BARS + 4
    few = region_chart(Facet(name="region", values=many.values[:3]))
    assert few is not None and few.regions == len(few.bars) == 3


def test_the_page_notes_when_its_chart_leaves_regions_out(client, directory_of_three, monkeypatch):
    assert "chart-note" not in client.get("/en/").content.decode()  # three regions, three bars
    monkeypatch.setattr("vereinbar.directory.display.CHART_MAX_BARS", 2)
    page = client.get("/en/", {"sort": "size"}).content.decode()  # another query: not the kept fragment
    assert "The 2 regions with the most employers, of 3 regions; the Region filter lists them all." in page
