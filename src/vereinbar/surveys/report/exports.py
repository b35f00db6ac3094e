"""Aggregate exports of a report (CSV, XLSX) and the coarsened raw-data table.

Written by ``core.exports`` like every other download (formula-safe, CSV with the byte order
mark Excel needs). Suppressed cells are empty, with the reason in the note column.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from django.utils.translation import gettext as _

from vereinbar.core.exports import csv_text, xlsx_workbook

from .build import Cell, GroupRow, Report


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def aggregate_header() -> list[str]:
    return [
        _("Group type"),
        _("Group"),
        _("Scale"),
        _("Answers (n)"),
        _("Mean (0–100)"),
        _("Standard deviation"),
        _("Lower bound of the 95 per cent interval"),
        _("Upper bound of the 95 per cent interval"),
        _("Favourable (%)"),
        _("Note"),
    ]


def _cell_row(kind: str, group: str, scale: str, cell: Cell) -> list[Any]:
    if not cell.shown:
        return [kind, group, scale, None, None, None, None, None, None, cell.reason_text]
    return [
        kind,
        group,
        scale,
        cell.n,
        _round(cell.mean),
        _round(cell.sd),
        _round(cell.ci_low),
        _round(cell.ci_high),
        _round(cell.favourable * 100 if cell.favourable is not None else None),
        "",
    ]


def aggregate_rows(report: Report) -> list[list[Any]]:
    kinds = {"total": _("Whole organisation"), "unit": _("Unit")}
    groups: list[tuple[str, GroupRow]] = [(str(kinds["total"]), report.total)]
    groups += [(str(kinds["unit"]), row) for row in report.units]
    groups += [(breakdown.title, row) for breakdown in report.breakdowns for row in breakdown.rows]
    rows = []
    for kind, group in groups:
        cells = group.cells or tuple(Cell(reason=group.reason) for _scale in report.scales)
        for scale, cell in zip(report.scales, cells, strict=True):
            rows.append(_cell_row(kind, group.label, scale.title, cell))
    return rows


def rate_rows(report: Report) -> tuple[list[str], list[list[Any]]]:
    header = [_("Unit"), _("Invited"), _("Answers"), _("Response rate (%)"), _("Note")]
    rows = []
    for row in ([report.rate_total] if report.rate_total else []) + list(report.rates):
        note = "" if row.responses is not None else _("fewer than %(k)s answers") % {"k": report.k}
        rate = round(row.rate * 100, 1) if row.rate is not None else None
        rows.append([row.label, row.invited, row.responses, rate, note])
    return header, rows


def choice_rows(report: Report) -> tuple[list[str], list[list[Any]]]:
    header = [_("Question"), _("Answer"), _("Answers (n)"), _("Chosen by"), _("Share (%)")]
    rows = [
        [item.title, label, item.n, count, round(share * 100, 1)]
        for item in report.choices
        for label, count, share in item.options
    ]
    return header, rows


def report_xlsx(report: Report) -> bytes:
    rate_header, rates = rate_rows(report)
    choice_header, choices = choice_rows(report)
    return xlsx_workbook(
        [
            (_("Scales"), aggregate_header(), aggregate_rows(report)),
            (_("Response rate"), rate_header, rates),
            (_("Multiple choice"), choice_header, choices),
        ]
    )


def report_csv(report: Report) -> bytes:
    return csv_text(aggregate_header(), aggregate_rows(report)).encode("utf-8")


# --- raw data, coarsened ---------------------------------------------------------------------


def coarsen(quasi: np.ndarray, k: int, unit_parent: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Make every combination of breakdown values occur at least k times.

    ``quasi`` is responses × columns of category codes (-1 = none); column 0 is the unit
    (coarsened up the unit tree first), the others breakdown questions, blanked from the last
    one backwards for the rows in rare combinations. Rows still rare at the end are dropped.
    Returns the coarsened codes and the mask of rows kept.
    """
    codes = quasi.copy()
    if codes.shape[0] == 0:
        return codes, np.zeros(0, dtype=np.bool_)
    units = codes[:, 0]
    for _step in range(len(unit_parent) + 1):
        present = units >= 0
        counts = np.bincount(units[present], minlength=len(unit_parent))
        small = present & (counts[np.maximum(units, 0)] < k)
        if not small.any():
            break
        units[small] = unit_parent[units[small]]
    codes[:, 0] = units
    for column in [*range(codes.shape[1] - 1, 0, -1), 0]:
        _patterns, inverse, counts = np.unique(codes, axis=0, return_inverse=True, return_counts=True)
        rare = counts[inverse.reshape(-1)] < k
        if not rare.any():
            break
        codes[rare, column] = -1
    _patterns, inverse, counts = np.unique(codes, axis=0, return_inverse=True, return_counts=True)
    keep = counts[inverse.reshape(-1)] >= k
    return codes, keep
