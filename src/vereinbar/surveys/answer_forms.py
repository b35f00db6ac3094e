"""The form of one questionnaire page, built from the instrument in the respondent's language.

Every question may be left out (participation is voluntary). One fieldset per question,
radio buttons rather than a grid, so the pages work on a phone and with a screen reader.
A radio button cannot be unticked, so each radio question ends with a "No answer" choice: an
answer given by mistake can be taken back without JavaScript, and is then kept as no answer.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .instrument import InstrumentSpec, Item, Section, language_of, pick
from .instrument.spec import Text

UNIT_FIELD = "_unit"
# The value of "No answer": empty, so the field cleans it to None and the draft drops the answer
# (services.answering.draft_save), and the results count it as missing, never as a scale point.
NO_ANSWER = ("", pgettext_lazy("a questionnaire's choice", "No answer"))


def in_language(text: str, lang: str) -> str:
    """A questionnaire's text marked with ``lang`` when it is not in the page's language (the
    questionnaire has none in it): a screen reader then pronounces it as written."""
    if not lang or not text:
        return text
    return format_html('<span lang="{}">{}</span>', lang, text)


def _text(text: Text | None, language: str, default: str) -> str:
    return in_language(pick(text, language, default), language_of(text, language, default))


def _field(item: Item, language: str, default: str) -> forms.Field:
    label = _text(item.text, language, default)
    help_text = _text(item.help, language, default)
    # Django adds the form's ":" unless the label ends in a punctuation mark; a marked label ends
    # in "</span>", so that is decided on its text (a question ending in "?" gets none).
    plain = pick(item.text, language, default)
    suffix = "" if label != plain and plain[-1:] in ":?.!" else None
    labels_lang = item.labels_language(language, default) if item.kind == "likert" else ""
    common: dict[str, Any] = {"label": label, "label_suffix": suffix, "required": False, "help_text": help_text}
    if item.kind in ("likert", "single_choice"):
        choices: list[tuple[str, Any]] = [
            (str(p), in_language(item.label_of(p, language, default), labels_lang))
            if item.kind == "likert"
            else (str(p), _text(item.options[p - 1].label, language, default))
            for p in range(1, item.points + 1)
        ]
        choices.append(NO_ANSWER)
        return forms.TypedChoiceField(choices=choices, coerce=int, widget=forms.RadioSelect, empty_value=None, **common)
    if item.kind == "yes_no":
        return forms.TypedChoiceField(
            choices=[("2", _("Yes")), ("1", _("No")), NO_ANSWER],
            coerce=int,
            widget=forms.RadioSelect,
            empty_value=None,
            **common,
        )
    if item.kind == "multiple_choice":
        choices = [(str(p), _text(option.label, language, default)) for p, option in enumerate(item.options, start=1)]
        return forms.TypedMultipleChoiceField(
            choices=choices, coerce=int, widget=forms.CheckboxSelectMultiple, empty_value=[], **common
        )
    if item.kind == "number":
        return forms.DecimalField(
            min_value=Decimal(str(item.minimum)) if item.minimum is not None else None,
            max_value=Decimal(str(item.maximum)) if item.maximum is not None else None,
            decimal_places=item.decimals,
            widget=forms.NumberInput(attrs={"inputmode": "decimal" if item.decimals else "numeric"}),
            **common,
        )
    return forms.CharField(max_length=item.max_length, widget=forms.Textarea(attrs={"rows": 5}), **common)


class PageForm(forms.Form):
    """The questions of one section; ``answers()`` gives them in the draft's JSON form."""

    def __init__(
        self,
        *args: Any,
        spec: InstrumentSpec,
        section: Section,
        language: str,
        saved: dict[str, Any],
        units: list[tuple[int, str]] | None = None,
        unit_id: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.section = section
        for item in section.items:
            self.fields[item.key] = _field(item, language, spec.default_language)
            value = saved.get(item.key)
            if value is not None:
                self.initial[item.key] = [str(v) for v in value] if isinstance(value, list) else str(value)
        if units:
            self.fields[UNIT_FIELD] = forms.TypedChoiceField(
                label=_("In which unit do you work?"),
                # the same words as every other question's way not to answer
                choices=[NO_ANSWER, *[(str(pk), name) for pk, name in units]],
                coerce=int,
                empty_value=0,  # type: ignore[arg-type]  # 0 = "prefer not to say", None = not asked
                required=False,
                help_text=_("Results per unit are shown only when enough people of the unit answered."),
            )
            if unit_id:
                self.initial[UNIT_FIELD] = str(unit_id)

    def answers(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for item in self.section.items:
            value = self.cleaned_data.get(item.key)
            if isinstance(value, Decimal):
                value = int(value) if value == value.to_integral_value() else float(value)
            elif isinstance(value, str):
                value = value.strip()
            result[item.key] = value
        return result

    def unit_choice(self) -> int | None:
        """0 = explicitly no unit, None = the question was not asked."""
        if UNIT_FIELD not in self.fields:
            return None
        value = self.cleaned_data.get(UNIT_FIELD)
        return int(value) if value is not None else 0
