"""The filter form of the operator's cycles list: a GET form whose state is the URL."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .desk import CYCLE_SORTS, CycleQuery, FilterChoices
from .models import CycleStatus

PAGE_SIZES = (25, 50, 100, 200)
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

WAITING_CHOICES = [
    ("employer", _("the employer")),
    ("auditor", _("the auditor")),
    ("board", _("the board")),
    ("operator", _("the operator")),
]
SORT_LABELS = {
    "organisation": _("Organisation (A–Z)"),
    "-applied": _("Applied on (newest first)"),
    "applied": _("Applied on (oldest first)"),
    "due": _("Next due date (soonest first)"),
    "status": _("Status"),
}


def _any(choices: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [("", _("any")), *choices]


class CycleFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        max_length=100,
        required=False,
        help_text=_("An employer's name or town, or an award number."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    programme = forms.ChoiceField(label=_("Programme"), required=False)
    stage = forms.ChoiceField(label=_("Stage"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=_any(list(CycleStatus.choices)))
    phase = forms.ChoiceField(label=_("Phase in progress"), required=False)
    waiting = forms.ChoiceField(label=_("Waiting for"), required=False, choices=_any(WAITING_CHOICES))
    auditor = forms.ChoiceField(label=_("Auditor"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    due_from = forms.DateField(label=_("Due from"), required=False, widget=DATE)
    due_to = forms.DateField(label=_("Due until"), required=False, widget=DATE)
    sort = forms.ChoiceField(
        label=_("Sort by"), required=False, choices=[(key, SORT_LABELS[key]) for key in CYCLE_SORTS]
    )
    size = forms.TypedChoiceField(
        label=_("Rows per page"),
        required=False,
        coerce=int,
        empty_value=PAGE_SIZES[1],  # type: ignore[arg-type]
        choices=[(size, str(size)) for size in PAGE_SIZES],
    )

    FILTERS = ("q", "programme", "stage", "status", "phase", "waiting", "auditor", "region", "due_from", "due_to")

    def __init__(self, data: Any, *, choices: FilterChoices) -> None:
        super().__init__(data)
        fields: Any = self.fields
        fields["programme"].choices = _any(choices.programmes)
        fields["stage"].choices = _any(choices.stages)
        fields["phase"].choices = _any(choices.phases)
        fields["auditor"].choices = _any([("none", str(_("none assigned"))), *choices.auditors])
        fields["region"].choices = _any(choices.regions)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("due_from"), data.get("due_to")
        if start and end and start > end:
            self.add_error("due_to", _("The end of the range comes before its start."))
            data.pop("due_from", None)  # a range that cannot be: neither end filters
        return data

    def query(self) -> CycleQuery:
        """The valid filters as a query; a field with an error is left out (and shown with it)."""
        self.is_valid()
        data = self.cleaned_data
        values = {name: data.get(name) or None for name in self.FILTERS if name not in self.errors}
        return CycleQuery(
            **{name: value or "" for name, value in values.items() if name not in ("due_from", "due_to")},
            due_from=values.get("due_from"),
            due_to=values.get("due_to"),
            sort=data.get("sort") or "organisation",
        )

    @property
    def page_size(self) -> int:
        self.is_valid()
        return int(self.cleaned_data.get("size") or PAGE_SIZES[1])

    @property
    def has_filters(self) -> bool:
        return any(self.data.get(name) for name in self.FILTERS)
