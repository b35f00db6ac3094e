"""The desk list's reset link says what it clears: the search, the filters, or both."""

from __future__ import annotations

import re

import pytest

from .test_desk_filter_panel import LIST, url
from .test_operator_desk import applied

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "query", "reset"),
    [
        ("de", {"q": "Aachen"}, "Suche zurücksetzen"),
        ("nl", {"q": "Aachen"}, "Zoekopdracht wissen"),
        ("de", {"q": "Aachen", "region": "Bayern"}, "Suche und Filter zurücksetzen"),
        ("nl", {"q": "Aachen", "region": "Bayern"}, "Zoekopdracht en filters wissen"),
        ("de", {"region": "Bayern"}, "Alle Filter zurücksetzen"),
        ("nl", {"region": "Bayern"}, "Alle filters wissen"),
    ],
)
def test_the_reset_link_names_what_it_clears(audit, parties, login, language, query, reset):
    applied(audit, "Stadt Aachen", region="Bayern")
    html = login(parties["operator"]).get(url(LIST, language), query).content.decode()
    link = re.search(r'<p class="desk-reset"><a href="([^"]*)">(.*?)</a></p>', html)
    assert link is not None and link.groups() == (url(LIST, language), reset)
