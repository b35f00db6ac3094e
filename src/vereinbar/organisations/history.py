"""The organisation's history page: filters (who, what, when) and what they find, for the page and its CSV."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vereinbar.activity.models import Entry

# What an entry is about, by the first part of its verb (``measure.created`` is about measures).
SUBJECTS: dict[str, tuple[Any, tuple[str, ...]]] = {
    "profile": (_("Profile and registration"), ("organisation.",)),
    "members": (_("Members and invitations"), ("membership.", "invitation.")),
    "structure": (_("Units and contacts"), ("unit.", "contact.")),
    "measures": (_("Measures"), ("measure.",)),
    "surveys": (_("Surveys"), ("survey.",)),
    "cycles": (
        _("Programmes and cycles"),
        ("cycle.", "phase.", "agreement.", "evidence.", "signature.", "award."),
    ),
    "practice_report": (_("Practice report"), ("practice_report.",)),
}
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DateRangeForm(forms.Form):
    """From and until, both optional and both included; an end before the start is refused
    beside the end (a history page's filter, ``entries_filtered``)."""

    since = forms.DateField(label=_("From"), required=False, widget=DATE)
    until = forms.DateField(label=_("Until"), required=False, widget=DATE)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end date is before the start date."))
        return cleaned

    def query(self) -> dict[str, Any]:
        """The valid filters (an invalid form filters nothing)."""
        return self.cleaned_data if self.is_valid() else {}

    def is_filtered(self) -> bool:
        return any(self.query().get(name) for name in self.fields)


class HistoryFilterForm(DateRangeForm):
    who = forms.ChoiceField(label=_("Who"), required=False)
    what = forms.ChoiceField(
        label=_("What"),
        required=False,
        choices=[("", _("Everything"))] + [(key, label) for key, (label, _prefixes) in SUBJECTS.items()],
    )
    field_order = ["who", "what", "since", "until"]

    def __init__(self, data: Any, *, entries: QuerySet[Entry]) -> None:
        super().__init__(data)
        actors = entries.exclude(actor=None).values_list("actor_id", "actor_label").order_by("actor_label").distinct()
        people: dict[int, str] = {}
        for actor_id, label in actors:
            people.setdefault(actor_id, label or str(actor_id))
        who = self.fields["who"]
        assert isinstance(who, forms.ChoiceField)
        who.choices = [("", _("Anyone"))] + [(str(pk), label) for pk, label in people.items()]


def _start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def entries_filtered(
    entries: QuerySet[Entry], *, who: str = "", what: str = "", since: date | None = None, until: date | None = None
) -> QuerySet[Entry]:
    """The entries by that person, about that subject, between those days (both included)."""
    if who:
        entries = entries.filter(actor_id=int(who))
    if what in SUBJECTS:
        about = Q()
        for prefix in SUBJECTS[what][1]:
            about |= Q(verb__startswith=prefix)
        entries = entries.filter(about)
    if since:
        entries = entries.filter(created_at__gte=_start(since))
    if until:
        entries = entries.filter(created_at__lt=_start(until) + timedelta(days=1))
    return entries
