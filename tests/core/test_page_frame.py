"""The page frame's menus, footer and language switcher are worked out once per language and
process (core/templatetags/frame.py): each page still shows them in its own language."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def _switcher(html: str) -> list[tuple[str, str, str]]:
    """The switcher's buttons: (label, title, name read out)."""
    return re.findall(
        r'title="([^"]*)">\s*<span class="kern-label" aria-hidden="true">([A-Z]+)</span>'
        r'<span class="kern-sr-only">([^<]*)</span>',
        html,
    )


def test_each_language_shows_its_own_links_and_language_names_in_turn(client):
    pages = {language: client.get(f"/{language}/news/").content.decode() for language in ("en", "nl", "de", "nl")}
    assert 'href="/nl/news/" aria-current="page"' in pages["nl"]
    assert 'href="/de/accounts/login/"' in pages["de"]
    assert 'href="/de/imprint/"' in pages["de"]
    assert _switcher(pages["nl"]) == [
        ("Duits", "DE", "Deutsch"),
        ("Nederlands", "NL", "Nederlands"),
        ("Engels", "EN", "English"),
    ]
    assert _switcher(pages["de"])[1] == ("Niederländisch", "NL", "Nederlands")


def test_the_workspace_item_shows_for_a_coordinator_only(client, login, coordinator):
    assert 'href="/en/workspace/"' not in client.get("/en/news/").content.decode()
    assert 'href="/en/workspace/"' in login(coordinator).get("/en/news/").content.decode()
