"""A survey's title in each of its languages, and answering only in the survey's languages.

Participants read the title in the language they answer in (mails, answering pages); readers of
the workspace in theirs, else in the survey's first language. An answering page asked for in a
language the survey does not offer is the same page in one it offers."""

from __future__ import annotations

import logging
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from vereinbar.activity.models import Entry
from vereinbar.surveys.forms import SurveyCreateForm
from vereinbar.surveys.models import Survey
from vereinbar.surveys.services.invitations import invitations_import, invitations_remind
from vereinbar.surveys.services.surveys import survey_update

pytestmark = pytest.mark.django_db

GERMAN, DUTCH = "Mitarbeitendenbefragung 2027", "Medewerkersonderzoek 2027"
ORG = "kreis-musterstadt"


@pytest.fixture
def de_nl(make_survey):
    """An open survey in German and Dutch with a title in each."""
    return make_survey("open", languages=["de", "nl"], title=GERMAN, titles={"nl": DUTCH})


def _h1(html: str) -> str:
    return re.search(r"<h1[^>]*>(.*?)</h1>", html, flags=re.S).group(1).strip()


# --- the title in each language ---------------------------------------------------------------


def test_a_survey_keeps_a_title_per_language_and_its_first_as_the_title(de_nl):
    assert de_nl.title == GERMAN
    assert de_nl.titles == {"de": GERMAN, "nl": DUTCH}
    assert de_nl.title_in("nl") == DUTCH and de_nl.title_in("de") == GERMAN


def test_a_language_without_a_title_shows_the_first_languages(make_survey):
    survey = make_survey(languages=["nl", "en"], title="Onderzoek", titles={"de": "nicht angeboten"})
    assert survey.titles == {"nl": "Onderzoek"}  # only the survey's languages
    assert survey.title_in("en") == "Onderzoek" and survey.title_in("de") == "Onderzoek"
    with translation.override("de"):
        assert survey.title_text == "Onderzoek"


def test_the_first_language_needs_a_title(make_survey):
    with pytest.raises(ValidationError) as caught:
        make_survey(languages=["nl", "de"], title="", titles={"de": GERMAN})
    assert "title" in caught.value.message_dict
    assert not Survey.objects.exists()


def test_changing_the_titles_is_recorded_and_a_dropped_language_loses_its_title(de_nl, coordinator):
    settings = {
        "opens_on": de_nl.opens_on,
        "closes_on": de_nl.closes_on,
        "min_group_size": de_nl.min_group_size,
        "min_group_size_comments": de_nl.min_group_size_comments,
        "intro": "",
    }
    survey_update(
        actor=coordinator, survey=de_nl, title="", titles={"nl": "Onderzoek 2027"}, languages=["nl"], **settings
    )
    de_nl.refresh_from_db()
    assert (de_nl.title, de_nl.titles) == ("Onderzoek 2027", {"nl": "Onderzoek 2027"})
    entry = Entry.objects.filter(verb="survey.updated").latest("pk")
    assert entry.before["titles"] == {"de": GERMAN, "nl": DUTCH}
    assert entry.after["titles"] == {"nl": "Onderzoek 2027"}


# --- the form ---------------------------------------------------------------------------------


def test_the_form_has_a_title_field_per_language_named_after_it(instrument_version):
    with translation.override("de"):
        form = SurveyCreateForm(versions=None)
        labels = {name: str(form.fields[name].label) for name in ("title_de", "title_nl", "title_en")}
    assert labels == {
        "title_de": "Titel (Deutsch)",
        "title_nl": "Titel (Niederländisch)",
        "title_en": "Titel (Englisch)",
    }
    assert list(form.fields)[:4] == ["languages", "title_de", "title_nl", "title_en"]


def test_the_form_wants_the_first_languages_title_next_to_its_field(instrument_version):
    data = {
        "languages": ["nl", "en"],
        "title_en": "Staff survey",
        "instrument_version": instrument_version.pk,
        "min_group_size": 5,
        "min_group_size_comments": 10,
    }
    form = SurveyCreateForm(data)
    assert not form.is_valid()
    assert form.errors["title_nl"] == ["Give the survey a title in Dutch."]
    assert "title_en" not in form.errors


def test_the_settings_page_shows_the_titles_and_saves_them(de_nl, login, coordinator):
    client = login(coordinator)
    url = f"/en/workspace/{ORG}/surveys/{de_nl.pk}/settings/"
    page = client.get(url).content.decode()
    assert f'name="title_de" value="{GERMAN}"' in page and f'name="title_nl" value="{DUTCH}"' in page
    # The style sheet hides the box of a language not chosen by its class.
    box = re.search(r'<div class="([^"]*)">\s*<label[^>]*for="id_title_nl"', page).group(1)
    assert {"survey-title", "survey-title--nl"} <= set(box.split())
    form = client.get(url).context["form"]
    data = {key: value for key, value in form.initial.items() if value is not None}
    data |= {"title_nl": "Medewerkersonderzoek '27", "title_en": "Staff survey 2027", "languages": ["de", "nl", "en"]}
    assert client.post(url, data).status_code == 302
    de_nl.refresh_from_db()
    assert de_nl.titles == {"de": GERMAN, "nl": "Medewerkersonderzoek '27", "en": "Staff survey 2027"}
    missing = client.post(url, data | {"title_de": ""}).content.decode()
    assert 'aria-invalid="true"' in missing and "Give the survey a title in German." in missing


def test_a_new_survey_from_the_page_keeps_each_title(instrument_version, login, coordinator):
    response = login(coordinator).post(
        f"/nl/workspace/{ORG}/surveys/new/",
        {
            "languages": ["de", "nl"],
            "title_de": GERMAN,
            "title_nl": DUTCH,
            "title_en": "not offered, not kept",
            "instrument_version": instrument_version.pk,
            "min_group_size": 5,
            "min_group_size_comments": 10,
        },
    )
    assert response.status_code == 302
    assert Survey.objects.get().titles == {"de": GERMAN, "nl": DUTCH}


def test_workspace_pages_show_the_readers_language_else_the_first(de_nl, login, coordinator):
    client = login(coordinator)
    assert _h1(client.get(f"/nl/workspace/{ORG}/surveys/{de_nl.pk}/").content.decode()) == DUTCH
    assert _h1(client.get(f"/en/workspace/{ORG}/surveys/{de_nl.pk}/").content.decode()) == GERMAN
    assert DUTCH in client.get(f"/nl/workspace/{ORG}/surveys/").content.decode()


def test_the_api_gives_the_first_languages_title_and_each_languages(de_nl, login, coordinator, instrument_version):
    client = login(coordinator)
    listed = client.get(f"/api/v1/organisations/{ORG}/surveys").json()["results"]
    assert listed[0]["title"] == GERMAN and listed[0]["titles"] == {"de": GERMAN, "nl": DUTCH}
    created = client.post(
        f"/api/v1/organisations/{ORG}/surveys",
        {
            "title": "Onderzoek",
            "titles": {"de": "Befragung"},
            "languages": ["nl", "de"],
            "instrument": instrument_version.reference,
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["title"] == "Onderzoek"
    assert created.json()["titles"] == {"nl": "Onderzoek", "de": "Befragung"}


# --- what participants read -------------------------------------------------------------------

STAFF = "E-Mail;Einheit;Sprache\nanna@example.org;Personal;de\njan@example.nl;Jugendamt;nl\n"


@pytest.mark.django_db(transaction=True)
def test_invitations_and_reminders_name_the_survey_in_the_persons_language(de_nl, coordinator):
    invitations_import(actor=coordinator, survey=de_nl, raw=STAFF.encode(), default_language="de")
    invited = {message.to[0]: message for message in mail.outbox}
    # the title says it already: no "medewerkersonderzoek" in the invitation's subject besides it
    assert invited["jan@example.nl"].subject == f"Uitnodiging: ‘{DUTCH}’"
    assert DUTCH in invited["jan@example.nl"].body and GERMAN not in invited["jan@example.nl"].body
    assert invited["anna@example.org"].subject == f"Einladung: „{GERMAN}“"
    mail.outbox.clear()
    invitations_remind(actor=coordinator, survey=de_nl)
    reminded = {message.to[0]: message for message in mail.outbox}
    assert DUTCH in reminded["jan@example.nl"].subject and GERMAN not in reminded["jan@example.nl"].body


def test_the_answering_page_names_the_survey_in_its_language(client, de_nl, invite):
    token = invite(de_nl, language="nl")
    dutch = client.get(f"/nl/s/{token}/").content.decode()
    assert _h1(dutch) == DUTCH and f"<title>{DUTCH} – " in dutch
    assert _h1(client.get(f"/de/s/{token}/?page=1").content.decode()) == GERMAN


def test_a_message_page_of_a_survey_names_it_in_its_language(client, de_nl, invite):
    token = invite(de_nl, language="nl")
    saved = client.post(f"/nl/s/{token}/", {"page": 0, "go": "later"}, follow=True).content.decode()
    assert f"{DUTCH} – Kreis Musterstadt" in saved and GERMAN not in saved


# --- only the survey's languages --------------------------------------------------------------


def test_a_page_in_a_language_the_survey_does_not_offer_opens_in_its_first(client, de_nl, invite):
    token = invite(de_nl, language="nl")
    response = client.get(f"/en/s/{token}/?page=2")
    assert response.status_code == 302 and response["Location"] == f"/de/s/{token}/?page=2"
    assert client.get(f"/de/s/{token}/").status_code == 200
    assert client.get(f"/nl/s/{token}/").status_code == 200


def test_the_browsers_preferred_language_of_the_survey_comes_first(client, de_nl, invite):
    token = invite(de_nl)
    preferring_dutch = client.get(f"/en/s/{token}/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9,nl-BE;q=0.5")
    assert preferring_dutch["Location"] == f"/nl/s/{token}/"
    refusing_dutch = client.get(f"/en/s/{token}/", HTTP_ACCEPT_LANGUAGE="nl;q=0,en")
    assert refusing_dutch["Location"] == f"/de/s/{token}/"


def test_the_redirect_is_not_cached_or_logged(client, de_nl, invite, caplog):
    token = invite(de_nl)
    with caplog.at_level(logging.DEBUG):
        response = client.get(f"/en/s/{token}/")
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]
    assert not [record for record in caplog.records if token in record.getMessage()]


def test_a_used_or_unknown_link_in_another_language(client, de_nl, invite, answer_all):
    token = invite(de_nl)
    answer_all(token, {"info_where": 4})
    used = client.get(f"/en/s/{token}/")
    assert used["Location"] == f"/de/s/{token}/"
    assert client.get(used["Location"]).status_code == 410
    unknown = client.get(f"/en/s/{'0' * 40}/")
    assert unknown.status_code == 404  # no redirect: it would tell that a link exists


def test_answers_sent_in_another_language_are_kept_then_the_page_moves_to_the_surveys(client, de_nl, invite):
    token = invite(de_nl)
    posted = client.post(f"/en/s/{token}/", {"page": 0, "go": "next"})
    assert posted.status_code == 302 and posted["Location"] == f"/en/s/{token}/?page=1"
    assert client.get(posted["Location"])["Location"] == f"/de/s/{token}/?page=1"


# --- the migration ----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_each_title_as_its_first_languages(make_survey):
    both = make_survey(languages=["nl", "de"], title="Onderzoek 2025", titles={"de": "later"})
    executor = MigrationExecutor(connection)
    executor.migrate([("surveys", "0006_total_figures")])
    try:
        executor = MigrationExecutor(connection)
        executor.migrate([("surveys", "0007_survey_titles")])
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    both.refresh_from_db()
    assert (both.title, both.titles) == ("Onderzoek 2025", {"nl": "Onderzoek 2025"})
    assert both.title_in("de") == "Onderzoek 2025"


def test_printed_codes_name_the_survey_in_the_language_of_the_printout(de_nl, login, coordinator):
    page = (
        login(coordinator)
        .post(f"/de/workspace/{ORG}/surveys/{de_nl.pk}/codes/", {"count": 1, "language": "nl"})
        .content.decode()
    )
    sheet = page[page.index('<ul class="codes">') :]
    assert f"<strong>{DUTCH}</strong>" in sheet and GERMAN not in sheet
