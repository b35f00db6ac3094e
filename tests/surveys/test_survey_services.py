"""Creating and running surveys: settings rules, units, the status workflow, read access."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from vereinbar.activity.models import Entry
from vereinbar.organisations.models import Unit
from vereinbar.surveys.models import ALLOWED_STATUS_CHANGES, Survey, SurveyAccess, SurveyStatus, SurveyUnit
from vereinbar.surveys.services.surveys import (
    survey_access_grant,
    survey_access_revoke,
    survey_close,
    survey_create,
    survey_open,
    survey_update,
    units_parse,
)


def test_a_coordinator_creates_a_survey_with_safe_defaults(make_survey, coordinator):
    survey = make_survey()
    assert survey.status == SurveyStatus.DRAFT
    assert (survey.min_group_size, survey.min_group_size_comments) == (5, 10)
    assert survey.report_breakdowns == ["age_band", "cares_for_relative"]
    assert Entry.objects.filter(verb="survey.created", target_id=str(survey.pk), actor=coordinator).exists()


def test_units_form_a_tree_kept_with_the_survey(make_survey):
    survey = make_survey(units="Verwaltung\nVerwaltung / Personal\nJugendamt / Kita")
    units = {unit.name: unit for unit in SurveyUnit.objects.filter(survey=survey)}
    assert set(units) == {"Verwaltung", "Personal", "Jugendamt", "Kita"}
    assert units["Personal"].parent == units["Verwaltung"] and units["Kita"].parent == units["Jugendamt"]


def test_units_are_copied_from_the_organisation_and_linked_to_their_source(make_survey, employer_org):
    Unit.objects.create(organisation=employer_org, name="Bauamt")
    survey = make_survey(units="Bauamt\nKämmerei")
    units = {unit.name: unit for unit in survey.units.all()}
    assert units["Bauamt"].source is not None and units["Kämmerei"].source is None


def test_a_unit_under_two_parents_is_refused():
    with pytest.raises(ValidationError) as caught:
        units_parse("A / Team\nB / Team")
    assert "units" in caught.value.message_dict


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"min_group_size": 2}, "min_group_size"),
        ({"min_group_size": 8, "min_group_size_comments": 6}, "min_group_size_comments"),
        ({"languages": []}, "languages"),
        ({"title": "  "}, "title"),
    ],
)
def test_unsafe_or_incomplete_settings_are_refused(make_survey, changes, field):
    with pytest.raises(ValidationError) as caught:
        make_survey(**changes)
    assert field in caught.value.message_dict
    assert not Survey.objects.exists()


def test_only_coordinators_create_surveys(instrument_version, contributor, employer_org, outsider):
    for user in (contributor, outsider):
        with pytest.raises(PermissionDenied):
            survey_create(
                actor=user,
                organisation=employer_org,
                instrument_version=instrument_version,
                title="X",
                languages=["de"],
            )


def test_the_status_workflow_allows_exactly_the_listed_changes(make_survey, coordinator):
    steps = {SurveyStatus.OPEN: survey_open, SurveyStatus.CLOSED: survey_close}
    for start in SurveyStatus:
        for target, step in steps.items():
            survey = make_survey(start)
            if target in ALLOWED_STATUS_CHANGES[start]:
                step(actor=coordinator, survey=survey)
                survey.refresh_from_db()
                assert survey.status == target
            else:
                with pytest.raises(ValidationError):
                    step(actor=coordinator, survey=survey)
                survey.refresh_from_db()
                assert survey.status == start
    assert Entry.objects.filter(verb="survey.opened").exists() and Entry.objects.filter(verb="survey.closed").exists()


def _settings(survey, **changes):
    values = {
        "title": survey.title,
        "languages": survey.languages,
        "opens_on": survey.opens_on,
        "closes_on": survey.closes_on,
        "min_group_size": survey.min_group_size,
        "min_group_size_comments": survey.min_group_size_comments,
        "intro": survey.intro,
    }
    return values | changes


def test_once_open_the_minimum_group_size_can_rise_but_never_fall(open_survey, coordinator):
    survey_update(
        actor=coordinator, survey=open_survey, **_settings(open_survey, min_group_size=7, min_group_size_comments=12)
    )
    with pytest.raises(ValidationError):
        survey_update(actor=coordinator, survey=open_survey, **_settings(open_survey, min_group_size=6))
    open_survey.refresh_from_db()
    assert open_survey.min_group_size == 7


def test_results_by_at_most_two_breakdown_questions(make_survey, coordinator):
    survey = make_survey()
    with pytest.raises(ValidationError) as caught:
        survey_update(
            actor=coordinator,
            survey=survey,
            **_settings(survey),
            report_breakdowns=["age_band", "cares_for_relative", "working_time"],
        )
    assert "report_breakdowns" in caught.value.message_dict
    with pytest.raises(ValidationError):
        survey_update(actor=coordinator, survey=survey, **_settings(survey), report_breakdowns=["offers_known"])
    survey_update(actor=coordinator, survey=survey, **_settings(survey), report_breakdowns=["working_time"])
    survey.refresh_from_db()
    assert survey.report_breakdowns == ["working_time"]
    # A question chosen twice counts once (and is no way around the limit of two).
    survey_update(
        actor=coordinator,
        survey=survey,
        **_settings(survey),
        report_breakdowns=["age_band", "age_band", "working_time", "working_time"],
    )
    survey.refresh_from_db()
    assert survey.report_breakdowns == ["age_band", "working_time"]


def test_the_staff_council_can_be_given_read_access_and_raw_data_rights(open_survey, coordinator, viewer):
    access = survey_access_grant(actor=coordinator, survey=open_survey, email=viewer.email, raw_data=True)
    assert access.raw_data
    assert Entry.objects.filter(verb="survey.access_granted").count() == 1
    survey_access_revoke(actor=coordinator, access=access)
    assert not SurveyAccess.objects.exists()
    assert Entry.objects.filter(verb="survey.access_revoked").count() == 1


def test_access_is_only_for_members_and_only_coordinators_grant_it(open_survey, coordinator, contributor, outsider):
    with pytest.raises(ValidationError):
        survey_access_grant(actor=coordinator, survey=open_survey, email=outsider.email)
    with pytest.raises(PermissionDenied):
        survey_access_grant(actor=contributor, survey=open_survey, email=contributor.email)


def test_saving_unchanged_units_keeps_them_and_changing_them_after_codes_is_refused(make_survey, coordinator):
    from vereinbar.surveys.services.invitations import codes_create

    survey = make_survey(units="A\nA / B")
    before = set(survey.units.values_list("pk", flat=True))
    survey_update(actor=coordinator, survey=survey, **_settings(survey), units="A / B\nA")
    assert set(survey.units.values_list("pk", flat=True)) == before
    codes_create(actor=coordinator, survey=survey, count=1, unit=survey.units.get(name="B"), language="de")
    with pytest.raises(ValidationError) as caught:
        survey_update(actor=coordinator, survey=survey, **_settings(survey), units="A\nC")
    assert "units" in caught.value.message_dict
