"""The summary on top of the phase page when a hand-in is refused: each criterion's gap next to
its field and, in the summary, a link to it; what the deliverable lacks otherwise, as the
service said it, with a link to where it is made. The view only renders what this returns."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from vereinbar.programmes.models import AssessmentKind, DeliverableKind

from .forms import AnswersForm, CriterionEvidenceForm
from .links import cycle_reverse
from .models import PhaseRun
from .permissions import can_edit_phase
from .selectors import criteria_in_scope
from .services.content import DOCUMENT_KINDS, WORKSHOP_KINDS, criterion_gaps


def answer_field(criterion: Any) -> str:
    """The name of a criterion's answer field in ``AnswersForm`` (its comment where it asks none)."""
    names = {
        AssessmentKind.STATUS.value: "status",
        AssessmentKind.SCORE.value: "score",
        AssessmentKind.TEXT.value: "text",
    }
    return f"{names.get(str(criterion.assessment_kind), 'comment')}_{criterion.pk}"


def refused_submit_context(
    *,
    user: Any,
    area: str,
    phase_run: PhaseRun,
    form: AnswersForm | None,
    problems: list[str] | None = None,
    answers: str = "",
) -> dict[str, Any]:
    """What the phase page adds for a refused hand-in, in the order of the page: ``submit_errors``
    (label, error, link), the answers form with its gaps, the evidence upload set to the first
    criterion lacking its file. ``answers``: what became of the answers sent along ("saved",
    "kept" as typed but not saved, "": unchanged)."""
    phase = phase_run.phase
    editable = phase_run.is_editable and can_edit_phase(user, phase_run.cycle, phase)
    bound: dict[str, Any] = {"answers_note": answers}
    beside: dict[str, list[tuple[str, str]]] = {}  # by criterion: (error, link) not in the answers form
    if problems is not None and phase.records_answers:
        evidence_for = ""
        for gap in criterion_gaps(phase_run):
            criterion, name = gap.criterion, answer_field(gap.criterion)
            if gap.lacks == "evidence":
                evidence_for = evidence_for or criterion.code
                link = "#id_evidence_criterion" if editable else f"#criterion-{criterion.code}"
                beside.setdefault(criterion.code, []).append((_("Evidence is missing."), link))
                continue
            message = (
                _("Not answered yet.")
                if gap.lacks == "answer"
                else _("Shorter than asked for: %(length)s of %(minimum)s characters.")
                % {"length": gap.length, "minimum": criterion.min_length}
            )
            if form is not None and name in form.fields:
                form.add_error(name, message)
            else:
                beside.setdefault(criterion.code, []).append((message, f"#criterion-{criterion.code}"))
        if evidence_for and editable:  # the upload below the criteria, set to the first one lacking its file
            bound["criterion_evidence"] = CriterionEvidenceForm(
                criteria=criteria_in_scope(phase), initial={"criterion": evidence_for}
            )
        problems = []  # each one named above, at its criterion
    errors: list[dict[str, str]] = []
    if phase.records_answers:
        for criterion in form.criteria if form is not None else criteria_in_scope(phase):
            label = f"{criterion.code} {criterion.localised('title')}"
            fields = form.fields_of(criterion) if form is not None else []
            errors += [{"label": label, "error": e, "href": f"#{f.id_for_label}"} for f in fields for e in f.errors]
            errors += [{"label": label, "error": e, "href": link} for e, link in beside.get(criterion.code, [])]
    if form is not None:
        errors += [{"label": "", "error": str(error), "href": ""} for error in form.non_field_errors()]
        bound["answers"] = form
    link = deliverable_link(area, phase_run, editable)
    errors += [{"label": "", "error": problem, "href": link} for problem in problems or []]
    bound["submit_errors"] = errors
    return bound


def deliverable_link(area: str, phase_run: PhaseRun, editable: bool) -> str:
    """Where what a phase delivers is made (a field of the page, or the agreement's page)."""
    kind = phase_run.phase.deliverable
    if kind == DeliverableKind.TARGET_AGREEMENT:
        return cycle_reverse(area, phase_run.cycle, "agreement")
    fields: dict[str, str] = {
        DeliverableKind.ANNUAL_REPORT: "#id_summary",
        DeliverableKind.SIGNATURE: "#id_signer_name",
    }
    if editable and kind in WORKSHOP_KINDS:
        return "#record-meeting"
    if editable and kind in fields:
        return fields[kind]
    if kind in DOCUMENT_KINDS:
        return "#id_note" if editable else "#notes"
    return "#deliverable"
