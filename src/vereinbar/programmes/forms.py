"""The operator's upload form for programme files."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from vereinbar.core.types import Visitor
from vereinbar.organisations.models import Organisation

from .permissions import loadable_operators


class ProgrammeUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Programme file"),
        help_text=_("A YAML or JSON file in the programme format. All problems in the file are listed at once."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".yaml,.yml,.json,application/yaml,application/json,text/yaml"}
        ),
    )
    operator: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Operator"),
        queryset=None,
        required=False,
        empty_label=_("As named in the file"),
        help_text=_("The operator organisation that runs the programme, if the file does not name it."),
        to_field_name="slug",
    )
    check_only = forms.BooleanField(
        label=_("Only check the file, do not load it"),
        required=False,
    )

    def __init__(self, *args: Any, user: Visitor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Organisation]", self.fields["operator"]).queryset = loadable_operators(user)


class ProgrammeConfirmForm(forms.Form):
    """The second step of loading a new version of a programme that is already loaded: the checked
    file comes back as text (it is checked again in full before anything is stored)."""

    source = forms.CharField(strip=False, widget=forms.HiddenInput)
    filename = forms.CharField(max_length=255, widget=forms.HiddenInput)
    operator: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        queryset=None, required=False, to_field_name="slug", widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, user: Visitor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Organisation]", self.fields["operator"]).queryset = loadable_operators(user)
