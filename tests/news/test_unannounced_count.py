"""An operator with many employers sees, on the news page, that the list of awards waiting for
an announcement shows only the newest ones, and of how many."""

from __future__ import annotations

from datetime import date

import pytest

from tests.certificates.conftest import award, load_programme, scored  # noqa: F401
from tests.factories import award_like
from vereinbar.news import selectors

pytestmark = pytest.mark.django_db


def test_the_news_page_says_it_shows_the_newest_awards_of_how_many(award, login, operator_admin, monkeypatch):  # noqa: F811
    monkeypatch.setattr(selectors, "UNANNOUNCED_LIMIT", 2)
    for number in ("2025-00002", "2025-00003"):
        award_like(award, number=number, issued_on=date(2025, 4, 1), valid_until=date(2027, 4, 1))
    page = login(operator_admin).get("/nl/operator/news/").content.decode()
    assert "Dit zijn de 2 nieuwste van 3 nog niet bekendgemaakte erkenningen" in page
    assert "2025-00001" not in page  # the oldest waits for the next page view


def test_a_short_list_says_nothing_of_the_kind(award, login, operator_admin):  # noqa: F811
    page = login(operator_admin).get("/nl/operator/news/").content.decode()
    assert "2025-00001" in page
    assert "nieuwste van" not in page
