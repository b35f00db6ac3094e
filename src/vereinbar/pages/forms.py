"""The legal page form: the text in each language."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _

from .selectors import LANGUAGES

LANGUAGE_NAMES = dict(settings.LANGUAGES)


class LegalPageForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code in LANGUAGES:
            self.fields[code] = forms.CharField(
                label=_("Text (%(language)s)") % {"language": str(LANGUAGE_NAMES[code])},
                widget=forms.Textarea(attrs={"rows": 18, "lang": code, "aria-describedby": "markdown-help"}),
                required=False,
            )

    def texts(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(code) or "" for code in LANGUAGES}
