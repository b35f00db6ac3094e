"""The directory's kept parts: for visitors without a session the page is put together from a
kept page around the results and the kept results, and must be exactly what rendering it for them
would give, with their own CSRF token and address; results rendered by one process serve the
others through the shared cache, and nothing kept outlives a change."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from vereinbar.certificates.services import award_revoke
from vereinbar.directory import fragments, views

from .test_directory import names

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
NONCE = re.compile(r'nonce="([^"]+)"')
PATHS = ["/en/?q=zorg&sort=size", "/nl/?region=Zuid-Holland&page=1", "/de/programmes/erkenning-mantelzorgvriendelijk/"]


def _without_tokens(html: str) -> str:
    """The page without what differs per request: the CSRF token and the script nonce."""
    return NONCE.sub('nonce="…"', TOKEN.sub('name="csrfmiddlewaretoken" value="…"', html))


@pytest.mark.parametrize("path", PATHS)
def test_a_page_put_together_from_kept_parts_is_the_page_rendering_gives(directory_of_three, monkeypatch, path):
    fragments.forget()
    first, second = Client(), Client()
    rendered = first.get(path).content.decode()  # rendered, its parts kept
    hits = fragments.stats["hits"]
    kept = second.get(path).content.decode()
    assert fragments.stats["hits"] == hits + 2  # the page around the results, and the results
    monkeypatch.setattr(views, "_anonymous_without_session", lambda request: False)  # nothing kept used
    monkeypatch.setattr(fragments, "MAX_KEPT", 0)
    fragments.forget()
    fresh = Client().get(path).content.decode()
    assert _without_tokens(kept) == _without_tokens(fresh) == _without_tokens(rendered)
    assert fragments.CSRF_PLACEHOLDER not in kept and fragments.NEXT_PLACEHOLDER not in kept
    assert fragments.RESULTS_PLACEHOLDER not in kept and fragments.JSON_URL_PLACEHOLDER not in kept
    assert fragments.NONCE_PLACEHOLDER not in kept
    assert NONCE.findall(kept) != NONCE.findall(rendered)  # each request its own nonce


def test_each_visitor_gets_their_own_token_and_address_and_can_switch_the_language(directory_of_three):
    fragments.forget()
    visitors = [Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)]
    pages = [
        visitor.get(path) for visitor, path in zip(visitors, ["/en/?q=zorg", "/en/?q=zorg&sort=size"], strict=True)
    ]
    tokens = [TOKEN.findall(page.content.decode()) for page in pages]
    assert all(len(found) == 1 for found in tokens)
    assert tokens[0] != tokens[1]
    assert 'name="next" value="/en/?q=zorg&amp;sort=size"' in pages[1].content.decode()
    for visitor, found, expected in zip(visitors, tokens, ["/nl/?q=zorg", "/nl/?q=zorg&sort=size"], strict=True):
        response = visitor.post(
            "/i18n/setlang/",
            {"language": "nl", "next": expected.replace("/nl/", "/en/"), "csrfmiddlewaretoken": found[0]},
        )
        assert response.status_code == 302, response.status_code
    # A token from someone else's page is refused: the kept page holds no one's token.
    stranger = Client(enforce_csrf_checks=True)
    stranger.get("/en/")
    refused = stranger.post("/i18n/setlang/", {"language": "nl", "next": "/", "csrfmiddlewaretoken": tokens[0][0]})
    assert refused.status_code == 403


def test_a_visitor_with_a_session_gets_a_page_of_their_own(directory_of_three, coordinator):
    from django.urls import reverse

    fragments.forget()
    anonymous = Client().get("/en/").content.decode()
    member = Client()
    member.force_login(coordinator, backend="django.contrib.auth.backends.ModelBackend")
    theirs = member.get("/en/").content.decode()
    again = Client().get("/en/").content.decode()
    logout = f'action="{reverse("accounts:logout")}"'
    assert logout in theirs and logout not in anonymous and logout not in again


def test_results_rendered_by_another_process_are_served_from_the_shared_cache(directory_of_three):
    fragments.forget()
    rendered = Client().get("/en/", {"q": "zorg"}).content.decode()
    with fragments._lock:  # this process forgets; the shared cache still has them
        fragments._kept.clear()
    shared = fragments.stats["shared_hits"]
    served = Client().get("/en/", {"q": "zorg"}).content.decode()
    assert fragments.stats["shared_hits"] == shared + 1
    assert _without_tokens(served) == _without_tokens(rendered)


def test_nothing_kept_outlives_a_revocation(client, directory_of_three, recognised, operator_admin):
    assert "Gemeente Leiderdorp" in names(client.get("/en/", {"sort": "recent"}))
    partial = {"HX-Request": "true", "HX-Target": "directory"}
    assert "Gemeente Leiderdorp" in names(client.get("/en/", {"sort": "recent"}, headers=partial))
    award_revoke(actor=operator_admin, award=recognised, reason="Criteria no longer met")
    assert "Gemeente Leiderdorp" not in names(client.get("/en/", {"sort": "recent"}))
    assert "Gemeente Leiderdorp" not in names(client.get("/en/", {"sort": "recent"}, headers=partial))


def test_a_restore_drops_everything_kept(directory_of_three):
    from vereinbar.core.backup.restore import backup_restore, restored
    from vereinbar.directory import index

    Client().get("/en/", {"q": "zorg"})
    shared = fragments._shared()._cache  # the tests' shared cache is Django's LocMemCache
    assert index._current is not None and fragments._kept and shared
    restored.send(sender=backup_restore, using="default")  # (restored rows send no save signals)
    assert index._current is None and not fragments._kept and not shared


# SQLite's driver says OperationalError for a missing table (PostgreSQL's a ProgrammingError): the
# driver's own error is what Django's wrapper has to turn into its OperationalError (and so a 503).
@pytest.mark.database("sqlite")
def test_the_change_counter_read_on_the_drivers_cursor_still_answers_503_when_the_database_fails(
    client, directory_of_three, monkeypatch
):
    from django.db import connection

    from vereinbar.directory import freshness

    monkeypatch.setitem(freshness._STATE_SQL, connection.vendor, "SELECT version, stamp FROM no_such_table")
    response = client.get("/en/")
    assert response.status_code == 503 and response.headers["Retry-After"]


def test_an_upgrade_with_other_templates_or_texts_does_not_serve_what_was_kept_before(directory_of_three, monkeypatch):
    fragments.forget()
    Client().get("/en/", {"q": "zorg"})
    with fragments._lock:
        fragments._kept.clear()
    # Another installed version: the templates' or the translations' stamp differs.
    monkeypatch.setattr(fragments, "code_stamp", lambda: "another-version")
    shared = fragments.stats["shared_hits"]
    Client().get("/en/", {"q": "zorg"})
    assert fragments.stats["shared_hits"] == shared
