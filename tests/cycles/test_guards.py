"""Invalid changes are refused with a clear message and change nothing: deciding before the
gate is met, editing a signed target agreement, files too large or of the wrong type,
contributors submitting or signing, levels the rules do not give."""

from __future__ import annotations

import os
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile

from vereinbar.activity.models import Entry
from vereinbar.cycles import selectors, services
from vereinbar.cycles.models import AssessmentAnswer, CycleStatus, Evidence, Goal, PhaseStatus
from vereinbar.cycles.workflow import TransitionRefused

from .helpers import drive, fill, pdf_upload

pytestmark = pytest.mark.django_db


def run_of(cycle, key, occurrence=1):
    return cycle.phase_runs.select_related("phase", "cycle").get(phase__key=key, occurrence=occurrence)


def test_deciding_before_the_gate_is_met_is_refused_and_changes_nothing(audit, open_cycle, parties):
    cycle = open_cycle(audit)
    entries = Entry.objects.count()
    with pytest.raises(TransitionRefused) as refused:
        services.cycle_decide(actor=parties["board"], cycle=cycle, outcome="grant")
    assert "Board decision" in refused.value.messages[0]
    assert "Auditor's report" in refused.value.messages[0]
    cycle.refresh_from_db()
    assert cycle.status == CycleStatus.OPEN
    assert not cycle.decisions.exists()
    assert Entry.objects.count() == entries


def test_only_the_decision_phase_actor_decides(audit, open_cycle, parties):
    cycle = open_cycle(audit)
    drive(cycle, parties, stop_before="decision")
    assert run_of(cycle, "decision").status == PhaseStatus.OPEN
    for who in ("coordinator", "auditor", "operator", "outsider"):
        with pytest.raises(PermissionDenied):
            services.cycle_decide(actor=parties[who], cycle=cycle, outcome="grant")
    services.cycle_decide(actor=parties["board"], cycle=cycle, outcome="defer", board_round="March round")
    assert run_of(cycle, "decision").status == PhaseStatus.OPEN
    with pytest.raises(ValidationError):
        services.cycle_decide(actor=parties["board"], cycle=cycle, outcome="refuse")  # a reason is needed
    services.cycle_decide(actor=parties["board"], cycle=cycle, outcome="grant", decided_on=date(2021, 9, 30))
    cycle.refresh_from_db()
    assert cycle.status == CycleStatus.AWARDED
    assert cycle.award.issued_on == date(2021, 9, 30)
    assert cycle.award.valid_until == date(2024, 9, 30)
    assert [d.outcome for d in cycle.decisions.order_by("pk")] == ["defer", "grant"]


def _agreement_signed(audit, open_cycle, parties):
    cycle = open_cycle(audit)
    drive(cycle, parties, stop_before="agreement")
    run = run_of(cycle, "agreement")
    assert run.status == PhaseStatus.OPEN
    fill(run, editor=parties["contributor"], signer=parties["coordinator"])
    return cycle, run


def test_editing_a_signed_target_agreement_is_refused(audit, open_cycle, parties):
    cycle, _run = _agreement_signed(audit, open_cycle, parties)
    goal = Goal.objects.get(agreement__cycle=cycle)
    before = (goal.title, Goal.objects.count(), Entry.objects.count())
    attempts = [
        lambda: services.goal_save(
            actor=parties["coordinator"], cycle=cycle, goal=goal, action_field_code="1", title="Changed"
        ),
        lambda: services.goal_save(actor=parties["coordinator"], cycle=cycle, action_field_code="3", title="New goal"),
        lambda: services.goal_measure_save(actor=parties["contributor"], goal=goal, title="Another measure"),
        lambda: services.goal_remove(actor=parties["coordinator"], goal=goal),
    ]
    for attempt in attempts:
        with pytest.raises(TransitionRefused) as refused:
            attempt()
        assert "signed" in refused.value.messages[0]
    goal.refresh_from_db()
    assert (goal.title, Goal.objects.count(), Entry.objects.count()) == before


def test_a_returned_agreement_loses_its_signature_and_can_be_changed(audit, open_cycle, parties):
    cycle, run = _agreement_signed(audit, open_cycle, parties)
    services.phase_submit(actor=parties["coordinator"], run=run)
    goal = Goal.objects.get(agreement__cycle=cycle)
    services.phase_return(
        actor=parties["auditor"], run=run, comments=[(goal.code, "Name a success measure you can count.")]
    )
    cycle.target_agreement.refresh_from_db()
    assert not cycle.target_agreement.is_signed
    services.goal_save(
        actor=parties["contributor"],
        cycle=cycle,
        goal=goal,
        action_field_code="1",
        title=goal.title,
        success_measure="Share of staff",
    )
    run.refresh_from_db()
    assert run.reviews.get().comments.get().item == goal.code


def test_contributors_edit_but_neither_submit_nor_sign(audit, open_cycle, parties):
    cycle = open_cycle(audit)
    run = run_of(cycle, "self_assessment")
    fill(run, editor=parties["contributor"], signer=parties["coordinator"])
    with pytest.raises(PermissionDenied):
        services.phase_submit(actor=parties["contributor"], run=run)
    with pytest.raises(PermissionDenied):
        services.answers_save(actor=parties["viewer"], run=run, answers=[{"criterion": "1.2", "status": "none"}])
    goal = services.goal_save(actor=parties["contributor"], cycle=cycle, action_field_code="1", title="Flexitime")
    assert goal.code == "1.1"
    with pytest.raises(PermissionDenied):
        services.agreement_sign(actor=parties["contributor"], cycle=cycle, signer_name="X", signed_on=date.today())


def test_submitting_an_incomplete_self_assessment_names_what_is_missing(audit, open_cycle, parties):
    cycle = open_cycle(audit)
    run = run_of(cycle, "self_assessment")
    services.answers_save(actor=parties["coordinator"], run=run, answers=[{"criterion": "1.1", "status": "full"}])
    with pytest.raises(ValidationError) as refused:
        services.phase_submit(actor=parties["coordinator"], run=run)
    text = " ".join(refused.value.messages)
    assert "1.2" in text and "3.1" in text and "3.2" not in text.split("Evidence")[0]
    assert "Evidence is missing for: 1.1" in text
    run.refresh_from_db()
    assert run.status == PhaseStatus.OPEN


def test_answers_are_checked_against_the_criterion(audit, open_cycle, parties, scored):
    cycle = open_cycle(audit)
    run = run_of(cycle, "self_assessment")
    with pytest.raises(ValidationError) as refused:
        services.answers_save(
            actor=parties["coordinator"],
            run=run,
            answers=[{"criterion": "1.1", "status": "brilliant"}, {"criterion": "9.9", "status": "full"}],
        )
    assert set(refused.value.message_dict) == {"1.1", "9.9"}
    assert not AssessmentAnswer.objects.exists()


def test_a_score_above_the_maximum_is_refused(scored, open_cycle, parties, employer_org):
    cycle = open_cycle(scored)
    run = run_of(cycle, "self_assessment")
    with pytest.raises(ValidationError) as refused:
        services.answers_save(actor=parties["coordinator"], run=run, answers=[{"criterion": "A1", "score": "5"}])
    assert "0 to 4" in refused.value.message_dict["A1"][0]


def test_a_200_mb_file_is_refused_without_storing_anything(audit, open_cycle, parties):
    cycle = open_cycle(audit)
    run = run_of(cycle, "self_assessment")
    big = TemporaryUploadedFile("huge.pdf", "application/pdf", 200 * 1024 * 1024, None)
    with big.file as handle:
        handle.write(b"%PDF-1.4\n")
        handle.truncate(200 * 1024 * 1024)  # sparse: 200 MB without writing them
        handle.seek(0)
        with pytest.raises(ValidationError) as refused:
            services.evidence_add(actor=parties["coordinator"], run=run, upload=big)
    assert "at most 20 MB" in refused.value.message_dict["file"][0]
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(
    "name,content",
    [
        ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00"),
        ("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00"),  # an executable named like a PDF
        ("tool.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00"),
        ("run.txt", b"#!/bin/sh\nrm -rf /\n"),
        ("macro.docx", b"PK\x03\x04 not really a zip"),
        ("photo.png", b"%PDF-1.4 a pdf named png"),
    ],
)
def test_executables_and_disguised_files_are_refused(name, content, audit, open_cycle, parties):
    cycle = open_cycle(audit)
    run = run_of(cycle, "self_assessment")
    with pytest.raises(ValidationError) as refused:
        services.evidence_add(actor=parties["coordinator"], run=run, upload=SimpleUploadedFile(name, content))
    assert refused.value.message_dict["file"]
    assert not Evidence.objects.exists()


def test_evidence_files_are_kept_outside_the_public_media_directory(audit, open_cycle, parties, settings):
    cycle = open_cycle(audit)
    evidence = services.evidence_add(
        actor=parties["coordinator"], run=run_of(cycle, "self_assessment"), upload=pdf_upload()
    )
    path = os.path.realpath(evidence.file.path)
    assert not path.startswith(os.path.realpath(settings.MEDIA_ROOT))
    assert path.startswith(os.path.realpath(settings.STORAGES["private"]["OPTIONS"]["location"]))
    assert evidence.original_name not in path
    with pytest.raises(NotImplementedError):
        evidence.file.url  # noqa: B018


def test_changes_after_submission_are_refused(audit, open_cycle, parties):
    cycle = open_cycle(audit)
    run = run_of(cycle, "self_assessment")
    fill(run, editor=parties["coordinator"], signer=parties["coordinator"])
    services.phase_submit(actor=parties["coordinator"], run=run)
    with pytest.raises(TransitionRefused):
        services.answers_save(actor=parties["coordinator"], run=run, answers=[{"criterion": "1.2", "status": "none"}])
    with pytest.raises(TransitionRefused):
        services.evidence_add(actor=parties["coordinator"], run=run, upload=SimpleUploadedFile("a.txt", b"text"))


def test_a_level_the_rules_do_not_give_is_refused(scored, open_cycle, parties):
    cycle = open_cycle(scored)
    run = run_of(cycle, "self_assessment")
    answers = [{"criterion": "A1", "score": 3}, {"criterion": "A2", "score": 2}, {"criterion": "B1", "score": 4}]
    services.answers_save(actor=parties["coordinator"], run=run, answers=answers)
    services.phase_submit(actor=parties["coordinator"], run=run)
    services.phase_accept(actor=parties["auditor"], run=run)
    # total = 3 + 2·2 + 4 = 11 of 16 = 68.75 %: accomplished, not ambassador (needs 85 % and ≥ 3 each).
    outcome = selectors.cycle_level(cycle)
    assert outcome.level == "accomplished"
    failed = [r.message for r in outcome.check("ambassador").reasons if not r.satisfied]
    assert any("85" in message for message in failed)
    assert any("A2 (2)" in message for message in failed)
    with pytest.raises(TransitionRefused) as refused:
        services.cycle_decide(actor=parties["operator"], cycle=cycle, outcome="grant", level_key="ambassador")
    assert "Ambassador" in refused.value.messages[0]
    decision = services.cycle_decide(actor=parties["operator"], cycle=cycle, outcome="grant", level_key="active")
    assert decision.level.key == "active" and decision.computed_level == "accomplished"
    assert cycle.award.level.key == "active"


def test_the_granted_level_is_the_one_the_rules_compute(scored, open_cycle, parties):
    cycle = open_cycle(scored)
    drive(cycle, parties)
    decision = cycle.decisions.get()
    assert decision.computed_level == "ambassador" == decision.level.key
    assert cycle.award.level.key == "ambassador"
    reached = {check["level"]: check["reached"] for check in decision.reasons}
    assert reached == {"active": True, "accomplished": True, "ambassador": True}


def test_a_rejected_answer_counts_as_not_met(scored, open_cycle, parties):
    cycle = open_cycle(scored)
    run = run_of(cycle, "self_assessment")
    fill(run, editor=parties["coordinator"], signer=parties["coordinator"])
    services.phase_submit(actor=parties["coordinator"], run=run)
    services.phase_accept(
        actor=parties["auditor"], run=run, rejected=["A1"], comments=[("A1", "No written policy found.")]
    )
    assert selectors.cycle_level(cycle).level is None
    with pytest.raises(TransitionRefused):
        services.cycle_decide(actor=parties["operator"], cycle=cycle, outcome="grant")


def test_an_organisation_cannot_run_two_cycles_of_one_programme(audit, open_cycle, parties, employer_org):
    open_cycle(audit)
    with pytest.raises(TransitionRefused):
        services.cycle_apply(actor=parties["coordinator"], organisation=employer_org, programme=audit)
