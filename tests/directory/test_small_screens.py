"""The directory on a phone: the filters fold into a disclosure, closed even with filters set
(open, its selects pushed the results a screen or two down: the filters set are named above the
results instead, each with a link removing it), and the region chart's table is clipped in a box,
never itself (a clipped table still widens the page)."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("directory_today")]


def _details_tag(page: str) -> str:
    return re.search(r'<details class="filter-details"[^>]*>', page).group(0)


def test_the_filters_stay_folded_with_filters_set_and_say_how_many(client, directory_of_three):
    page = client.get("/en/").content.decode()
    assert " open" not in _details_tag(page)
    assert page.index('<details class="filter-details"') < page.index('name="country"') < page.index("</details>")
    assert page.index('id="directory-q"') < page.index('<details class="filter-details"')  # search stays in view
    filtered = client.get("/en/", {"region": "Niedersachsen", "kind": "county_administration"}).content.decode()
    assert " open" not in _details_tag(filtered)
    summary = filtered[filtered.index("<summary>") : filtered.index("</summary>")]
    assert "Filters" in summary and "2 active" in summary
    # the filters set come right under the count of what they found, each removable on its own
    results = filtered[filtered.index('id="results-heading"') :]
    assert results.index("Region: Niedersachsen") < results.index('class="directory-list"')
    assert '<a href="/en/?kind=county_administration#directory"><span class="kern-sr-only">Remove the filter' in results


def test_a_search_without_javascript_opens_the_page_at_the_form_and_its_results(client, directory_of_three):
    """A reload would start at the page's introduction, the results two screens down on a phone."""
    page = client.get("/en/", {"q": "Kreis", "region": "Niedersachsen"}).content.decode()
    assert 'action="/en/#directory"' in page and 'id="directory"' in page
    assert '<a href="/en/#directory">Clear search and filters</a>' in page
    assert '<a href="/en/?q=Kreis#directory"><span class="kern-sr-only">Remove the filter </span>Region:' in page


def test_the_htmx_fragment_leaves_the_filters_folded_as_the_page_does(client, directory_of_three):
    fragment = client.get(
        "/nl/", {"region": "Niedersachsen"}, headers={"HX-Request": "true", "HX-Target": "directory"}
    ).content.decode()
    assert fragment.lstrip().startswith('<div id="directory"') and "<html" not in fragment
    assert " open" not in _details_tag(fragment)
    assert "1 actief" in fragment[fragment.index("<summary>") : fragment.index("</summary>")]


def test_the_chart_table_is_clipped_in_a_box_not_as_a_table(client, directory_of_three):
    page = client.get("/en/").content.decode()
    chart = page[page.index('<section class="directory-chart"') :]
    assert '<figcaption class="chart-data">' in chart
    assert not re.search(r'<table class="[^"]*kern-sr-only', page)
