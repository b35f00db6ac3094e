"""Forms of the measure pages. They only parse input; the services check and change."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from vereinbar.organisations.forms import DATE_WIDGET
from vereinbar.organisations.models import Visibility

from .models import Basis, LifeSituation, Measure, MeasureStatus, MeasureType, TargetGroup

if TYPE_CHECKING:
    from .selectors import CatalogueCategory


def _language_label(text: Any, language: str) -> str:
    return f"{text} ({dict(settings.LANGUAGES).get(language, language)})"


class MeasureForm(forms.Form):
    type = forms.ChoiceField(
        label=_("Catalogue entry"),
        required=False,
        help_text=_("The typical measure this is an example of, if any. It makes the measure easier to find."),
    )
    category = forms.ChoiceField(label=_("Category"), required=False, help_text=_("Needed without a catalogue entry."))
    basis = forms.ChoiceField(label=_("Basis"), required=False, choices=[("", _("– not recorded –")), *Basis.choices])
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"), required=False, choices=TargetGroup.choices, widget=forms.CheckboxSelectMultiple
    )
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        choices=Visibility.choices,
        initial=Visibility.INTERNAL,
        widget=forms.RadioSelect,
        help_text=_("Public measures in place appear on the organisation's public profile."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=MeasureStatus.choices, initial=MeasureStatus.PLANNED)
    since = forms.DateField(
        label=_("In place since"), required=False, widget=DATE_WIDGET, help_text=_("Required for a measure in place.")
    )
    ended_on = forms.DateField(
        label=_("Ended on"), required=False, widget=DATE_WIDGET, help_text=_("Required for an ended measure.")
    )

    def __init__(
        self,
        *args: Any,
        categories: list[CatalogueCategory],
        language: str,
        measure: Measure | None = None,
        **kwargs: Any,
    ) -> None:
        if measure is not None:
            kwargs.setdefault("initial", _initial(measure))
        super().__init__(*args, **kwargs)
        self._types = {entry.key: entry for category in categories for entry in category.entries}
        self._categories = {category.key: category for category in categories}
        if measure is not None and measure.type is not None:
            self._types.setdefault(measure.type.key, measure.type)
        none = _("– none –")  # both empty choices read alike
        type_choices: list[Any] = [("", none)]
        for category in categories:
            entries = [(entry.key, entry.name) for entry in category.entries]
            if entries:
                type_choices.append((category.name, entries))
        cast(forms.ChoiceField, self.fields["type"]).choices = type_choices
        cast(forms.ChoiceField, self.fields["category"]).choices = [("", none), *((c.key, c.name) for c in categories)]
        # Titles and descriptions per language, the organisation's language first.
        languages = sorted((code for code, _name in settings.LANGUAGES), key=lambda code: code != language)
        for code in languages:
            self.fields[f"title_{code}"] = forms.CharField(
                label=_language_label(_("Title"), code), max_length=200, required=False
            )
        for code in languages:
            self.fields[f"description_{code}"] = forms.CharField(
                label=_language_label(_("Description"), code),
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
            )
        self.order_fields(
            [
                "type",
                "category",
                *(f"title_{code}" for code in languages),
                *(f"description_{code}" for code in languages),
            ]
        )
        if measure is not None:
            del self.fields["status"]  # changed with the status form

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["type"] = self._types.get(data.get("type") or "")
        data["category"] = self._categories.get(data.get("category") or "")
        return data


def _initial(measure: Measure) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "type": measure.type.key if measure.type else "",
        "category": measure.category.key,
        "basis": measure.basis,
        "target_groups": measure.target_groups,
        "visibility": measure.visibility,
        "since": measure.since,
        "ended_on": measure.ended_on,
    }
    for code, _name in settings.LANGUAGES:
        initial[f"title_{code}"] = getattr(measure, f"title_{code}")
        initial[f"description_{code}"] = getattr(measure, f"description_{code}")
    return initial


class MeasureFilterForm(forms.Form):
    """The measures page's filter (a GET form): every field optional, anything unknown ignored."""

    query = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *MeasureStatus.choices])
    visibility = forms.ChoiceField(label=_("Visibility"), required=False, choices=[("", _("All")), *Visibility.choices])
    sort = forms.ChoiceField(
        label=_("Sort within each category"),
        required=False,
        choices=[
            ("", _("Order recorded")),
            ("title", _("Title (A–Z)")),
            ("status", _("Status")),
            ("-updated", _("Last changed (newest first)")),
        ],
    )

    def filters(self) -> dict[str, str]:
        """The valid, non-empty filters; an invalid one counts as not given."""
        self.is_valid()
        return {name: value for name, value in getattr(self, "cleaned_data", {}).items() if value and name != "sort"}

    def order(self) -> str:
        """The order chosen within each category ("" for the order recorded, also when invalid)."""
        self.is_valid()
        return str(getattr(self, "cleaned_data", {}).get("sort") or "")


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    # the same sentences as the measure form: which date the chosen status needs
    since = forms.DateField(
        label=_("In place since"), required=False, widget=DATE_WIDGET, help_text=_("Required for a measure in place.")
    )
    ended_on = forms.DateField(
        label=_("Ended on"), required=False, widget=DATE_WIDGET, help_text=_("Required for an ended measure.")
    )
    comment = forms.CharField(label=_("Comment"), required=False, max_length=1000)

    def __init__(self, *args: Any, allowed: list[MeasureStatus], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["status"]).choices = [(status.value, status.label) for status in allowed]


class CatalogueEntryForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"))
    life_situations = forms.MultipleChoiceField(
        label=_("Helps with"), required=False, choices=LifeSituation.choices, widget=forms.CheckboxSelectMultiple
    )
    statutory = forms.BooleanField(label=_("A statutory right"), required=False)
    country = forms.CharField(
        label=_("Country"), max_length=2, required=False, help_text=_("Where the right applies: DE, NL… or EU.")
    )
    legal_reference = forms.CharField(label=_("Legal reference"), max_length=200, required=False)

    def __init__(
        self, *args: Any, categories: list[CatalogueCategory], entry: MeasureType | None = None, **kwargs: Any
    ) -> None:
        if entry is not None:
            kwargs.setdefault("initial", _entry_initial(entry))
        super().__init__(*args, **kwargs)
        self._categories = {category.key: category for category in categories}
        cast(forms.ChoiceField, self.fields["category"]).choices = [(c.key, c.name) for c in categories]
        for code, _name in settings.LANGUAGES:
            self.fields[f"name_{code}"] = forms.CharField(
                label=_language_label(_("Name"), code), max_length=200, required=False
            )
        for code, _name in settings.LANGUAGES:
            self.fields[f"description_{code}"] = forms.CharField(
                label=_language_label(_("Description"), code), required=False, widget=forms.Textarea(attrs={"rows": 3})
            )
        for code, _name in settings.LANGUAGES:
            self.fields[f"synonyms_{code}"] = forms.CharField(
                label=_language_label(_("Search words"), code),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Other words people search for, separated by commas."),
            )

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["category"] = self._categories.get(data["category"])
        return data


def _entry_initial(entry: MeasureType) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "category": entry.category.key,
        "life_situations": entry.life_situations,
        "statutory": entry.statutory,
        "country": entry.country,
        "legal_reference": entry.legal_reference,
    }
    for code, _name in settings.LANGUAGES:
        initial[f"name_{code}"] = getattr(entry, f"name_{code}")
        initial[f"description_{code}"] = getattr(entry, f"description_{code}")
        initial[f"synonyms_{code}"] = ", ".join((getattr(entry, f"synonyms_{code}") or "").splitlines())
    return initial
