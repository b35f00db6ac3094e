"""Forms of the workspace survey pages. Validation that spans models lives in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .instrument import pick
from .models import DEFAULT_COMMENT_K, DEFAULT_K, MIN_K, InstrumentVersion, Survey, SurveyUnit


class DateInput(forms.DateInput):
    input_type = "date"


class _SettingsForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, help_text=_("E.g. “Staff survey 2026”."))
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each person answers in the language of their invitation and can switch."),
    )
    opens_on = forms.DateField(label=_("Field period starts"), required=False, widget=DateInput)
    closes_on = forms.DateField(
        label=_("Field period ends"),
        required=False,
        widget=DateInput,
        help_text=_("After this day no more answers are accepted."),
    )
    min_group_size = forms.IntegerField(
        label=_("Minimum group size"),
        min_value=MIN_K,
        max_value=100,
        initial=DEFAULT_K,
        help_text=_("Results are shown only for groups with at least this many answers (5 or more)."),
        error_messages={
            "min_value": _(
                "At least %(limit_value)s: results of smaller groups could be traced back to individual people."
            )
        },
    )
    min_group_size_comments = forms.IntegerField(
        label=_("Minimum group size for comments"),
        min_value=MIN_K,
        max_value=500,
        initial=DEFAULT_COMMENT_K,
        help_text=_("Free-text comments are shown only for groups at least this large."),
        error_messages={
            "min_value": _(
                "At least %(limit_value)s: results of smaller groups could be traced back to individual people."
            )
        },
    )
    units = forms.CharField(
        label=_("Units"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "One unit per line; write “Department / Team” for a unit inside another. Results can be shown per unit."
        ),
    )
    intro = forms.CharField(
        label=_("Note from the organisation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown to everyone before the questions, below the statement on voluntariness and anonymity."),
    )


class SurveyCreateForm(_SettingsForm):
    instrument_version = forms.ModelChoiceField(
        label=_("Questionnaire"), queryset=InstrumentVersion.objects.none(), empty_label=None
    )
    cycle = forms.TypedChoiceField(
        label=_("For a cycle"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("A survey for a cycle belongs to its survey phase, which is complete when the survey has results."),
    )
    phase_run = forms.IntegerField(required=False, widget=forms.HiddenInput)
    field_order = ["title", "instrument_version", "cycle"]

    def __init__(self, *args: Any, versions: Any = None, cycles: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["instrument_version"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = versions if versions is not None else InstrumentVersion.objects.all()
        cycle_field = self.fields["cycle"]
        assert isinstance(cycle_field, forms.TypedChoiceField)
        cycle_field.choices = [("", _("None: a survey of its own"))] + [
            (cycle.pk, f"{cycle.version.title_text}: {cycle.stage}") for cycle in cycles
        ]
        if not cycles:
            del self.fields["cycle"]
            del self.fields["phase_run"]


class SurveyEditForm(_SettingsForm):
    report_breakdowns = forms.MultipleChoiceField(
        label=_("Show results also by"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "At most two questions besides the units: every further breakdown creates small groups that must be hidden."
        ),
    )

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        spec = survey.instrument_version.spec
        language = get_language() or spec.default_language
        breakdowns = self.fields["report_breakdowns"]
        assert isinstance(breakdowns, forms.MultipleChoiceField)
        breakdowns.choices = [
            (item.key, pick(item.text, language, spec.default_language)) for item in spec.breakdown_items
        ]
        if survey.status != "draft":
            self.fields["units"].disabled = True
            self.fields["units"].help_text = _("The units cannot change once the survey is open.")


class StaffListForm(forms.Form):
    file = forms.FileField(
        label=_("Staff list (CSV)"),
        help_text=_(
            "One person per line: e-mail address, unit, and optionally the language (de, nl, en). "
            "Semicolon or comma separated, as Excel saves it."
        ),
    )
    language = forms.ChoiceField(label=_("Language when the list names none"), choices=settings.LANGUAGES)


class CodesForm(forms.Form):
    count = forms.IntegerField(label=_("Number of codes"), min_value=1, max_value=2000, initial=20)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=SurveyUnit.objects.none(), required=False)
    language = forms.ChoiceField(label=_("Language of the printout"), choices=settings.LANGUAGES)

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        unit.queryset = survey.units.all()
        language = self.fields["language"]
        assert isinstance(language, forms.ChoiceField)
        language.choices = [(c, n) for c, n in settings.LANGUAGES if c in survey.languages]


class AccessForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of a member"), help_text=_("For example a member of the staff council.")
    )
    raw_data = forms.BooleanField(
        label=_("May also export raw data"),
        required=False,
        help_text=_("Individual answers with coarsened breakdowns; every export is recorded in the history."),
    )


class CodeEntryForm(forms.Form):
    code = forms.CharField(
        label=_("Your access code"),
        max_length=80,
        help_text=_("As printed on your sheet, e.g. K7QM-4XPD-9TRA, or the shared code of your team."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )
