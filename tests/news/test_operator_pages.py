"""The operator's news pages as the operator reads them: a draft shows how it will read in
each language before it is published, and the operator's own announcements come before the
long list of awards still to announce."""

from __future__ import annotations

import re

import pytest

from tests.certificates.conftest import award  # noqa: F401
from tests.cycles.conftest import load_programme, scored  # noqa: F401
from tests.news.test_news import media  # noqa: F401
from tests.news.test_publish_from_form import NO_PHOTO, draft  # noqa: F401

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_draft_shows_a_preview_of_its_public_page_in_each_language(draft, login, operator_admin):  # noqa: F811
    page = login(operator_admin).get(f"/de/operator/news/{draft.pk}/").content.decode()
    preview = _text(page.split('id="preview-heading"', 1)[1])
    assert "Vorschau der öffentlichen Seite" in preview and "Meldung bearbeiten" in preview
    # the German and English texts as written; Dutch, not written, falls back to the default language
    assert "Deutsch Kreis Musterstadt ausgezeichnet" in preview
    assert "Englisch Kreis Musterstadt recognised" in preview and "The district receives the award." in preview
    assert "Niederländisch Kreis Musterstadt ausgezeichnet" in preview


def test_a_published_announcement_links_its_public_page_instead_of_a_preview(draft, login, operator_admin):  # noqa: F811
    client = login(operator_admin)
    client.post(f"/en/operator/news/{draft.pk}/", {**NO_PHOTO, "publish": "1"})
    page = client.get(f"/en/operator/news/{draft.pk}/").content.decode()
    assert "View the public page" in page and "Preview of the public page" not in page


def test_the_operators_announcements_come_before_the_awards_to_announce(draft, login, operator_admin):  # noqa: F811
    page = _text(login(operator_admin).get("/nl/operator/news/").content.decode())
    assert page.index("Alle berichten") < page.index("Nog niet bekendgemaakte erkenningen")
    assert page.index("Kreis Musterstadt") < page.index("Nog niet bekendgemaakte erkenningen")


def test_a_new_announcement_says_what_must_be_filled_in(login, operator_admin):
    page = _text(login(operator_admin).get("/nl/operator/news/add/").content.decode())
    assert "Een kop en een tekst in één taal zijn genoeg" in page
