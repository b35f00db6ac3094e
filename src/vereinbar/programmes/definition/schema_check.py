"""Checking a definition against the published JSON Schema, with translated messages."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path as FilePath
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from .source import Source

SCHEMA_PATH = FilePath(__file__).resolve().parent.parent / "schema" / "programme.schema.json"

TYPE_NAMES = {
    "string": gettext_lazy("text"),
    "integer": gettext_lazy("a whole number"),
    "number": gettext_lazy("a number"),
    "boolean": gettext_lazy("true or false"),
    "array": gettext_lazy("a list"),
    "object": gettext_lazy("a mapping (field: value)"),
    "null": gettext_lazy("nothing (null)"),
}

# Patterns in the schema, and how to explain them to the person writing the file.
PATTERN_HINTS = {
    "^urn:[a-z0-9][a-z0-9-]*(:[a-z0-9][a-z0-9._-]*)+$": gettext_lazy(
        "an identifier such as “urn:vereinbar:programme:example” (lower case letters, digits, dots, dashes)"
    ),
    "^[0-9A-Za-z][0-9A-Za-z.+_-]*$": gettext_lazy("a version such as “2025.1” (letters, digits, . + _ -)"),
    "^[-a-zA-Z0-9_]+$": gettext_lazy("a short name of letters, digits, - and _"),
    "^[a-z][a-z0-9_]*$": gettext_lazy(
        "a key of lower case letters, digits and _ that starts with a letter, such as “annual_report”"
    ),
    "^[A-Za-z0-9]+([.-][A-Za-z0-9]+)*$": gettext_lazy("a code such as “3.1” or “A-2”"),
    "^https?://[^\\s]+$": gettext_lazy("a web address starting with http:// or https://"),
}


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema of the programme format (also served by the API)."""
    data: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return data


@cache
def _validator() -> Draft202012Validator:
    Draft202012Validator.check_schema(schema())
    return Draft202012Validator(schema())


def _allowed(error: ValidationError) -> list[str]:
    properties = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
    return list(properties)


def _type_words(expected: Any) -> str:
    names = expected if isinstance(expected, list) else [expected]
    return _(" or ").join(str(TYPE_NAMES.get(name, name)) for name in names)


def _number_hint(instance: Any) -> str:
    if isinstance(instance, bool):
        return " " + _('YAML reads yes, no, on and off as true or false: put the text in quotes, e.g. "no".')
    if isinstance(instance, (int, float)):
        return " " + _('Put it in quotes, e.g. "%(value)s", so that it is read as text.') % {"value": instance}
    return ""


def _report(error: ValidationError, source: Source) -> None:
    path = tuple(error.absolute_path)
    keyword: Any = error.validator
    value: Any = error.validator_value
    instance: Any = error.instance
    if keyword == "additionalProperties" and isinstance(instance, dict):
        allowed = _allowed(error)
        for key in instance:
            if key not in allowed:
                source.problem(
                    (*path, key),
                    "unknown_field",
                    _("Unknown field “%(key)s”. Allowed here: %(allowed)s.")
                    % {"key": key, "allowed": ", ".join(allowed)},
                )
        return
    if keyword == "required" and isinstance(instance, dict):
        for key in value:
            if key not in instance:
                source.problem(path, "missing_field", _("The field “%(key)s” is missing.") % {"key": key})
        return
    if keyword == "type":
        source.problem(
            path,
            "wrong_type",
            _("Expected %(expected)s, found %(found)s.") % {"expected": _type_words(value), "found": _found(instance)}
            + (_number_hint(instance) if "string" in (value if isinstance(value, list) else [value]) else ""),
        )
        return
    if keyword in ("enum", "const"):
        choices = value if keyword == "enum" else [value]
        source.problem(
            path,
            "not_allowed",
            _("“%(value)s” is not allowed here. Choose one of: %(choices)s.")
            % {"value": instance, "choices": ", ".join(str(choice) for choice in choices)},
        )
        return
    if keyword == "pattern":
        hint = PATTERN_HINTS.get(value, value)
        source.problem(path, "bad_format", _("“%(value)s” is not %(hint)s.") % {"value": instance, "hint": hint})
        return
    if keyword == "propertyNames":
        source.problem(path, "bad_format", _("“%(value)s” is not a valid code here.") % {"value": instance})
        return
    messages = {
        "minItems": _("The list needs at least %(limit)s entries."),
        "maxItems": _("The list may have at most %(limit)s entries."),
        "uniqueItems": _("The list contains the same entry twice."),
        "minLength": _("The text must not be empty."),
        "maxLength": _("The text is too long (at most %(limit)s characters)."),
        "minProperties": _("Give at least one language."),
        "minimum": _("The value must be at least %(limit)s."),
        "maximum": _("The value must be at most %(limit)s."),
        "exclusiveMinimum": _("The value must be greater than %(limit)s."),
        "exclusiveMaximum": _("The value must be less than %(limit)s."),
    }
    message = messages.get(str(keyword), _("The value is not valid here."))
    source.problem(path, f"schema_{keyword}", message % {"limit": value} if "%(limit)s" in message else message)


def _found(instance: Any) -> str:
    if instance is None:
        return str(TYPE_NAMES["null"])
    if isinstance(instance, bool):
        return str(TYPE_NAMES["boolean"])
    if isinstance(instance, int):
        return str(TYPE_NAMES["integer"])
    if isinstance(instance, float):
        return str(TYPE_NAMES["number"])
    if isinstance(instance, str):
        return str(TYPE_NAMES["string"])
    if isinstance(instance, list):
        return str(TYPE_NAMES["array"])
    if isinstance(instance, dict):
        return str(TYPE_NAMES["object"])
    return _("a value of another kind (%(kind)s)") % {"kind": type(instance).__name__}


def schema_check(source: Source) -> None:
    """Add a problem for every place where the data does not follow the JSON Schema."""
    if not isinstance(source.data, dict):
        source.problem(
            (),
            "not_a_mapping",
            _("The file must contain one mapping (field: value) at the top, not %(found)s.")
            % {"found": _found(source.data)},
        )
        return
    errors = sorted(_validator().iter_errors(source.data), key=lambda e: [str(p) for p in e.absolute_path])
    for error in errors:
        _report(error, source)
