"""Checking input for services against the model's own field definitions.

Services take plain values (from a form or an API payload); ``clean_fields`` runs each model
field's ``clean`` (type, length, choices, validators such as URL or e-mail) and collects every
message under the field's name, so views show them next to the field and the API lists them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models


def clean_fields(
    model: type[models.Model], data: Mapping[str, Any], *, allowed: Iterable[str], instance: models.Model | None = None
) -> dict[str, Any]:
    """Return the cleaned values of ``data``; raise one ValidationError naming every bad field.

    Strings are stripped; an empty text is ``""`` in a required-column text field and ``None``
    in a nullable one (the per-language fields of translated texts).
    A key outside ``allowed`` is a programming error (TypeError), not bad input.
    """
    allowed = set(allowed)
    unknown = set(data) - allowed
    if unknown:
        raise TypeError(f"fields not allowed here: {', '.join(sorted(unknown))}")
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for name, raw in data.items():
        field = model._meta.get_field(name)
        if not isinstance(field, models.Field):
            raise TypeError(f"{name} is a relation of {model.__name__}, not one of its fields")
        value = raw
        if isinstance(field, models.CharField | models.TextField):
            if isinstance(value, str):
                value = value.strip()
            if value is None and not field.null:
                value = ""
            elif value == "" and field.null:
                value = None  # nullable texts (translations) store "no text" as NULL
        try:
            cleaned[name] = field.clean(value, instance)
        except ValidationError as exc:
            errors[name] = exc.messages
    if errors:
        raise ValidationError(errors)
    return cleaned


def merge_errors(*errors: ValidationError | None) -> ValidationError | None:
    """Combine several field-error dicts into one ValidationError (None if there are none)."""
    combined: dict[str, list[str]] = {}
    for error in errors:
        if error is None:
            continue
        for field, messages in error.message_dict.items():
            combined.setdefault(field, []).extend(messages)
    return ValidationError(combined) if combined else None
