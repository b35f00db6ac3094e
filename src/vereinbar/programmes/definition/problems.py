"""A problem found in a programme file: where (file, line, field path) and what (code, message)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

Path = tuple[str | int, ...]

_PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def path_text(path: Sequence[str | int]) -> str:
    """``("stages", 0, "phases", 1, "gate")`` → ``stages[0].phases[1].gate``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif _PLAIN.match(part):
            text += f".{part}" if text else part
        else:
            text += f'["{part}"]'
    return text


@dataclass(frozen=True)
class Problem:
    """One error in a programme file. ``message`` is already in the language that was active."""

    file: str
    line: int | None
    path: str
    code: str
    message: str
    column: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "code": self.code,
            "message": self.message,
        }

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" {self.path}:" if self.path else ""
        return f"{where}:{field} {self.message} [{self.code}]"


class ProgrammeInvalid(Exception):
    """Raised when a programme file cannot be loaded; carries every problem found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = list(problems)
