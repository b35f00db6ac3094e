"""The instrument format: reading, checking and writing survey questionnaires. No database here.

A file is parsed with the same reader as programme definitions (line of every field,
duplicate keys reported), checked against ``schema/instrument.schema.json`` and then by the
rules in :mod:`.checks`; a valid file has one canonical form and one content hash.
"""

from __future__ import annotations

from vereinbar.core.definition_files import Checked, Problem, definition_file_check

from .canonical import canonicalise, content_hash, definition_json, definition_yaml
from .checks import rules_check, schema, schema_check
from .spec import InstrumentSpec, Item, Scale, Section, language_of, pick

__all__ = [
    "Checked",
    "InstrumentInvalid",
    "InstrumentSpec",
    "Item",
    "Problem",
    "Scale",
    "Section",
    "canonicalise",
    "content_hash",
    "definition_json",
    "definition_yaml",
    "instrument_check",
    "language_of",
    "pick",
    "schema",
]


class InstrumentInvalid(Exception):
    """Raised when an instrument cannot be loaded; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


def instrument_check(raw: str | bytes, *, filename: str) -> Checked:
    """Parse and check an instrument file; every problem is collected, none raised."""
    return definition_file_check(raw, filename=filename, checks=(schema_check, rules_check), canonicalise=canonicalise)
