"""Differences between two canonical definitions, as rows a person can read.

Lists of things with a code or key (criteria, stages, phases…) are matched by that code,
not by position, so inserting a criterion shows one added criterion, not a shifted list.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

KEYED_LISTS = {
    "status_scales": "id",
    "options": "value",
    "action_fields": "code",
    "criteria": "code",
    "levels": "id",
    "stages": "id",
    "phases": "id",
    "measures": "id",
}

SEGMENT_LABELS = {
    "status_scales": _("Status scale"),
    "options": _("Option"),
    "action_fields": _("Action field"),
    "criteria": _("Criterion"),
    "levels": _("Level"),
    "stages": _("Stage"),
    "phases": _("Phase"),
    "measures": _("Measure"),
}

Segment = str | tuple[str, str]


@dataclass(frozen=True)
class Change:
    path: tuple[Segment, ...]
    kind: str  # "added", "removed", "changed"
    before: Any
    after: Any

    @property
    def where(self) -> str:
        parts = []
        for segment in self.path:
            if isinstance(segment, tuple):
                parts.append(f"{SEGMENT_LABELS.get(segment[0], segment[0])} {segment[1]}")
            else:
                parts.append(segment)
        return " › ".join(parts)


def _keyed(value: Any, key: str) -> dict[str, Any] | None:
    if not isinstance(value, list) or not all(isinstance(item, dict) and key in item for item in value):
        return None
    return {str(item[key]): item for item in value}


def _walk(before: Any, after: Any, path: tuple[Segment, ...], out: list[Change]) -> None:
    if isinstance(before, dict) and isinstance(after, dict):
        for key in dict.fromkeys([*before, *after]):
            if key not in before:
                out.append(Change((*path, key), "added", None, after[key]))
            elif key not in after:
                out.append(Change((*path, key), "removed", before[key], None))
            else:
                _walk(before[key], after[key], (*path, key), out)
        return
    name = path[-1] if path and isinstance(path[-1], str) else None
    if name in KEYED_LISTS:
        old, new = _keyed(before, KEYED_LISTS[name]), _keyed(after, KEYED_LISTS[name])
        if old is not None and new is not None:
            base = path[:-1]
            for key in dict.fromkeys([*old, *new]):
                where = (*base, (name, key))
                if key not in old:
                    out.append(Change(where, "added", None, new[key]))
                elif key not in new:
                    out.append(Change(where, "removed", old[key], None))
                else:
                    _walk(old[key], new[key], where, out)
            if list(old) != [key for key in new if key in old]:
                out.append(Change((*path, "order"), "changed", list(old), list(new)))
            return
    if before != after:
        out.append(Change(path, "changed", before, after))


def definition_diff(before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    """What changed from one canonical definition to the other."""
    out: list[Change] = []
    _walk(before, after, (), out)
    return out


def value_text(value: Any, language: str, default_language: str) -> str:
    """A short text for a value in a diff: a title where there is one, else compact JSON."""
    if value is None:
        return ""
    if isinstance(value, dict) and isinstance(value.get("title"), dict):
        titles = value["title"]
        return str(titles.get(language) or titles.get(default_language) or next(iter(titles.values()), ""))
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)
