"""A survey opened before its planned first day starts its field period the day it opens: the
settings, the report and the history must not date the first answers to a day still to come.
Opened on or after the planned day, the planned day stands."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import formats, timezone

from vereinbar.activity.display import lines_for
from vereinbar.activity.models import Entry
from vereinbar.surveys.services.surveys import survey_open

pytestmark = pytest.mark.django_db


def test_it_starts_the_field_period_today_when_opened_early(make_survey, coordinator):
    today = timezone.localdate()
    planned = today + timedelta(days=60)
    survey = make_survey(opens_on=planned, closes_on=planned + timedelta(days=21))
    survey_open(actor=coordinator, survey=survey)
    survey.refresh_from_db()
    assert survey.opens_on == today
    assert survey.closes_on == planned + timedelta(days=21)
    entry = Entry.objects.filter(verb="survey.opened", target_id=str(survey.pk)).get()
    (line,) = lines_for([entry])
    changed = {detail.label: (str(detail.before), str(detail.after)) for detail in line.details}
    assert changed["Field period starts"] == (formats.date_format(planned), formats.date_format(today)), changed


def test_it_keeps_a_planned_day_that_has_come(make_survey, coordinator):
    today = timezone.localdate()
    planned = today - timedelta(days=2)
    survey = make_survey(opens_on=planned, closes_on=today + timedelta(days=14))
    survey_open(actor=coordinator, survey=survey)
    survey.refresh_from_db()
    assert survey.opens_on == planned
