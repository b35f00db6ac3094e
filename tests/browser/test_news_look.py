"""The public news list on a phone and a desktop: each announcement is a card of its own, set
apart from the next (not one box with lines between), and the page is no wider than the window."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from vereinbar.news import services

# The browser's side of pages: SQLite pass only (their views' own tests run on both databases).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.database("sqlite")]


@pytest.fixture
def two_announcements(operator_org, operator_admin):
    for title in ("Erste Meldung", "Zweite Meldung"):
        texts = {"title_de": title, "text_de": "Text.", "title_en": title, "text_en": "Text."}
        announcement = services.announcement_create(actor=operator_admin, operator=operator_org, texts=texts)
        services.announcement_publish(actor=operator_admin, announcement=announcement)


def test_news_cards_stand_apart_on_a_phone_and_a_desktop(page: Page, live_server, two_announcements) -> None:
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/de/news/")
        cards = page.locator("article.news-item")
        assert cards.count() == 2
        first, second = cards.nth(0).bounding_box(), cards.nth(1).bounding_box()
        assert first is not None and second is not None
        assert second["y"] - (first["y"] + first["height"]) >= 8, width
        assert page.evaluate("document.documentElement.scrollWidth") <= width
