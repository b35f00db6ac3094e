"""Answering: consent first, pages in the respondent's language, progress, save and continue
with the same link, submit once, thank you; codes; wrong codes rate-limited."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone, translation

from vereinbar.surveys.answer_forms import UNIT_FIELD, PageForm
from vereinbar.surveys.models import Response, ResponseDraft, SurveyInvitation, SurveyStatus
from vereinbar.surveys.services.invitations import codes_create
from vereinbar.surveys.services.surveys import survey_open_link_set
from vereinbar.surveys.views.public import FAILURE_LIMIT

LIKERT = {"info_where": 4, "lead_understanding": 5, "lead_always_on": 2, "age_band": 2, "cares_for_relative": 2}


def test_the_first_page_states_voluntariness_and_anonymity(client, open_survey, invite):
    response = client.get(f"/de/s/{invite(open_survey)}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Die Teilnahme ist freiwillig" in text
    assert "in dieser Befragung: 5 Personen für Ergebnisse, 10 für" in text  # this survey's k
    assert "<form" in text and 'name="go" value="next"' in text


def test_the_questions_come_in_the_language_of_the_address(client, open_survey, invite):
    token = invite(open_survey, language="nl")
    client.post(f"/nl/s/{token}/", {"page": 0, "go": "next"})
    last_section = len(open_survey.instrument_version.spec.sections) - 1
    page = client.get(f"/nl/s/{token}/?page={last_section}").content.decode()
    assert "Hoe oud bent u?" in page
    assert 'lang="nl"' in page


def test_each_page_shows_progress(client, open_survey, invite):
    token = invite(open_survey)
    page = client.get(f"/en/s/{token}/?page=2").content.decode()
    steps = len(open_survey.instrument_version.spec.sections) + 1
    assert f"Step 2 of {steps}" in page and f'<progress class="progress" max="{steps}" value="2"' in page


def test_answers_are_kept_with_the_same_link_until_submitted(client, open_survey, invite):
    token = invite(open_survey)
    url = f"/en/s/{token}/"
    response = client.post(
        url, {"page": 1, "go": "later", "q-info_where": "4", "q-offers_known": ["1", "3"]}, follow=True
    )
    assert response.status_code == 200 and b"continue later" in response.content
    draft = ResponseDraft.objects.get()
    assert draft.answers == {"info_where": 4, "offers_known": [1, 3]} and not draft.submitted
    page = client.get(url).content.decode()  # comes back to where the person left
    assert 'value="4"' in page and "checked" in page
    client.post(url, {"page": 1, "go": "next", "q-info_where": ""})  # an emptied answer is removed
    assert "info_where" not in ResponseDraft.objects.get().answers


def test_an_invalid_answer_is_shown_next_to_its_question_and_nothing_is_saved(client, open_survey, invite):
    token = invite(open_survey)
    page = next(i for i, s in enumerate(open_survey.instrument_version.spec.sections, 1) if s.key == "about_you")
    response = client.post(f"/en/s/{token}/", {"page": page, "go": "next", "q-care_hours": "500"})
    assert response.status_code == 200
    assert b"Please check the answers" in response.content and b"less than or equal to 100" in response.content
    assert ResponseDraft.objects.get().answers == {}


def test_submitting_uses_up_the_link_and_a_second_use_is_refused(client, open_survey, invite, answer_all):
    token = invite(open_survey, unit="Personal")
    response = answer_all(token, LIKERT)
    assert response.status_code == 302 and response["Location"] == "/de/s/thanks/"
    assert b"Thank you" in client.get("/en/s/thanks/").content
    assert SurveyInvitation.objects.get().used
    again = client.get(f"/de/s/{token}/")
    assert again.status_code == 410
    assert client.post(f"/de/s/{token}/", {"page": 1, "go": "next"}).status_code == 410
    assert ResponseDraft.objects.get().submitted


def test_answers_enter_the_results_in_batches_of_k(open_survey, invite, answer_all, django_capture_on_commit_callbacks):
    tokens = [invite(open_survey, unit="Personal") for _ in range(7)]
    with django_capture_on_commit_callbacks(execute=True):
        for token in tokens[:4]:
            answer_all(token, LIKERT)
    assert Response.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        answer_all(tokens[4], LIKERT)
    assert Response.objects.count() == 5 and not ResponseDraft.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        answer_all(tokens[5], LIKERT)
    assert Response.objects.count() == 5


def test_a_survey_not_yet_open_or_ended_refuses_answers(client, make_survey, coordinator, invite):
    draft_survey = make_survey()
    code = codes_create(actor=coordinator, survey=draft_survey, count=1, unit=None, language="de")[0]
    response = client.get(f"/en/s/{code.replace('-', '')}/")
    assert response.status_code == 200 and b"has not started yet" in response.content
    ended = make_survey(SurveyStatus.OPEN, title="Ended", closes_on=timezone.localdate() - datetime.timedelta(days=1))
    assert client.get(f"/de/s/{invite(ended)}/").status_code == 410


def test_a_printed_code_typed_on_the_code_page_leads_to_the_questions(client, open_survey, coordinator):
    code = codes_create(actor=coordinator, survey=open_survey, count=1, unit=None, language="de")[0]
    response = client.post("/en/s/", {"code": f" {code.lower()} "})
    assert response.status_code == 302 and response["Location"] == f"/en/s/{code.replace('-', '')}/"


def test_a_shared_code_gives_a_personal_link_and_the_unit_question(client, open_survey, coordinator):
    survey_open_link_set(actor=coordinator, survey=open_survey, enabled=True)
    open_survey.refresh_from_db()
    response = client.post("/en/s/", {"code": open_survey.open_code})
    assert response.status_code == 302
    page = next(i for i, s in enumerate(open_survey.instrument_version.spec.sections, 1) if s.key == "about_you")
    assert b"In which unit do you work?" in client.get(f"{response['Location']}?page={page}").content


def test_a_shared_code_tells_to_keep_the_address_of_the_page_it_opens(client, open_survey, coordinator):
    # The message shows on the welcome page, whose address is the personal one to continue with.
    survey_open_link_set(actor=coordinator, survey=open_survey, enabled=True)
    open_survey.refresh_from_db()
    response = client.post("/en/s/", {"code": open_survey.open_code}, follow=True)
    assert b"This page has an address of its own: keep it" in response.content
    assert b"the next page" not in response.content


def test_a_wrong_code_says_so_in_the_page_title(client, open_survey):
    response = client.post("/en/s/", {"code": "AAAA-BBBB-CCCC"})
    assert "<title>Error: Take part in a survey" in response.content.decode()


def test_wrong_codes_and_unknown_links_are_rate_limited(client, open_survey, invite):
    good = invite(open_survey)
    for attempt in range(FAILURE_LIMIT):
        if attempt % 2:
            assert client.post("/en/s/", {"code": f"AAAA-BBBB-{attempt:04d}"}).status_code == 200
        else:
            assert client.get(f"/en/s/{'0' * 39}{attempt % 10}/").status_code == 404
    assert client.post("/en/s/", {"code": "AAAA-BBBB-CCCC"}).status_code == 429
    assert client.get(f"/en/s/{'0' * 40}/").status_code == 429
    # A valid link still opens: others' typing errors from the same address lock nobody out.
    assert client.get(f"/en/s/{good}/").status_code == 200


@pytest.mark.parametrize("path", ["/de/s/", "/de/s/thanks/"])
def test_the_answering_pages_need_no_login(client, path):
    assert client.get(path).status_code == 200


def test_the_unit_question_offers_not_answering_in_the_words_of_the_other_questions(open_survey):
    spec = open_survey.instrument_version.spec
    with translation.override("en"):
        form = PageForm(spec=spec, section=spec.sections[0], language="en", saved={}, units=[(1, "Klinikum Leer")])
        choices = [(value, str(label)) for value, label in form.fields[UNIT_FIELD].choices]
    assert choices == [("", "No answer"), ("1", "Klinikum Leer")]
