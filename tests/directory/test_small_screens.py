"""The directory on a phone: the filters fold into a disclosure (closed unless a filter is set,
so the results come first) and the region chart's table is clipped in a box, never itself (a
clipped table still widens the page)."""

from __future__ import annotations

import re
from datetime import date

import pytest
import time_machine

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 11, 23), tick=False):
        yield


def _details_tag(page: str) -> str:
    return re.search(r'<details class="filter-details"[^>]*>', page).group(0)


def test_the_filters_are_folded_until_one_is_set(client, directory_of_three):
    page = client.get("/en/").content.decode()
    assert " open" not in _details_tag(page)
    assert page.index('<details class="filter-details"') < page.index('name="country"') < page.index("</details>")
    assert page.index('id="directory-q"') < page.index('<details class="filter-details"')  # search stays in view
    filtered = client.get("/en/", {"region": "Nordrhein-Westfalen"}).content.decode()
    assert " open" in _details_tag(filtered)


def test_the_chart_table_is_clipped_in_a_box_not_as_a_table(client, directory_of_three):
    page = client.get("/en/").content.decode()
    chart = page[page.index('<section class="directory-chart"') :]
    assert '<figcaption class="chart-data">' in chart
    assert not re.search(r'<table class="[^"]*kern-sr-only', page)
