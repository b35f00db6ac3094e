"""Forms of the cycle pages. They only parse input; the services decide."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from vereinbar.accounts.models import User
from vereinbar.accounts.roles import Role
from vereinbar.measures.models import Measure
from vereinbar.organisations.models import Organisation
from vereinbar.programmes.display import number
from vereinbar.programmes.models import FLAT_FIELD_CODE, ActionField, AssessmentKind, Criterion, Programme
from vereinbar.programmes.selectors import programmes_offered

from .models import Cycle, DecisionOutcome, GoalStatus, MeasureStatus
from .models.deliverables import meeting_day_problem, signing_day_problem
from .uploads import ALLOWED_EXTENSIONS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ACCEPT = ",".join(f".{ext}" for ext in ALLOWED_EXTENSIONS)
FILE_HELP = _("PDF, PNG, JPEG, DOCX, XLSX, ODT, ODS, TXT or CSV; at most 20 MB.")


class ProgrammeChoiceField(forms.ModelChoiceField[Programme]):
    """Programmes by the title of their current version (``programmes_offered`` has one)."""

    def label_from_instance(self, obj: Programme) -> str:
        assert obj.current_version is not None
        return obj.current_version.localised("title") or obj.identifier


class ApplyForm(forms.Form):
    programme = ProgrammeChoiceField(label=_("Programme"), queryset=Programme.objects.none())
    message = forms.CharField(
        label=_("Message to the operator"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # a programme closed to applications (format 2 applications_until) is no longer offered
        cast(ProgrammeChoiceField, self.fields["programme"]).queryset = programmes_offered()


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class AuditorForm(forms.Form):
    auditor = forms.ModelChoiceField(label=_("Auditor"), queryset=User.objects.none())

    def __init__(self, *args: Any, operator: Organisation | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[User]", self.fields["auditor"]).queryset = User.objects.filter(
            memberships__organisation=operator, memberships__role=Role.AUDITOR, is_active=True
        ).order_by("email")


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Notes on this phase"),
        help_text=_(
            "What was done in this phase or what it found; where the phase delivers a report or a review, "
            "its text. Everyone who takes part in the cycle reads it, the programme operator's side too."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("File"), help_text=FILE_HELP, widget=forms.ClearableFileInput(attrs={"accept": ACCEPT})
    )
    description = forms.CharField(label=_("Description (optional)"), max_length=300, required=False)
    criterion = forms.CharField(widget=forms.HiddenInput, required=False)


class CriterionEvidenceForm(EvidenceForm):
    """The upload below the criteria: the same fields, the criterion chosen from a list. Its own
    ids, so its errors and entries stay in it and not in the page's other upload form."""

    def __init__(self, *args: Any, criteria: list[Criterion], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_evidence_%s")
        super().__init__(*args, **kwargs)
        self.fields["criterion"] = forms.ChoiceField(
            label=_("Criterion"), choices=[(c.code, f"{c.code} {c.localised('title')}") for c in criteria]
        )
        self.order_fields(["criterion", "file", "description"])


class WorkshopForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    moderator = forms.CharField(label=_("Moderator"), max_length=200, required=False)
    participants_count = forms.IntegerField(label=_("Number of participants"), min_value=1, required=False)
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 5}), required=False)

    def __init__(self, *args: Any, cycle: Cycle, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cycle = cycle
        # the date picker offers the days the service accepts
        self.fields["held_on"].widget.attrs.update(
            {"min": cycle.applied_on.isoformat(), "max": timezone.localdate().isoformat()}
        )

    def clean_held_on(self) -> Any:
        held_on = self.cleaned_data["held_on"]
        if problem := meeting_day_problem(self.cycle, held_on):
            raise ValidationError(problem)
        return held_on


def action_field_choices(version_id: int, *, blank: bool) -> list[tuple[str, Any]]:
    fields = [
        (f.code, str(f))
        for f in ActionField.objects.filter(version_id=version_id).exclude(code=FLAT_FIELD_CODE).order_by("order")
    ]
    return [("", _("– choose –")), *fields] if blank else fields


class OutcomeForm(forms.Form):
    text = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 2}))
    action_field = forms.ChoiceField(label=_("Action field"), required=False)

    def __init__(self, *args: Any, version_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["action_field"]).choices = action_field_choices(version_id, blank=True)


class GoalForm(forms.Form):
    action_field = forms.ChoiceField(label=_("Action field"))
    title = forms.CharField(label=_("Goal"), max_length=300)
    success_measure = forms.CharField(label=_("Success measure"), max_length=300, required=False)
    owner = forms.CharField(label=_("Responsible"), max_length=200, required=False)
    due_on = forms.DateField(label=_("Due on"), widget=DATE, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices, initial=GoalStatus.OPEN)

    def __init__(self, *args: Any, version_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["action_field"]).choices = action_field_choices(version_id, blank=True)


class MeasureForm(forms.Form):
    measure: forms.ModelChoiceField[Measure] = forms.ModelChoiceField(
        label=_("One of the organisation's measures (optional)"), queryset=Measure.objects.none(), required=False
    )
    title = forms.CharField(label=_("Measure"), max_length=300, required=False)
    owner = forms.CharField(label=_("Responsible"), max_length=200, required=False)
    due_on = forms.DateField(label=_("Due on"), widget=DATE, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=MeasureStatus.choices, initial=MeasureStatus.PLANNED)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        measure = cast("forms.ModelChoiceField[Measure]", self.fields["measure"])
        measure.queryset = Measure.objects.filter(organisation=organisation)


class SignForm(forms.Form):
    signer_name = forms.CharField(label=_("Signed by"), max_length=200)
    signer_function = forms.CharField(label=_("Function"), max_length=200, required=False)
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE, initial=timezone.localdate)

    def __init__(self, *args: Any, cycle: Cycle | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cycle = cycle
        if cycle is not None:  # the date picker offers the days the service accepts
            self.fields["signed_on"].widget.attrs.update(
                {"min": cycle.applied_on.isoformat(), "max": timezone.localdate().isoformat()}
            )

    def clean_signed_on(self) -> Any:
        signed_on = self.cleaned_data["signed_on"]
        if self.cycle is not None and (problem := signing_day_problem(self.cycle, signed_on)):
            raise ValidationError(problem)
        return signed_on


class SignatureForm(SignForm):
    scan = forms.FileField(
        label=_("Signed document (scan)"),
        help_text=FILE_HELP,
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )


class AnnualReportForm(forms.Form):
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 5}), required=False)

    def __init__(self, *args: Any, goals: list[Any], progress: dict[int, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.goals = goals
        for goal in goals:
            current = progress.get(goal.pk)
            self.fields[f"status_{goal.pk}"] = forms.ChoiceField(
                label=_("Status of %(code)s") % {"code": goal.code},
                choices=GoalStatus.choices,
                initial=current.status if current else goal.status,
            )
            self.fields[f"comment_{goal.pk}"] = forms.CharField(
                label=_("Progress on %(code)s") % {"code": goal.code},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                initial=current.comment if current else "",
            )

    def progress(self) -> list[dict[str, Any]]:
        return [
            {
                "goal": goal.code,
                "status": self.cleaned_data[f"status_{goal.pk}"],
                "comment": self.cleaned_data[f"comment_{goal.pk}"],
            }
            for goal in self.goals
        ]


class AnswersForm(forms.Form):
    """One group of fields per criterion, as its assessment kind says.

    Each field carries the value the page showed (a hidden initial), so that a save writes only
    the answers this person changed: two people working on the same self-assessment do not
    blank each other's answers with the stale rest of their page. An entry both changed is
    refused with the name of whoever saved first, the typed text kept (see ``clean``)."""

    def __init__(self, *args: Any, criteria: list[Criterion], answers: dict[int, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        self.stored = answers
        for criterion in criteria:
            answer = answers.get(criterion.pk)
            kind = criterion.assessment_kind
            label = f"{criterion.code} {criterion.localised('title')}"
            if kind == AssessmentKind.STATUS:
                assert criterion.scale is not None  # the loader gives every status criterion its scale
                options = [(o.value, o.localised("label") or o.value) for o in criterion.scale.options.all()]
                self.fields[f"status_{criterion.pk}"] = forms.ChoiceField(
                    label=_("Status"),
                    choices=[("", _("– not answered –")), *options],
                    required=False,
                    show_hidden_initial=True,
                    initial=answer.status if answer else "",
                )
            elif kind == AssessmentKind.SCORE:
                top = number(str(criterion.max_score or 0))  # 1.000.000 and 2,5, never 1E+6 or 4.0000
                messages = {"max_value": _("Enter at most %(max)s points.") % {"max": top}}
                if criterion.score_step:
                    messages["step_size"] = criterion.score_step_message()
                self.fields[f"score_{criterion.pk}"] = forms.DecimalField(
                    label=_("Score (0 to %(max)s)") % {"max": top},
                    required=False,
                    show_hidden_initial=True,
                    min_value=0,
                    max_value=criterion.max_score,
                    step_size=criterion.score_step_plain,  # format 2: e.g. 1 for whole points (also the input's step)
                    error_messages=messages,
                    # the stored 4.0000 shows as 4, 2.5000 as 2.5
                    initial=format(answer.score.normalize(), "f") if answer and answer.score is not None else None,
                )
            elif kind == AssessmentKind.TEXT:
                self.fields[f"text_{criterion.pk}"] = forms.CharField(
                    label=_("Answer"),
                    widget=forms.Textarea(attrs={"rows": 3}),
                    required=False,
                    show_hidden_initial=True,
                    max_length=criterion.max_length,
                    initial=answer.text if answer else "",
                    # the submission counts a shorter text as not answered: say so before
                    help_text=_("At least %(count)s characters.") % {"count": criterion.min_length}
                    if (criterion.min_length or 0) > 1
                    else "",
                )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on %(criterion)s") % {"criterion": label}
                if kind == AssessmentKind.NONE
                else _("Comment"),
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                show_hidden_initial=True,
                initial=answer.comment if answer else "",
            )

    def fields_of(self, criterion: Criterion) -> list[Any]:
        return [self[name] for name in self.fields if name.rsplit("_", 1)[1] == str(criterion.pk)]

    def _values(self, name: str) -> tuple[Any, Any, Any]:
        """The field's value as the page showed it, as typed, and as stored now (comparable)."""
        field, bound = self.fields[name], self[name]

        def plain(value: Any) -> Any:
            try:
                value = field.to_python(value)
            except ValidationError:
                return object()  # unreadable: differs from everything (the field reports it)
            return value.replace("\r\n", "\n") if isinstance(value, str) else value

        stored = plain(bound.initial)
        key = bound.html_initial_name
        # a post without the shown values (a script) is compared with what is stored
        shown = plain(self.data.get(key)) if key in self.data else stored
        return shown, plain(bound.data), stored

    def edited(self, criterion: Criterion) -> bool:
        """Whether this person changed any field of the criterion on the page they had."""
        return any(shown != typed for shown, typed, _stored in map(self._values, self._names(criterion)))

    def _names(self, criterion: Criterion) -> list[str]:
        return [name for name in self.fields if name.rsplit("_", 1)[1] == str(criterion.pk)]

    def has_changed(self) -> bool:
        return any(self.edited(criterion) for criterion in self.criteria)

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        for criterion in self.criteria:
            if not self.edited(criterion):
                continue
            for name in self._names(criterion):
                shown, typed, stored = self._values(name)
                if shown == stored or typed == stored:
                    continue
                # Saved by someone else since the page was loaded: the next save keeps what is typed.
                bound = self[name]
                self.data = {
                    **dict(self.data.items()),
                    bound.html_initial_name: bound.field.prepare_value(bound.initial) or "",
                }
                answer = self.stored.get(criterion.pk)
                self.add_error(
                    name,
                    _(
                        "While you were editing, %(name)s saved something else here (%(time)s). Save again "
                        "to keep what you typed, or open the page anew to see theirs (what you typed is then "
                        "lost)."
                    )
                    % {
                        "name": answer.updated_by if answer and answer.updated_by else _("someone else"),
                        "time": date_format(timezone.localtime(answer.updated_at), "DATETIME_FORMAT") if answer else "",
                    },
                )
        return cleaned

    def mark_saved(self) -> None:
        """What was typed is stored now: shown again (a refused hand-in), the page counts it as
        the values it was loaded with, so that a later save is not taken for a clash with oneself."""
        self.data = {
            **dict(self.data.items()),
            **{self[n].html_initial_name: self.data.get(n, "") for n in self.fields},
        }

    def answers(self) -> list[dict[str, Any]]:
        """The answers this person changed (every one sent, for a post without the shown values)."""
        data = self.cleaned_data
        result = []
        for criterion in self.criteria:
            if not self.edited(criterion):
                continue
            pk = criterion.pk
            item: dict[str, Any] = {"criterion": criterion.code, "comment": data.get(f"comment_{pk}", "")}
            for key in ("status", "score", "text"):
                if f"{key}_{pk}" in data:
                    item[key] = data[f"{key}_{pk}"]
            result.append(item)
        return result


REVIEW_FORM_ID = "review-form"


class ReviewForm(forms.Form):
    """The reviewer's verdict: an overall comment, a comment per item, answers not accepted.

    The page puts each item's fields next to the item they concern (``beside``), far above the
    form's own element: they belong to it by their ``form`` attribute (``REVIEW_FORM_ID``)."""

    comment = forms.CharField(
        label=_("Comment on the whole phase"),
        widget=forms.Textarea(attrs={"rows": 3, "form": REVIEW_FORM_ID}),
        required=False,
    )

    def __init__(
        self, *args: Any, items: list[tuple[str, str]], rejectable: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        self.rejectable = [code for code, _label in rejectable]
        for code, label in items:
            self.fields[f"item_{code}"] = forms.CharField(
                label=_("Comment on %(item)s") % {"item": label},
                widget=forms.Textarea(attrs={"rows": 2, "form": REVIEW_FORM_ID}),
                required=False,
            )
        if rejectable:
            self.fields["rejected"] = forms.MultipleChoiceField(
                label=_("Answers not accepted"),
                choices=[
                    (code, _("Do not accept the answer to %(item)s") % {"item": label}) for code, label in rejectable
                ],
                required=False,
                widget=forms.CheckboxSelectMultiple(attrs={"form": REVIEW_FORM_ID}),
            )

    def beside(self) -> dict[str, dict[str, Any]]:
        """Per item code: its comment field and, for an answer, its “not accepted” box."""
        placed: dict[str, dict[str, Any]] = {
            code: {"comment": self[f"item_{code}"], "reject": None} for code, _label in self.items
        }
        if "rejected" in self.fields:
            for box in self["rejected"].subwidgets:
                placed.setdefault(str(box.data["value"]), {"comment": None})["reject"] = box
        return placed

    def item_comments(self) -> list[tuple[str, str]]:
        return [(code, self.cleaned_data.get(f"item_{code}", "")) for code, _label in self.items]


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (DecisionOutcome.GRANT, _("Grant")),
            (DecisionOutcome.DEFER, _("Defer")),
            (DecisionOutcome.REFUSE, _("Refuse")),
        ],
        widget=forms.RadioSelect,
    )
    level = forms.ChoiceField(label=_("Level"), required=False)
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE, initial=timezone.localdate)
    board_round = forms.CharField(label=_("Board meeting"), max_length=120, required=False)
    comment = forms.CharField(label=_("Reasons and comments"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, levels: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if levels:
            cast(forms.ChoiceField, self.fields["level"]).choices = [("", _("– the level the rules give –")), *levels]
        else:
            del self.fields["level"]

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        # A deferral the deciders give no reason for leaves the employer without a next step.
        # (The rules' own deferral, and scripts through the API, state their conditions otherwise.)
        if (
            self.cleaned_data.get("outcome") == DecisionOutcome.DEFER
            and not self.cleaned_data.get("comment", "").strip()
        ):
            self.add_error("comment", _("Say why the decision is deferred and what is needed before it is taken."))
        return cleaned
