"""The operator's awards list is a section of the operator area's sub-navigation of its own:
it is marked as the page, and "Cycles" is a link beside it, not the page's marked section."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def _subnav_links(page: str) -> dict[str, str | None]:
    nav = re.search(r'<nav class="subnav"[^>]*>(.*?)</nav>', page, re.S)
    assert nav, "no sub-navigation"
    links = re.findall(r'<a href="([^"]+)"(?: aria-current="([a-z]+)")?>', nav.group(1))
    return {href: current or None for href, current in links}


@pytest.mark.parametrize("language", ["de", "nl"])
def test_the_awards_list_is_the_marked_page_of_the_operator_subnav(parties, login, language):
    client = login(parties["operator"])
    with translation.override(language):
        awards, cycles = reverse("operator_cycles:awards"), reverse("operator_cycles:list")
    links = _subnav_links(client.get(awards).content.decode())
    assert links[awards] == "page"
    assert links[cycles] is None
    on_cycles = _subnav_links(client.get(cycles).content.decode())
    assert on_cycles[cycles] == "page" and on_cycles[awards] is None
