"""Survey waves: figures that two surveys of one organisation would give away together.

Two waves (closed surveys of the same organisation with the same questionnaire) can each
be safe on their own and still single people out together: when a group has n answers in
one wave and n + 1 in the other, and the same people answered much as before, the
difference of the two sums (n + 1) × mean₂ − n × mean₁ is the newcomer's answer. The
respondents of two waves cannot be linked (nothing is stored that could), so the rule works
on counts: a cell shown in both waves for the same group whose counts differ by 1 to k − 1
could describe fewer than k people, and is hidden in *both* waves (each wave's report
checks against every other wave). k is the larger of the two surveys' minimum group sizes.
Equal counts are not a difference: the two sums then differ by as many people joining as
leaving, never by one person's answers alone.

The hidden cells enter the single-survey rules as suppressed from the start, so the
complementary suppression also keeps them from being worked out from the other figures of
the wave. The same rule applies to the whole-organisation figures that other waves' values
are shown beside (the comparison with the previous survey, the trend) and to the questions
reported for the whole organisation only.

A group is "the same" in two waves when it has the same key: the whole organisation, a
breakdown answer, or a unit of the same name (units are copied into each survey).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from django.conf import settings
from django.core.cache import cache

import vereinbar

from .. import statistics
from ..models import ScaleResult, Survey, SurveyStatus, SurveyUnit
from .data import SurveyData, survey_data_load
from .groups import audited_report, report_groups

CACHE_SECONDS = 600


@dataclass(frozen=True)
class WaveCounts:
    """What one wave shows under the single-survey rules: counts of its published cells."""

    k: int
    cells: dict[str, dict[str, int]]  # group identity → scale key → n
    items: dict[str, int]  # value question key (whole organisation) → n


def other_waves(survey: Survey) -> list[Survey]:
    """The organisation's other closed surveys with the same questionnaire, oldest first."""
    if survey.status != SurveyStatus.CLOSED:
        return []
    return list(
        Survey.objects.filter(
            organisation_id=survey.organisation_id,
            instrument_version__instrument_id=survey.instrument_version.instrument_id,
            status=SurveyStatus.CLOSED,
        )
        .exclude(pk=survey.pk)
        .select_related("instrument_version")
        .order_by("closed_at", "pk")
    )


def identities(keys: tuple[str, ...], unit_names: dict[str, str]) -> list[str]:
    """The same group in another wave has the same identity (units by name)."""
    return [f"unit-name:{unit_names[key]}" if key in unit_names else key for key in keys]


def _unit_names(survey: Survey) -> dict[str, str]:
    return {f"unit:{pk}": name for pk, name in SurveyUnit.objects.filter(survey=survey).values_list("pk", "name")}


def item_counts(data: SurveyData, k: int) -> dict[str, int]:
    """Answers per question reported for the whole organisation (shown from k answers)."""
    counts = {item.key: int((~np.isnan(data.column(item.key))).sum()) for item in data.spec.value_items}
    return {key: n for key, n in counts.items() if n >= k}


def _wave_counts_key(survey: Survey) -> str:
    closed = survey.closed_at and survey.closed_at.timestamp()
    return f"surveys:wave-counts:{vereinbar.__version__}:{survey.pk}:{closed}"  # (version: see report.cache)


def wave_counts_forget(survey: Survey) -> None:
    """Drop the cached counts of a wave whose report was just frozen (retention): the other waves
    are checked against the frozen report from now on."""
    cache.delete(_wave_counts_key(survey))


def wave_counts(survey: Survey) -> WaveCounts:
    """The published cells of a wave under its own single-survey rules (cached: a closed
    survey's answers do not change)."""
    key = _wave_counts_key(survey)
    found = cache.get(key)
    if found is None:
        found = _wave_counts(survey)
        cache.set(key, found, CACHE_SECONDS)
    return found


def _wave_counts(survey: Survey) -> WaveCounts:
    from ..retention import stored_report

    k = survey.min_group_size
    names = _unit_names(survey)
    scale_keys = [scale.key for scale in survey.instrument_version.spec.scales]
    stored = stored_report(survey=survey, language=settings.LANGUAGE_CODE, peers="all")
    if stored is not None:  # only the frozen report is left: what it shows
        rows = [stored.total, *stored.units, *(row for breakdown in stored.breakdowns for row in breakdown.rows)]
        keys = tuple(row.key for row in rows)
        cells = {
            identity: {scale.key: int(cell.n) for scale, cell in zip(stored.scales, row.cells, strict=False) if cell.n}
            for identity, row in zip(identities(keys, names), rows, strict=True)
        }
        # Questions of the whole organisation are frozen by title only: count them all as shown.
        items = {f"title:{item.title}": item.n for item in stored.choices}
        items |= {f"title:{item.title}": item.n for item in stored.numbers}
        return WaveCounts(k, cells, items)
    data = survey_data_load(survey)
    groups, _units, _breakdowns = report_groups(data, data.spec.default_language, list(survey.report_breakdowns), k, [])
    config = statistics.ReportConfig(
        k=k, comment_k=survey.min_group_size_comments, min_answered_share=data.spec.min_answered
    )
    result = audited_report(data, groups, config)
    published = result.cell_reasons == ""
    cells = {
        identity: {scale_keys[s]: int(result.summary.n[g, s]) for s in range(len(scale_keys)) if published[g, s]}
        for g, identity in enumerate(identities(groups.keys, names))
    }
    return WaveCounts(k, cells, item_counts(data, k))


def _close(n: int, other: int | None, k: int) -> bool:
    return other is not None and 0 < abs(n - other) < k


def cells_at_risk(
    survey: Survey,
    keys: tuple[str, ...],
    scale_keys: list[str],
    result: statistics.GroupReport,
    waves: list[WaveCounts],
) -> npt.NDArray[np.bool_]:
    """Cells (groups × scales) published under the single-survey rules whose count differs by
    1 to k − 1 from the same group's published count in another wave."""
    risk = np.zeros(result.cell_reasons.shape, dtype=np.bool_)
    published = result.cell_reasons == ""
    names = _unit_names(survey)
    for g, identity in enumerate(identities(keys, names)):
        for s, scale in enumerate(scale_keys):
            if not published[g, s]:
                continue
            n = int(result.summary.n[g, s])
            risk[g, s] = any(
                _close(n, wave.cells.get(identity, {}).get(scale), max(survey.min_group_size, wave.k)) for wave in waves
            )
    return risk


def items_at_risk(survey: Survey, data: SurveyData, waves: list[WaveCounts]) -> set[str]:
    """Questions of the whole organisation whose count differs by 1 to k − 1 from another wave's.
    A frozen wave knows its questions by title only (in its language): then every one of its
    questions counts as possibly the same."""
    hidden = set()
    for key, n in item_counts(data, survey.min_group_size).items():
        for wave in waves:
            if key in wave.items:
                others = [wave.items[key]]
            else:
                others = [count for name, count in wave.items.items() if name.startswith("title:")]
            if any(_close(n, other, max(survey.min_group_size, wave.k)) for other in others):
                hidden.add(key)
    return hidden


def totals_at_risk(surveys: list[Survey], scale_keys: list[str]) -> set[tuple[int, str]]:
    """(survey, scale) pairs whose whole-organisation figure, as stored when each survey closed,
    must not be shown beside another wave's: counts 1 to k − 1 apart, both at least k."""
    stored = {
        (survey_id, scale): n
        for survey_id, scale, n in ScaleResult.objects.filter(survey__in=surveys, scale__in=scale_keys).values_list(
            "survey_id", "scale", "n"
        )
    }
    risky = set()
    for scale in scale_keys:
        for a in surveys:
            n_a = stored.get((a.pk, scale))
            if n_a is None or n_a < a.min_group_size:
                continue
            for b in surveys:
                n_b = stored.get((b.pk, scale))
                shown = b.pk != a.pk and n_b is not None and n_b >= b.min_group_size
                if shown and _close(n_a, n_b, max(a.min_group_size, b.min_group_size)):
                    risky.add((a.pk, scale))
    return risky
