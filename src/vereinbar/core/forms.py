"""Form helpers every app's views share."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


def form_errors_from(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's validation errors next to the matching form fields (errors of a field the
    form does not have, and errors without a field, go to the top of the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
