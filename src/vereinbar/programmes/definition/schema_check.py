"""Checking a definition against the published JSON Schema, with translated messages."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path as FilePath
from typing import Any

from jsonschema import Draft202012Validator

from vereinbar.core.definition_files import Source, schema_errors_report, schema_validator

SCHEMA_PATH = FilePath(__file__).resolve().parent.parent / "schema" / "programme.schema.json"


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema of the programme format (also served by the API)."""
    data: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return data


@cache
def _validator() -> Draft202012Validator:
    return schema_validator(schema())


def schema_check(source: Source) -> None:
    """Add a problem for every place where the data does not follow the JSON Schema."""
    schema_errors_report(source, _validator())
