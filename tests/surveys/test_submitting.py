"""Submitting from the review page (the short path of ``token_submit``): one transaction marks
the token used and seals the answers, nothing is half done, every refusal leaves everything as
it was, and a submission costs a handful of statements."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from vereinbar.surveys import tokens
from vereinbar.surveys.models import Response, ResponseDraft, Survey, SurveyInvitation, SurveyStatus
from vereinbar.surveys.services.answering import TokenState, review_page, token_open, token_submit
from vereinbar.surveys.services.surveys import survey_open_link_set


def _review(survey: Survey) -> int:
    return len(survey.instrument_version.spec.sections) + 1


def _submit(client, token: str, survey: Survey, page: int | None = None):
    return client.post(f"/en/s/{token}/", {"page": _review(survey) if page is None else page, "go": "submit"})


def test_submitting_marks_the_token_used_and_seals_the_draft(client, open_survey, invite):
    token = invite(open_survey, unit="Personal")
    client.post(f"/de/s/{token}/", {"page": 1, "go": "next", "q-info_where": "4"})
    response = _submit(client, token, open_survey)
    assert response.status_code == 302 and response["Location"] == "/en/s/thanks/"
    assert SurveyInvitation.objects.get().used
    draft = ResponseDraft.objects.get()
    assert draft.submitted and draft.answers == {"info_where": 4} and draft.unit.name == "Personal"
    again = _submit(client, token, open_survey)
    assert again.status_code == 410 and b"already" in again.content.lower()


def test_the_review_page_number_follows_the_questionnaire(open_survey):
    assert review_page(open_survey.instrument_version_id) == _review(open_survey)


def test_go_submit_from_another_page_saves_that_page_and_submits_nothing(client, open_survey, invite):
    token = invite(open_survey)
    response = _submit(client, token, open_survey, page=1)
    assert response.status_code == 302 and response["Location"].endswith("?page=2")
    assert not SurveyInvitation.objects.get().used and not ResponseDraft.objects.get().submitted
    assert token_submit(raw_token=token, page=1) is None
    assert not SurveyInvitation.objects.get().used


def test_submitting_without_having_opened_a_page_gives_an_empty_sealed_draft(client, open_survey, invite):
    token = invite(open_survey, unit="Personal")
    assert not ResponseDraft.objects.exists()
    assert _submit(client, token, open_survey).status_code == 302
    draft = ResponseDraft.objects.get()
    assert draft.submitted and draft.answers == {} and draft.unit_fixed
    assert SurveyInvitation.objects.get().used


def test_a_personal_link_of_the_open_mode_submits_once(client, open_survey, coordinator):
    survey_open_link_set(actor=coordinator, survey=open_survey, enabled=True)
    open_survey.refresh_from_db()
    token = client.post("/en/s/", {"code": open_survey.open_code})["Location"].split("/")[-2]
    assert _submit(client, token, open_survey).status_code == 302
    assert ResponseDraft.objects.get().submitted
    assert _submit(client, token, open_survey).status_code == 410
    assert token_submit(raw_token=token) == TokenState.USED


@pytest.mark.parametrize("change", ["closed", "past_end", "not_opened"])
def test_a_survey_that_is_not_open_takes_no_submission(client, open_survey, invite, change):
    token = invite(open_survey)
    client.post(f"/de/s/{token}/", {"page": 1, "go": "next", "q-info_where": "4"})
    if change == "closed":
        Survey.objects.filter(pk=open_survey.pk).update(status=SurveyStatus.CLOSED)
        expected = TokenState.ENDED
    elif change == "past_end":
        Survey.objects.filter(pk=open_survey.pk).update(closes_on=timezone.localdate() - datetime.timedelta(days=1))
        expected = TokenState.ENDED
    else:
        Survey.objects.filter(pk=open_survey.pk).update(status=SurveyStatus.DRAFT)
        expected = TokenState.NOT_STARTED
    assert token_submit(raw_token=token, page=_review(open_survey)) == expected
    response = _submit(client, token, open_survey)
    assert response.status_code in (200, 410) and response.get("Location") is None
    assert not SurveyInvitation.objects.get().used and not ResponseDraft.objects.get().submitted


def test_the_last_day_of_the_field_period_still_takes_submissions(client, open_survey, invite):
    Survey.objects.filter(pk=open_survey.pk).update(closes_on=timezone.localdate())
    assert _submit(client, invite(open_survey), open_survey).status_code == 302


def test_a_half_done_submission_is_rolled_back(open_survey, invite):
    """The token is marked used only together with the seal: if the seal cannot be written,
    the invitation stays unused (the two updates are one transaction)."""
    token = invite(open_survey)
    token_open(raw_token=token)  # creates the draft
    ResponseDraft.objects.update(submitted=True)  # as if sealed by another request in between
    assert token_submit(raw_token=token) == TokenState.USED
    assert not SurveyInvitation.objects.get().used


def test_unknown_and_malformed_tokens_submit_nothing(client, open_survey):
    assert token_submit(raw_token="0" * 40) is None
    assert token_submit(raw_token="not a token!") is None
    assert _submit(client, "0" * 40, open_survey).status_code == 404


def test_a_code_typed_in_lower_case_is_normalised_before_submitting(client, open_survey, coordinator):
    from vereinbar.surveys.services.invitations import codes_create

    code = codes_create(actor=coordinator, survey=open_survey, count=1, unit=None, language="de")[0].replace("-", "")
    response = _submit(client, code.lower(), open_survey)
    assert response.status_code == 302 and response["Location"].startswith(f"/en/s/{code}/")
    assert not SurveyInvitation.objects.get().used  # redirected to the canonical address first
    assert _submit(client, code, open_survey).status_code == 302
    assert SurveyInvitation.objects.get().used


def test_a_submission_costs_a_handful_of_statements(client, open_survey, invite):
    tokens_ = [invite(open_survey) for _ in range(2)]
    for token in tokens_:
        client.post(f"/de/s/{token}/", {"page": 1, "go": "next", "q-info_where": "4"})
    _submit(client, tokens_[0], open_survey)  # the first one in a process reads the questionnaire
    with CaptureQueriesContext(connection) as queries:
        assert _submit(client, tokens_[1], open_survey).status_code == 302
    statements = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    # invitation, draft, survey; mark used, seal, count waiting
    assert len(statements) <= 6, statements


def test_every_k_th_submission_releases_a_shuffled_batch_without_links(
    client, open_survey, invite, django_capture_on_commit_callbacks
):
    k = open_survey.release_batch_size
    sent = [invite(open_survey, unit="Personal") for _ in range(k + 1)]
    for token in sent:
        client.post(f"/de/s/{token}/", {"page": 1, "go": "next", "q-info_where": "4"})
    with django_capture_on_commit_callbacks(execute=True):
        for token in sent[: k - 1]:
            assert _submit(client, token, open_survey).status_code == 302
    assert not Response.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert _submit(client, sent[k - 1], open_survey).status_code == 302
    assert Response.objects.count() == k and not ResponseDraft.objects.filter(submitted=True).exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert _submit(client, sent[k], open_survey).status_code == 302
    assert Response.objects.count() == k and ResponseDraft.objects.filter(submitted=True).count() == 1
    fields = {f.name for f in Response._meta.get_fields()}
    assert fields == {"id", "survey", "unit", "values"}
    hashes = {tokens.token_hash(t) for t in sent} | {tokens.draft_key(t) for t in sent}
    for row in Response.objects.values_list("id", "values"):
        assert str(row[0]).replace("-", "") not in "".join(hashes)


def test_draft_submit_names_the_reason_when_the_survey_ended_in_between(open_survey, invite):
    from django.core.exceptions import ValidationError

    from vereinbar.surveys.services.answering import draft_submit

    token = invite(open_survey)
    opened = token_open(raw_token=token)
    Survey.objects.filter(pk=open_survey.pk).update(status=SurveyStatus.CLOSED)
    with pytest.raises(ValidationError) as error:
        draft_submit(opened=opened)
    assert "can no longer be used" in error.value.messages[0]
    assert not SurveyInvitation.objects.get().used
