"""The programme format: reading, checking and writing definitions. Pure: no database here."""

from __future__ import annotations

from vereinbar.core.definition_files import Checked, Source, definition_file_check

from .canonical import canonicalise, content_hash, definition_json, definition_yaml
from .problems import Problem, ProgrammeInvalid, path_text
from .rules import rules_check
from .schema_check import schema, schema_check
from .warnings_check import definition_warnings

__all__ = [
    "Checked",
    "Problem",
    "ProgrammeInvalid",
    "Source",
    "canonicalise",
    "content_hash",
    "definition_check",
    "definition_json",
    "definition_warnings",
    "definition_yaml",
    "path_text",
    "schema",
]


def definition_check(raw: str | bytes, *, filename: str) -> Checked:
    """Parse and check a programme file; every problem is collected, none raised."""
    return definition_file_check(raw, filename=filename, checks=(schema_check, rules_check), canonicalise=canonicalise)
