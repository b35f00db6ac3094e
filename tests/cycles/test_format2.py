"""Programme format 2 in the running cycle: the constructs of tests/cycles/programmes/seal2.yaml."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from tests.cycles.api_client import Api
from vereinbar.cycles import selectors, services
from vereinbar.cycles.forms import AnswersForm
from vereinbar.cycles.models import PhaseStatus
from vereinbar.cycles.workflow import TransitionRefused


@pytest.fixture
def seal2(load_programme):
    return load_programme("seal2")


@pytest.fixture
def self_assessment(seal2, open_cycle):
    cycle = open_cycle(seal2)
    return cycle.phase_runs.get(phase__key="self_assessment", status=PhaseStatus.OPEN)


# --- whole-number scores and steps ----------------------------------------------------------


def test_a_whole_point_criterion_refuses_a_half_point_in_the_service(self_assessment, contributor):
    with pytest.raises(ValidationError) as raised:
        services.answers_save(actor=contributor, run=self_assessment, answers=[{"criterion": "1.1", "score": "14.5"}])
    assert raised.value.message_dict == {"1.1": ["Enter a whole number from 0 to 29."]}
    assert not self_assessment.answers.exists()
    services.answers_save(actor=contributor, run=self_assessment, answers=[{"criterion": "1.1", "score": "14"}])
    assert self_assessment.answers.get().score == 14


def test_a_half_point_step_allows_halves_but_not_quarters(self_assessment, contributor):
    services.answers_save(actor=contributor, run=self_assessment, answers=[{"criterion": "1.2", "score": "7.5"}])
    with pytest.raises(ValidationError) as raised:
        services.answers_save(actor=contributor, run=self_assessment, answers=[{"criterion": "1.2", "score": "7.25"}])
    assert raised.value.message_dict == {"1.2": ["Enter a score from 0 to 10 in steps of 0.5."]}


def test_the_api_refuses_a_half_point_next_to_the_criterion(self_assessment, coordinator, contributor):
    api = Api({"contributor": contributor}).as_("contributor")
    path = f"/cycles/{self_assessment.cycle_id}/phases/{self_assessment.pk}/answers"
    status, body = api.put(path, [{"criterion": "1.1", "score": 14.5}])
    assert status == 422, body
    assert "Enter a whole number from 0 to 29." in str(body)
    assert not self_assessment.answers.exists()
    assert api.put(path, [{"criterion": "1.1", "score": 14}])[0] == 200


def test_the_form_shows_the_step_message_next_to_the_score_field(self_assessment):
    criteria = list(self_assessment.phase.stage.version.criteria.order_by("order"))
    whole = criteria[0]
    form = AnswersForm({f"score_{whole.pk}": "14.5"}, criteria=criteria, answers={})
    assert not form.is_valid()
    assert form.errors[f"score_{whole.pk}"] == ["Enter a whole number from 0 to 29."]
    assert 'step="1"' in str(form[f"score_{whole.pk}"])
    assert AnswersForm({f"score_{whole.pk}": "14"}, criteria=criteria, answers={}).is_valid()


def test_a_score_over_the_maximum_is_refused_with_the_maximum_as_the_language_writes_it(self_assessment):
    criteria = list(self_assessment.phase.stage.version.criteria.order_by("order"))
    whole = criteria[0]
    with translation.override("de"):
        form = AnswersForm({f"score_{whole.pk}": "30"}, criteria=criteria, answers={})
        assert not form.is_valid()
        assert form.errors[f"score_{whole.pk}"] == ["Bitte höchstens 29 Punkte eingeben."]
        assert form[f"score_{whole.pk}"].label == "Punktzahl (0 bis 29)"


# --- a flat list of criteria ------------------------------------------------------------------


def test_a_flat_list_of_criteria_runs_to_an_award_without_an_action_field_heading(
    seal2, open_cycle, parties, client, login
):
    from tests.cycles.helpers import drive

    cycle = open_cycle(seal2)
    run = cycle.phase_runs.get(phase__key="self_assessment")
    login(parties["coordinator"])
    url = reverse("workspace_cycles:phase", args=[cycle.organisation.slug, cycle.pk, run.pk])
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="criterion-1.1"' in page and 'id="criterion-1.2"' in page
    assert "<h3>" not in page  # no heading for the untitled field that holds a flat list
    drive(cycle, parties, until_award=True)
    assert cycle.award.level.key == "seal"


# --- optional phases and a level that needs a phase -------------------------------------------


def _apply(seal2, parties, employer_org, **kwargs):
    cycle = services.cycle_apply(actor=parties["coordinator"], organisation=employer_org, programme=seal2, **kwargs)
    return services.cycle_accept(actor=parties["operator"], cycle=cycle, auditor=parties["auditor"])


def test_a_cycle_that_does_not_take_the_optional_phase_is_decided_without_waiting_for_it(seal2, parties, employer_org):
    from tests.cycles.helpers import drive

    cycle = _apply(seal2, parties, employer_org)
    assert not cycle.phase_runs.filter(phase__key="interview").exists()
    assert drive(cycle, parties, until_award=True) == ["self_assessment", "self_assessment", "decision"]
    assert cycle.award.level.key == "seal"  # the upper tier needs the interview
    upper = selectors.cycle_level(cycle).check("seal_plus")
    assert [r.code for r in upper.reasons if not r.satisfied] == ["criterion_met", "phase_accepted"]


def test_the_upper_tier_needs_the_optional_phase_chosen_at_application_and_accepted(seal2, parties, employer_org):
    from tests.cycles.helpers import drive

    cycle = _apply(seal2, parties, employer_org, optional_phases=["interview"])
    assert cycle.optional_phases == ["interview"]
    assert drive(cycle, parties, stop_before="interview") == ["self_assessment", "self_assessment"]
    interview = cycle.phase_runs.get(phase__key="interview")
    services.answers_save(actor=parties["auditor"], run=interview, answers=[{"criterion": "1.3", "score": "3"}])
    assert drive(cycle, parties, stop_before="decision") == ["interview", "interview"]
    drive(cycle, parties, until_award=True)
    assert cycle.award.level.key == "seal_plus"


# --- criteria answered in other phase kinds -------------------------------------------------


def test_the_auditor_records_criterion_results_in_an_interview_and_they_count(seal2, parties, employer_org):
    from tests.cycles.helpers import drive

    cycle = _apply(seal2, parties, employer_org, optional_phases=["interview"])
    drive(cycle, parties, stop_before="interview")
    interview = cycle.phase_runs.get(phase__key="interview")
    with pytest.raises(PermissionDenied):  # the interview is the auditor's, not the employer's
        services.answers_save(actor=parties["coordinator"], run=interview, answers=[{"criterion": "1.3", "score": 3}])
    with pytest.raises(ValidationError) as raised:  # only the criteria in the interview's scope
        services.answers_save(actor=parties["auditor"], run=interview, answers=[{"criterion": "1.1", "score": 3}])
    assert "1.1" in raised.value.message_dict
    services.answers_save(actor=parties["auditor"], run=interview, answers=[{"criterion": "1.3", "score": 1}])
    assert selectors.cycle_level(cycle).check("seal_plus").reasons[1].code == "criterion_met"
    assert not selectors.cycle_level(cycle).check("seal_plus").reasons[1].satisfied  # 1 is below the pass score 2


def test_the_interview_page_and_the_api_record_criterion_results(seal2, parties, employer_org, client, login):
    from tests.cycles.helpers import drive

    cycle = _apply(seal2, parties, employer_org, optional_phases=["interview"])
    drive(cycle, parties, stop_before="interview")
    interview = cycle.phase_runs.get(phase__key="interview")
    login(parties["auditor"])
    page = client.get(reverse("operator_cycles:phase", args=[cycle.pk, interview.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert 'id="criterion-1.3"' in page.content.decode() and 'id="answers-form"' in page.content.decode()
    api = Api({"auditor": parties["auditor"]}).as_("auditor")
    path = f"/cycles/{cycle.pk}/phases/{interview.pk}/answers"
    status, body = api.put(path, [{"criterion": "1.3", "score": 2}])
    assert status == 200, body
    assert interview.answers.get().score == 2


def test_the_decision_waits_for_an_optional_phase_the_auditor_added(seal2, parties, employer_org):
    from tests.cycles.helpers import drive

    cycle = _apply(seal2, parties, employer_org)
    services.phase_choose(actor=parties["auditor"], cycle=cycle, phase_key="interview", taken=True)
    cycle.refresh_from_db()
    assert cycle.optional_phases == ["interview"]
    drive(cycle, parties, stop_before="interview")
    decision = cycle.phase_runs.get(phase__key="decision")
    assert decision.status == PhaseStatus.LOCKED
    with pytest.raises(TransitionRefused):
        services.cycle_decide(actor=parties["board"], cycle=cycle, outcome="grant")
    with pytest.raises(PermissionDenied):  # once the cycle runs, the employer no longer chooses
        services.phase_choose(actor=parties["coordinator"], cycle=cycle, phase_key="interview", taken=False)


def test_leaving_an_untouched_optional_phase_opens_what_waited_for_it(seal2, parties, employer_org):
    from tests.cycles.helpers import drive

    cycle = _apply(seal2, parties, employer_org, optional_phases=["interview"])
    drive(cycle, parties, stop_before="interview")
    services.phase_choose(actor=parties["auditor"], cycle=cycle, phase_key="interview", taken=False)
    assert not cycle.phase_runs.filter(phase__key="interview").exists()
    assert cycle.phase_runs.get(phase__key="decision").status == PhaseStatus.OPEN
    with pytest.raises(TransitionRefused):  # the decision has opened: the interview cannot come back
        services.phase_choose(actor=parties["auditor"], cycle=cycle, phase_key="interview", taken=True)


def test_only_optional_phases_can_be_chosen(seal2, parties, employer_org):
    with pytest.raises(ValidationError) as raised:
        services.cycle_apply(
            actor=parties["coordinator"], organisation=employer_org, programme=seal2, optional_phases=["decision"]
        )
    assert "optional_phases" in raised.value.message_dict


# --- publication rules as data: award granted (and listed) when a named phase is accepted ------


def test_the_award_is_granted_on_the_phase_the_data_names_and_the_rest_follows(load_programme, parties, employer_org):
    from tests.cycles.helpers import drive
    from vereinbar.certificates.models import Award

    charter = load_programme("charter2")
    cycle = _apply(charter, parties, employer_org)
    assert drive(cycle, parties, until_award=True) == ["signing", "signing"]
    assert cycle.status == "awarded"
    training = cycle.phase_runs.get(phase__key="training")
    assert training.status == PhaseStatus.OPEN  # not waited for: the award came with the signature
    assert Award.objects.valid_on(cycle.award.issued_on).filter(organisation=employer_org).exists()
    drive(cycle, parties)
    assert cycle.status == "completed"


# --- programmes and stages that close to new applications --------------------------------------


@pytest.fixture
def siegel(load_programme):
    from tests.cycles.test_api_walk import LIBRARY

    return load_programme(LIBRARY / "qualitaetssiegel-familienfreundlicher-arbeitgeber.yaml")


def test_a_programme_that_ended_takes_no_new_application_but_is_not_offered_either(siegel, parties, employer_org):
    from vereinbar.cycles.forms import ApplyForm

    with pytest.raises(TransitionRefused) as raised:
        services.cycle_apply(actor=parties["coordinator"], organisation=employer_org, programme=siegel)
    assert "no new applications" in str(raised.value)
    assert not employer_org.cycles.exists()
    assert siegel not in ApplyForm().fields["programme"].queryset


def test_a_cycle_started_before_the_end_still_finishes_and_cannot_be_renewed_after_it(siegel, parties, employer_org):
    from datetime import date

    from tests.cycles.helpers import drive

    cycle = services.cycle_apply(
        actor=parties["coordinator"], organisation=employer_org, programme=siegel, applied_on=date(2020, 5, 4)
    )
    cycle = services.cycle_accept(
        actor=parties["operator"], cycle=cycle, auditor=parties["auditor"], started_on=date(2020, 6, 1)
    )
    drive(cycle, parties, until_award=True)
    assert cycle.status in ("awarded", "completed") and cycle.award.number
    with pytest.raises(TransitionRefused) as raised:
        services.cycle_renew(actor=parties["coordinator"], cycle=cycle)
    assert "no new applications" in str(raised.value)


def test_a_stage_that_closed_takes_no_new_cycle(load_programme, parties, employer_org, tmp_path):
    from tests.cycles.conftest import PROGRAMMES

    text = (PROGRAMMES / "seal2.yaml").read_text(encoding="utf-8")
    path = tmp_path / "seal2-closed.yaml"
    path.write_text(
        text.replace(
            "    award: {validity_months: 36", '    applications_until: "2020-01-31"\n    award: {validity_months: 36'
        )
    )
    closed = load_programme(path)
    with pytest.raises(TransitionRefused):
        services.cycle_apply(actor=parties["coordinator"], organisation=employer_org, programme=closed)


# --- the format 2 programmes of these tests export back to the same definition ----------------


@pytest.mark.parametrize("name", ["seal2", "charter2"])
def test_a_format_2_programme_exports_back_to_the_same_definition(load_programme, name):
    from vereinbar.programmes.definition import content_hash, definition_check
    from vereinbar.programmes.exporter import version_export

    version = load_programme(name).current_version
    exported = version_export(version, "yaml").body
    again = definition_check(exported, filename=f"{name}.yaml")
    assert again.ok, again.problems
    assert again.definition["format"] == 2
    assert content_hash(again.definition) == version.content_hash
    assert version_export(version, "json").body.startswith("{")


def test_the_auditor_takes_an_optional_phase_on_the_cycle_page(seal2, parties, employer_org, client, login):
    cycle = _apply(seal2, parties, employer_org)
    login(parties["auditor"])
    page = client.get(reverse("operator_cycles:detail", args=[cycle.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert 'id="optional-phases"' in page.content.decode() and "Take this phase" in page.content.decode()
    response = client.post(
        reverse("operator_cycles:act", args=[cycle.pk, "optional"]), {"phase": "interview", "taken": "1"}
    )
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert cycle.optional_phases == ["interview"]
    assert cycle.phase_runs.filter(phase__key="interview").exists()
    login(parties["coordinator"])
    workspace = client.get(reverse("workspace_cycles:detail", args=[employer_org.slug, cycle.pk])).content.decode()
    assert "this cycle takes it" in workspace and "Leave this phase out" not in workspace  # no button once it runs
