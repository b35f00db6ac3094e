"""Forms of the workspace page for the practice report."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from vereinbar.core.images import IMAGE_ACCEPT


class PracticeReportForm(forms.Form):
    """Title and text in each language; the public profile shows the page language's version."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, name in settings.LANGUAGES:
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title (%(language)s)") % {"language": name}, max_length=200, required=False
            )
            self.fields[f"text_{code}"] = forms.CharField(
                label=_("Report (%(language)s)") % {"language": name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 8}),
                max_length=20000,
            )


class PracticePhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Photo"),
        help_text=_("PNG, JPEG or WebP, at most 2 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_ACCEPT}),
    )
    description = forms.CharField(
        label=_("What the photo shows"), max_length=300, help_text=_("Read out to people who cannot see the photo.")
    )
    credit = forms.CharField(label=_("Photo credit"), max_length=200)
