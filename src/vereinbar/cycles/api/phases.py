"""API endpoints for phase runs and their deliverables: answers, evidence, workshops and
outcomes, the target agreement, annual reports, signatures; submit, accept, return."""

from datetime import date
from typing import Any, Literal

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import File, Form, Status
from ninja.files import UploadedFile

from vereinbar.api.errors import ApiError
from vereinbar.api.lists import absolute
from vereinbar.api.permissions import permission
from vereinbar.api.schemas import ErrorOut
from vereinbar.core.types import AuthedRequest
from vereinbar.measures.models import Measure
from vereinbar.programmes.models import ActionField, DeliverableKind

from .. import services
from ..models import AnnualReport, Evidence, Goal, PhaseRun, Signature, TargetAgreement, Workshop, WorkshopOutcome
from ..selectors import assessable, criteria_in_scope
from ..services.content import WORKSHOP_KINDS
from ..uploads import MAX_UPLOAD_BYTES
from . import router
from .common import (
    cycle_of,
    evidence_out,
    language,
    may_edit_agreement,
    may_edit_evidence,
    may_edit_run,
    may_edit_workshop,
    may_review_run,
    may_sign_agreement,
    may_sign_run,
    may_turn_outcome_into_goal,
    refusals,
    run_of,
    run_out,
)
from .schemas import (
    AgreementOut,
    AnswerIn,
    AnswerOut,
    EvidenceOut,
    GoalIn,
    GoalMeasureIn,
    GoalMeasureOut,
    GoalOut,
    NoteIn,
    OutcomeIn,
    OutcomeOut,
    PhaseOut,
    ReportIn,
    ReviewIn,
    SignatureOut,
    SignIn,
    ToGoalIn,
    WorkshopIn,
    WorkshopOut,
)

ERRORS = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 413: ErrorOut, 422: ErrorOut}


def _delivering(run: PhaseRun, kinds: Any) -> PhaseRun:
    """The run, if its phase delivers this kind of content; otherwise there is no such thing here (404)."""
    if run.phase.deliverable not in kinds:
        raise ApiError(404, "not_found", _("This phase does not deliver that."))
    return run


def _answers(run: PhaseRun) -> list[dict[str, Any]]:
    return [
        {
            "criterion": a.criterion.code,
            "status": a.status,
            "score": a.score,
            "text": a.text,
            "comment": a.comment,
            "accepted": a.accepted,
        }
        for a in run.answers.select_related("criterion")
    ]


def _outcome(outcome: WorkshopOutcome) -> dict[str, Any]:
    return {
        "id": outcome.pk,
        "text": outcome.text,
        "action_field": outcome.action_field.code if outcome.action_field else None,
        "goal": outcome.goal.code if outcome.goal else None,
    }


def _workshop(workshop: Workshop) -> dict[str, Any]:
    return {
        "id": workshop.pk,
        "held_on": workshop.held_on,
        "title": workshop.title,
        "moderator": workshop.moderator,
        "participants_count": workshop.participants_count,
        "minutes": workshop.minutes,
        "outcomes": [_outcome(o) for o in workshop.outcomes.select_related("action_field", "goal")],
    }


def _goal(goal: Goal) -> dict[str, Any]:
    return {
        "code": goal.code,
        "action_field": goal.action_field.code,
        "title": goal.title,
        "success_measure": goal.success_measure,
        "owner": goal.owner,
        "due_on": goal.due_on,
        "status": goal.status,
        "measures": [_measure(m) for m in goal.measures.all()],
    }


def _measure(measure: Any) -> dict[str, Any]:
    return {
        "code": measure.code,
        "title": measure.title,
        "owner": measure.owner,
        "due_on": measure.due_on,
        "status": measure.status,
        "measure": measure.measure_id,
    }


def _criterion(criterion: Any) -> dict[str, Any]:
    options = criterion.scale.options.all() if criterion.scale else []
    return {
        "code": criterion.code,
        "title": criterion.localised("title", language()),
        "action_field": criterion.action_field.code,
        "kind": criterion.assessment_kind,
        "required": criterion.required,
        "evidence_required": criterion.evidence_required,
        "options": [{"value": o.value, "label": o.localised("label", language()), "meets": o.meets} for o in options],
        "max_score": criterion.max_score,
        "min_length": criterion.min_length,
        "max_length": criterion.max_length,
    }


def deliverable_out(run: PhaseRun) -> dict[str, Any]:
    """The deliverable's content, by its kind."""
    kind = run.phase.deliverable
    if kind == DeliverableKind.SELF_ASSESSMENT:
        answers = _answers(run)
        answered = {a["criterion"] for a in answers if a["status"] or a["score"] is not None or a["text"].strip()}
        criteria = criteria_in_scope(run.phase)
        total = [c.code for c in assessable(criteria)]
        return {
            "criteria": [_criterion(c) for c in criteria],
            "answers": answers,
            "progress": {"answered": len(answered & set(total)), "total": len(total)},
        }
    if kind in WORKSHOP_KINDS:
        return {"workshops": [_workshop(w) for w in run.workshops.all()]}
    if kind == DeliverableKind.ANNUAL_REPORT:
        report = AnnualReport.objects.filter(phase_run=run).first()
        if report is None:
            return {"report": None}
        progress = [
            {"goal": p.goal.code, "status": p.status, "comment": p.comment}
            for p in report.progress.select_related("goal")
        ]
        return {"report": {"summary": report.summary, "progress": progress}}
    if kind == DeliverableKind.SIGNATURE:
        signature = Signature.objects.filter(phase_run=run).first()
        if signature is None:
            return {"signature": None}
        from django.urls import reverse

        return {
            "signature": {
                "signer_name": signature.signer_name,
                "signer_function": signature.signer_function,
                "signed_on": signature.signed_on,
                "scan": signature.scan_name or None,
                "scan_url": absolute(reverse("api:cycle_signature_scan", args=[run.cycle_id, run.pk]))
                if signature.scan
                else None,
            }
        }
    return {}


@router.get(
    "/{cycle_id}/phases/{run_id}", response={200: PhaseOut, 404: ErrorOut}, summary="One phase with its deliverable"
)
def phase_detail(request: AuthedRequest, cycle_id: int, run_id: int) -> dict[str, Any]:
    return run_out(run_of(cycle_of(request, cycle_id), run_id))


@router.put("/{cycle_id}/phases/{run_id}/note", response={200: PhaseOut, **ERRORS}, summary="Save the phase's text")
@permission(may_edit_run)
@refusals
def phase_note(request: AuthedRequest, cycle_id: int, run_id: int, body: NoteIn) -> dict[str, Any]:
    run = run_of(cycle_of(request, cycle_id), run_id)
    return run_out(services.phase_note_save(actor=request.user, run=run, note=body.note))


@router.put("/{cycle_id}/phases/{run_id}/answers", response={200: list[AnswerOut], **ERRORS}, summary="Save answers")
@permission(may_edit_run)
@refusals
def phase_answers(request: AuthedRequest, cycle_id: int, run_id: int, body: list[AnswerIn]) -> list[dict[str, Any]]:
    """Answers by criterion code; only the fields the criterion's assessment kind uses are read."""
    run = run_of(cycle_of(request, cycle_id), run_id)
    run = run if run.phase.records_answers else _delivering(run, [DeliverableKind.SELF_ASSESSMENT])
    services.answers_save(actor=request.user, run=run, answers=[item.dict() for item in body])
    return _answers(run)


@router.post("/{cycle_id}/phases/{run_id}/evidence", response={201: EvidenceOut, **ERRORS}, summary="Upload evidence")
@permission(may_edit_run)
@refusals
def phase_evidence(
    request: AuthedRequest,
    cycle_id: int,
    run_id: int,
    file: UploadedFile = File(...),  # noqa: B008
    criterion: str | None = Form(None),
    description: str = Form("", max_length=300),
) -> Status[dict[str, Any]]:
    """PDF, PNG, JPEG, DOCX, XLSX, ODT, ODS, TXT or CSV, judged by content; at most 20 MB."""
    run = run_of(cycle_of(request, cycle_id), run_id)
    if (file.size or 0) > MAX_UPLOAD_BYTES:
        raise ApiError(
            413, "file_too_large", _("Files may be at most %(max)s MB.") % {"max": MAX_UPLOAD_BYTES // 2**20}
        )
    evidence = services.evidence_add(
        actor=request.user, run=run, upload=file, criterion_code=criterion or None, description=description
    )
    return Status(201, evidence_out(evidence))


@router.get(
    "/{cycle_id}/evidence/{evidence_id}",
    response={200: None, 404: ErrorOut},
    url_name="cycle_evidence",
    summary="Download evidence",
)
def evidence_download(request: AuthedRequest, cycle_id: int, evidence_id: int) -> FileResponse:
    cycle = cycle_of(request, cycle_id)
    item = get_object_or_404(Evidence, pk=evidence_id, cycle=cycle)
    services.evidence_read_record(actor=request.user, evidence=item)
    response = FileResponse(
        item.file.open("rb"), as_attachment=True, filename=item.original_name, content_type=item.content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response


@router.delete("/{cycle_id}/evidence/{evidence_id}", response={204: None, **ERRORS}, summary="Remove evidence")
@permission(may_edit_evidence)
@refusals
def evidence_delete(request: AuthedRequest, cycle_id: int, evidence_id: int) -> Status[None]:
    cycle = cycle_of(request, cycle_id)
    services.evidence_remove(actor=request.user, evidence=get_object_or_404(Evidence, pk=evidence_id, cycle=cycle))
    return Status(204, None)


@router.post(
    "/{cycle_id}/phases/{run_id}/workshops", response={201: WorkshopOut, **ERRORS}, summary="Record a workshop"
)
@permission(may_edit_run)
@refusals
def workshop_add(request: AuthedRequest, cycle_id: int, run_id: int, body: WorkshopIn) -> Status[dict[str, Any]]:
    run = _delivering(run_of(cycle_of(request, cycle_id), run_id), WORKSHOP_KINDS)
    return Status(201, _workshop(services.workshop_save(actor=request.user, run=run, **body.dict())))


@router.post(
    "/{cycle_id}/workshops/{workshop_id}/outcomes", response={201: OutcomeOut, **ERRORS}, summary="Add an outcome"
)
@permission(may_edit_workshop)
@refusals
def outcome_add(request: AuthedRequest, cycle_id: int, workshop_id: int, body: OutcomeIn) -> Status[dict[str, Any]]:
    workshop = get_object_or_404(Workshop, pk=workshop_id, cycle=cycle_of(request, cycle_id))
    outcome = services.outcome_add(
        actor=request.user, workshop=workshop, text=body.text, action_field_code=body.action_field
    )
    return Status(201, _outcome(outcome))


@router.post(
    "/{cycle_id}/outcomes/{outcome_id}/goal", response={201: GoalOut, **ERRORS}, summary="Turn an outcome into a goal"
)
@permission(may_turn_outcome_into_goal)
@refusals
def outcome_goal(request: AuthedRequest, cycle_id: int, outcome_id: int, body: ToGoalIn) -> Status[dict[str, Any]]:
    outcome = get_object_or_404(WorkshopOutcome, pk=outcome_id, workshop__cycle=cycle_of(request, cycle_id))
    goal = services.outcome_to_goal(actor=request.user, outcome=outcome, action_field_code=body.action_field)
    return Status(201, _goal(goal))


@router.get("/{cycle_id}/agreement", response={200: AgreementOut, 404: ErrorOut}, summary="The target agreement")
def agreement_detail(request: AuthedRequest, cycle_id: int) -> dict[str, Any]:
    cycle = cycle_of(request, cycle_id)
    agreement = TargetAgreement.objects.filter(cycle=cycle).first()
    goals = Goal.objects.filter(agreement__cycle=cycle).select_related("action_field").prefetch_related("measures")
    fields = ActionField.objects.filter(version_id=cycle.version_id).order_by("order")
    return {
        "action_fields": [{"code": f.code, "title": f.localised("title", language())} for f in fields],
        "signed_on": agreement.signed_on if agreement else None,
        "signer_name": agreement.signer_name if agreement else "",
        "signer_function": agreement.signer_function if agreement else "",
        "accepted_on": agreement.accepted_on if agreement else None,
        "goals": [_goal(goal) for goal in goals],
    }


@router.get(
    "/{cycle_id}/agreement.pdf", response={200: None, 404: ErrorOut}, summary="The signed target agreement as PDF"
)
def agreement_pdf_download(
    request: AuthedRequest, cycle_id: int, language: Literal["de", "nl", "en"] | None = None
) -> HttpResponse:
    """In the language of the request (Accept-Language) unless ``language`` names another one;
    404 ``not_found`` until the agreement is signed."""
    from ..agreement_pdf import agreement_filename, agreement_pdf

    cycle = cycle_of(request, cycle_id)
    agreement = TargetAgreement.objects.filter(cycle=cycle).first()
    if agreement is None or not agreement.is_signed:
        raise ApiError(404, "not_found", _("The target agreement is not signed yet."))
    chosen = language or (translation.get_language() or "de")[:2]
    response = HttpResponse(agreement_pdf(cycle, agreement, language=chosen), content_type="application/pdf")
    filename = agreement_filename(cycle, agreement.signed_on, language=chosen)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@router.post("/{cycle_id}/agreement/goals", response={201: GoalOut, **ERRORS}, summary="Add a goal")
@permission(may_edit_agreement)
@refusals
def goal_add(request: AuthedRequest, cycle_id: int, body: GoalIn) -> Status[dict[str, Any]]:
    cycle = cycle_of(request, cycle_id)
    data = body.dict()
    goal = services.goal_save(actor=request.user, cycle=cycle, action_field_code=data.pop("action_field"), **data)
    return Status(201, _goal(goal))


def _goal_of(request: AuthedRequest, cycle_id: int, code: str) -> Goal:
    return get_object_or_404(Goal, agreement__cycle=cycle_of(request, cycle_id), code=code)


@router.put("/{cycle_id}/agreement/goals/{code}", response={200: GoalOut, **ERRORS}, summary="Change a goal")
@permission(may_edit_agreement)
@refusals
def goal_change(request: AuthedRequest, cycle_id: int, code: str, body: GoalIn) -> dict[str, Any]:
    goal = _goal_of(request, cycle_id, code)
    data = body.dict()
    changed = services.goal_save(
        actor=request.user, cycle=goal.agreement.cycle, goal=goal, action_field_code=data.pop("action_field"), **data
    )
    return _goal(changed)


@router.delete("/{cycle_id}/agreement/goals/{code}", response={204: None, **ERRORS}, summary="Remove a goal")
@permission(may_edit_agreement)
@refusals
def goal_delete(request: AuthedRequest, cycle_id: int, code: str) -> Status[None]:
    services.goal_remove(actor=request.user, goal=_goal_of(request, cycle_id, code))
    return Status(204, None)


@router.post(
    "/{cycle_id}/agreement/goals/{code}/measures",
    response={201: GoalMeasureOut, **ERRORS},
    summary="Add a measure to a goal",
)
@permission(may_edit_agreement)
@refusals
def measure_add(request: AuthedRequest, cycle_id: int, code: str, body: GoalMeasureIn) -> Status[dict[str, Any]]:
    goal = _goal_of(request, cycle_id, code)
    data = body.dict()
    measure_id = data.pop("measure", None)
    measure = (
        get_object_or_404(Measure, pk=measure_id, organisation=goal.agreement.cycle.organisation)
        if measure_id
        else None
    )
    return Status(201, _measure(services.goal_measure_save(actor=request.user, goal=goal, measure=measure, **data)))


@router.post("/{cycle_id}/agreement/sign", response={200: AgreementOut, **ERRORS}, summary="Record the signing")
@permission(may_sign_agreement)
@refusals
def agreement_sign(request: AuthedRequest, cycle_id: int, body: SignIn) -> dict[str, Any]:
    cycle = cycle_of(request, cycle_id)
    services.agreement_sign(actor=request.user, cycle=cycle, **body.dict())
    return agreement_detail(request, cycle_id)


@router.put("/{cycle_id}/phases/{run_id}/report", response={200: PhaseOut, **ERRORS}, summary="Save the annual report")
@permission(may_edit_run)
@refusals
def report_save(request: AuthedRequest, cycle_id: int, run_id: int, body: ReportIn) -> dict[str, Any]:
    run = _delivering(run_of(cycle_of(request, cycle_id), run_id), [DeliverableKind.ANNUAL_REPORT])
    services.annual_report_save(
        actor=request.user, run=run, summary=body.summary, progress=[item.dict() for item in body.progress]
    )
    return run_out(run)


@router.post(
    "/{cycle_id}/phases/{run_id}/signature", response={200: SignatureOut, **ERRORS}, summary="Record a signature"
)
@permission(may_sign_run)
@refusals
def signature_save(
    request: AuthedRequest,
    cycle_id: int,
    run_id: int,
    signer_name: str = Form(..., min_length=1, max_length=200, pattern=r"\S"),
    signed_on: date = Form(...),  # noqa: B008
    signer_function: str = Form("", max_length=200),
    scan: UploadedFile | None = File(None),  # noqa: B008
) -> dict[str, Any] | None:
    run = _delivering(run_of(cycle_of(request, cycle_id), run_id), [DeliverableKind.SIGNATURE])
    if scan is not None and (scan.size or 0) > MAX_UPLOAD_BYTES:
        raise ApiError(
            413, "file_too_large", _("Files may be at most %(max)s MB.") % {"max": MAX_UPLOAD_BYTES // 2**20}
        )
    services.signature_record(
        actor=request.user,
        run=run,
        signer_name=signer_name,
        signer_function=signer_function,
        signed_on=signed_on,
        scan=scan,
    )
    return deliverable_out(run)["signature"]


@router.get(
    "/{cycle_id}/phases/{run_id}/signature/scan",
    response={200: None, 404: ErrorOut},
    url_name="cycle_signature_scan",
    summary="Download the signed scan",
)
def signature_scan(request: AuthedRequest, cycle_id: int, run_id: int) -> FileResponse:
    signature = get_object_or_404(Signature, phase_run=run_of(cycle_of(request, cycle_id), run_id))
    if not signature.scan:
        raise Http404
    return FileResponse(
        signature.scan.open("rb"), as_attachment=True, filename=signature.scan_name, content_type=signature.scan_type
    )


@router.post("/{cycle_id}/phases/{run_id}/submit", response={200: PhaseOut, **ERRORS}, summary="Submit the phase")
@permission(may_sign_run)
@refusals
def phase_submit(request: AuthedRequest, cycle_id: int, run_id: int) -> dict[str, Any]:
    """Without an acceptor in the programme, submitting completes the phase."""
    run = run_of(cycle_of(request, cycle_id), run_id)
    return run_out(services.phase_submit(actor=request.user, run=run))


@router.post(
    "/{cycle_id}/phases/{run_id}/accept", response={200: PhaseOut, **ERRORS}, summary="Accept a submitted phase"
)
@permission(may_review_run)
@refusals
def phase_accept(request: AuthedRequest, cycle_id: int, run_id: int, body: ReviewIn) -> dict[str, Any]:
    run = run_of(cycle_of(request, cycle_id), run_id)
    services.phase_accept(
        actor=request.user,
        run=run,
        comment=body.comment,
        comments=[(c.item, c.text) for c in body.comments],
        rejected=body.rejected,
    )
    run.refresh_from_db()
    return run_out(run)


@router.post(
    "/{cycle_id}/phases/{run_id}/return", response={200: PhaseOut, **ERRORS}, summary="Return a phase for changes"
)
@permission(may_review_run)
@refusals
def phase_return(request: AuthedRequest, cycle_id: int, run_id: int, body: ReviewIn) -> dict[str, Any]:
    run = run_of(cycle_of(request, cycle_id), run_id)
    services.phase_return(
        actor=request.user,
        run=run,
        comment=body.comment,
        comments=[(c.item, c.text) for c in body.comments],
        rejected=body.rejected,
    )
    run.refresh_from_db()
    return run_out(run)
