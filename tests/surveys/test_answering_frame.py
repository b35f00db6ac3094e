"""What frames the answering pages: the thank-you page thanks only the browser that has just
submitted, and keeps nothing on the server to know it; the header offers only the survey's
languages, since another would show the questionnaire in a language the survey does not have."""

from __future__ import annotations

import re

import pytest
from django.contrib.sessions.models import Session

from vereinbar.surveys.views.public import SUBMITTED_COOKIE, SUBMITTED_SECONDS

pytestmark = pytest.mark.django_db


def _switcher(html: str) -> list[str]:
    """The languages the header's language switcher offers."""
    return re.findall(r'<a href="[^"]*" hreflang="([a-z]+)"', html.split('class="language-switcher"', 1)[1])


@pytest.mark.parametrize("language", ["de", "nl", "en"])
def test_the_thank_you_page_opened_directly_says_nothing_was_submitted_and_offers_the_code(client, language):
    response = client.get(f"/{language}/s/thanks/")
    assert response.status_code == 200
    html = response.content.decode()
    heading = re.search(r"<h1>(.*?)</h1>", html).group(1)
    assert heading == {"de": "Keine Antworten abgesendet", "nl": "Geen antwoorden ingestuurd"}.get(
        language, "No answers submitted"
    )
    assert "submitted. They are stored" not in html and "Vielen Dank" not in html and "Bedankt" not in html
    assert f'href="/{language}/s/"' in html


def test_the_thank_you_page_thanks_the_browser_that_has_just_submitted(client, open_survey, invite, answer_all):
    token = invite(open_survey)
    submitted = answer_all(token, {"info_where": 4})
    assert submitted.status_code == 302 and submitted["Location"] == "/de/s/thanks/"
    cookie = submitted.cookies[SUBMITTED_COOKIE]
    assert cookie.value == "1" and cookie["max-age"] == SUBMITTED_SECONDS and cookie["httponly"]
    thanks = client.get("/de/s/thanks/").content.decode()
    assert "Ihre Antworten wurden abgesendet" in thanks
    # and what happens to them: results after the end, for groups only
    assert "sieht die Ergebnisse erst nach dem Ende der Befragung" in thanks
    # a reload in another language still thanks
    assert "Uw antwoorden zijn ingestuurd" in client.get("/nl/s/thanks/").content.decode()


def test_the_thanks_leave_no_trace_of_the_submission_or_the_token_on_the_server_or_in_cookies(
    client, open_survey, invite, answer_all
):
    token = invite(open_survey)
    answer_all(token, {"info_where": 4})
    client.get("/de/s/thanks/")
    assert not Session.objects.exists()
    assert all(token not in morsel.value for morsel in client.cookies.values())


def test_another_browser_after_a_submission_is_not_thanked(client, open_survey, invite, answer_all):
    from django.test import Client

    answer_all(invite(open_survey), {"info_where": 4})
    assert "Keine Antworten abgesendet" in Client().get("/de/s/thanks/").content.decode()


def test_the_answering_pages_offer_only_the_surveys_languages(client, make_survey, invite):
    survey = make_survey("open", languages=["de", "nl"])
    token = invite(survey)
    assert _switcher(client.get(f"/de/s/{token}/").content.decode()) == ["de", "nl"]
    assert _switcher(client.get(f"/nl/s/{token}/?page=1").content.decode()) == ["de", "nl"]
    saved = client.post(f"/de/s/{token}/", {"page": 1, "go": "later"}, follow=True)  # "your answers are saved"
    assert saved.status_code == 200 and _switcher(saved.content.decode()) == ["de", "nl"]


def test_a_survey_in_one_language_offers_only_that_one(client, make_survey, invite):
    token = invite(make_survey("open", languages=["nl"]), language="nl")
    assert _switcher(client.get(f"/nl/s/{token}/").content.decode()) == ["nl"]


def test_pages_of_no_particular_survey_offer_every_language(client):
    assert _switcher(client.get("/de/s/").content.decode()) == ["de", "nl", "en"]
    assert _switcher(client.get("/de/s/thanks/").content.decode()) == ["de", "nl", "en"]


# --- "Save and continue later": Post/Redirect/Get ----------------------------------------------


def test_saving_for_later_redirects_to_the_questionnaires_own_address_and_a_reload_sends_nothing(
    client, open_survey, invite
):
    """Reloading after "save and continue later" on a phone must not ask to send the form again:
    the POST is answered with a redirect to the questionnaire's own address (the token only where
    it already is), which opens the step left; the notice rides in the messages cookie, which
    holds its sentence only, and nothing is kept on the server (tests/surveys/test_answering_saved.py)."""
    token = invite(open_survey)
    response = client.post(f"/de/s/{token}/", {"page": 2, "go": "later"})
    assert response.status_code == 302 and response["Location"] == f"/de/s/{token}/"
    assert all(token not in morsel.value for morsel in response.cookies.values()) and not Session.objects.exists()
    saved = client.get(response["Location"])
    assert saved.status_code == 200 and "no-store" in saved["Cache-Control"]
    assert "Ihre Antworten sind gespeichert." in saved.content.decode()
    reloaded = client.get(response["Location"]).content.decode()
    assert "Schritt 2 von" in reloaded and "Ihre Antworten sind gespeichert." not in reloaded
    assert not Session.objects.exists()


# --- The header of the answering pages ---------------------------------------------------------


def _header(html: str) -> str:
    return html.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]


def test_the_steps_header_leads_nowhere_away_from_the_questionnaire(client, make_survey, invite):
    survey = make_survey("open", languages=["de", "nl"])
    token = invite(survey)
    client.post(f"/de/s/{token}/", {"page": 1, "go": "later"})
    for path in (f"/de/s/{token}/", f"/de/s/{token}/?page=2", f"/de/s/{token}/?page=2&saved=1"):
        html = client.get(path).content.decode()
        header = _header(html)
        assert 'class="main-nav"' not in header and "/accounts/login/" not in html, path
        assert '<span class="brand">vereinbar</span>' in header and 'class="brand" href' not in header
        # the language switch stays, on this very step; the skip link is still the first thing to reach
        assert re.findall(r'<a href="([^"]*)" hreflang="nl"', header) == [
            path.replace("/de/", "/nl/", 1).replace("&", "&amp;")
        ]
        assert html.index('class="skip-link kern-link" href="#main"') < html.index("<header")
        assert 'id="main"' in html


def test_the_pages_around_the_questionnaire_keep_the_sites_header(client):
    for path in ("/de/s/", "/de/s/thanks/"):
        header = _header(client.get(path).content.decode())
        assert 'class="main-nav"' in header and "/de/accounts/login/" in header and 'class="brand" href' in header
