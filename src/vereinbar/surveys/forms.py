"""Forms of the workspace survey pages. Validation that spans models lives in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from vereinbar.core.countries import language_name
from vereinbar.core.form_renderer import KernBoundField
from vereinbar.core.forms import form_errors_from

from .instrument import pick
from .models import DEFAULT_COMMENT_K, DEFAULT_K, MIN_K, InstrumentVersion, Survey, SurveyUnit


class DateInput(forms.DateInput):
    """A date picker: its value is always ISO (``2026-12-01``); a German or Dutch date format
    ("01.12.2026") is not a valid value, and the picker then shows, and sends back, nothing."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        super().__init__(attrs, format=format or "%Y-%m-%d")


TITLE_PREFIX = "title_"


class _TitleBoundField(KernBoundField):
    """A title field's box names its language, so that the survey style sheet can hide it
    while that language is not chosen (``surveys.css``)."""

    def css_classes(self, extra_classes: Any = None) -> str:
        language = self.name.removeprefix(TITLE_PREFIX)
        return super().css_classes(f"survey-title survey-title--{language} {extra_classes or ''}".strip())


class _TitleField(forms.CharField):
    bound_field_class = _TitleBoundField


class _SettingsForm(forms.Form):
    """The settings of a survey; its title has one field per language (``title_de``, …), of which
    the page shows those of the chosen languages. The first chosen language needs a title; in
    another left empty, people see that one."""

    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Each person answers in the language of their invitation and can switch. Give the title "
            "(e.g. “Staff survey 2026”) in each language; where it is left empty, people see the title "
            "in the first language."
        ),
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
            "One unit per line; write “Department / Team” for a unit inside another, or paste two columns "
            "(department, team) from Excel. Results can be shown per unit."
        ),
    )
    intro = forms.CharField(
        label=_("Note from the organisation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown to everyone before the questions, below the statement on voluntariness and anonymity."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        titles = [f"{TITLE_PREFIX}{code}" for code, _name in settings.LANGUAGES]
        for name in titles:
            language = language_name(name.removeprefix(TITLE_PREFIX))
            self.fields[name] = _TitleField(
                label=_("Title (%(language)s)") % {"language": language}, max_length=200, required=False
            )
        # The languages first, then the title in each (the page shows the chosen ones' only).
        self.order_fields(["languages", *titles, "instrument_version", "cycle"])

    def clean(self) -> dict[str, Any]:
        """The title in each chosen language (``titles``) and in the first (``title``), which is
        needed."""
        data = super().clean() or {}
        languages = data.get("languages") or []
        titles = {code: data.pop(f"{TITLE_PREFIX}{code}", "") for code, _name in settings.LANGUAGES}
        data["titles"] = {code: titles[code] for code in languages if titles[code]}
        data["title"] = data["titles"].get(languages[0], "") if languages else ""
        if languages and not data["title"]:
            self.add_error(
                f"{TITLE_PREFIX}{languages[0]}",
                _("Give the survey a title in %(language)s.") % {"language": language_name(languages[0])},
            )
        # The service checks these too, but only once every field is valid: said here, they come
        # with the other mistakes at once, not one round later.
        opens_on, closes_on = data.get("opens_on"), data.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", _("The field period cannot end before it starts."))
        k, comment_k = data.get("min_group_size"), data.get("min_group_size_comments")
        if k is not None and comment_k is not None and comment_k < k:
            self.add_error(
                "min_group_size_comments",
                _("The minimum group size for comments cannot be below the minimum group size."),
            )
        return data

    def add_service_errors(self, exc: ValidationError) -> None:
        """A service's errors next to their fields; its ``title`` is the first language's field."""
        languages = self.cleaned_data.get("languages") or []
        if hasattr(exc, "error_dict") and "title" in exc.error_dict and languages:
            errors = dict(exc.error_dict)
            errors[f"{TITLE_PREFIX}{languages[0]}"] = errors.pop("title")
            exc = ValidationError(errors)
        form_errors_from(self, exc)


class SurveyCreateForm(_SettingsForm):
    # Radio buttons, not a list box: a questionnaire's full title wraps on a phone instead of
    # being cut off ("Beschäftigtenbefragung zur Ge…"), and the choices are few.
    instrument_version = forms.ModelChoiceField(
        label=_("Questionnaire"),
        queryset=InstrumentVersion.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
    )
    cycle = forms.TypedChoiceField(
        label=_("For a cycle"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("A survey for a cycle belongs to its survey phase, which is complete when the survey has results."),
    )
    phase_run = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, versions: Any = None, cycles: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["instrument_version"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = versions if versions is not None else InstrumentVersion.objects.all()
        if not self.is_bound and not self.initial.get("instrument_version"):
            first = field.queryset.first()  # chosen as the list box chose it before
            self.initial["instrument_version"] = first.pk if first else None
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
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,text/csv,text/plain"}),
        help_text=_(
            "One person per line: e-mail address, unit, and optionally the language (de, nl, en). "
            "In Excel, save it as “CSV UTF-8” or “CSV (semicolon separated)”. With a first line of "
            "headings (E-Mail, Unit, Language) the columns may be in any order."
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
        # "Department / Team": in a long list a team's name alone does not say where it is.
        from .selectors import unit_paths_of

        paths = unit_paths_of(survey=survey)
        unit.label_from_instance = lambda instance: paths.get(instance.pk, instance.name)  # type: ignore[method-assign,assignment]
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


class SurveyCloseForm(forms.Form):
    """Closing cannot be undone (the e-mail addresses are erased): a ticked box says it is meant."""

    confirm = forms.BooleanField(
        label=_("I understand: nobody can answer afterwards and the survey cannot be opened again."),
        help_text=_("Closing ends the field period, erases the e-mail addresses and makes the results available."),
        error_messages={"required": _("Tick the box to confirm that the survey is to be closed.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "close-%s")
        super().__init__(*args, **kwargs)


class CodeEntryForm(forms.Form):
    code = forms.CharField(
        label=_("Your access code"),
        max_length=80,
        help_text=_("As printed on your sheet, e.g. K7QM-4XPD-9TRA, or the shared code of your team."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )
