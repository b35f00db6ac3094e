"""The credential to check on /verify/credential/: pasted or uploaded."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .bake import svg_credential

MAX_BYTES = 256 * 1024  # a credential is a few KiB; more is not one


class CredentialCheckForm(forms.Form):
    text = forms.CharField(
        label=_("Credential (JSON)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false", "autocomplete": "off"}),
        max_length=MAX_BYTES,
    )
    file = forms.FileField(
        label=_("or a credential file"),
        required=False,
        help_text=_("The JSON file, or a seal with the credential in it (SVG)."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is not None and upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is too large to be a credential."))
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload = cleaned.get("file")
        raw = upload.read().decode("utf-8", errors="replace") if upload is not None else cleaned.get("text", "")
        if not raw.strip():
            self.add_error("text", _("Paste the credential or choose its file."))
            return cleaned
        field = "file" if upload is not None else "text"
        if raw.lstrip().startswith("<"):  # a seal with the credential baked in
            document = svg_credential(raw)
            if document is None:
                self.add_error(field, _("This image has no credential baked in."))
            cleaned["document"] = document
            return cleaned
        try:
            cleaned["document"] = json.loads(raw)
        except ValueError:
            self.add_error(field, _("This is not JSON: paste the whole file."))
        return cleaned
