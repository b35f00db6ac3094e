"""Misspelt field names and values in definition files: which allowed one was most likely meant.

``definition_files.schema_errors_report`` reads a misspelling as the name or value meant and
checks the file again, so that one slip of the keyboard is one problem that names the fix
(“lables” → “labels”), not an unknown field plus a missing one. Pure, like ``definition_files``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from jsonschema.exceptions import ValidationError

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Misspelling:
    """A field name (``key``) or a value written at ``path``, close to the allowed ``meant``."""

    path: Path
    written: str
    meant: str
    key: bool


def closest_match(written: str, allowed: Iterable[str]) -> str | None:
    """The allowed name or value that ``written`` most likely misspells (case does not count), or None."""
    by_lower: dict[str, str] = {}
    for choice in allowed:
        by_lower.setdefault(choice.lower(), choice)
    matches = difflib.get_close_matches(written.lower(), list(by_lower), n=1)
    return by_lower[matches[0]] if matches else None


def misspellings_find(errors: Sequence[ValidationError], data: Any) -> list[Misspelling]:
    """Unknown keys close to an allowed key not written in the same mapping; values of a list of
    choices (``enum``, ``const``) close to one of them."""
    found: list[Misspelling] = []
    for error in errors:
        path = tuple(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = list(error.schema.get("properties", {})) if isinstance(error.schema, dict) else []
            unwritten = [key for key in allowed if key not in error.instance]
            for key in error.instance:
                meant = None if key in allowed or not isinstance(key, str) else closest_match(key, allowed)
                # closest to a field written already ("min_lenght" beside "min_length"): a second
                # copy of it, not the next-closest field ("max_length") under another name
                if meant is not None and meant in unwritten:
                    unwritten.remove(meant)  # a name written twice, misspelt both times, is meant once
                    found.append(Misspelling((*path, key), key, meant, key=True))
        elif error.validator in ("enum", "const") and isinstance(error.instance, str) and path:
            value: Any = error.validator_value
            choices = value if error.validator == "enum" else [value]
            meant = closest_match(error.instance, [choice for choice in choices if isinstance(choice, str)])
            # A key refused by propertyNames comes with the path of its mapping: only values count.
            if meant is not None and _value_at(data, path) == error.instance:
                found.append(Misspelling(path, error.instance, meant, key=False))
    return found


def misspellings_correct(
    data: Any, positions: dict[Path, tuple[int, int]], misspellings: Sequence[Misspelling]
) -> None:
    """Change ``data`` to read the names and values meant; a renamed field keeps the lines it is
    written on. One pass over ``positions`` for all of them: a large file has thousands of each."""
    renamed: dict[Path, str] = {}
    for misspelling in misspellings:
        parent_path, last = misspelling.path[:-1], misspelling.path[-1]
        parent = _value_at(data, _renamed(parent_path, renamed))
        if not misspelling.key:
            parent[last] = misspelling.meant
            continue
        items = list(parent.items())
        parent.clear()
        parent.update((misspelling.meant if key == last else key, value) for key, value in items)
        renamed[misspelling.path] = misspelling.meant
    if renamed:
        for written, position in list(positions.items()):
            now = _renamed(written, renamed)
            if now != written:
                positions[now] = position


def _renamed(path: Path, renamed: dict[Path, str]) -> Path:
    """``path`` as it reads after the renames (keyed by the path as written)."""
    parts = list(path)
    for size in range(1, len(path) + 1):
        if path[:size] in renamed:
            parts[size - 1] = renamed[path[:size]]
    return tuple(parts)


def _value_at(data: Any, path: Path) -> Any:
    for part in path:
        data = data[part]
    return data
