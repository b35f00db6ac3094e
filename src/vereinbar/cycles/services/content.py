"""Changing what a phase delivers: answers per criterion, evidence files, notes, workshops and
their outcomes, annual reports, signatures; and what must be there before it is submitted.

Every change checks the same guard (``run_edit_guard``): the user works on this phase
(from its ``actor`` in the programme data), the cycle still runs, and the run is open or
returned. Signing needs the submitting party (the coordinator, not contributors).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vereinbar.accounts.models import User
from vereinbar.activity.services import entry_record
from vereinbar.core.quotes import nested_quotes
from vereinbar.programmes.models import ActionField, AssessmentKind, Criterion, DeliverableKind

from ..models import (
    EDITABLE_PHASE_STATUSES,
    AnnualReport,
    AssessmentAnswer,
    Evidence,
    Goal,
    GoalProgress,
    GoalStatus,
    PhaseRun,
    PhaseStatus,
    Signature,
    TargetAgreement,
    Workshop,
    WorkshopOutcome,
)
from ..models.deliverables import meeting_day_problem, signing_day_problem
from ..permissions import parties_of, phase_edit_check
from ..selectors import assessable, criteria_in_scope, survey_problems
from ..uploads import upload_check
from ..workflow import TransitionRefused
from . import _common as c

WORKSHOP_KINDS = (DeliverableKind.WORKSHOP, DeliverableKind.TRAINING, DeliverableKind.MEETING)
# Kinds whose deliverable is free text or attached files: a note or a file is required.
DOCUMENT_KINDS = (DeliverableKind.REPORT, DeliverableKind.REVIEW)


def run_edit_guard(actor: User, run: PhaseRun, kinds: Sequence[str] | None = None, *, sign: bool = False) -> None:
    """Refuse (PermissionDenied or TransitionRefused) unless the actor may change this run's content now."""
    cycle = run.cycle
    if not parties_of(actor, cycle):
        raise PermissionDenied
    if kinds is not None and run.phase.deliverable not in kinds:
        raise ValidationError(_("This phase does not deliver that."))
    phase_edit_check(actor, cycle, run.phase, sign=sign)
    if not cycle.is_working:
        raise TransitionRefused(
            _("The cycle is “%(status)s”; its phases can no longer be changed.")
            % {"status": cycle.get_status_display()}
        )
    if run.status not in EDITABLE_PHASE_STATUSES:
        if run.status == PhaseStatus.LOCKED:
            raise TransitionRefused(_("“%(phase)s” is not open yet.") % {"phase": nested_quotes(run)})
        raise TransitionRefused(
            _("“%(phase)s” is “%(status)s”; it can no longer be changed.")
            % {"phase": nested_quotes(run), "status": run.get_status_display()}
        )


def _answered(criterion: Criterion, answer: AssessmentAnswer | None) -> bool:
    if answer is None:
        return False
    kind = criterion.assessment_kind
    if kind == AssessmentKind.STATUS:
        return bool(answer.status)
    if kind == AssessmentKind.SCORE:
        return answer.score is not None
    return len(answer.text.strip()) >= max(1, criterion.min_length or 0)


def _written(answer: AssessmentAnswer | None) -> int:
    """The length of a text answer's text (0: none, or an answer of another kind)."""
    return len(answer.text.strip()) if answer is not None and answer.text else 0


@dataclass(frozen=True)
class CriterionGap:
    """What a criterion still lacks before its phase can be handed in: its answer, a longer
    text (``length`` of the criterion's minimum written so far) or its evidence."""

    criterion: Criterion
    lacks: Literal["answer", "length", "evidence"]
    length: int = 0


def criterion_gaps(run: PhaseRun) -> list[CriterionGap]:
    """The criteria of a phase that records answers that keep it from being handed in, in the
    order ``deliverable_problems`` names them (a phase page puts each next to its criterion)."""
    answers = {answer.criterion_id: answer for answer in run.answers.all()}
    with_evidence = set(run.evidence.exclude(criterion=None).values_list("criterion_id", flat=True))
    criteria = assessable(criteria_in_scope(run.phase))
    unanswered = [cr for cr in criteria if cr.required and not _answered(cr, answers.get(cr.pk))]
    # A text written but shorter than the criterion asks for is named as such, with its length.
    short = {
        cr.pk: _written(answers.get(cr.pk))
        for cr in unanswered
        if cr.assessment_kind not in (AssessmentKind.STATUS, AssessmentKind.SCORE) and _written(answers.get(cr.pk))
    }
    gaps = [CriterionGap(cr, "answer") for cr in unanswered if cr.pk not in short]
    gaps += [CriterionGap(cr, "length", short[cr.pk]) for cr in unanswered if cr.pk in short]
    gaps += [
        CriterionGap(cr, "evidence")
        for cr in criteria_in_scope(run.phase)
        if cr.evidence_required and cr.pk not in with_evidence
    ]
    return gaps


def deliverable_problems(run: PhaseRun) -> list[str]:
    """What is missing before the run can be submitted (empty: nothing)."""
    kind = run.phase.deliverable
    problems: list[str] = []
    if run.phase.records_answers:  # a self-assessment, or a phase that assesses criteria (format 2)
        gaps = criterion_gaps(run)
        missing = [gap.criterion.code for gap in gaps if gap.lacks == "answer"]
        if missing:
            problems.append(_("Not answered yet: %(codes)s.") % {"codes": ", ".join(missing)})
        named = [
            _("%(code)s (%(length)s of %(minimum)s characters)")
            % {"code": gap.criterion.code, "length": gap.length, "minimum": gap.criterion.min_length}
            for gap in gaps
            if gap.lacks == "length"
        ]
        if named:
            problems.append(_("Shorter than asked for: %(codes)s.") % {"codes": ", ".join(named)})
        lacking = [gap.criterion.code for gap in gaps if gap.lacks == "evidence"]
        if lacking:
            problems.append(_("Evidence is missing for: %(codes)s.") % {"codes": ", ".join(lacking)})
    if kind in WORKSHOP_KINDS:
        if not run.workshops.exists():
            problems.append(_("Record at least one meeting (date, moderator, participants) first."))
    elif kind == DeliverableKind.TARGET_AGREEMENT:
        agreement = TargetAgreement.objects.filter(cycle=run.cycle).first()
        if agreement is None or not agreement.goals.exists():
            problems.append(_("The target agreement has no goals yet."))
        elif not agreement.is_signed:
            problems.append(_("The target agreement must be signed by the organisation's management first."))
    elif kind == DeliverableKind.ANNUAL_REPORT:
        report = AnnualReport.objects.filter(phase_run=run).first()
        goals = Goal.objects.filter(agreement__cycle=run.cycle).exclude(status=GoalStatus.DROPPED)
        reported = set(report.progress.values_list("goal_id", flat=True)) if report else set()
        missing_goals = [goal.code for goal in goals if goal.pk not in reported]
        if report is None or not (report.summary.strip() or reported):
            problems.append(_("Write the report first."))
        elif missing_goals:
            problems.append(_("Report on every goal; missing: %(codes)s.") % {"codes": ", ".join(missing_goals)})
    elif kind == DeliverableKind.SIGNATURE:
        if not Signature.objects.filter(phase_run=run).exists():
            problems.append(_("Record the signature first."))
    elif kind == DeliverableKind.SURVEY:
        problems.extend(survey_problems(run))
    elif kind in DOCUMENT_KINDS and not run.note.strip() and not run.evidence.exists():
        problems.append(_("Write the text or attach a document first."))
    return problems


def _record(actor: User, run: PhaseRun, verb: str, after: dict[str, Any]) -> None:
    entry_record(actor=actor, verb=verb, target=run, organisation=run.cycle.organisation, after=after)


def phase_note_save(*, actor: User, run: PhaseRun, note: str) -> PhaseRun:
    """Save the free text of a phase (what was done, the report, the recommendation)."""
    with transaction.atomic():
        run = c.lock_run(run)
        run_edit_guard(actor, run)
        run.note = note
        run.save(update_fields=["note", "updated_at"])
        _record(actor, run, c.VERB_CONTENT_CHANGED, {"note": len(note)})
    return run


def _score(value: Any, criterion: Criterion) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        score = Decimal(str(value))
    except InvalidOperation:
        raise ValueError(_("Enter a number.")) from None
    top = criterion.max_score if criterion.max_score is not None else Decimal(0)
    if not score.is_finite() or score < 0 or score > top:
        raise ValueError(_("Enter a score from 0 to %(max)s.") % {"max": top.normalize()})
    if criterion.score_step and score % criterion.score_step:
        raise ValueError(criterion.score_step_message())
    return score


def answers_save(*, actor: User, run: PhaseRun, answers: Sequence[Mapping[str, Any]]) -> list[AssessmentAnswer]:
    """Save answers given as ``{"criterion": code, "status"|"score"|"text", "comment"}``; an answer
    that changes loses the reviewer's earlier verdict. ValidationError keyed by criterion code."""
    with transaction.atomic():
        run = c.lock_run(run)
        run_edit_guard(actor, run, None if run.phase.records_answers else [DeliverableKind.SELF_ASSESSMENT])
        criteria = {criterion.code: criterion for criterion in criteria_in_scope(run.phase)}
        errors: dict[str, str] = {}
        saved: list[AssessmentAnswer] = []
        for item in answers:
            code = str(item.get("criterion", ""))
            criterion = criteria.get(code)
            if criterion is None:
                errors[code or "criterion"] = _("This criterion is not part of this self-assessment.")
                continue
            values: dict[str, Any] = {"comment": str(item.get("comment") or "")}
            kind = criterion.assessment_kind
            try:
                if kind == AssessmentKind.STATUS:
                    status = str(item.get("status") or "")
                    options = {option.value for option in criterion.scale.options.all()} if criterion.scale else set()
                    if status and status not in options:
                        raise ValueError(_("Choose one of the options offered."))
                    values["status"] = status
                elif kind == AssessmentKind.SCORE:
                    values["score"] = _score(item.get("score"), criterion)
                elif kind == AssessmentKind.TEXT:
                    text = str(item.get("text") or "")
                    if criterion.max_length and len(text) > criterion.max_length:
                        raise ValueError(_("At most %(max)s characters.") % {"max": criterion.max_length})
                    values["text"] = text
            except ValueError as exc:
                errors[code] = str(exc)
                continue
            answer, created = AssessmentAnswer.objects.get_or_create(
                phase_run=run, criterion=criterion, defaults={"cycle": run.cycle, **values, "updated_by": actor}
            )
            if not created:
                changed = any(getattr(answer, key) != value for key, value in values.items())
                if changed:
                    for key, value in values.items():
                        setattr(answer, key, value)
                    answer.accepted = None
                    answer.updated_by = actor
                    answer.save()
            saved.append(answer)
        if errors:
            raise ValidationError(errors)
        _record(actor, run, c.VERB_CONTENT_CHANGED, {"answers": [answer.criterion.code for answer in saved]})
    return saved


def evidence_add(
    *, actor: User, run: PhaseRun, upload: Any, criterion_code: str | None = None, description: str = ""
) -> Evidence:
    """Attach a file (checked for size and type by its content) to the phase, or to one criterion of it."""
    phase_edit_check(actor, run.cycle, run.phase)  # before the file is read
    checked = upload_check(upload)
    with transaction.atomic():
        run = c.lock_run(run)
        run_edit_guard(actor, run)
        criterion = None
        if criterion_code:
            criterion = next((cr for cr in criteria_in_scope(run.phase) if cr.code == criterion_code), None)
            if criterion is None:
                raise ValidationError({"criterion": _("This criterion is not part of this phase.")})
        evidence = Evidence(
            cycle=run.cycle,
            phase_run=run,
            criterion=criterion,
            original_name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            description=description[:300],
            uploaded_by=actor,
        )
        evidence.file.save(checked.name, upload, save=False)
        evidence.save()
        _record(actor, run, c.VERB_EVIDENCE_ADDED, {"file": checked.name, "criterion": criterion_code or ""})
    return evidence


def evidence_remove(*, actor: User, evidence: Evidence) -> None:
    with transaction.atomic():
        run = c.lock_run(evidence.phase_run)
        run_edit_guard(actor, run)
        name = evidence.original_name
        stored = evidence.file.name or ""
        evidence.delete()
        _record(actor, run, c.VERB_EVIDENCE_REMOVED, {"file": name})
        storage = Evidence._meta.get_field("file").storage
        transaction.on_commit(lambda: storage.delete(stored))


def evidence_read_record(*, actor: User, evidence: Evidence) -> None:
    """Note in the history who downloaded an evidence file (a sensitive read, not a change);
    the caller has already checked that the actor is a party to the cycle."""
    with transaction.atomic():
        _record(actor, evidence.phase_run, "evidence.downloaded", {"file": evidence.original_name})


def workshop_save(
    *,
    actor: User,
    run: PhaseRun,
    held_on: date,
    workshop: Workshop | None = None,
    title: str = "",
    moderator: str = "",
    participants_count: int | None = None,
    minutes: str = "",
) -> Workshop:
    """Record (or change) a workshop, training or meeting of the phase."""
    with transaction.atomic():
        run = c.lock_run(run)
        run_edit_guard(actor, run, WORKSHOP_KINDS)
        if workshop is not None and workshop.phase_run_id != run.pk:
            raise PermissionDenied
        problems: dict[str, str] = {}
        if participants_count is not None and participants_count < 1:
            problems["participants_count"] = _("Enter a number of 1 or more.")
        if day_problem := meeting_day_problem(run.cycle, held_on):
            problems["held_on"] = day_problem
        if problems:
            raise ValidationError(problems)
        workshop = workshop or Workshop(cycle=run.cycle, phase_run=run, created_by=actor)
        workshop.held_on, workshop.title, workshop.moderator = held_on, title, moderator
        workshop.participants_count, workshop.minutes = participants_count, minutes
        workshop.save()
        _record(actor, run, c.VERB_CONTENT_CHANGED, {"workshop": str(held_on)})
    return workshop


def action_field_of(run_or_version: Any, code: str | None) -> ActionField | None:
    if not code:
        return None
    version_id = getattr(run_or_version, "version_id", None) or run_or_version.phase.version_id
    field = ActionField.objects.filter(version_id=version_id, code=code).first()
    if field is None:
        raise ValidationError({"action_field": _("There is no action field “%(code)s”.") % {"code": code}})
    return field


def _beginning(text: str, limit: int = 80) -> str:
    """A long text's beginning for the history, cut after a whole word and ended by "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:.-–") + "…"


def outcome_add(*, actor: User, workshop: Workshop, text: str, action_field_code: str | None = None) -> WorkshopOutcome:
    if not text.strip():
        raise ValidationError({"text": _("Describe the outcome.")})
    with transaction.atomic():
        run = c.lock_run(workshop.phase_run)
        run_edit_guard(actor, run, WORKSHOP_KINDS)
        outcome = WorkshopOutcome.objects.create(
            workshop=workshop, text=text.strip(), action_field=action_field_of(run, action_field_code)
        )
        _record(actor, run, c.VERB_CONTENT_CHANGED, {"outcome": _beginning(outcome.text)})
    return outcome


def annual_report_save(
    *, actor: User, run: PhaseRun, summary: str, progress: Sequence[Mapping[str, Any]] = ()
) -> AnnualReport:
    """The report's summary and, per goal (``{"goal": code, "status", "comment"}``), its progress;
    the goal takes the reported status."""
    with transaction.atomic():
        run = c.lock_run(run)
        run_edit_guard(actor, run, [DeliverableKind.ANNUAL_REPORT])
        goals = {goal.code: goal for goal in Goal.objects.filter(agreement__cycle=run.cycle)}
        errors: dict[str, str] = {}
        for item in progress:
            code, status = str(item.get("goal", "")), str(item.get("status", ""))
            if code not in goals:
                errors[code or "goal"] = _("There is no goal with this number.")
            elif status not in GoalStatus.values:
                errors[code] = _("Choose one of the statuses offered.")
        if errors:
            raise ValidationError(errors)
        report, _created = AnnualReport.objects.get_or_create(phase_run=run)
        report.summary = summary
        report.save()
        for item in progress:
            goal = goals[str(item["goal"])]
            GoalProgress.objects.update_or_create(
                report=report, goal=goal, defaults={"status": item["status"], "comment": str(item.get("comment") or "")}
            )
            if goal.status != item["status"]:
                goal.status = item["status"]
                goal.save(update_fields=["status"])
        _record(actor, run, c.VERB_CONTENT_CHANGED, {"report": [str(item["goal"]) for item in progress]})
    return report


def signature_record(
    *,
    actor: User,
    run: PhaseRun,
    signer_name: str,
    signed_on: date,
    signer_function: str = "",
    scan: Any = None,
) -> Signature:
    """Record who signed (the charter), when, and the signed scan. Only the coordinator signs."""
    phase_edit_check(actor, run.cycle, run.phase, sign=True)  # before the scan is read
    if not signer_name.strip():
        raise ValidationError({"signer_name": _("Name who signed.")})
    if day_problem := signing_day_problem(run.cycle, signed_on):
        raise ValidationError({"signed_on": day_problem})
    checked = upload_check(scan, field="scan") if scan is not None else None
    with transaction.atomic():
        run = c.lock_run(run)
        run_edit_guard(actor, run, [DeliverableKind.SIGNATURE], sign=True)
        signature = Signature.objects.filter(phase_run=run).first() or Signature(cycle=run.cycle, phase_run=run)
        signature.signer_name, signature.signer_function = signer_name.strip(), signer_function.strip()
        signature.signed_on, signature.recorded_by = signed_on, actor
        if checked is not None:
            signature.scan.save(checked.name, scan, save=False)
            signature.scan_name, signature.scan_type = checked.name, checked.content_type
        signature.save()
        _record(actor, run, c.VERB_SIGNATURE, {"signer": signature.signer_name, "signed_on": signed_on.isoformat()})
    return signature
