"""SVG charts of a report (matplotlib, imported only when a chart is drawn).

Every chart draws from a ``Report``, so a suppressed cell can only ever appear as
"not shown". Text stays text in the SVG (``svg.fonttype = none``): it scales, can be
searched, and the same SVG goes into the web page and the PDF.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from vereinbar.core.numbers import fraction_percent_text

from .build import Report

# Colour-blind-safe colours (Okabe–Ito) and a sequential map from unfavourable to favourable.
BLUE, ORANGE, GREEN, GREY, INK = "#0072B2", "#D55E00", "#009E73", "#BBBBBB", "#1b1f23"
HATCH = "////"


def _grouped(count: int | None) -> str:
    """A count as the report's language writes it: "1.600" in German and Dutch, "1,600" in English."""
    return "–" if count is None else formats.number_format(count, use_l10n=True, force_grouping=True)


_IMPORT_LOCK = threading.Lock()


def _load_matplotlib() -> None:
    """Import matplotlib once, under a lock: a threaded server drawing several charts at once
    otherwise lets one thread see the module half-imported by another (AttributeError)."""
    with _IMPORT_LOCK:
        import matplotlib.colors
        import matplotlib.figure
        import matplotlib.lines
        import matplotlib.patches  # noqa: F401


def _figure(width: float, height: float) -> Any:
    _load_matplotlib()
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=96)
    figure.patch.set_facecolor("white")
    return figure


def _svg(figure: Any) -> str:
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "vereinbar", "font.size": 10}):
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    return buffer.getvalue()


def _short(text: str, limit: int = 38) -> str:
    """A unit's name in at most ``limit`` characters, cut in the middle: units of one department
    often share the start of their names ("Gesundheitsamt – Sozialpsychiatrischer Dienst Nord"
    and "… Süd"), so the start and the end together tell them apart."""
    if len(text) <= limit:
        return text
    tail = text[len(text) - (limit - 1 - (limit - 1) * 2 // 5) :]
    space = tail.find(" ")
    if 0 <= space < len(tail) - 6:  # start the end at a word, where that leaves enough of it
        tail = tail[space:]
    head = text[: limit - 1 - len(tail)]
    space = head.rfind(" ")
    if space >= 6 and text[len(head)] != " ":  # end the start at a word, too
        head = head[:space]
    return f"{head.rstrip(' –-,/')}…{tail}"


def _wrapped(text: str, width: int, lines: int = 2) -> str:
    """A label on up to ``lines`` lines of about ``width`` characters, so that a scale's name is
    read whole rather than cut off ("Konflikt zwischen Arbeit und Privatle…")."""
    import textwrap

    return "\n".join(textwrap.wrap(text, width, max_lines=lines, placeholder=" …", break_on_hyphens=False))


def profile(report: Report) -> str:
    """Scale scores of the whole organisation with 95 % intervals, against benchmark and previous survey."""
    return _svg(profile_figure(report))


def profile_figure(report: Report) -> Any:
    lines = list(report.profile)
    figure = _figure(7.5, 0.45 * max(len(lines), 1) + 1.2)
    axes = figure.add_subplot()
    labels = [_wrapped(line.scale.title, 30) for line in lines]
    positions = list(range(len(lines)))[::-1]
    for y, line in zip(positions, lines, strict=True):
        cell = line.cell
        if cell.mean is None:
            axes.barh(y, 100, color="white", edgecolor=GREY, hatch=HATCH, height=0.6)
            axes.text(50, y, _("not shown"), va="center", ha="center", color=INK)
            continue
        axes.barh(y, cell.mean, color=BLUE if line.scale.higher_is_better else ORANGE, height=0.6)
        if cell.ci_low is not None and cell.ci_high is not None:
            axes.errorbar(
                cell.mean, y, xerr=[[cell.mean - cell.ci_low], [cell.ci_high - cell.mean]], color=INK, capsize=3, lw=1
            )
        axes.text(min(cell.mean + 2, 92), y + 0.28, f"{cell.mean:.0f}", va="bottom", fontsize=9, color=INK)
        if line.benchmark is not None:
            axes.plot(line.benchmark, y, marker="D", color=INK, markersize=6, linestyle="none")
        if line.previous is not None:
            axes.plot(line.previous, y, marker="|", color=GREEN, markersize=16, markeredgewidth=3, linestyle="none")
    axes.set_yticks(positions, labels)
    axes.set_xlim(0, 100)
    axes.set_xlabel(_("Score 0–100 (bars: this survey; blue: higher is better, orange: higher means more strain)"))
    handles = []
    from matplotlib.lines import Line2D

    if any(line.benchmark is not None for line in lines):
        handles.append(Line2D([], [], marker="D", color=INK, linestyle="none", label=_("Benchmark")))
    if any(line.previous is not None for line in lines):
        handles.append(
            Line2D(
                [],
                [],
                marker="|",
                color=GREEN,
                markersize=12,
                markeredgewidth=3,
                linestyle="none",
                label=_("Previous survey"),
            )
        )
    if handles:
        # Above the bars, not among them: a long bar at the bottom would run under it.
        axes.legend(handles=handles, loc="lower right", bbox_to_anchor=(1, 1.02), ncol=len(handles), frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    return figure


# The heat map is wide (an inch a scale) and printed at the page's width, about 0.6 of its size:
# its figures and names in 9–10 pt came out at 5.7–6.3 pt on paper, smaller than any other text.
HEATMAP_FONT = 12


def heatmap(report: Report) -> str:
    """Units × scales; suppressed cells are grey, hatched and marked, never coloured."""
    import numpy as np
    from matplotlib.colors import LinearSegmentedColormap
    from matplotlib.patches import Patch, Rectangle

    rows = [report.total, *report.units]
    scales = report.scales
    figure = _figure(1.0 * len(scales) + 3.2, 0.42 * len(rows) + 2.2)
    axes = figure.add_subplot()
    colours = LinearSegmentedColormap.from_list("favourable", ["#D55E00", "#F0E442", "#009E73"])
    for r, row in enumerate(rows):
        for s, scale in enumerate(scales):
            cell = row.cells[s] if row.cells else None
            if cell is None or cell.mean is None:
                axes.add_patch(
                    Rectangle((s - 0.5, r - 0.5), 1, 1, facecolor="#EEEEEE", edgecolor=GREY, hatch=HATCH, lw=0.5)
                )
                axes.text(s, r, "–", ha="center", va="center", color=INK)
                continue
            favourable = cell.mean if scale.higher_is_better else 100 - cell.mean
            colour = colours(float(np.clip(favourable / 100, 0, 1)))
            axes.add_patch(Rectangle((s - 0.5, r - 0.5), 1, 1, facecolor=colour, edgecolor="white"))
            axes.text(s, r, f"{cell.mean:.0f}", ha="center", va="center", color=INK, fontsize=HEATMAP_FONT)
    axes.set_xlim(-0.5, len(scales) - 0.5)
    axes.set_ylim(len(rows) - 0.5, -0.5)
    axes.set_xticks(
        range(len(scales)), [_wrapped(s.title, 22) for s in scales], rotation=35, ha="right", fontsize=HEATMAP_FONT
    )
    axes.set_yticks(range(len(rows)), [_short(row.label, 30) for row in rows], fontsize=HEATMAP_FONT)
    # The labels are right-aligned, so indenting cannot show the unit tree: top-level units
    # (and the whole organisation) are bold instead, their sub-units below them plain.
    for label, row in zip(axes.get_yticklabels(), rows, strict=True):
        if row.depth == 0:
            label.set_fontweight("bold")
    axes.tick_params(length=0)
    for side in ("top", "right", "left", "bottom"):
        axes.spines[side].set_visible(False)
    # Above the grid: below it, a distance in axes units grew with the number of units (a
    # blank third of the chart for 36 units).
    axes.legend(
        handles=[Patch(facecolor="#EEEEEE", edgecolor=GREY, hatch=HATCH, label=_("not shown"))],
        loc="lower left",
        bbox_to_anchor=(0, 1.0),
        frameon=False,
    )
    return _svg(figure)


def trend(report: Report) -> str:
    """Scale scores of the whole organisation over this and earlier surveys."""
    points = list(report.trend)
    figure = _figure(7.5, 4.2)
    axes = figure.add_subplot()
    if len(points) < 2:
        axes.text(
            0.5,
            0.5,
            _("No earlier survey with this questionnaire."),
            ha="center",
            va="center",
            transform=axes.transAxes,
        )
        axes.set_axis_off()
        return _svg(figure)
    x = list(range(len(points)))
    styles = ["-", "--", ":", "-."]
    for s, scale in enumerate(report.scales):
        values = [point.means[s] if point.means[s] is not None else float("nan") for point in points]
        axes.plot(x, values, marker="o", linestyle=styles[s % len(styles)], label=_wrapped(scale.title, 30))
    axes.set_xticks(x, [_wrapped(point.label, 24, 3) for point in points])
    axes.set_ylim(0, 100)
    axes.set_ylabel(_("Score 0–100"))
    axes.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False, fontsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    return _svg(figure)


def rates(report: Report) -> str:
    """Response rate by unit; a unit with too few answers, or one that would give a smaller one
    away, shows no number."""
    rows = ([report.rate_total] if report.rate_total else []) + list(report.rates)
    figure = _figure(7.5, 0.4 * max(len(rows), 1) + 1.2)
    axes = figure.add_subplot()
    positions = list(range(len(rows)))[::-1]
    for y, row in zip(positions, rows, strict=True):
        if row.responses is None:
            axes.barh(y, 100, color="white", edgecolor=GREY, hatch=HATCH, height=0.6)
            # the same words as the table: a unit can be hidden for a smaller one beside it, too
            hidden = _("not shown (fewer than %(k)s answers, or it would give a small group away)") % {"k": report.k}
            axes.text(50, y, hidden, va="center", ha="center", color=INK, fontsize=8)
        elif row.rate is not None:
            axes.barh(y, min(row.rate * 100, 100), color=BLUE, height=0.6)
            axes.text(
                min(row.rate * 100 + 1, 88),
                y,
                f"{fraction_percent_text(row.rate)} ({_grouped(row.responses)}/{_grouped(row.invited)})",
                va="center",
                fontsize=9,
            )
        else:
            axes.text(
                1,
                y,
                _("%(n)s answers, number invited unknown") % {"n": _grouped(row.responses)},
                va="center",
                fontsize=9,
            )
    axes.set_yticks(positions, [_short(row.label, 32) for row in rows])
    for label, row in zip(axes.get_yticklabels(), rows, strict=True):  # the unit tree, as in heatmap
        if row.depth == 0:
            label.set_fontweight("bold")
    axes.set_xlim(0, 100)
    axes.set_xlabel(_("Response rate (%)"))
    axes.spines[["top", "right"]].set_visible(False)
    return _svg(figure)


CHARTS: dict[str, Callable[[Report], str]] = {"profile": profile, "heatmap": heatmap, "trend": trend, "rates": rates}
