"""Checking an instrument file: the JSON Schema, then the rules that span several places.

Every problem is collected with its line and field path; nothing is raised. Schema errors
are worded by :mod:`vereinbar.core.definition_files`, as for every definition format.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path as FilePath
from typing import Any

from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator

from vereinbar.core.definition_files import Source, schema_errors_report, schema_validator

SCHEMA_PATH = FilePath(__file__).resolve().parent.parent / "schema" / "instrument.schema.json"
LIKERT_POINTS = (4, 5, 7)
SCORED_KINDS = ("likert", "yes_no")
BREAKDOWN_KINDS = ("single_choice", "yes_no")
CHOICE_KINDS = ("single_choice", "multiple_choice")


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema of the instrument format (also in docs/survey-format.md)."""
    data: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return data


@cache
def _validator() -> Draft202012Validator:
    return schema_validator(schema())


def schema_check(source: Source) -> None:
    """Add a problem for every place where the data does not follow the JSON Schema."""
    schema_errors_report(source, _validator())


# --- rules across the file -----------------------------------------------------------------


class _Rules:
    def __init__(self, source: Source) -> None:
        self.source = source
        self.data: dict[str, Any] = source.data
        self.languages: list[str] = list(self.data["languages"])

    def texts(self, node: Any, path: tuple[str | int, ...]) -> None:
        """Every human text must be written in every language the instrument declares."""
        if not isinstance(node, dict):
            return
        missing = [lang for lang in self.languages if lang not in node]
        if missing:
            self.source.problem(
                path,
                "missing_translation",
                _("The text is missing in: %(languages)s.") % {"languages": ", ".join(missing)},
            )
        extra = [lang for lang in node if lang not in self.languages]
        if extra:
            self.source.problem(
                path,
                "undeclared_language",
                _("Languages not listed in “languages”: %(languages)s.") % {"languages": ", ".join(extra)},
            )

    def run(self) -> None:
        data = self.data
        if data["default_language"] not in self.languages:
            self.source.problem(
                ("default_language",),
                "default_language",
                _("The default language must be one of the listed languages."),
            )
        for key in ("title", "description", "consent", "thanks"):
            self.texts(data.get(key), (key,))
        answer_sets = data.get("answer_sets") or {}
        points: dict[str, int] = {}
        for name, answer_set in answer_sets.items():
            path: tuple[str | int, ...] = ("answer_sets", name)
            self.texts(answer_set.get("title"), (*path, "title"))
            self.texts(answer_set["labels"], (*path, "labels"))
            counts = {len(labels) for labels in answer_set["labels"].values()}
            if len(counts) > 1:
                self.source.problem(
                    (*path, "labels"),
                    "label_count",
                    _("Every language needs the same number of labels."),
                )
            count = min(counts)
            if count not in LIKERT_POINTS:
                self.source.problem(
                    (*path, "labels"),
                    "likert_points",
                    _("A rating scale has 4, 5 or 7 points, not %(count)s.") % {"count": count},
                )
            points[name] = count
            favourable = answer_set.get("favourable") or []
            if any(position > count for position in favourable) or len(favourable) >= count:
                self.source.problem(
                    (*path, "favourable"),
                    "favourable_positions",
                    _(
                        "The favourable answers are positions from 1 to %(count)s, and at least one answer must "
                        "not be favourable."
                    )
                    % {"count": count},
                )
        items = self.items(points)
        self.scales(items, points)

    def items(self, points: dict[str, int]) -> dict[str, tuple[tuple[str | int, ...], dict[str, Any]]]:
        seen: dict[str, tuple[tuple[str | int, ...], dict[str, Any]]] = {}
        section_keys: set[str] = set()
        for s, section in enumerate(self.data["sections"]):
            spath: tuple[str | int, ...] = ("sections", s)
            if section["key"] in section_keys:
                self.source.problem((*spath, "key"), "duplicate_key", _("Another section has this key."))
            section_keys.add(section["key"])
            self.texts(section["title"], (*spath, "title"))
            self.texts(section.get("intro"), (*spath, "intro"))
            for i, item in enumerate(section["items"]):
                path: tuple[str | int, ...] = (*spath, "items", i)
                if item["key"] in seen:
                    self.source.problem((*path, "key"), "duplicate_key", _("Another item has this key."))
                seen[item["key"]] = (path, item)
                self.item(item, path, points)
        return seen

    def item(self, item: dict[str, Any], path: tuple[str | int, ...], points: dict[str, int]) -> None:
        kind = item["kind"]
        self.texts(item["text"], (*path, "text"))
        self.texts(item.get("help"), (*path, "help"))
        allowed = {
            "likert": {"answers", "reverse"},
            "yes_no": {"reverse", "breakdown"},
            "single_choice": {"options", "breakdown"},
            "multiple_choice": {"options"},
            "number": {"min", "max", "decimals"},
            "free_text": {"max_length"},
        }[kind]
        for field in ("answers", "reverse", "options", "breakdown", "min", "max", "decimals", "max_length"):
            if field in item and field not in allowed:
                self.source.problem(
                    (*path, field),
                    "field_not_for_kind",
                    _("“%(field)s” does not apply to items of kind “%(kind)s”.") % {"field": field, "kind": kind},
                )
        if kind == "likert":
            if "answers" not in item:
                self.source.problem(path, "missing_field", _("The field “%(key)s” is missing.") % {"key": "answers"})
            elif item["answers"] not in points:
                self.source.problem(
                    (*path, "answers"),
                    "unknown_answer_set",
                    _("There is no answer set “%(key)s” under “answer_sets”.") % {"key": item["answers"]},
                )
        if kind in CHOICE_KINDS:
            options = item.get("options")
            if not options:
                self.source.problem(path, "missing_field", _("The field “%(key)s” is missing.") % {"key": "options"})
            else:
                keys: set[str] = set()
                for o, option in enumerate(options):
                    if option["key"] in keys:
                        self.source.problem(
                            (*path, "options", o, "key"), "duplicate_key", _("Another option has this key.")
                        )
                    keys.add(option["key"])
                    self.texts(option["label"], (*path, "options", o, "label"))
        if kind == "number" and "min" in item and "max" in item and item["min"] >= item["max"]:
            self.source.problem((*path, "max"), "number_range", _("“max” must be greater than “min”."))

    def scales(self, items: dict[str, tuple[tuple[str | int, ...], dict[str, Any]]], points: dict[str, int]) -> None:
        keys: set[str] = set()
        used: dict[str, str] = {}
        for s, scale in enumerate(self.data["scales"]):
            path: tuple[str | int, ...] = ("scales", s)
            if scale["key"] in keys:
                self.source.problem((*path, "key"), "duplicate_key", _("Another scale has this key."))
            keys.add(scale["key"])
            self.texts(scale["title"], (*path, "title"))
            self.texts(scale.get("description"), (*path, "description"))
            levels: set[int] = set()
            favourable: set[tuple[int, ...]] = set()
            for i, key in enumerate(scale["items"]):
                ipath = (*path, "items", i)
                if key not in items:
                    self.source.problem(ipath, "unknown_item", _("There is no item “%(key)s”.") % {"key": key})
                    continue
                item = items[key][1]
                if item["kind"] not in SCORED_KINDS:
                    self.source.problem(
                        ipath,
                        "item_not_scored",
                        _("Only rating (likert) and yes/no items can be part of a scale; “%(key)s” is %(kind)s.")
                        % {"key": key, "kind": item["kind"]},
                    )
                    continue
                if item.get("breakdown"):
                    self.source.problem(
                        ipath, "breakdown_in_scale", _("A breakdown question cannot be part of a scale.")
                    )
                if key in used:
                    self.source.problem(
                        ipath,
                        "item_in_two_scales",
                        _("The item “%(key)s” is already part of the scale “%(scale)s”.")
                        % {"key": key, "scale": used[key]},
                    )
                used[key] = scale["key"]
                levels.add(points.get(item.get("answers", ""), 0) if item["kind"] == "likert" else 2)
                favourable.add(favourable_positions(self.data, item))
            if len(levels) > 1:
                self.source.problem(
                    (*path, "items"),
                    "mixed_points",
                    _("All items of a scale need the same number of answer points."),
                )
            elif len(favourable) > 1:
                self.source.problem(
                    (*path, "items"),
                    "mixed_favourable",
                    _("All items of a scale need the same favourable answers (“favourable” of their answer sets)."),
                )


def favourable_positions(data: dict[str, Any], item: dict[str, Any]) -> tuple[int, ...]:
    """The answer positions that are favourable on a positively worded item: its answer set's
    ``favourable``, else the positions that score 75 or more (yes for a yes/no item)."""
    if item.get("kind") == "yes_no":
        return (2,)
    answer_set = (data.get("answer_sets") or {}).get(item.get("answers", "")) or {}
    if answer_set.get("favourable"):
        return tuple(sorted(answer_set["favourable"]))
    count = min((len(labels) for labels in (answer_set.get("labels") or {}).values()), default=0)
    return tuple(p for p in range(1, count + 1) if count > 1 and (p - 1) * 100 >= 75 * (count - 1))


def rules_check(source: Source) -> None:
    """Add a problem for every broken rule that the schema cannot express."""
    if not isinstance(source.data, dict) or source.problems:
        return
    _Rules(source).run()
