"""Filling a phase's deliverable so that it can be submitted, whatever the programme says."""

from __future__ import annotations

import io
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from vereinbar.cycles import services
from vereinbar.cycles.models import PhaseRun
from vereinbar.cycles.selectors import assessable, criteria_in_scope
from vereinbar.programmes.models import ActionField, AssessmentKind, DeliverableKind

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name: str = "evidence.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def best_answers(run: PhaseRun) -> list[dict]:
    """Answers that meet every criterion in the phase's scope (highest score, a meeting status)."""
    answers = []
    for criterion in assessable(criteria_in_scope(run.phase)):
        item: dict = {"criterion": criterion.code}
        if criterion.assessment_kind == AssessmentKind.STATUS:
            item["status"] = next(o.value for o in criterion.scale.options.all() if o.meets)
        elif criterion.assessment_kind == AssessmentKind.SCORE:
            item["score"] = str(criterion.max_score)
        else:
            item["text"] = "We do this, and here is how: " + "x" * (criterion.min_length or 0)
        answers.append(item)
    return answers


def fill(run: PhaseRun, *, editor, signer) -> None:
    """Put into the run what its deliverable kind needs before it can be submitted."""
    kind = run.phase.deliverable
    if kind == DeliverableKind.SELF_ASSESSMENT:
        services.answers_save(actor=editor, run=run, answers=best_answers(run))
        for criterion in criteria_in_scope(run.phase):
            if criterion.evidence_required:
                services.evidence_add(actor=editor, run=run, upload=pdf_upload(), criterion_code=criterion.code)
    elif kind in (DeliverableKind.WORKSHOP, DeliverableKind.TRAINING, DeliverableKind.MEETING):
        workshop = services.workshop_save(
            actor=editor,
            run=run,
            held_on=timezone.localdate(),
            moderator="A. Auditor",
            participants_count=12,
            minutes="…",
        )
        services.outcome_add(actor=editor, workshop=workshop, text="Offer telework to carers")
    elif kind == DeliverableKind.TARGET_AGREEMENT:
        agreement = getattr(run.cycle, "target_agreement", None)
        if agreement is None or not agreement.goals.exists():
            field = ActionField.objects.filter(version=run.cycle.version).order_by("order").first()
            if field is None:
                raise AssertionError("a target agreement needs an action field")
            goal = services.goal_save(
                actor=editor,
                cycle=run.cycle,
                action_field_code=field.code,
                title="More flexible hours",
                success_measure="Usage figures",
                owner="HR",
                due_on=date(2027, 12, 31),
            )
            services.goal_measure_save(actor=editor, goal=goal, title="Flexitime without core time")
        services.agreement_sign(
            actor=signer,
            cycle=run.cycle,
            signer_name="Dr. Head",
            signer_function="Chief executive",
            signed_on=date.today(),
        )
    elif kind == DeliverableKind.ANNUAL_REPORT:
        goals = run.cycle.target_agreement.goals.all() if hasattr(run.cycle, "target_agreement") else []
        services.annual_report_save(
            actor=editor,
            run=run,
            summary="On track.",
            progress=[{"goal": g.code, "status": "in_progress", "comment": "Going"} for g in goals],
        )
    elif kind == DeliverableKind.SIGNATURE:
        services.signature_record(
            actor=signer,
            run=run,
            signer_name="Jane Mayor",
            signer_function="Mayor",
            signed_on=date.today(),
            scan=pdf_upload("charter.pdf"),
        )
    else:
        services.phase_note_save(actor=editor, run=run, note="Done, see the attached notes.")
        services.evidence_add(
            actor=editor, run=run, upload=SimpleUploadedFile("notes.txt", io.BytesIO(b"notes").read())
        )


SUBMITTER = {
    "coordinator": "coordinator",
    "contributor": "coordinator",
    "auditor": "auditor",
    "board": "board",
    "operator": "operator",
}
EDITOR = {**SUBMITTER, "coordinator": "contributor", "contributor": "contributor"}


def submit_first_phase(cycle, parties) -> PhaseRun:
    """The cycle's first open phase, filled and submitted for review; the mails of the hand-in
    sent and cleared, so that a test reads only the mails of what it does next."""
    from django.core import mail

    from vereinbar.cycles.models import PhaseStatus
    from vereinbar.notifications.outbox import outbox_deliver

    run = PhaseRun.objects.filter(cycle=cycle, status=PhaseStatus.OPEN).order_by("pk").first()
    assert run is not None
    fill(run, editor=parties[EDITOR[run.phase.actor]], signer=parties["coordinator"])
    services.phase_submit(actor=parties[SUBMITTER[run.phase.actor]], run=run)
    outbox_deliver()
    mail.outbox.clear()
    return run


def drive(
    cycle, people: dict, *, until_award: bool = False, stop_before: str | None = None, limit: int = 60
) -> list[str]:
    """Work through every phase as the people the programme names, granting at the decision.
    Returns the keys of the phases in the order they were completed."""
    from vereinbar.cycles.models import PhaseStatus

    done: list[str] = []
    for _step in range(limit):
        cycle.refresh_from_db()
        if until_award and hasattr(cycle, "award"):
            break
        runs = list(cycle.phase_runs.select_related("phase").order_by("phase__order", "occurrence"))
        waiting = [r for r in runs if r.status in (PhaseStatus.OPEN, PhaseStatus.RETURNED, PhaseStatus.SUBMITTED)]
        if not waiting or not cycle.is_working:
            break
        run = waiting[0]
        if run.phase.key == stop_before:
            break
        if run.status == PhaseStatus.SUBMITTED:
            services.phase_accept(actor=people[SUBMITTER[run.phase.accepted_by]], run=run)
        elif run.phase.deliverable == DeliverableKind.DECISION:
            services.cycle_decide(actor=people[SUBMITTER[run.phase.actor]], cycle=cycle, outcome="grant")
        else:
            # a phase of a programme role (format 2): the coordinator acts while nobody is named for it
            editor = people["coordinator"] if run.phase.role else people[EDITOR[run.phase.actor]]
            fill(run, editor=editor, signer=people[SUBMITTER[run.phase.actor]])
            services.phase_submit(actor=people[SUBMITTER[run.phase.actor]], run=run)
        done.append(run.phase.key)
    cycle.refresh_from_db()
    return done


def applied_on(cycle, day) -> None:
    """Back-date the cycle's application (as the API's ``applied_on`` does for a cycle begun on
    paper), so that a test can sign or meet on a fixed day before today."""
    type(cycle).objects.filter(pk=cycle.pk).update(applied_on=day)
    cycle.applied_on = day
