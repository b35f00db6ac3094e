"""The page frame's menus, footer and language switcher are worked out once per language and
process (core/templatetags/frame.py): each page still shows them in its own language."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def _switcher(html: str) -> list[tuple[str, str, str, str]]:
    """The switcher's links: (address, hreflang, lang, name shown and read out)."""
    nav = html.split('<nav class="language-switcher"', 1)[1].split("</nav>", 1)[0]
    return re.findall(
        r'<a href="([^"]*)" hreflang="([a-z]+)" lang="([a-z]+)"[^>]*><span class="kern-label">([^<]*)</span></a>', nav
    )


def test_each_language_shows_its_own_links_and_language_names_in_turn(client):
    pages = {language: client.get(f"/{language}/news/").content.decode() for language in ("en", "nl", "de", "nl")}
    assert 'href="/nl/news/" aria-current="page"' in pages["nl"]
    assert 'href="/de/accounts/login/"' in pages["de"]
    assert 'href="/de/imprint/"' in pages["de"]
    assert '<nav class="language-switcher" aria-label="Taal">' in pages["nl"]
    assert '<nav class="language-switcher" aria-label="Sprache">' in pages["de"]


@pytest.mark.parametrize("language", ["de", "nl", "en"])
def test_the_language_switcher_names_each_language_in_itself_and_links_to_this_page_in_it(client, language):
    html = client.get(f"/{language}/news/?page=2&q=x").content.decode()
    assert _switcher(html) == [
        ("/de/news/?page=2&amp;q=x", "de", "de", "Deutsch"),
        ("/nl/news/?page=2&amp;q=x", "nl", "nl", "Nederlands"),
        ("/en/news/?page=2&amp;q=x", "en", "en", "English"),
    ]
    current = re.findall(r'hreflang="([a-z]+)"[^>]*aria-current="true"', html)
    assert current == [language]


def test_the_workspace_item_shows_for_a_coordinator_only(client, login, coordinator):
    assert 'href="/en/workspace/"' not in client.get("/en/news/").content.decode()
    assert 'href="/en/workspace/"' in login(coordinator).get("/en/news/").content.decode()


def test_the_message_of_the_last_action_takes_the_focus_as_the_page_opens(client, login, coordinator):
    """A screen reader hears first what the last action did, not the menu."""
    user = login(coordinator)
    page = user.post("/en/accounts/logout/", follow=True).content.decode()
    messages = re.search(r'<div class="messages[^>]*>', page)
    assert messages and "autofocus" in messages.group(0) and 'tabindex="-1"' in messages.group(0)
    assert page.index(messages.group(0)) < page.index("</main>")
    assert "autofocus" not in client.get("/en/news/").content.decode()
