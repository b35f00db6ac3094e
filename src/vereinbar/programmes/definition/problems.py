"""A problem found in a programme file: where (file, line, field path) and what (code, message).

``Problem`` is shared by every definition format (:mod:`vereinbar.core.definition_files`).
"""

from __future__ import annotations

from collections.abc import Sequence

from vereinbar.core.definition_files import Path, Problem, path_text

__all__ = ["Path", "Problem", "ProgrammeInvalid", "path_text"]


class ProgrammeInvalid(Exception):
    """Raised when a programme file cannot be loaded; carries every problem found, and the
    warnings about what would load but is probably not meant (``definition_warnings``)."""

    def __init__(self, problems: Sequence[Problem], warnings: Sequence[Problem] = ()) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = list(problems)
        self.warnings = list(warnings)
