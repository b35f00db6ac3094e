"""The page of one phase run: its deliverable (as its kind says), evidence, submission and review."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from vereinbar.core.types import AuthedRequest
from vereinbar.programmes.display import Text
from vereinbar.programmes.models import DeliverableKind

from .. import selectors, services
from ..auditor_turn import review_done_message
from ..forms import (
    REVIEW_FORM_ID,
    AnnualReportForm,
    AnswersForm,
    CriterionEvidenceForm,
    EvidenceForm,
    NoteForm,
    OutcomeForm,
    ReviewForm,
    SignatureForm,
    WorkshopForm,
    action_field_choices,
)
from ..models import (
    AnnualReport,
    Cycle,
    Evidence,
    Goal,
    PhaseRun,
    PhaseStatus,
    Review,
    ReviewComment,
    Signature,
    Workshop,
    WorkshopOutcome,
)
from ..permissions import can_accept_phase, can_edit_phase, can_submit_phase, phase_edit_check
from ..selectors import assessable, criteria_in_scope, gate_missing, runs_built_on
from ..services.agreement import agreement_check
from ..services.answers_carry import taken_over
from ..services.content import WORKSHOP_KINDS, _answered, deliverable_problems
from ..services.decision import withheld_unchanged
from ..submit_summary import answer_field, refused_submit_context
from ..survey_hooks import deliverable_of
from ..uploads import LimitedUploadHandler, too_large_error
from ..workflow import TransitionRefused
from .common import back, cycle_get, form_errors_from, refusal_message, run_get


def _review_items(run: PhaseRun) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Items a reviewer can comment on, and answers they can mark as not accepted."""
    kind = run.phase.deliverable
    if run.phase.records_answers:  # a self-assessment, or a phase that assesses criteria (format 2)
        criteria = assessable(criteria_in_scope(run.phase))
        items = [(c.code, f"{c.code} {c.localised('title')}") for c in criteria]
        answered = set(run.answers.values_list("criterion__code", flat=True))
        return items, [item for item in items if item[0] in answered]
    if kind == DeliverableKind.TARGET_AGREEMENT:
        goals = Goal.objects.filter(agreement__cycle=run.cycle)
        return [(g.code, f"{g.code} {g.title}") for g in goals], []
    return [], []


def _status_text(criterion: Any, answer: Any) -> Text | None:
    """The label of the scale option an answer chose (not its stored value), marked when it is
    in the programme's language rather than the reader's."""
    if answer is None or not answer.status or criterion.scale is None:
        return None
    option = criterion.scale.options.filter(value=answer.status).first()
    if option is None:
        return Text(answer.status, "", False)
    text, lang = option.localised_with_language("label")
    wanted = (translation.get_language() or "")[:2]
    return Text(text or answer.status, lang, bool(text) and lang != wanted)


def _latest_comments(run: PhaseRun) -> tuple[Review | None, dict[str, ReviewComment]]:
    """The latest review of the run and its comments by item: what the page shows next to each
    item (earlier reviews stay in the list of reviews above)."""
    review = run.reviews.prefetch_related("comments").first()
    return review, {comment.item: comment for comment in review.comments.all()} if review else {}


def _self_assessment(
    run: PhaseRun, form: AnswersForm, beside: dict[str, dict[str, Any]] | None = None
) -> dict[str, Any]:
    beside = beside or {}
    latest, comments = _latest_comments(run)
    criteria = criteria_in_scope(run.phase)
    answers = {answer.criterion_id: answer for answer in run.answers.all()}
    evidence: dict[int, list[Evidence]] = {}
    for item in run.evidence.exclude(criterion=None):
        evidence.setdefault(item.criterion_id or 0, []).append(item)
    rows, current_field = [], None
    for criterion in criteria:
        rows.append(
            {
                "criterion": criterion,
                "title": criterion.localised("title"),
                "question": criterion.localised("question"),
                "guidance": criterion.localised("guidance"),
                "new_field": criterion.action_field
                if criterion.action_field_id != current_field and criterion.action_field.code  # a flat list: no heading
                else None,
                "fields": form.fields_of(criterion) if criterion in form.criteria else [],
                "answer": answers.get(criterion.pk),
                # taken over from the cycle this one renews and not changed since: to be checked
                "taken_over": bool(answers.get(criterion.pk) and answers[criterion.pk].is_taken_over),
                "status_text": _status_text(criterion, answers.get(criterion.pk)),
                "evidence": evidence.get(criterion.pk, []),
                "depth_class": f"depth-{min(criterion.depth, 3)}",
                "review": beside.get(criterion.code),
                "review_comment": comments.get(criterion.code),
                "reviewed": latest,
            }
        )
        current_field = criterion.action_field_id
    scored = assessable(criteria)
    # the submission's own rule (a text as long as the criterion asks), so the bar and the submit agree
    answered = sum(1 for c in scored if _answered(c, answers.get(c.pk)))
    return {
        "rows": rows,
        "answers_form": form,
        "progress_done": answered,
        "progress_total": len(scored),
        "progress_percent": round(100 * answered / len(scored)) if scored else 100,
    }


def _context(request: AuthedRequest, area: str, run: PhaseRun, bound: dict[str, Any] | None = None) -> dict[str, Any]:
    bound = bound or {}
    cycle, phase, user = run.cycle, run.phase, request.user
    kind = phase.deliverable
    editable = run.is_editable and can_edit_phase(user, cycle, phase)
    items, rejectable = _review_items(run)
    can_review = run.status == PhaseStatus.SUBMITTED and cycle.is_working and can_accept_phase(user, cycle, phase)
    review_form = bound.get("review") or ReviewForm(items=items, rejectable=rejectable)
    # Each item's comment field (and "not accepted" box) stands next to the item it concerns.
    beside = review_form.beside() if can_review else {}
    context: dict[str, Any] = {
        "area": area,
        "cycle": cycle,
        "organisation": cycle.organisation,
        "run": run,
        "phase": phase,
        "description": phase.localised("description"),
        "kind": kind,
        "can_edit": editable,
        "can_submit": run.is_editable and kind != DeliverableKind.DECISION and can_submit_phase(user, cycle, phase),
        "can_review": can_review,
        "problems": deliverable_problems(run) if run.is_editable else [],
        # done again after an award the rules withheld, and its result is still the withheld one
        "withheld_again": withheld_unchanged(run) if run.is_editable else None,
        "gate_missing": gate_missing(run) if run.status == PhaseStatus.LOCKED else [],
        "built_on": runs_built_on(run) if run.status != PhaseStatus.LOCKED else [],
        "reviews": run.reviews.prefetch_related("comments").select_related("reviewer"),
        "attachments": run.evidence.filter(criterion=None),
        "note_form": bound.get("note") or NoteForm(initial={"note": run.note}),
        # the page's two upload forms: a refused file comes back in the form it was sent with
        "evidence_form": bound.get("evidence") or EvidenceForm(),
        "review_form": review_form,
        "review_form_id": REVIEW_FORM_ID,
        # a refused hand-in: what is missing, each linked to where it is filled in (``phase_submit``)
        "submit_errors": bound.get("submit_errors", []),
        "submit_errors_id": SUBMIT_ERRORS_ID,
        "answers_note": bound.get("answers_note", ""),
        # a review before a decision: its text is the recommendation the decision page shows
        "recommends": kind == DeliverableKind.REVIEW
        and cycle.phase_runs.filter(phase__deliverable=DeliverableKind.DECISION, phase__order__gt=phase.order).exists(),
    }
    placed: set[str] = set()
    if phase.records_answers:  # a self-assessment, or a phase that assesses criteria (format 2)
        criteria = criteria_in_scope(phase)
        answers = {answer.criterion_id: answer for answer in run.answers.all()}
        form = bound.get("answers") or AnswersForm(criteria=criteria, answers=answers)
        context.update(_self_assessment(run, form, beside))
        context["taken_over"] = taken_over(run)  # a renewal's answers from the cycle before, to check
        context["criterion_evidence_form"] = bound.get("criterion_evidence") or CriterionEvidenceForm(criteria=criteria)
        placed |= {row["criterion"].code for row in context["rows"]}
    if kind in WORKSHOP_KINDS:
        context["workshops"] = run.workshops.prefetch_related("outcomes__goal", "outcomes__action_field")
        context["workshop_form"] = bound.get("workshop") or WorkshopForm(cycle=cycle)
        context["outcome_form"] = bound.get("outcome") or OutcomeForm(version_id=cycle.version_id)
        context["outcome_workshop"] = bound.get("outcome_workshop")  # the meeting whose outcome was refused
        context["action_fields"] = action_field_choices(cycle.version_id, blank=False)
        context["can_make_goals"] = _may_change_agreement(user, cycle, run)
    elif kind == DeliverableKind.TARGET_AGREEMENT:
        context["goals"] = Goal.objects.filter(agreement__cycle=cycle).prefetch_related("measures")
        context["agreement"] = getattr(cycle, "target_agreement", None)
        context["goal_reviews"] = beside
        context["goal_comments"] = _latest_comments(run)[1]
        placed |= {goal.code for goal in context["goals"]}
    elif kind == DeliverableKind.ANNUAL_REPORT:
        report = AnnualReport.objects.filter(phase_run=run).first()
        goals = list(Goal.objects.filter(agreement__cycle=cycle).select_related("action_field"))
        progress = {p.goal_id: p for p in report.progress.all()} if report else {}
        context["report"] = report
        context["report_form"] = bound.get("report") or AnnualReportForm(
            initial={"summary": report.summary if report else ""}, goals=goals, progress=progress
        )
        context["goal_rows"] = [
            (goal, context["report_form"][f"status_{goal.pk}"], context["report_form"][f"comment_{goal.pk}"])
            for goal in goals
        ]
    elif kind == DeliverableKind.SIGNATURE:
        context["signature"] = Signature.objects.filter(phase_run=run).first()
        context["signature_form"] = bound.get("signature") or SignatureForm(cycle=cycle)
        context["can_sign"] = run.is_editable and can_submit_phase(user, cycle, phase)
    elif kind == DeliverableKind.SURVEY:
        # The surveys linked to the run: surveys, above cycles, answers (``survey_hooks``).
        context.update(deliverable_of(kind).panel(user, area, run))
    placed = placed if can_review else set()
    context["review_rest"] = _review_rest(review_form, placed)
    context["review_placed"] = any(code in placed for code, _label in items)
    if area == "operator" and not (can_review or context["can_submit"]):
        context["next_waiting"] = _next_waiting(request, run)
    return context


def _next_waiting(request: AuthedRequest, run: PhaseRun) -> selectors.Waiting | None:
    """What waits for the reader next, on the operator side, when this phase asks nothing more
    of them (just reviewed, or someone else's): the next employer is one click away."""
    waiting = selectors.waiting_for_operator(user=request.user, limit=2)
    return next((item for item in waiting if item.run is None or item.run.pk != run.pk), None)


def _review_rest(form: ReviewForm, placed: set[str]) -> list[Any]:
    """The review form's fields that no item of the page has taken in: the overall comment, and
    those of items the page does not show."""
    rest: list[Any] = [form["comment"]]
    rest += [form[f"item_{code}"] for code, _label in form.items if code not in placed]
    if form.rejectable:
        # the boxes stand next to the answers; errors on them (rare: a forged code) stay here
        rest.append(form["rejected"] if set(form.rejectable) - placed else form["rejected"].errors)
    return rest


def _render(
    request: AuthedRequest, area: str, run: PhaseRun, bound: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    return render(request, "cycles/phase.html", _context(request, area, run, bound), status=status)


@login_required
def detail(request: AuthedRequest, area: str, pk: int, run: int, slug: str | None = None) -> HttpResponse:
    cycle = cycle_get(request, area, pk, slug)
    return _render(request, area, run_get(cycle, run))


def _answer_errors(form: AnswersForm, exc: ValidationError) -> None:
    by_code = {c.code: c for c in form.criteria}
    for code, errors in getattr(exc, "message_dict", {"": exc.messages}).items():
        criterion = by_code.get(code)
        if criterion is None:
            form.add_error(None, errors)
            continue
        form.add_error(answer_field(criterion), errors)


# One view per action posted from a phase page (``phase_act``'s ``action``). Each takes the
# cycle and run already fetched for the reader; form errors re-render the page next to the
# fields (422), a refused change comes back as a message (``act``).
PhaseAction = Callable[[AuthedRequest, str, Cycle, PhaseRun], HttpResponse]


def _back(area: str, cycle: Cycle, phase_run: PhaseRun, anchor: str = "") -> HttpResponse:
    return back(area, cycle, "phase", phase_run.pk, anchor=anchor)


def answers_save(request: AuthedRequest, area: str, cycle: Cycle, phase_run: PhaseRun) -> HttpResponse:
    criteria = criteria_in_scope(phase_run.phase)
    answers = {a.criterion_id: a for a in phase_run.answers.all()}
    form = AnswersForm(request.POST, criteria=criteria, answers=answers)
    # the button is at the end of a long page that comes back at its top: say there that nothing was saved
    refused = _("The answers have not been saved: please correct the entries marked below.")
    if not form.is_valid():
        messages.error(request, refused)
        return _render(request, area, phase_run, {"answers": form}, status=422)
    if not form.has_changed():
        messages.info(request, _("No answer was changed."))
        return _back(area, cycle, phase_run, "deliverable")
    try:
        services.answers_save(actor=request.user, run=phase_run, answers=form.answers())
    except ValidationError as exc:
        if isinstance(exc, TransitionRefused):
            raise
        _answer_errors(form, exc)
        messages.error(request, refused)
        return _render(request, area, phase_run, {"answers": form}, status=422)
    messages.success(request, _("The answers have been saved."))
    return _back(area, cycle, phase_run, "deliverable")


def note_save(request: AuthedRequest, area: str, cycle: Cycle, phase_run: PhaseRun) -> HttpResponse:
    note_form = NoteForm(request.POST)
    if note_form.is_valid():
        services.phase_note_save(actor=request.user, run=phase_run, note=note_form.cleaned_data["note"])
        messages.success(request, _("The text has been saved."))
    return _back(area, cycle, phase_run, "notes")


def workshop_save(request: AuthedRequest, area: str, cycle: Cycle, phase_run: PhaseRun) -> HttpResponse:
    workshop_form = WorkshopForm(request.POST, cycle=cycle)
    if not workshop_form.is_valid():
        return _render(request, area, phase_run, {"workshop": workshop_form}, status=422)
    try:
        services.workshop_save(actor=request.user, run=phase_run, **workshop_form.cleaned_data)
    except ValidationError as exc:
        if isinstance(exc, TransitionRefused):
            raise
        form_errors_from(workshop_form, exc)
        return _render(request, area, phase_run, {"workshop": workshop_form}, status=422)
    messages.success(request, _("The meeting has been recorded."))
    return _back(area, cycle, phase_run, "deliverable")


def outcome_add(request: AuthedRequest, area: str, cycle: Cycle, phase_run: PhaseRun) -> HttpResponse:
    workshop = get_object_or_404(Workshop, pk=request.POST.get("workshop"), phase_run=phase_run)
    outcome_form = OutcomeForm(request.POST, version_id=cycle.version_id)
    if not outcome_form.is_valid():
        return _render(request, area, phase_run, {"outcome": outcome_form, "outcome_workshop": workshop.pk}, status=422)
    services.outcome_add(
        actor=request.user,
        workshop=workshop,
        text=outcome_form.cleaned_data["text"],
        action_field_code=outcome_form.cleaned_data["action_field"] or None,
    )
    messages.success(request, _("The outcome has been added."))
    return _back(area, cycle, phase_run, f"workshop-{workshop.pk}")


def _may_change_agreement(user: Any, cycle: Cycle, run: PhaseRun) -> bool:
    """Whether the reader may turn this workshop's outcomes into goals (what the service checks)."""
    try:
        agreement_check(user, cycle, extra_editor=run)
    except (PermissionDenied, ValidationError):
        return False
    return True


def outcome_to_goal(request: AuthedRequest, area: str, cycle: Cycle, phase_run: PhaseRun) -> HttpResponse:
    outcome = get_object_or_404(WorkshopOutcome, pk=request.POST.get("outcome"), workshop__phase_run=phase_run)
    goal = services.outcome_to_goal(
        actor=request.user, outcome=outcome, action_field_code=request.POST.get("action_field") or None
    )
    messages.success(request, _("Goal %(code)s has been added to the target agreement.") % {"code": goal.code})
    return _back(area, cycle, phase_run, f"workshop-{outcome.workshop_id}")


def annual_report_save(request: AuthedRequest, area: str, cycle: Cycle, phase_run: PhaseRun) -> HttpResponse:
    report = AnnualReport.objects.filter(phase_run=phase_run).first()
    goals = list(Goal.objects.filter(agreement__cycle=cycle))
    report_form = AnnualReportForm(request.POST, goals=goals, progress={})
    if not report_form.is_valid():
        return _render(request, area, phase_run, {"report": report_form}, status=422)
    services.annual_report_save(
        actor=request.user,
        run=phase_run,
        summary=report_form.cleaned_data["summary"],
        progress=report_form.progress(),
    )
    messages.success(request, _("The report has been saved.") if report else _("The report has been started."))
    return _back(area, cycle, phase_run)


def evidence_remove(request: AuthedRequest, area: str, cycle: Cycle, phase_run: PhaseRun) -> HttpResponse:
    evidence = get_object_or_404(Evidence, pk=request.POST.get("evidence"), phase_run=phase_run)
    services.evidence_remove(actor=request.user, evidence=evidence)
    messages.success(request, _("The file has been removed."))
    return _back(area, cycle, phase_run, "deliverable")


SUBMIT_ERRORS_ID = "submit-errors"


def phase_submit(request: AuthedRequest, area: str, cycle: Cycle, phase_run: PhaseRun) -> HttpResponse:
    """Hand the phase in. Its Submit button sends the answers form along where the page has one:
    what was typed is saved first. Refused for what is still missing: the page again (422), a
    summary on top naming each gap with a link to its field, the answers as they were typed."""
    form = None
    saved = False
    if phase_run.phase.records_answers:
        form = AnswersForm(
            request.POST,
            criteria=criteria_in_scope(phase_run.phase),
            answers={a.criterion_id: a for a in phase_run.answers.all()},
        )
        if not any(name in request.POST for name in form.fields):
            form = None  # sent without the answers (by someone who may submit but not edit)
    if form is not None:
        if not form.is_valid():
            return _submit_refused(request, area, phase_run, form, answers="kept")
        if form.has_changed():
            try:
                services.answers_save(actor=request.user, run=phase_run, answers=form.answers())
            except ValidationError as exc:
                if isinstance(exc, TransitionRefused):
                    raise
                _answer_errors(form, exc)
                return _submit_refused(request, area, phase_run, form, answers="kept")
            saved = True
            form.mark_saved()
    try:
        services.phase_submit(actor=request.user, run=phase_run)
    except ValidationError as exc:
        if isinstance(exc, TransitionRefused):
            raise
        return _submit_refused(request, area, phase_run, form, problems=exc.messages, answers="saved" if saved else "")
    phase_run.refresh_from_db()
    messages.success(request, selectors.submitted_message(run=phase_run))
    return _back(area, cycle, phase_run)


def _submit_refused(
    request: AuthedRequest,
    area: str,
    phase_run: PhaseRun,
    form: AnswersForm | None,
    *,
    problems: list[str] | None = None,
    answers: str = "",
) -> HttpResponse:
    """The phase page with the summary of a refused hand-in (submit_summary.py)."""
    bound = refused_submit_context(
        user=request.user, area=area, phase_run=phase_run, form=form, problems=problems, answers=answers
    )
    return _render(request, area, phase_run, bound, status=422)


def _phase_review(
    request: AuthedRequest, area: str, cycle: Cycle, phase_run: PhaseRun, *, accept: bool
) -> HttpResponse:
    items, rejectable = _review_items(phase_run)
    review_form = ReviewForm(request.POST, items=items, rejectable=rejectable)
    if not review_form.is_valid():
        return _render(request, area, phase_run, {"review": review_form}, status=422)
    service = services.phase_accept if accept else services.phase_return
    try:
        service(
            actor=request.user,
            run=phase_run,
            comment=review_form.cleaned_data["comment"],
            comments=review_form.item_comments(),
            rejected=review_form.cleaned_data.get("rejected", []),
        )
    except ValidationError as exc:
        if isinstance(exc, TransitionRefused):
            raise
        form_errors_from(review_form, exc)
        return _render(request, area, phase_run, {"review": review_form}, status=422)
    messages.success(request, review_done_message(run=phase_run, accepted=accept))
    return _back(area, cycle, phase_run)


def phase_accept(request: AuthedRequest, area: str, cycle: Cycle, phase_run: PhaseRun) -> HttpResponse:
    return _phase_review(request, area, cycle, phase_run, accept=True)


def phase_return(request: AuthedRequest, area: str, cycle: Cycle, phase_run: PhaseRun) -> HttpResponse:
    return _phase_review(request, area, cycle, phase_run, accept=False)


PHASE_ACTIONS: dict[str, PhaseAction] = {
    "answers": answers_save,
    "note": note_save,
    "workshop": workshop_save,
    "outcome": outcome_add,
    "outcome-goal": outcome_to_goal,
    "report": annual_report_save,
    "evidence-remove": evidence_remove,
    "submit": phase_submit,
    "accept": phase_accept,
    "return": phase_return,
}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def act(request: AuthedRequest, area: str, pk: int, run: int, action: str, slug: str | None = None) -> HttpResponse:
    """A change posted from a phase page: fetches the cycle and run the reader may see, then
    hands over to the action's view (404 for an unknown action); a refused change comes back to
    the phase with the reason as a message. A GET (the page reloaded, or its language switched,
    after a form refused here, a review returned without a comment say) goes to the phase."""
    cycle = cycle_get(request, area, pk, slug)
    phase_run = run_get(cycle, run)
    if request.method != "POST":
        return _back(area, cycle, phase_run)
    view = PHASE_ACTIONS.get(action)
    if view is None:
        raise Http404
    try:
        return view(request, area, cycle, phase_run)
    except ValidationError as exc:
        refusal_message(request, exc)
    return _back(area, cycle, phase_run)


def _limited(request: HttpRequest) -> None:
    # Before CSRF middleware or the view reads the body: stop files over the limit early.
    request.upload_handlers.insert(0, LimitedUploadHandler(request))


def _upload_run(request: AuthedRequest, area: str, pk: int, run: int, slug: str | None, *, sign: bool) -> PhaseRun:
    """The run to upload to, for someone who may: refused (403) before the body is read, so a
    refused file is neither received nor parsed."""
    cycle = cycle_get(request, area, pk, slug)
    phase_run = run_get(cycle, run)
    phase_run.cycle = cycle  # the one fetched with its organisation and programme
    phase_edit_check(request.user, cycle, phase_run.phase, sign=sign)
    _limited(request)
    return phase_run


@csrf_exempt
@login_required
@require_POST
def evidence_upload(request: AuthedRequest, area: str, pk: int, run: int, slug: str | None = None) -> HttpResponse:
    return _evidence_upload(request, area, _upload_run(request, area, pk, run, slug, sign=False))


def _refuse_too_large(form: forms.Form, field: str) -> None:
    """The file was stopped on its way in: say it was too large, not that it is missing."""
    form.is_valid()
    form.errors.pop(field, None)
    form_errors_from(form, too_large_error(field))


@csrf_protect
def _evidence_upload(request: AuthedRequest, area: str, phase_run: PhaseRun) -> HttpResponse:
    cycle = phase_run.cycle
    form: EvidenceForm
    if request.POST.get("criterion") and phase_run.phase.records_answers:  # the form below the criteria
        form = CriterionEvidenceForm(request.POST, request.FILES, criteria=criteria_in_scope(phase_run.phase))
        key = "criterion_evidence"
    else:
        form, key = EvidenceForm(request.POST, request.FILES), "evidence"
    too_large = getattr(request, "upload_too_large", None)
    if too_large:
        _refuse_too_large(form, "file")
        return _render(request, area, phase_run, {key: form}, status=413)
    if not form.is_valid():
        return _render(request, area, phase_run, {key: form}, status=422)
    try:
        services.evidence_add(
            actor=request.user,
            run=phase_run,
            upload=form.cleaned_data["file"],
            criterion_code=form.cleaned_data["criterion"] or None,
            description=form.cleaned_data["description"],
        )
    except ValidationError as exc:
        if isinstance(exc, TransitionRefused):
            refusal_message(request, exc)
            return back(area, cycle, "phase", phase_run.pk)
        form_errors_from(form, exc)
        return _render(request, area, phase_run, {key: form}, status=422)
    messages.success(request, _("The file has been added."))
    criterion = form.cleaned_data["criterion"]
    return back(area, cycle, "phase", phase_run.pk, anchor=f"criterion-{criterion}" if criterion else "attachments")


@csrf_exempt
@login_required
@require_POST
def signature_upload(request: AuthedRequest, area: str, pk: int, run: int, slug: str | None = None) -> HttpResponse:
    return _signature_upload(request, area, _upload_run(request, area, pk, run, slug, sign=True))


@csrf_protect
def _signature_upload(request: AuthedRequest, area: str, phase_run: PhaseRun) -> HttpResponse:
    cycle = phase_run.cycle
    form = SignatureForm(request.POST, request.FILES, cycle=cycle)
    if getattr(request, "upload_too_large", None):
        _refuse_too_large(form, "scan")
        return _render(request, area, phase_run, {"signature": form}, status=413)
    if not form.is_valid():
        return _render(request, area, phase_run, {"signature": form}, status=422)
    try:
        services.signature_record(actor=request.user, run=phase_run, **form.cleaned_data)
    except ValidationError as exc:
        if isinstance(exc, TransitionRefused):
            refusal_message(request, exc)
            return back(area, cycle, "phase", phase_run.pk)
        form_errors_from(form, exc)
        return _render(request, area, phase_run, {"signature": form}, status=422)
    messages.success(request, _("The signature has been recorded."))
    return back(area, cycle, "phase", phase_run.pk)


def _file_response(field: Any, name: str, content_type: str) -> FileResponse:
    response = FileResponse(field.open("rb"), as_attachment=True, filename=name, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def evidence_download(
    request: AuthedRequest, area: str, pk: int, evidence: int, slug: str | None = None
) -> FileResponse:
    """An evidence file, only for the parties to its cycle; never from a public URL."""
    cycle = cycle_get(request, area, pk, slug)
    item = get_object_or_404(Evidence, pk=evidence, cycle=cycle)
    services.evidence_read_record(actor=request.user, evidence=item)
    return _file_response(item.file, item.original_name, item.content_type)


@login_required
def signature_scan(request: AuthedRequest, area: str, pk: int, run: int, slug: str | None = None) -> FileResponse:
    cycle = cycle_get(request, area, pk, slug)
    signature = get_object_or_404(Signature, phase_run=run_get(cycle, run))
    if not signature.scan:
        raise Http404
    return _file_response(signature.scan, signature.scan_name, signature.scan_type)
