"""Template helpers of the survey report."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.template.defaultfilters import floatformat

from vereinbar.core.hyphenation import soft_hyphens as core_soft_hyphens

from .. import answer_forms

register = template.Library()

# About the letters a line of the report's narrow columns holds (a unit's name in the PDF's
# table of groups; a bar's label).
NARROW_LINE = 14
# The letters a line of all the scales' headers together hold in the PDF's table of groups (its
# width less the groups and answers columns); each scale has its share.
SCALE_HEADERS_LINE = 84


@register.filter(name="zip_with")
def zip_with(first: Iterable[Any], second: Iterable[Any]) -> list[tuple[Any, Any]]:
    """Pairs of two sequences of the same length, e.g. a row's cells with the report's scales."""
    return list(zip(first, second, strict=True))


@register.filter(name="soft_hyphens")
def soft_hyphens(text: str, language: str) -> str:
    """Soft hyphens in long words (for narrow table headers): the browser and the PDF then break
    "Vereinbarkeitskultur" as "Vereinbarkeits-kultur" instead of at any letter. A word that fits
    such a column whole (about ``NARROW_LINE`` letters) gets none, and a compound breaks at its
    parts first: a column fills its lines before it breaks, and made "Ordnung und Sicher-heit",
    "Soziale Unterstüt-zung" and "Arbeitsanforde-rungen". Returns plain text; autoescaping
    still applies."""
    return core_soft_hyphens(str(text), str(language) or "en", shortest=NARROW_LINE, compounds_first=True)


@register.filter(name="header_line")
def header_line(scales: Iterable[Any]) -> int:
    """The letters a line of one scale's header holds in a table with a column per scale: fewer
    the more scales there are ("voorzieningen" fits six columns, not nine)."""
    return max(8, SCALE_HEADERS_LINE // max(len(list(scales)), 1))


@register.filter(name="soft_hyphens_within")
def soft_hyphens_within(text: str, line: int) -> str:
    """Soft hyphens, as ``soft_hyphens`` puts them, in the active language (the report's, both on
    the page and in the PDF) for a column of ``line`` letters."""
    return core_soft_hyphens(str(text), None, shortest=int(line), compounds_first=True)


@register.simple_tag(takes_context=True)
def in_language(context: template.Context, text: Any) -> Any:
    """A questionnaire's text (a scale's title, a question, an answer), marked with its language
    when the questionnaire has none in the report's: ``text_languages`` (from
    ``InstrumentSpec.fallback_texts``) maps such texts to the language they are in."""
    languages = context.get("text_languages") or {}
    return answer_forms.in_language(text, languages.get(str(text).replace("\u00ad", ""), ""))


@register.filter(name="signed")
def signed(value: float) -> str:
    """A change with its sign, one decimal in the active language: "+1,2", "−1,2" (the minus
    sign, not a hyphen), "0,0" when it rounds to nothing."""
    shown = floatformat(abs(value), 1)
    if shown == floatformat(0, 1):
        return shown
    return f"+{shown}" if value > 0 else f"\u2212{shown}"


# Up to this many units a results table is shown whole; beyond it (a county has 30 and more),
# each top-level unit becomes a section to open, so that a phone does not scroll through them all.
UNITS_SHOWN_WHOLE = 8


@register.filter(name="collapses")
def collapses(items: Iterable[Any]) -> bool:
    """Whether a list by unit (table rows, comment blocks) is long enough to be shown in sections."""
    return len(list(items)) > UNITS_SHOWN_WHOLE


@register.filter(name="unit_sections")
def unit_sections(rows: Iterable[Any], always: str = "") -> list[dict[str, Any]]:
    """Rows of units (with ``depth``) by top-level unit: each section's ``head`` (the top-level
    row) and ``rows`` (it and the units inside it). Empty when there are few enough units to
    show them in one table, unless ``always`` (the results page: a phone shows a unit's figures
    as a card of ten lines, so even five units make a long page)."""
    rows = list(rows)
    if not rows or (not always and not collapses(rows)):
        return []
    sections: list[dict[str, Any]] = []
    for row in rows:
        if row.depth == 0 or not sections:
            sections.append({"head": row, "rows": [row]})
        else:
            sections[-1]["rows"].append(row)
    return sections


@register.filter(name="least_favourable")
def least_favourable(row: Any, scales: Iterable[Any]) -> dict[str, Any] | None:
    """A group's least favourable shown result (``scale`` and ``cell``; for a strain scale the
    highest mean), the key figure of its collapsed section; None when no result is shown. It
    repeats a figure of the group's row, so it shows nothing the table does not."""
    shown = [
        (cell, scale) for cell, scale in zip(row.cells, scales, strict=True) if cell.shown and cell.mean is not None
    ]
    if not shown:
        return None
    cell, scale = min(shown, key=lambda pair: pair[0].mean if pair[1].higher_is_better else 100 - pair[0].mean)
    return {"scale": scale, "cell": cell}


# The heat map's colours in steps of ten points of "favourable" (charts.heatmap draws the same
# scale, orange – yellow – green, without steps); surveys.css has a class for each step.
HEAT_STEPS = 10


@register.filter(name="heat")
def heat(cell: Any, scale: Any) -> str:
    """The colour class of a shown result ("heat-0", most unfavourable, to "heat-10", most
    favourable; for a strain scale a high mean is unfavourable); "" for a hidden one."""
    if not cell.shown or cell.mean is None:
        return ""
    favourable = cell.mean if scale.higher_is_better else 100 - cell.mean
    return f"heat heat-{min(max(round(favourable / 100 * HEAT_STEPS), 0), HEAT_STEPS)}"


@register.filter(name="hidden_reason")
def hidden_reason(row: Any) -> str:
    """Why none of a group's results is shown ("" when some are): the table then says it once
    instead of in every column."""
    if any(cell.shown for cell in row.cells):
        return ""
    if row.reason:
        return str(row.reason_text)
    return "; ".join(dict.fromkeys(str(cell.reason_text) for cell in row.cells))


# Colour steps of a stacked distribution bar (surveys.css: "dist-0", lightest, to "dist-4").
DISTRIBUTION_STEPS = 4


@register.filter(name="stacked")
def stacked(shares: Iterable[float]) -> list[dict[str, Any]]:
    """The segments of a stacked bar 100 wide, one per score point from the lowest answer to
    the highest: where it starts, how wide it is, its colour step and its share in per cent."""
    values = [float(share) for share in shares]
    last = max(len(values) - 1, 1)
    segments, start = [], 0.0
    for point, share in enumerate(values):
        segments.append(
            {
                "x": f"{start:.2f}",
                "width": f"{share * 100:.2f}",
                "step": round(point * DISTRIBUTION_STEPS / last),
                "point": point,
                "percent": round(share * 100),
            }
        )
        start += share * 100
    return segments


# Colours of the groups in a chart by answer (Okabe–Ito, each at least 3:1 against white; the
# group's name and value stand beside every bar, so the colour is never the only carrier). A
# ``fill`` attribute, not a class: WeasyPrint draws an inline SVG without the page's CSS.
GROUP_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#5E4FA2", "#8C510A")


@register.filter(name="favourable_bars")
def favourable_bars(rows: Iterable[Any], scales: Iterable[Any]) -> dict[str, Any]:
    """Each scale's favourable share per group, for a chart beside the groups' table: ``scales``
    (each with ``scale`` and one ``bar`` per drawn group: ``label``, ``colour``, ``shown``,
    ``percent``, ``width``, else ``reason``) and ``hidden``, the groups the table shows no result
    of. Only figures the report publishes are drawn; nothing is derived from them."""
    rows = list(rows)
    drawn = [row for row in rows if row.shown and any(cell.shown for cell in row.cells)]
    hidden = [row for row in rows if row not in drawn]
    colours = {row.key: GROUP_COLOURS[index % len(GROUP_COLOURS)] for index, row in enumerate(drawn)}
    lines = []
    for s, scale in enumerate(scales):
        bars = []
        for row in drawn:
            cell = row.cells[s]
            bar: dict[str, Any] = {"label": row.label, "colour": colours[row.key]}
            if cell.shown and cell.favourable is not None:
                bar |= {"shown": True, "percent": round(cell.favourable * 100), "width": f"{cell.favourable * 100:.2f}"}
            else:
                bar |= {"shown": False, "reason": cell.reason_text}
            bars.append(bar)
        lines.append({"scale": scale, "bars": bars})
    return {"scales": lines, "hidden": hidden}
