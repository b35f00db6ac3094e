"""Saving with "save and continue later": the notice shows on the step itself, at the address the person is
told to keep, so that a bookmark of it lands on the step again, never on a "saved" page. The
notice leaves no token in a cookie and nothing on the server."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from vereinbar.surveys.services.invitations import codes_create
from vereinbar.surveys.services.surveys import survey_open_link_set

pytestmark = pytest.mark.django_db

KEEP_THE_ADDRESS = "bewahren Sie die Adresse dieser Seite auf"
SAVED = "Ihre Antworten sind gespeichert."
WELCOME_BACK = "Willkommen zurück."


def _personal_link(client, survey, coordinator) -> str:
    """The address of a personal questionnaire started with the team's shared code."""
    survey_open_link_set(actor=coordinator, survey=survey, enabled=True)
    survey.refresh_from_db()
    return client.post("/de/s/", {"code": survey.open_code})["Location"]


def test_with_the_shared_code_the_address_to_keep_is_the_one_the_notice_is_shown_at(client, open_survey, coordinator):
    address = _personal_link(client, open_survey, coordinator)
    client.get(address)
    client.post(address, {"page": 0, "go": "next"})
    saved = client.post(address, {"page": 1, "go": "later"})
    assert saved.status_code == 302 and saved["Location"] == address  # no "saved=1" to bookmark
    html = client.get(address).content.decode()
    assert SAVED in html and KEEP_THE_ADDRESS in html and "Schritt 1 von" in html
    assert WELCOME_BACK not in html  # the notice says it already
    # the bookmark, opened another day in a fresh browser: the same step, with a welcome back
    later = Client().get(address).content.decode()
    assert "Schritt 1 von" in later and WELCOME_BACK in later and SAVED not in later


def test_with_a_printed_code_the_notice_says_the_same_code_works_again(client, open_survey, coordinator):
    code = codes_create(actor=coordinator, survey=open_survey, count=1, unit=None, language="de")[0]
    address = client.post("/de/s/", {"code": code})["Location"]
    client.post(address, {"page": 0, "go": "next"})
    client.post(address, {"page": 1, "go": "next"})
    html = client.post(address, {"page": 2, "go": "later"}, follow=True).content.decode()
    assert "mit demselben Link oder Code fortfahren" in html and KEEP_THE_ADDRESS not in html
    assert "Schritt 2 von" in html


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_notice_is_in_the_page_language(client, open_survey, invite, language):
    html = client.post(f"/{language}/s/{invite(open_survey)}/", {"page": 1, "go": "later"}, follow=True)
    expected = {"nl": "Uw antwoorden zijn opgeslagen.", "en": "Your answers are saved."}[language]
    assert expected in html.content.decode()


def test_the_notice_keeps_no_token_in_a_cookie_and_nothing_on_the_server(client, open_survey, coordinator):
    address = _personal_link(client, open_survey, coordinator)
    token = address.rstrip("/").rsplit("/", 1)[1]
    client.post(address, {"page": 0, "go": "next"})
    client.post(address, {"page": 1, "go": "later"}, follow=True)
    assert all(token not in morsel.value for morsel in client.cookies.values())
    assert not Session.objects.exists()


def test_an_old_saved_address_opens_the_step(client, open_survey, invite):
    """Bookmarks of the former "saved" page (``?page=N&saved=1``) open the step, not a dead end."""
    token = invite(open_survey)
    html = client.get(f"/de/s/{token}/?page=2&saved=1").content.decode()
    assert "Schritt 2 von" in html and 'name="go" value="later"' in html
