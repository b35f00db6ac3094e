"""Surveys for cycles: created for the cycle's survey phase (pre-filled from the stage), the
phase follows the survey (closed with results), and the assigned auditor reads the aggregated
report, never comments or raw data."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from vereinbar.activity.models import Entry
from vereinbar.cycles import services
from vereinbar.cycles.models import PhaseStatus
from vereinbar.surveys.models import Survey, SurveyStatus
from vereinbar.surveys.permissions import SurveyAction, can
from vereinbar.surveys.services.surveys import survey_open

from .survey_helpers import closed_with, cycle_survey, load_instrument, load_programme, open_cycle, survey_run

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def version(db):
    return load_instrument()


@pytest.fixture
def cycle(operator_org, employer_org, coordinator, operator_admin, auditor, version):
    programme = load_programme(operator_org)
    return open_cycle(programme, employer_org, coordinator, operator_admin, auditor)


def test_a_survey_for_a_cycle_belongs_to_its_survey_phase(cycle, coordinator, version):
    survey = cycle_survey(cycle, coordinator, version)
    assert survey.cycle == cycle
    assert survey.phase_run == survey_run(cycle)
    entry = Entry.objects.filter(verb="survey.created").latest("pk")
    assert entry.after["cycle"] == cycle.pk and entry.after["phase_run"] == survey_run(cycle).pk


def test_the_create_page_is_prefilled_from_the_stage(client, login, cycle, coordinator, version):
    login(coordinator)
    run = survey_run(cycle)
    page = client.get(f"/en/workspace/{cycle.organisation.slug}/surveys/new/?cycle={cycle.pk}&run={run.pk}")
    assert page.status_code == 200
    form = page.context["form"]
    assert form.initial["instrument_version"] == version.pk
    assert form.initial["cycle"] == cycle.pk and form.initial["phase_run"] == run.pk
    response = client.post(
        page.request["PATH_INFO"],
        {
            "title_en": "Survey for the seal",
            "instrument_version": version.pk,
            "cycle": cycle.pk,
            "phase_run": run.pk,
            "languages": ["en"],
            "min_group_size": 5,
            "min_group_size_comments": 10,
            "units": "Admin",
        },
    )
    assert response.status_code == 302
    survey = Survey.objects.get(title="Survey for the seal")
    assert survey.phase_run == run


def test_a_standalone_survey_has_no_cycle(client, login, cycle, coordinator, version):
    login(coordinator)
    response = client.post(
        f"/en/workspace/{cycle.organisation.slug}/surveys/new/",
        {
            "title_en": "Pulse",
            "instrument_version": version.pk,
            "cycle": "",
            "languages": ["en"],
            "min_group_size": 5,
            "min_group_size_comments": 10,
        },
    )
    assert response.status_code == 302
    assert Survey.objects.get(title="Pulse").cycle is None


def test_only_one_survey_of_a_phase_runs_at_a_time(cycle, coordinator, version):
    cycle_survey(cycle, coordinator, version)
    with pytest.raises(ValidationError) as refused:
        cycle_survey(cycle, coordinator, version, title="Second")
    assert "not closed yet" in str(refused.value)
    assert Survey.objects.count() == 1


def test_another_organisations_cycle_cannot_be_used(cycle, version, other_employer_org):
    from tests.conftest import _member
    from vereinbar.surveys.services.surveys import survey_create

    other = _member(other_employer_org, "coordinator", "other-coordinator@test.example")
    with pytest.raises(ValidationError):
        survey_create(
            actor=other,
            organisation=other_employer_org,
            instrument_version=version,
            title="Not theirs",
            languages=["en"],
            cycle=cycle,
        )


def test_the_phase_cannot_be_completed_while_its_survey_runs(cycle, coordinator, version):
    survey = cycle_survey(cycle, coordinator, version)
    run = survey_run(cycle)
    with pytest.raises(ValidationError) as refused:
        services.phase_submit(actor=coordinator, run=run)
    assert "has not been opened yet" in str(refused.value)
    survey_open(actor=coordinator, survey=survey)
    with pytest.raises(ValidationError) as refused:
        services.phase_submit(actor=coordinator, run=run)
    assert "still open" in str(refused.value)
    run.refresh_from_db()
    assert run.status == PhaseStatus.OPEN


def test_closing_with_results_completes_the_phase_as_the_platform(cycle, coordinator, version):
    survey = cycle_survey(cycle, coordinator, version)
    closed_with(survey, coordinator, 12)
    run = survey_run(cycle)
    assert run.status == PhaseStatus.ACCEPTED
    entry = Entry.objects.filter(verb="phase.completed", target_id=str(run.pk)).get()
    assert entry.actor is None and entry.actor_label == "system"
    assert entry.after == {"status": "accepted", "survey": survey.pk}


def test_closing_with_results_submits_a_phase_that_someone_accepts(
    operator_org, employer_org, coordinator, operator_admin, auditor, version
):
    programme = load_programme(operator_org, acceptor="auditor")
    cycle = open_cycle(programme, employer_org, coordinator, operator_admin, auditor)
    survey = cycle_survey(cycle, coordinator, version)
    closed_with(survey, coordinator, 12)
    run = survey_run(cycle)
    assert run.status == PhaseStatus.SUBMITTED
    services.phase_accept(actor=auditor, run=run)
    run.refresh_from_db()
    assert run.status == PhaseStatus.ACCEPTED


def test_closing_without_results_leaves_the_phase_open_and_says_why(cycle, coordinator, version):
    survey = cycle_survey(cycle, coordinator, version)
    closed_with(survey, coordinator, 3)
    run = survey_run(cycle)
    assert run.status == PhaseStatus.OPEN
    with pytest.raises(ValidationError) as refused:
        services.phase_submit(actor=coordinator, run=run)
    assert "fewer than 5 answers" in str(refused.value)
    # A second survey can be run for the phase, and its results complete it.
    second = cycle_survey(cycle, coordinator, version, title="Second try")
    closed_with(second, coordinator, 6)
    run.refresh_from_db()
    assert run.status == PhaseStatus.ACCEPTED


def test_a_survey_phase_without_a_linked_survey_takes_the_report_of_one_run_elsewhere(cycle, coordinator):
    run = survey_run(cycle)
    with pytest.raises(ValidationError) as refused:
        services.phase_submit(actor=coordinator, run=run)
    assert "Create the staff survey" in str(refused.value)
    services.phase_note_save(actor=coordinator, run=run, note="Run with our own tool; report attached.")
    services.phase_submit(actor=coordinator, run=run)
    run.refresh_from_db()
    assert run.status == PhaseStatus.ACCEPTED


def test_the_phase_page_shows_the_survey_state(client, login, cycle, coordinator, version):
    survey = cycle_survey(cycle, coordinator, version)
    login(coordinator)
    url = f"/en/workspace/{cycle.organisation.slug}/cycles/{cycle.pk}/phases/{survey_run(cycle).pk}/"
    page = client.get(url).content.decode()
    assert "Staff survey 2026" in page and "In preparation" in page
    assert "Create the staff survey for this phase" not in page  # one is already in preparation
    closed_with(survey, coordinator, 12)
    page = client.get(url).content.decode()
    assert "Closed" in page and "Read the report" in page
    assert f"/surveys/{survey.pk}/results/" in page
    assert "Create the staff survey for this phase" in page or survey_run(cycle).status == PhaseStatus.ACCEPTED


def test_the_phase_page_offers_to_create_the_survey(client, login, cycle, coordinator, contributor):
    run = survey_run(cycle)
    url = f"/en/workspace/{cycle.organisation.slug}/cycles/{cycle.pk}/phases/{run.pk}/"
    login(coordinator)
    assert f"surveys/new/?cycle={cycle.pk}&amp;run={run.pk}" in client.get(url).content.decode()
    login(contributor)
    assert "surveys/new/?cycle=" not in client.get(url).content.decode()


def test_the_assigned_auditor_reads_the_aggregated_report_only(client, login, cycle, coordinator, auditor, version):
    from tests.surveys.conftest import ALL_SCALES
    from vereinbar.surveys.models import ResponseComment

    survey = cycle_survey(cycle, coordinator, version, min_group_size_comments=5)
    survey_open(actor=coordinator, survey=survey)
    from tests.surveys.conftest import respond_rows

    respond_rows(survey, "Admin", 12, ALL_SCALES)
    ResponseComment.objects.bulk_create(
        ResponseComment(survey=survey, unit=None, item="wish", text="Secret wish of someone") for _ in range(12)
    )
    from vereinbar.surveys.services.surveys import survey_close

    survey_close(actor=coordinator, survey=survey)
    survey.refresh_from_db()
    assert can(auditor, survey, SurveyAction.VIEW_REPORT)
    assert not can(auditor, survey, SurveyAction.VIEW)
    assert not can(auditor, survey, SurveyAction.RAW_DATA)
    login(auditor)
    phase = client.get(f"/en/operator/cycles/{cycle.pk}/phases/{survey_run(cycle).pk}/").content.decode()
    report_url = f"/en/operator/cycles/{cycle.pk}/survey/?survey={survey.pk}"
    assert report_url.replace("&", "&amp;") in phase
    page = client.get(report_url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Scale profile" in body and "Secret wish" not in body
    assert 'src="data:image/svg+xml;base64,' in body  # charts inline
    pdf = client.get(f"/en/operator/cycles/{cycle.pk}/survey/report.pdf?survey={survey.pk}")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    # The organisation's own survey pages stay closed to the auditor.
    slug = cycle.organisation.slug
    assert client.get(f"/en/workspace/{slug}/surveys/{survey.pk}/results/").status_code == 404
    assert client.get(f"/en/workspace/{slug}/surveys/{survey.pk}/results/raw/").status_code == 404
    assert client.get(f"/en/workspace/{slug}/surveys/{survey.pk}/results/figures.csv").status_code == 404


def test_an_auditor_not_assigned_and_outsiders_cannot_read_it(client, login, cycle, coordinator, version, outsider):
    from tests.conftest import _member

    survey = cycle_survey(cycle, coordinator, version)
    closed_with(survey, coordinator, 12)
    other_auditor = _member(cycle.programme.operator, "auditor", "other-auditor@test.example")
    survey.refresh_from_db()
    assert not can(other_auditor, survey, SurveyAction.VIEW_REPORT)
    for person in (other_auditor, outsider):
        login(person)
        for url in (
            f"/en/operator/cycles/{cycle.pk}/survey/?survey={survey.pk}",
            f"/en/operator/cycles/{cycle.pk}/survey/report.pdf?survey={survey.pk}",
            f"/en/workspace/{cycle.organisation.slug}/cycles/{cycle.pk}/survey/?survey={survey.pk}",
        ):
            assert client.get(url).status_code == 404, url


def test_a_survey_of_another_cycle_is_not_found_under_this_one(
    client, login, cycle, coordinator, auditor, version, make_other_cycle
):
    survey = cycle_survey(cycle, coordinator, version)
    closed_with(survey, coordinator, 12)
    login(auditor)
    other = make_other_cycle()
    assert client.get(f"/en/operator/cycles/{other.pk}/survey/?survey={survey.pk}").status_code == 404


@pytest.fixture
def make_other_cycle(operator_org, other_employer_org, operator_admin, auditor):
    from tests.conftest import _member

    def make():
        programme = load_programme(operator_org, identifier="urn:vereinbar:programme:test-survey-seal-two")
        other_coordinator = _member(other_employer_org, "coordinator", "second-coordinator@test.example")
        return open_cycle(programme, other_employer_org, other_coordinator, operator_admin, auditor)

    return make


def test_survey_status_is_not_changed_by_reading(cycle, coordinator, version):
    survey = cycle_survey(cycle, coordinator, version)
    assert survey.status == SurveyStatus.DRAFT and not survey.has_results


def test_the_survey_page_and_the_api_name_the_cycle(client, login, cycle, coordinator, version):
    survey = cycle_survey(cycle, coordinator, version)
    login(coordinator)
    slug = cycle.organisation.slug
    page = client.get(f"/en/workspace/{slug}/surveys/{survey.pk}/").content.decode()
    assert f"/en/workspace/{slug}/cycles/{cycle.pk}/phases/{survey_run(cycle).pk}/" in page
    listing = client.get(f"/api/v1/organisations/{slug}/surveys").json()["results"]
    assert listing[0]["cycle"] == cycle.pk and listing[0]["phase_run"] == survey_run(cycle).pk
