"""A report as JSON, for the reports frozen when a survey's raw data is deleted
(``privacy.StoredReport``, ``surveys.retention``).

The form is written and read by the explicit code below, one pair of functions per dataclass,
never by pickle: a stored report must outlive changes to the report classes, and loading one
(from the database or a restored backup) must not run code. Format 1::

    {"format": 1, "language": "en", "k": 5, "comment_k": 10, "n_total": 150,
     "scales": [ScaleInfo…], "total": GroupRow, "units": [GroupRow…],
     "breakdowns": [Breakdown…], "profile": [ProfileLine…], "rates": [RateRow…],
     "rate_total": RateRow | null, "choices": [ChoiceItem…], "numbers": [NumberItem…],
     "comments": [CommentBlock…], "comments_note": "", "trend": [TrendPoint…],
     "previous_title": "", "benchmark_organisations": 0, "peers": "all", "notes": [""…]}

Each dataclass is an object with its field names as keys; tuples are arrays (a choice option
is ``[label, count, share]``); the survey is not stored (the reader supplies it). Floats are
JSON numbers (Python writes the shortest text that reads back to the same float); the
non-finite ones, which JSON and PostgreSQL's jsonb lack, are the strings "NaN", "Infinity",
"-Infinity". The report holds no dates, decimals or enums.

A change to what a report holds needs a new ``FORMAT`` and a data migration that rewrites the
stored rows (or a reader for the old format here); ``report_load`` refuses formats it does not
know rather than guess.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from ..models import Survey
from .build import (
    Breakdown,
    Cell,
    ChoiceItem,
    CommentBlock,
    GroupRow,
    NumberItem,
    ProfileLine,
    RateRow,
    Report,
    ScaleInfo,
    TrendPoint,
)

FORMAT = 1


class FrozenReportError(ValueError):
    """A stored report this version cannot read: unknown format or malformed content."""


def report_dump(report: Report) -> dict[str, Any]:
    """The JSON form of ``report`` (without its survey)."""
    return {
        "format": FORMAT,
        "language": report.language,
        "k": int(report.k),
        "comment_k": int(report.comment_k),
        "n_total": int(report.n_total),
        "scales": [_scale_dump(scale) for scale in report.scales],
        "total": _row_dump(report.total),
        "units": [_row_dump(row) for row in report.units],
        "breakdowns": [_breakdown_dump(breakdown) for breakdown in report.breakdowns],
        "profile": [_profile_dump(line) for line in report.profile],
        "rates": [_rate_dump(rate) for rate in report.rates],
        "rate_total": None if report.rate_total is None else _rate_dump(report.rate_total),
        "choices": [_choice_dump(item) for item in report.choices],
        "numbers": [_number_dump(item) for item in report.numbers],
        "comments": [_comments_dump(block) for block in report.comments],
        "comments_note": report.comments_note,
        "trend": [_trend_dump(point) for point in report.trend],
        "previous_title": report.previous_title,
        "benchmark_organisations": int(report.benchmark_organisations),
        "peers": report.peers,
        "notes": [str(note) for note in report.notes],
    }


def report_load(data: Any, *, survey: Survey | None) -> Report:
    """The report from its JSON form, for ``survey``. Raises ``FrozenReportError`` for a
    format this version does not read or content that does not fit it."""
    if not isinstance(data, dict):
        raise FrozenReportError(f"a stored report is a JSON object, not {type(data).__name__}")
    version = data.get("format")
    if version != FORMAT:
        raise FrozenReportError(
            f"stored report format {version!r} is unknown to this version of vereinbar, which reads format {FORMAT}"
        )
    try:
        return Report(
            survey=survey,  # type: ignore[arg-type]  # None only while the report is stored
            language=_str(data["language"]),
            k=_int(data["k"]),
            comment_k=_int(data["comment_k"]),
            n_total=_int(data["n_total"]),
            scales=_tuple(data["scales"], _scale_load),
            total=_row_load(data["total"]),
            units=_tuple(data["units"], _row_load),
            breakdowns=_tuple(data["breakdowns"], _breakdown_load),
            profile=_tuple(data["profile"], _profile_load),
            rates=_tuple(data["rates"], _rate_load),
            rate_total=None if data["rate_total"] is None else _rate_load(data["rate_total"]),
            choices=_tuple(data["choices"], _choice_load),
            numbers=_tuple(data["numbers"], _number_load),
            comments=_tuple(data["comments"], _comments_load),
            comments_note=_str(data["comments_note"]),
            trend=_tuple(data["trend"], _trend_load),
            previous_title=_str(data["previous_title"]),
            benchmark_organisations=_int(data["benchmark_organisations"]),
            peers=_str(data["peers"]),
            notes=list(_tuple(data["notes"], _str)),
        )
    except FrozenReportError:
        raise
    except (KeyError, TypeError, ValueError) as error:
        raise FrozenReportError(f"stored report (format {FORMAT}) is malformed: {error!r}") from error


# One pair per dataclass of ``build``: a field added there must be added here (and to FORMAT);
# tests/privacy/test_frozen_report.py fails until it is.


def _scale_dump(scale: ScaleInfo) -> dict[str, Any]:
    return {
        "key": scale.key,
        "title": scale.title,
        "description": scale.description,
        "higher_is_better": bool(scale.higher_is_better),
        "threshold": _float_out(scale.threshold),
    }


def _scale_load(data: Any) -> ScaleInfo:
    return ScaleInfo(
        key=_str(data["key"]),
        title=_str(data["title"]),
        description=_str(data["description"]),
        higher_is_better=_bool(data["higher_is_better"]),
        threshold=_float(data["threshold"]),
    )


def _cell_dump(cell: Cell) -> dict[str, Any]:
    return {
        "n": _opt(cell.n, int),
        "mean": _opt(cell.mean, _float_out),
        "sd": _opt(cell.sd, _float_out),
        "ci_low": _opt(cell.ci_low, _float_out),
        "ci_high": _opt(cell.ci_high, _float_out),
        "favourable": _opt(cell.favourable, _float_out),
        "distribution": [_float_out(share) for share in cell.distribution],
        "reason": cell.reason,
    }


def _cell_load(data: Any) -> Cell:
    return Cell(
        n=_opt(data["n"], _int),
        mean=_opt(data["mean"], _float),
        sd=_opt(data["sd"], _float),
        ci_low=_opt(data["ci_low"], _float),
        ci_high=_opt(data["ci_high"], _float),
        favourable=_opt(data["favourable"], _float),
        distribution=_tuple(data["distribution"], _float),
        reason=_str(data["reason"]),
    )


def _row_dump(row: GroupRow) -> dict[str, Any]:
    return {
        "key": row.key,
        "label": row.label,
        "kind": row.kind,
        "depth": int(row.depth),
        "headcount": _opt(row.headcount, int),
        "reason": row.reason,
        "cells": [_cell_dump(cell) for cell in row.cells],
    }


def _row_load(data: Any) -> GroupRow:
    return GroupRow(
        key=_str(data["key"]),
        label=_str(data["label"]),
        kind=_str(data["kind"]),
        depth=_int(data["depth"]),
        headcount=_opt(data["headcount"], _int),
        reason=_str(data["reason"]),
        cells=_tuple(data["cells"], _cell_load),
    )


def _breakdown_dump(breakdown: Breakdown) -> dict[str, Any]:
    return {"key": breakdown.key, "title": breakdown.title, "rows": [_row_dump(row) for row in breakdown.rows]}


def _breakdown_load(data: Any) -> Breakdown:
    return Breakdown(key=_str(data["key"]), title=_str(data["title"]), rows=_tuple(data["rows"], _row_load))


def _profile_dump(line: ProfileLine) -> dict[str, Any]:
    return {
        "scale": _scale_dump(line.scale),
        "cell": _cell_dump(line.cell),
        "benchmark": _opt(line.benchmark, _float_out),
        "previous": _opt(line.previous, _float_out),
        "difference": _opt(line.difference, _float_out),
        "significant": bool(line.significant),
        "p_value": _opt(line.p_value, _float_out),
        "deviation": _opt(line.deviation, _float_out),
        "flag": line.flag,
    }


def _profile_load(data: Any) -> ProfileLine:
    return ProfileLine(
        scale=_scale_load(data["scale"]),
        cell=_cell_load(data["cell"]),
        benchmark=_opt(data["benchmark"], _float),
        previous=_opt(data["previous"], _float),
        difference=_opt(data["difference"], _float),
        significant=_bool(data["significant"]),
        p_value=_opt(data["p_value"], _float),
        deviation=_opt(data["deviation"], _float),
        flag=_str(data["flag"]),
    )


def _rate_dump(rate: RateRow) -> dict[str, Any]:
    return {
        "label": rate.label,
        "depth": int(rate.depth),
        "invited": _opt(rate.invited, int),
        "responses": _opt(rate.responses, int),
        "rate": _opt(rate.rate, _float_out),
    }


def _rate_load(data: Any) -> RateRow:
    return RateRow(
        label=_str(data["label"]),
        depth=_int(data["depth"]),
        invited=_opt(data["invited"], _int),
        responses=_opt(data["responses"], _int),
        rate=_opt(data["rate"], _float),
    )


def _choice_dump(item: ChoiceItem) -> dict[str, Any]:
    return {
        "title": item.title,
        "n": int(item.n),
        "options": [[label, int(count), _float_out(share)] for label, count, share in item.options],
    }


def _option_load(data: Any) -> tuple[str, int, float]:
    label, count, share = _list(data)
    return _str(label), _int(count), _float(share)


def _choice_load(data: Any) -> ChoiceItem:
    return ChoiceItem(title=_str(data["title"]), n=_int(data["n"]), options=_tuple(data["options"], _option_load))


def _number_dump(item: NumberItem) -> dict[str, Any]:
    return {"title": item.title, "n": int(item.n), "mean": _float_out(item.mean), "median": _float_out(item.median)}


def _number_load(data: Any) -> NumberItem:
    return NumberItem(
        title=_str(data["title"]), n=_int(data["n"]), mean=_float(data["mean"]), median=_float(data["median"])
    )


def _comments_dump(block: CommentBlock) -> dict[str, Any]:
    return {"group": block.group, "item": block.item, "texts": [str(text) for text in block.texts]}


def _comments_load(data: Any) -> CommentBlock:
    return CommentBlock(group=_str(data["group"]), item=_str(data["item"]), texts=_tuple(data["texts"], _str))


def _trend_dump(point: TrendPoint) -> dict[str, Any]:
    return {"label": point.label, "means": [_opt(mean, _float_out) for mean in point.means]}


def _trend_load(data: Any) -> TrendPoint:
    return TrendPoint(label=_str(data["label"]), means=tuple(_opt(mean, _float) for mean in _list(data["means"])))


# Values, checked on the way in so that a wrong type fails here and not in a template.

_NON_FINITE = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


def _float_out(value: float) -> float | str:
    value = float(value)
    if math.isfinite(value):
        return value
    return "NaN" if math.isnan(value) else "Infinity" if value > 0 else "-Infinity"


def _float(value: Any) -> float:
    if isinstance(value, str) and value in _NON_FINITE:
        return _NON_FINITE[value]
    # jsonb may hand a whole-numbered float back as an integer
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FrozenReportError(f"expected a number, got {value!r}")
    return float(value)


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise FrozenReportError(f"expected an integer, got {value!r}")
    return value


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise FrozenReportError(f"expected a string, got {value!r}")
    return value


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise FrozenReportError(f"expected true or false, got {value!r}")
    return value


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise FrozenReportError(f"expected an array, got {value!r}")
    return value


def _tuple[T](value: Any, load: Callable[[Any], T]) -> tuple[T, ...]:
    return tuple(load(element) for element in _list(value))


def _opt[T](value: Any, convert: Callable[[Any], T]) -> T | None:
    return None if value is None else convert(value)
