"""Attempts to re-identify respondents from the data model and from what the report shows.

The statistics side (minimum groups, complementary suppression) is tested in
test_anonymity.py; here: rows that could link answers to people, order, time, and that no
page, export or chart ever shows a suppressed cell.
"""

from __future__ import annotations

import re
import uuid

import numpy as np
import pytest
from django.db import connection, models

from vereinbar.activity.models import Entry
from vereinbar.surveys import tokens
from vereinbar.surveys.models import (
    Response,
    ResponseComment,
    ResponseDraft,
    ScaleResult,
    Survey,
    SurveyInvitation,
    SurveyUnit,
)
from vereinbar.surveys.report import report_build
from vereinbar.surveys.report.exports import report_csv
from vereinbar.surveys.services.surveys import survey_close

from .conftest import ALL_SCALES


def _fields(model):
    return {field.name: field for field in model._meta.get_fields() if getattr(field, "concrete", False)}


@pytest.mark.parametrize(
    ("model", "allowed"),
    [(Response, {"id", "survey", "unit", "values"}), (ResponseComment, {"id", "survey", "unit", "item", "text"})],
)
def test_answer_rows_carry_no_person_invitation_account_address_or_time(model, allowed):
    fields = _fields(model)
    assert set(fields) == allowed
    assert isinstance(fields["id"], models.UUIDField) and fields["id"].primary_key
    for field in fields.values():
        assert not isinstance(field, models.DateField | models.DateTimeField | models.GenericIPAddressField)
        if field.is_relation:
            assert field.related_model in {Survey, SurveyUnit}


def test_a_draft_cannot_be_joined_to_its_invitation_without_the_token(open_survey, invite, client):
    token = invite(open_survey)
    client.get(f"/de/s/{token}/")
    draft, invitation = ResponseDraft.objects.get(), SurveyInvitation.objects.get()
    assert draft.key_hash != invitation.token_hash
    assert draft.key_hash == tokens.draft_key(token) and invitation.token_hash == tokens.token_hash(token)
    assert not any(field.related_model is SurveyInvitation for field in ResponseDraft._meta.get_fields())
    assert token not in str(list(SurveyInvitation.objects.values())) + str(list(ResponseDraft.objects.values()))


def _physical_order(survey):
    order = "rowid" if connection.vendor == "sqlite" else "ctid"
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT id, "values" FROM surveys_response WHERE survey_id = %s ORDER BY {order}', [survey.pk])  # noqa: S608
        return cursor.fetchall()


def _rank_correlation(a, b):
    return float(np.corrcoef(np.argsort(np.argsort(a)), np.argsort(np.argsort(b)))[0, 1])


@pytest.mark.django_db(transaction=True)
def test_the_order_of_token_use_cannot_be_read_from_keys_or_row_order(open_survey, invite, answer_all, coordinator):
    submitted = []
    for index in range(30):
        answer_all(invite(open_survey, unit="Personal"), {"care_hours": index})
        submitted.append(index)
    spec = open_survey.instrument_version.spec
    column = spec.items["care_hours"].column

    def order(rows):
        return [int(np.frombuffer(bytes(values), dtype="<f4")[column]) for _id, values in rows]

    before_close = order(_physical_order(open_survey))
    assert len(before_close) == 30  # released in six shuffled batches of k = 5
    assert before_close != submitted
    survey_close(actor=coordinator, survey=open_survey)
    rows = _physical_order(open_survey)
    physical = order(rows)
    by_key = order(sorted(rows, key=lambda row: str(row[0])))
    assert sorted(physical) == submitted  # nothing lost
    assert abs(_rank_correlation(physical, submitted)) < 0.7
    assert abs(_rank_correlation(by_key, submitted)) < 0.7
    assert all(uuid.UUID(str(row[0])).version == 4 for row in rows)


@pytest.mark.django_db(transaction=True)
def test_submitting_leaves_no_trace_in_the_history(open_survey, invite, answer_all):
    before = Entry.objects.count()
    for _ in range(5):
        answer_all(invite(open_survey), {"info_where": 3})
    assert Entry.objects.count() == before


def test_closing_erases_addresses_tokens_and_unfinished_drafts_and_rekeys_answers(
    open_survey, invite, respond, coordinator, client
):
    invite(open_survey, unit="Personal")
    client.get(f"/de/s/{invite(open_survey, unit='Bauamt')}/")  # started, never submitted
    respond(open_survey, "Personal", count=6, **ALL_SCALES)
    ids_before = set(Response.objects.values_list("id", flat=True))
    survey_close(actor=coordinator, survey=open_survey)
    assert not SurveyInvitation.objects.exists() and not ResponseDraft.objects.exists()
    assert dict(SurveyUnit.objects.filter(survey=open_survey).values_list("name", "invited_count"))["Bauamt"] == 1
    ids_after = set(Response.objects.values_list("id", flat=True))
    assert len(ids_after) == 6 and not ids_before & ids_after
    assert ScaleResult.objects.filter(survey=open_survey).count() == len(open_survey.instrument_version.spec.scales)


def test_results_are_not_shown_while_answers_still_come_in(open_survey, respond, login, coordinator):
    respond(open_survey, "Personal", count=30, **ALL_SCALES)
    client = login(coordinator)
    base = f"/en/workspace/kreis-musterstadt/surveys/{open_survey.pk}/results/"
    page = client.get(base)
    assert page.status_code == 200 and b"once the survey has closed" in page.content
    for path in ("chart/profile.svg", "report.pdf", "figures.csv", "figures.xlsx"):
        assert client.get(base + path).status_code == 404


def _close(survey, coordinator):
    survey_close(actor=coordinator, survey=survey)
    survey.refresh_from_db()
    return survey


def test_a_group_below_k_is_never_shown_on_the_page_in_exports_or_charts(open_survey, respond, coordinator, login):
    respond(open_survey, "Personal", count=12, **ALL_SCALES)
    respond(open_survey, "Jugendamt", count=12, **ALL_SCALES)
    respond(open_survey, "Bauamt", count=3, **(ALL_SCALES | {"lead_understanding": 1, "lead_solutions": 1}))
    survey = _close(open_survey, coordinator)
    report = report_build(survey=survey, language="en")
    small = next(row for row in report.units if row.label == "Bauamt")
    assert small.headcount is None and small.reason == "below_k"
    assert all(cell.mean is None and cell.n is None and cell.distribution == () for cell in small.cells)
    csv_rows = [line.split(",") for line in report_csv(report).decode("utf-8-sig").splitlines() if ",Bauamt," in line]
    assert csv_rows and all(row[3:9] == [""] * 6 for row in csv_rows)
    page = login(coordinator).get(f"/en/workspace/kreis-musterstadt/surveys/{survey.pk}/results/").content.decode()
    row = page[page.index('depth-0">Bauamt</th>') :].split("</tr>")[0]
    # No digit in the row but the markup's own (the indent class, the reason's cell width).
    markup = re.sub(r'depth-0|colspan="\d+"', "", row)
    assert "suppressed" in row and not any(char.isdigit() for char in markup)


def test_a_group_that_could_be_recovered_by_subtraction_is_hidden_as_well(open_survey, respond, coordinator):
    # Verwaltung = Personal + Finanzen; with Finanzen below k, Verwaltung − Personal would reveal it.
    respond(open_survey, "Personal", count=20, **ALL_SCALES)
    respond(open_survey, "Finanzen", count=2, **(ALL_SCALES | {"info_where": 1}))
    respond(open_survey, "Jugendamt", count=20, **ALL_SCALES)
    respond(open_survey, "Bauamt", count=20, **ALL_SCALES)
    report = report_build(survey=_close(open_survey, coordinator), language="en")
    shown = {row.label: row.shown for row in report.units}
    assert not shown["Finanzen"]
    assert not (shown["Verwaltung"] and shown["Personal"])


def test_two_overlapping_breakdowns_cannot_be_subtracted(open_survey, respond, coordinator):
    # Everyone in Personal is under 30, plus two people from Bauamt: "under 30" − "Personal" = those two.
    respond(open_survey, "Personal", count=20, **(ALL_SCALES | {"age_band": 1}))
    respond(open_survey, "Bauamt", count=2, **(ALL_SCALES | {"age_band": 1, "info_where": 1}))
    respond(open_survey, "Bauamt", count=18, **(ALL_SCALES | {"age_band": 2}))
    respond(open_survey, "Jugendamt", count=20, **(ALL_SCALES | {"age_band": 3}))
    survey = _close(open_survey, coordinator)
    report = report_build(survey=survey, language="en")
    units = {row.label: row for row in report.units}
    ages = {row.key: row for row in report.breakdowns[0].rows}
    for s in range(len(report.scales)):
        both = units["Personal"].cells[s].shown and ages["age_band:1"].cells[s].shown
        assert not both or units["Personal"].cells[s].n == ages["age_band:1"].cells[s].n


def test_comments_need_the_larger_group_and_carry_no_order(open_survey, respond, coordinator):
    respond(open_survey, "Personal", count=9, comment="Mehr Homeoffice", **ALL_SCALES)
    respond(open_survey, "Jugendamt", count=4, comment="Kita-Zuschuss", **ALL_SCALES)
    report = report_build(survey=_close(open_survey, coordinator), language="en")
    groups = {block.group for block in report.comments}
    assert groups == {"Whole organisation"}  # 13 ≥ 10, but no unit reaches 10
    (block,) = report.comments
    assert list(block.texts) == sorted(block.texts)


def test_with_too_few_answers_for_comments_none_are_shown(open_survey, respond, coordinator):
    respond(open_survey, "Personal", count=8, comment="Bitte mehr Gleitzeit", **ALL_SCALES)
    report = report_build(survey=_close(open_survey, coordinator), language="en")
    assert report.comments == () and "at least 10" in report.comments_note


def test_with_fewer_than_k_answers_nothing_is_shown(open_survey, respond, coordinator):
    respond(open_survey, "Personal", count=4, **ALL_SCALES)
    report = report_build(survey=_close(open_survey, coordinator), language="en")
    assert not report.published and report.units == () and report.profile == ()
    assert all(row.responses is None for row in report.rates)


def test_a_breakdown_skipped_by_fewer_than_k_people_is_not_shown(open_survey, respond, coordinator):
    respond(open_survey, "Personal", count=10, **(ALL_SCALES | {"age_band": 1}))
    respond(open_survey, "Personal", count=10, **(ALL_SCALES | {"cares_for_relative": 2}))
    respond(open_survey, "Jugendamt", count=2, **{k: v for k, v in ALL_SCALES.items() if k != "age_band"})
    report = report_build(survey=_close(open_survey, coordinator), language="en")
    assert [b.key for b in report.breakdowns] == ["cares_for_relative"]
    assert any("How old are you?" in note for note in report.notes)


def test_a_breakdown_with_one_dominant_answer_is_not_shown(open_survey, respond, coordinator):
    respond(open_survey, "Personal", count=20, **ALL_SCALES)
    respond(open_survey, "Jugendamt", count=2, **(ALL_SCALES | {"age_band": 4}))
    report = report_build(survey=_close(open_survey, coordinator), language="en")
    assert "age_band" not in [b.key for b in report.breakdowns] and report.published


def test_a_parent_unit_with_one_answering_sub_unit_does_not_hide_the_organisation(open_survey, respond, coordinator):
    # Verwaltung has the same members as Personal; Jugendamt is below k.
    respond(open_survey, "Personal", count=9, **ALL_SCALES)
    respond(open_survey, "Jugendamt", count=4, **ALL_SCALES)
    report = report_build(survey=_close(open_survey, coordinator), language="en")
    assert report.published and report.total.headcount == 13
    units = {row.label: row for row in report.units}
    assert not units["Jugendamt"].shown and not units["Personal"].shown  # else total − Personal = Jugendamt
