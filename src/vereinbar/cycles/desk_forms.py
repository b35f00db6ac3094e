"""The filter form of the operator's cycles list: a GET form whose state is the URL."""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import urlencode

from django import forms
from django.http import QueryDict
from django.utils import formats
from django.utils.choices import flatten_choices
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext_lazy

from vereinbar.accounts.models import User
from vereinbar.organisations.models import OrganisationStatus
from vereinbar.programmes.keys import programme_from_param

from .desk import (
    CURRENT_STATUS,
    CYCLE_SORTS,
    EMPLOYER_SORTS,
    REGISTRATION_SORTS,
    CycleQuery,
    EmployerQuery,
    FilterChoices,
    RegistrationQuery,
)
from .models import CycleStatus

PAGE_SIZES = (25, 50, 100, 200)
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# Whose move a phase waits for, as the filter offers it and its closed line names it
# ("Waiting for: the auditor"; German "Am Zug: Auditor", Dutch "Aan zet: auditor").
WAITING_CHOICES = [
    ("employer", pgettext_lazy("whose move", "the employer")),
    ("auditor", pgettext_lazy("whose move", "the auditor")),
    ("board", pgettext_lazy("whose move", "the board")),
    ("operator", pgettext_lazy("whose move", "the programme operator")),
]
# The status filter: the list opens on the current cycles; "all" adds the finished ones.
STATUS_CHOICES = [
    (CURRENT_STATUS, _("Current (not finished)")),
    ("", _("All, including finished")),
    *CycleStatus.choices,
]
SORT_LABELS = {
    "organisation": _("Organisation (A–Z)"),
    "-applied": _("Applied on (newest first)"),
    "applied": _("Applied on (oldest first)"),
    "due": _("Due next (handed in for review first, then by due date)"),
    "status": _("Status"),
}


def any_choice(choices: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [("", _("any")), *choices]


def search_field(help_text: Any) -> forms.CharField:
    return forms.CharField(
        label=_("Search"),
        max_length=100,
        required=False,
        help_text=help_text,
        widget=forms.TextInput(attrs={"type": "search"}),
    )


def organisation_field() -> forms.SlugField:
    """One employer (its slug), set by the employers list's links beside the search for its name:
    two employers may share a name."""
    return forms.SlugField(required=False, max_length=100, widget=forms.HiddenInput)


def size_field() -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=_("Rows per page"),
        required=False,
        coerce=int,
        choices=[(size, str(size)) for size in PAGE_SIZES],
    )


class DeskFilterForm(forms.Form):
    """What the desk's lists share: a date range that must run forwards, the valid filters as
    a query (a field with an error is left out, and shown with its error), the page size."""

    FILTERS: tuple[str, ...] = ()
    RANGE: tuple[str, str] = ("", "")
    DEFAULTS: dict[str, str] = {}  # filters set when the URL has none (not counted as filtering)
    query_class: Any = None
    default_sort = ""

    def __init__(self, data: Any, *, default_sort: str = "") -> None:
        if default_sort:  # the reader's own default order (``DeskList.default_sort``)
            self.default_sort = default_sort
        data = self.normalised(data)  # a copy: the defaults shown as chosen, not put in the URL
        data.setdefault("size", str(PAGE_SIZES[1]))
        data.setdefault("sort", self.default_sort)
        for name, value in self.DEFAULTS.items():
            data.setdefault(name, value)
        super().__init__(data)

    def choices_offer(self, **choices: list[tuple[str, Any]]) -> None:
        """Offer these choices (each with "any" first) in the named filters, all ``ChoiceField``s."""
        for name, offered in choices.items():
            cast(forms.ChoiceField, self.fields[name]).choices = any_choice(offered)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = self.RANGE
        start, end = data.get(first), data.get(last) if first else None
        if start and end and start > end:
            self.add_error(last, _("The end of the range comes before its start."))
            data.pop(first, None)  # a range that cannot be: neither end filters
        return data

    def query(self) -> Any:
        self.is_valid()
        data = self.cleaned_data
        values = {name: data.get(name) for name in self.FILTERS if name not in self.errors}
        return self.query_class(
            **{name: value or ("" if name not in self.RANGE else None) for name, value in values.items()},
            sort=data.get("sort") or self.default_sort,
        )

    @property
    def page_size(self) -> int:
        self.is_valid()
        return int(self.cleaned_data.get("size") or PAGE_SIZES[1])

    @property
    def has_filters(self) -> bool:
        return any(self.data.get(name) and self.data.get(name) != self.DEFAULTS.get(name) for name in self.FILTERS)

    @property
    def has_filters_besides_search(self) -> bool:
        """Whether a filter other than the search word is set (the reset link says what it clears)."""
        return any(
            self.data.get(name) and self.data.get(name) != self.DEFAULTS.get(name)
            for name in self.FILTERS
            if name != "q"
        )

    @property
    def search_word(self) -> str:
        """The words searched for ("" for none): the list shows them as such, not as a filter."""
        self.is_valid()
        return str(self.cleaned_data.get("q") or "").strip() if "q" not in self.errors else ""

    def active_filters(self) -> list[str]:
        """The filters the reader set, as the panel's closed line names and counts them ("Status:
        in progress"): each visible filter whose value differs from the list's default, with the
        label of the chosen option or the date as the reader writes it. The search word is no
        filter (``search_word``): its field is above the panel, and the list names it apart."""
        self.is_valid()
        names = []
        for name in self.FILTERS:
            if name == "q":
                continue
            field = self.fields.get(name)
            raw = self.data.get(name)
            if field is None or field.widget.is_hidden or not raw or raw == self.DEFAULTS.get(name):
                continue
            value = self.cleaned_data.get(name)
            if value is None and isinstance(field, forms.DateField):
                try:  # a range that runs backwards is left out of the query, not of this line
                    value = field.clean(raw)
                except forms.ValidationError:
                    value = None
            if isinstance(field, forms.ChoiceField):
                shown = str(dict(flatten_choices(field.choices)).get(raw, raw))  # type: ignore[arg-type]
            elif value is not None and hasattr(value, "isoformat"):
                shown = formats.date_format(value, "SHORT_DATE_FORMAT")
            else:
                shown = str(raw)
            names.append(f"{field.label}: {shown}")
        return names

    @classmethod
    def normalised(cls, data: QueryDict) -> QueryDict:
        """A copy of ``data`` with a programme named by its key: an address from before keys
        (``programme=urn:…``) finds the same cycles and is sent on to the short address."""
        data = data.copy()
        named = str(data.get("programme") or "")
        if "programme" in cls.FILTERS and named:
            _identifier, key = programme_from_param(named)
            data["programme"] = key or named
        return data

    @classmethod
    def shared(cls, data: QueryDict, *, default_sort: str = "") -> QueryDict:
        """``data`` as the address bar, the pager and the exports carry it: only what the reader
        set. An empty filter, the default sort and page size and the first page are left out
        (the form takes them alike); an empty filter that has a default stays ("any status" on
        a list that opens on those pending differs from leaving it out)."""
        sort = default_sort or cls.default_sort
        defaults = {"size": str(PAGE_SIZES[1]), "sort": sort, "page": "1", **cls.DEFAULTS}
        data = cls.normalised(data)
        kept = [(name, value) for name, values in data.lists() for value in values if value != defaults.get(name, "")]
        return QueryDict(urlencode(kept))


class CycleFilterForm(DeskFilterForm):
    q = search_field(_("An employer's name or town, or an award number."))
    programme = forms.ChoiceField(label=_("Programme"), required=False)
    stage = forms.ChoiceField(label=_("Stage"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)
    phase = forms.ChoiceField(label=_("Phase in progress"), required=False)
    waiting = forms.ChoiceField(
        label=pgettext_lazy("whose move", "Waiting for"), required=False, choices=any_choice(WAITING_CHOICES)
    )
    auditor = forms.ChoiceField(label=_("Auditor"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    due_from = forms.DateField(label=_("Due from"), required=False, widget=DATE)
    due_to = forms.DateField(label=_("Due until"), required=False, widget=DATE)
    overdue = forms.ChoiceField(label=_("Overdue"), required=False, choices=any_choice([("1", _("overdue only"))]))
    organisation = organisation_field()
    sort = forms.ChoiceField(
        label=_("Sort by"), required=False, choices=[(key, SORT_LABELS[key]) for key in CYCLE_SORTS]
    )
    size = size_field()

    FILTERS = (
        "q",
        "programme",
        "stage",
        "status",
        "phase",
        "waiting",
        "auditor",
        "region",
        "due_from",
        "due_to",
        "overdue",
        "organisation",
    )
    RANGE = ("due_from", "due_to")
    query_class = CycleQuery
    DEFAULTS = {"status": CURRENT_STATUS}  # the list opens on the cycles not finished
    default_sort = "organisation"

    def __init__(self, data: Any, *, choices: FilterChoices, default_sort: str = "") -> None:
        super().__init__(data, default_sort=default_sort)
        self.choices_offer(
            programme=choices.programmes,
            stage=choices.grouped.get("stage", choices.stages),
            phase=choices.grouped.get("phase", choices.phases),
            auditor=[("none", str(_("none assigned"))), *choices.auditors],
            region=choices.regions,
        )
        if not choices.auditors:  # the reader only audits: each cycle on their desk is theirs
            del self.fields["auditor"]


REGISTRATION_SORT_LABELS = {
    "registered": _("Registered (oldest first)"),
    "-registered": _("Registered (newest first)"),
    "name": _("Name (A–Z)"),
}


class RegistrationFilterForm(DeskFilterForm):
    q = search_field(_("An employer's name or town."))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=any_choice(list(OrganisationStatus.choices)))
    country = forms.ChoiceField(label=_("Country"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    registered_from = forms.DateField(label=_("Registered from"), required=False, widget=DATE)
    registered_to = forms.DateField(label=_("Registered until"), required=False, widget=DATE)
    sort = forms.ChoiceField(
        label=_("Sort by"), required=False, choices=[(key, REGISTRATION_SORT_LABELS[key]) for key in REGISTRATION_SORTS]
    )
    size = size_field()

    FILTERS = ("q", "status", "country", "region", "registered_from", "registered_to")
    RANGE = ("registered_from", "registered_to")
    query_class = RegistrationQuery
    DEFAULTS = {"status": OrganisationStatus.PENDING}  # the list opens on what waits for a decision
    default_sort = "registered"

    def __init__(self, data: Any, *, choices: dict[str, list[tuple[str, str]]]) -> None:
        super().__init__(data)
        self.choices_offer(country=choices["countries"], region=choices["regions"])


EMPLOYER_SORT_LABELS = {
    "name": _("Name (A–Z)"),
    "region": _("Region"),
    "-cycles": _("Most cycles first"),
}
AWARD_HELD_CHOICES = [("yes", _("holds an award in force")), ("no", _("holds no award in force"))]


class EmployerFilterForm(DeskFilterForm):
    q = search_field(_("An employer's name or town."))
    programme = forms.ChoiceField(label=_("Programme"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    award = forms.ChoiceField(label=_("Awards"), required=False, choices=any_choice(AWARD_HELD_CHOICES))
    sort = forms.ChoiceField(
        label=_("Sort by"), required=False, choices=[(key, EMPLOYER_SORT_LABELS[key]) for key in EMPLOYER_SORTS]
    )
    size = size_field()

    FILTERS = ("q", "programme", "country", "region", "award")
    query_class = EmployerQuery
    default_sort = "name"

    def __init__(self, data: Any, *, choices: dict[str, list[tuple[str, str]]]) -> None:
        super().__init__(data)
        self.choices_offer(programme=choices["programmes"], country=choices["countries"], region=choices["regions"])


# --- Bulk actions on the cycles list ---------------------------------------------------------


class IdsField(forms.Field):
    """Numbers (the list's checkboxes): which of them the reader may change is the service's to check."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[int]:
        values = value if isinstance(value, (list, tuple)) else [value] if value else []
        try:
            return [int(item) for item in values]
        except (TypeError, ValueError):
            raise forms.ValidationError(_("Choose at least one cycle.")) from None


class BulkChoiceForm(forms.Form):
    """The list's bulk form: the action, and the cycles chosen by checkbox or all that the
    list's filter (``query``, the list's URL query) finds."""

    ACTIONS = [
        ("assign", _("Assign an auditor")),
        ("remind", _("Send a reminder")),
        ("extend", _("Extend the due date")),
    ]
    action = forms.ChoiceField(label=_("Action for the chosen cycles"), choices=ACTIONS)
    cycle = IdsField(required=False)
    everything = forms.BooleanField(required=False)
    query = forms.CharField(required=False, max_length=2000)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("everything") and not data.get("cycle"):
            raise forms.ValidationError(_("Choose at least one cycle."))
        return data


class AssignForm(forms.Form):
    auditor = forms.TypedChoiceField(
        label=_("Auditor"),
        coerce=int,
        error_messages={
            "invalid_choice": _("Choose an auditor of the programme's operator."),
            "required": _("Choose an auditor of the programme's operator."),
        },
    )

    def __init__(self, data: Any = None, *, actor: User) -> None:
        super().__init__(data)
        from django.contrib.auth import get_user_model

        from vereinbar.accounts.models import Membership
        from vereinbar.accounts.roles import Role

        operators = Membership.objects.filter(user=actor, role=Role.OPERATOR_ADMIN).values("organisation_id")
        auditors = get_user_model().objects.filter(is_active=True, memberships__role=Role.AUDITOR)
        if not actor.is_superuser:
            auditors = auditors.filter(memberships__organisation_id__in=operators)
        self.auditors = {user.pk: user for user in auditors.distinct().order_by("email")}
        field = cast(forms.ChoiceField, self.fields["auditor"])
        field.choices = [("", "—"), *((pk, str(user)) for pk, user in self.auditors.items())]

    def perform(self, *, actor: User, ids: list[int]) -> tuple[Any, Any]:
        from .services.bulk import bulk_assign_auditor

        outcome = bulk_assign_auditor(actor=actor, ids=ids, auditor=self.auditors[self.cleaned_data["auditor"]])
        return outcome, ngettext_lazy(
            "The auditor was assigned to %(count)s cycle.", "The auditor was assigned to %(count)s cycles.", "number"
        )


class RemindForm(forms.Form):
    message = forms.CharField(
        label=_("Message"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Sent to the coordinators of each cycle, in their inbox and by e-mail."),
        error_messages={"required": _("Write what the reminder says.")},
    )

    def __init__(self, data: Any = None, *, actor: User) -> None:
        super().__init__(data)

    def perform(self, *, actor: User, ids: list[int]) -> tuple[Any, Any]:
        from .services.bulk import bulk_remind

        outcome = bulk_remind(actor=actor, ids=ids, message=self.cleaned_data["message"])
        return outcome, ngettext_lazy(
            "A reminder was sent for %(count)s cycle.", "Reminders were sent for %(count)s cycles.", "number"
        )


class ExtendForm(forms.Form):
    due_on = forms.DateField(
        label=_("New due date"),
        widget=DATE,
        help_text=_("The phases in progress that are due earlier will be due on this day."),
    )

    def __init__(self, data: Any = None, *, actor: User) -> None:
        super().__init__(data)

    def clean_due_on(self) -> Any:
        from django.utils import timezone

        value = self.cleaned_data["due_on"]
        if value <= timezone.localdate():
            raise forms.ValidationError(_("Choose a day after today."))
        return value

    def perform(self, *, actor: User, ids: list[int]) -> tuple[Any, Any]:
        from .services.bulk import bulk_extend_due

        outcome = bulk_extend_due(actor=actor, ids=ids, due_on=self.cleaned_data["due_on"])
        return outcome, ngettext_lazy(
            "The due date was extended in %(count)s cycle.", "The due date was extended in %(count)s cycles.", "number"
        )


BULK_FORMS: dict[str, Any] = {"assign": AssignForm, "remind": RemindForm, "extend": ExtendForm}


def bulk_action_form(action: str, data: Any, *, actor: User) -> Any:
    return BULK_FORMS[action](data, actor=actor)
