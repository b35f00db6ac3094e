"""The programme format: reading, checking and writing definitions. Pure: no database here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vereinbar.core.definition_files import Source, source_parse

from .canonical import canonicalise, content_hash, definition_json, definition_yaml
from .problems import Problem, ProgrammeInvalid, path_text
from .rules import rules_check
from .schema_check import schema, schema_check

__all__ = [
    "Checked",
    "Problem",
    "ProgrammeInvalid",
    "Source",
    "canonicalise",
    "content_hash",
    "definition_check",
    "definition_json",
    "definition_yaml",
    "path_text",
    "schema",
]


@dataclass
class Checked:
    """The outcome of checking one file: its source (data and positions), problems, canonical form."""

    source: Source
    definition: dict[str, Any] | None

    @property
    def problems(self) -> list[Problem]:
        return sorted(self.source.problems, key=lambda p: (p.line or 0, p.column or 0, p.path, p.code))

    @property
    def ok(self) -> bool:
        return not self.source.problems


def definition_check(raw: str | bytes, *, filename: str) -> Checked:
    """Parse and check a programme file; every problem is collected, none raised."""
    source = source_parse(raw, filename=filename)
    if source.data is None and source.problems:
        return Checked(source, None)
    schema_check(source)
    rules_check(source)
    if source.problems:
        return Checked(source, None)
    return Checked(source, canonicalise(source.data))
