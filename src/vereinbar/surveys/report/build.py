"""The report of one closed survey: every figure it may show, with the anonymity rules applied.

Everything a page, PDF, chart or export shows comes from a ``Report``; a suppressed cell
carries only its reason, never a number, so no view can show one by mistake.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vereinbar.organisations.models import Organisation

from .. import anonymity, statistics
from ..encoding import chosen_options
from ..instrument import pick
from ..models import ResponseComment, ScaleResult, Survey, SurveyInvitation, SurveyStatus
from . import waves
from .data import SurveyData, survey_data_load
from .groups import audited_report, distinct_groups, report_groups

REASONS: dict[str, Promise] = {
    "below_k": _("fewer answers than the minimum group size"),
    "complementary": _("hidden so that a smaller group cannot be worked out from the others"),
    "below_comment_k": _("too few answers to show comments"),
    "comment_overlap": _("comments hidden so that a smaller group cannot be worked out"),
    "wave_difference": _(
        "another survey shows this group with almost the same number of answers: the difference would single people out"
    ),
}

PEERS = {
    "all": _("all organisations using this questionnaire"),
    "sector": _("organisations of the same sector"),
    "size": _("organisations of the same size"),
}


def _f(value: float) -> float | None:
    return None if value is None or not np.isfinite(value) else float(value)


@dataclass(frozen=True)
class ScaleInfo:
    key: str
    title: str
    description: str
    higher_is_better: bool
    threshold: float


@dataclass(frozen=True)
class Cell:
    """One published figure (scale × group), or only the reason it is not shown."""

    n: int | None = None
    mean: float | None = None
    sd: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    favourable: float | None = None  # share 0–1
    distribution: tuple[float, ...] = ()  # share of answers per score point, low to high
    reason: str = ""

    @property
    def shown(self) -> bool:
        return not self.reason

    @property
    def reason_text(self) -> str:
        return str(REASONS.get(self.reason, self.reason))


@dataclass(frozen=True)
class GroupRow:
    key: str
    label: str
    kind: str  # total, unit, breakdown
    depth: int
    headcount: int | None
    reason: str
    cells: tuple[Cell, ...]

    @property
    def shown(self) -> bool:
        return not self.reason

    @property
    def reason_text(self) -> str:
        return str(REASONS.get(self.reason, self.reason))


@dataclass(frozen=True)
class Breakdown:
    key: str
    title: str
    rows: tuple[GroupRow, ...]


@dataclass(frozen=True)
class ProfileLine:
    scale: ScaleInfo
    cell: Cell
    benchmark: float | None = None
    previous: float | None = None
    difference: float | None = None  # current − previous
    significant: bool = False
    p_value: float | None = None
    deviation: float | None = None  # in the favourable direction, against the benchmark or threshold
    flag: str = ""  # hotspot, resource

    @property
    def change(self) -> str:
        """ "better" or "worse" for a significant change since the previous survey, read in the
        scale's direction (a fall on a strain scale is better); "" otherwise."""
        if not self.significant or not self.difference:
            return ""
        return "better" if (self.difference > 0) == self.scale.higher_is_better else "worse"


@dataclass(frozen=True)
class RateRow:
    label: str
    depth: int
    invited: int | None
    responses: int | None  # None: fewer than k answered, not shown
    rate: float | None


@dataclass(frozen=True)
class ChoiceItem:
    title: str
    n: int
    options: tuple[tuple[str, int, float], ...]  # label, count, share


@dataclass(frozen=True)
class NumberItem:
    title: str
    n: int
    mean: float
    median: float


@dataclass(frozen=True)
class CommentBlock:
    group: str
    item: str
    texts: tuple[str, ...]

    @property
    def grouped(self) -> list[tuple[str, int]]:
        """Identical comments once, with how often they were written: the same words ignoring case
        and spacing ("Mehr Homeoffice" and "mehr  homeoffice "). The count adds nothing to what
        the list of every comment showed. Most frequent first, then alphabetically; each shown in
        its most frequent spelling."""
        spellings: dict[str, Counter[str]] = {}
        for text in self.texts:
            shown = " ".join(text.split())
            spellings.setdefault(shown.casefold(), Counter())[shown] += 1
        groups = [
            (min(counts.items(), key=lambda item: (-item[1], item[0]))[0], counts.total())
            for counts in spellings.values()
        ]
        return sorted(groups, key=lambda group: (-group[1], group[0].casefold(), group[0]))


TREND_CHART_FROM = 3  # surveys


@dataclass(frozen=True)
class TrendPoint:
    label: str
    means: tuple[float | None, ...]


@dataclass
class Report:
    survey: Survey
    language: str
    k: int
    comment_k: int
    n_total: int
    scales: tuple[ScaleInfo, ...]
    total: GroupRow
    units: tuple[GroupRow, ...] = ()
    breakdowns: tuple[Breakdown, ...] = ()
    profile: tuple[ProfileLine, ...] = ()
    rates: tuple[RateRow, ...] = ()
    rate_total: RateRow | None = None
    choices: tuple[ChoiceItem, ...] = ()
    numbers: tuple[NumberItem, ...] = ()
    comments: tuple[CommentBlock, ...] = ()
    comments_note: str = ""
    trend: tuple[TrendPoint, ...] = ()
    previous_title: str = ""
    benchmark_organisations: int = 0
    peers: str = "all"
    notes: list[str] = field(default_factory=list)

    @property
    def published(self) -> bool:
        return self.total.shown

    @property
    def trend_chart(self) -> bool:
        """A line chart from three surveys on: two points draw nine nearly flat lines that say less
        than the before/after table shown instead."""
        return len(self.trend) >= TREND_CHART_FROM

    @property
    def before_after(self) -> list[tuple[ProfileLine, float | None, float | None]]:
        """With exactly two surveys: each scale's profile line with its score then and now."""
        if len(self.trend) != 2:
            return []
        before, now = self.trend
        return list(zip(self.profile, before.means, now.means, strict=True))

    @property
    def hotspots(self) -> list[ProfileLine]:
        return sorted((line for line in self.profile if line.flag == "hotspot"), key=lambda line: line.deviation or 0)

    @property
    def resources(self) -> list[ProfileLine]:
        return sorted(
            (line for line in self.profile if line.flag == "resource"), key=lambda line: -(line.deviation or 0)
        )

    @property
    def peers_label(self) -> str:
        return str(PEERS.get(self.peers, ""))


def _row(result: statistics.GroupReport, key: str, label: str, kind: str, depth: int) -> GroupRow:
    g = result.row(key)
    summary = result.summary
    cells = []
    for s in range(summary.mean.shape[1]):
        reason = str(result.cell_reasons[g, s])
        if reason:
            cells.append(Cell(reason=reason))
            continue
        counts = result.distribution[g, s].astype(np.float64)
        total = counts.sum()
        cells.append(
            Cell(
                n=int(summary.n[g, s]),
                mean=_f(summary.mean[g, s]),
                sd=_f(summary.sd[g, s]),
                ci_low=_f(summary.ci_low[g, s]),
                ci_high=_f(summary.ci_high[g, s]),
                favourable=_f(result.favourable_share[g, s]),
                distribution=tuple((counts / total).tolist()) if total else (),
            )
        )
    reason = result.group_reasons[g] or ""
    return GroupRow(key, label, kind, depth, None if reason else int(result.headcount[g]), reason, tuple(cells))


def _peer_filter(organisation: Organisation, peers: str) -> Q:
    if peers == "sector":
        return Q(organisation__sector=organisation.sector)
    if peers == "size" and organisation.staff_count is not None:
        bounds = {"1-9": (0, 9), "10-49": (10, 49), "50-249": (50, 249), "250-999": (250, 999), "1000+": (1000, 10**9)}
        low, high = bounds[organisation.size_band or "1-9"]
        return Q(organisation__staff_count__gte=low, organisation__staff_count__lte=high)
    return Q()


def _benchmark(survey: Survey, scales: tuple[ScaleInfo, ...], peers: str) -> tuple[statistics.Benchmark | None, int]:
    """Pooled figures of the other organisations' latest closed survey with this questionnaire."""
    latest: dict[int, int] = dict(
        Survey.objects.filter(
            _peer_filter(survey.organisation, peers),
            instrument_version__instrument_id=survey.instrument_version.instrument_id,
            status=SurveyStatus.CLOSED,
        )
        .exclude(organisation=survey.organisation)
        .order_by("closed_at", "pk")
        .values_list("organisation_id", "pk")
    )
    if not latest:
        return None, 0
    row_of = {survey_id: i for i, survey_id in enumerate(latest.values())}
    column_of = {scale.key: s for s, scale in enumerate(scales)}
    shape = (len(row_of), len(scales))
    n, mean, m2 = np.zeros(shape), np.full(shape, np.nan), np.full(shape, np.nan)
    for survey_id, scale, count, average, squares in ScaleResult.objects.filter(survey_id__in=row_of).values_list(
        "survey_id", "scale", "n", "mean", "m2"
    ):
        if scale in column_of:
            i, s = row_of[survey_id], column_of[scale]
            n[i, s], mean[i, s], m2[i, s] = count, average, squares
    result = statistics.benchmark(statistics.Moments(n, mean, m2), k=survey.min_group_size)
    return result, int(result.organisations.max(initial=0))


def _previous(survey: Survey, scales: tuple[ScaleInfo, ...]) -> tuple[Survey | None, statistics.Summary | None]:
    previous = (
        Survey.objects.filter(
            organisation=survey.organisation,
            instrument_version__instrument_id=survey.instrument_version.instrument_id,
            status=SurveyStatus.CLOSED,
            closed_at__lt=survey.closed_at,
        )
        .order_by("-closed_at")
        .first()
    )
    if previous is None:
        return None, None
    stored = {r.scale: r for r in ScaleResult.objects.filter(survey=previous)}
    risky = waves.totals_at_risk([survey, *waves.other_waves(survey)], [s.key for s in scales])
    n = np.array(
        [
            [
                stored[s.key].n
                if s.key in stored and stored[s.key].n >= survey.min_group_size and (previous.pk, s.key) not in risky
                else 0
                for s in scales
            ]
        ],
        dtype=np.float64,
    )
    mean = np.array([[stored[s.key].mean if s.key in stored else np.nan for s in scales]])
    m2 = np.array([[stored[s.key].m2 if s.key in stored else np.nan for s in scales]])
    return previous, statistics.summarise(
        statistics.Moments(n, np.where(n > 0, mean, np.nan), np.where(n > 0, m2, np.nan))
    )


def _trend(
    survey: Survey, scales: tuple[ScaleInfo, ...], current: tuple[float | None, ...], language: str
) -> tuple[TrendPoint, ...]:
    earlier = list(
        Survey.objects.filter(
            organisation=survey.organisation,
            instrument_version__instrument_id=survey.instrument_version.instrument_id,
            status=SurveyStatus.CLOSED,
            closed_at__lt=survey.closed_at,
        ).order_by("closed_at")
    )
    if not earlier:
        return ()
    stored = {(r.survey_id, r.scale): r for r in ScaleResult.objects.filter(survey__in=earlier)}
    risky = waves.totals_at_risk([survey, *waves.other_waves(survey)], [s.key for s in scales])
    points = []
    for other in earlier:
        means = tuple(
            float(stored[(other.pk, s.key)].mean)
            if (other.pk, s.key) in stored
            and stored[(other.pk, s.key)].n >= survey.min_group_size
            and (other.pk, s.key) not in risky
            else None
            for s in scales
        )
        title = other.title_in(language)
        points.append(TrendPoint(f"{title} ({other.closed_at:%Y})" if other.closed_at else title, means))
    title = survey.title_in(language)
    points.append(TrendPoint(f"{title} ({survey.closed_at:%Y})" if survey.closed_at else title, current))
    return tuple(points)


@dataclass(frozen=True)
class _Headcounts:
    """The part of a ``statistics.GroupReport`` that the response rates read: each group's
    number of responses and why it is hidden (None: shown)."""

    keys: tuple[str, ...]
    headcount: npt.NDArray[np.int64]
    group_reasons: tuple[str | None, ...]

    def row(self, key: str) -> int:
        return self.keys.index(key)


def _headcounts(groups: anonymity.Groups, k: int) -> _Headcounts:
    """The rules of ``statistics.group_report`` for the number of responses alone (minimum
    group size and complementary suppression over every group), on the distinct groups as
    ``report.groups.audited_report`` runs them, without the figures of each scale."""
    if groups.n_responses == 0:
        below = anonymity.SuppressionReason.BELOW_K.value
        return _Headcounts(groups.keys, np.zeros(groups.n_groups, dtype=np.int64), (below,) * groups.n_groups)
    distinct, index = distinct_groups(groups)
    parts = anonymity.atoms(distinct)
    sizes = parts.sizes()
    head = anonymity.suppress(parts.membership, sizes, k)
    counts = np.where(head.published, parts.membership.astype(np.int64) @ sizes, 0).astype(np.int64)
    reasons = head.reasons()
    return _Headcounts(groups.keys, counts[index], tuple(reasons[i] for i in index.tolist()))


def rates_running(*, survey: Survey, language: str) -> list[RateRow]:
    """While a survey runs: the response rate so far of the whole organisation (first) and of
    each unit, from the released answers, with a unit's numbers hidden wherever its results
    would be: the suppression runs over every group the report will show (units and the chosen
    breakdowns), as ``_build`` does, only without the figures of each scale (which take long
    for 30 and more units)."""
    with translation.override(language):
        data = survey_data_load(survey)
        k = survey.min_group_size
        groups, units, _breakdowns = report_groups(data, language, list(survey.report_breakdowns), k, [])
        rows, total = _rates(survey, data, _headcounts(groups, k), units)
    return [total, *rows]


def _rates(
    survey: Survey,
    data: SurveyData,
    result: statistics.GroupReport | _Headcounts,
    units: list[tuple[str, str, int]],
) -> tuple[tuple[RateRow, ...], RateRow]:
    """Response rate per unit; a unit's counts, invited as well as answered, are shown only
    where its group is published: the number invited next to a hidden group would let a reader
    tell that (almost) everyone in it took part."""
    if survey.status == SurveyStatus.CLOSED:
        invited_own = {unit.pk: unit.invited_count or 0 for unit in data.units}
    else:
        invited_own = dict(
            SurveyInvitation.objects.filter(survey=survey)
            .values("unit_id")
            .annotate(count=models.Count("pk"))
            .values_list("unit_id", "count")
        )
    # A unit's invitations include those of its sub-units, like its results.
    invited = np.zeros(len(data.units), dtype=np.int64)
    for i, unit in enumerate(data.units):
        j = i
        while j >= 0:
            invited[j] += invited_own.get(unit.pk, 0)
            j = int(data.parent_index[j])
    invited_by_key = {f"unit:{unit.pk}": int(count) for unit, count in zip(data.units, invited.tolist(), strict=True)}
    rows = []
    for key, label, depth in units:
        count = invited_by_key.get(key, 0)  # "no unit given" has no invitations
        g = result.row(key)
        shown = result.group_reasons[g] is None
        responses = int(result.headcount[g]) if shown else None
        rate = responses / count if responses is not None and count else None
        rows.append(RateRow(label, depth, (count or None) if shown else None, responses, rate))
    invited_total = sum(invited_own.values())
    total_shown = result.group_reasons[result.row("total")] is None
    total_responses = data.n if total_shown else None
    total = RateRow(
        str(_("Whole organisation")),
        0,
        (invited_total or None) if total_shown else None,
        total_responses,
        total_responses / invited_total if total_responses is not None and invited_total else None,
    )
    return tuple(rows), total


def _other_items(
    data: SurveyData,
    language: str,
    k: int,
    hidden: frozenset[str] | set[str] = frozenset(),
) -> tuple[tuple[ChoiceItem, ...], tuple[NumberItem, ...]]:
    """Multiple-choice and number questions, for the whole organisation only; not those in
    ``hidden`` (another wave has almost the same number of answers to them)."""
    spec = data.spec
    choices, numbers = [], []
    for item in spec.value_items:
        column = data.column(item.key)
        answered = ~np.isnan(column)
        n = int(answered.sum())
        if n < k or item.key in hidden:
            continue
        title = pick(item.text, language, spec.default_language)
        if item.kind == "multiple_choice":
            ticked = chosen_options(column, len(item.options)).sum(axis=0)
            choices.append(
                ChoiceItem(
                    title,
                    n,
                    tuple(
                        (pick(option.label, language, spec.default_language), int(count), float(count) / n)
                        for option, count in zip(item.options, ticked.tolist(), strict=True)
                    ),
                )
            )
        elif item.kind == "number":
            values = column[answered]
            numbers.append(NumberItem(title, n, float(values.mean()), float(np.median(values))))
    return tuple(choices), tuple(numbers)


def _comments(
    survey: Survey, data: SurveyData, language: str, units: list[tuple[str, str, int]]
) -> tuple[tuple[CommentBlock, ...], str]:
    """Comments of the whole organisation and of units, where the comment rules allow them.

    Comments carry only a unit, so only the total and the units can be comment groups."""
    spec = data.spec
    if not spec.text_items:
        return (), ""
    groups = anonymity.total_group(data.n)
    if units:
        unit_keys = [key for key, _label, _depth in units if key != "unit:none"]
        groups = groups + anonymity.unit_groups(data.unit_of_response, data.parent_index, unit_keys)
    parts = anonymity.atoms(groups)
    shown, _reasons = anonymity.select_comment_groups(parts.membership, parts.sizes(), survey.min_group_size_comments)
    if not shown.any():
        return (), str(
            _("Comments are shown only for groups of at least %(k)s people.") % {"k": survey.min_group_size_comments}
        )
    rows = list(ResponseComment.objects.filter(survey=survey).values_list("unit_id", "item", "text"))
    below: dict[int, set[int]] = {}  # unit pk → pks of the unit and its sub-units
    for i, unit in enumerate(data.units):
        j = i
        while j >= 0:
            below.setdefault(data.units[j].pk, set()).add(unit.pk)
            j = int(data.parent_index[j])
    blocks = []
    labels = {"total": str(_("Whole organisation"))} | {key: label for key, label, _d in units}
    for g, key in enumerate(groups.keys):
        if not shown[g]:
            continue
        members = None if key == "total" else below.get(int(key.split(":")[1]), set())
        for item in spec.text_items:
            texts = sorted(
                text
                for unit_id, item_key, text in rows
                if item_key == item.key and (members is None or unit_id in members)
            )
            if texts:
                blocks.append(CommentBlock(labels[key], pick(item.text, language, spec.default_language), tuple(texts)))
    return tuple(blocks), ""


def report_build(*, survey: Survey, language: str | None = None, peers: str = "all") -> Report:
    """Everything the results page, the PDF, the charts and the exports may show."""
    from ..retention import stored_report

    language = language or translation.get_language() or survey.instrument_version.spec.default_language
    peers = peers if peers in PEERS else "all"
    # After the retention period only the aggregates remain: the report frozen then.
    stored = stored_report(survey=survey, language=language, peers=peers)
    if stored is not None:
        return stored
    with translation.override(language):
        return _build(survey, language, peers)


def _build(survey: Survey, language: str, peers: str) -> Report:
    data = survey_data_load(survey)
    spec = data.spec
    scales = tuple(
        ScaleInfo(
            scale.key,
            pick(scale.title, language, spec.default_language),
            pick(scale.description, language, spec.default_language),
            scale.higher_is_better,
            scale.threshold,
        )
        for scale in spec.scales
    )
    k = survey.min_group_size
    notes: list[str] = []
    groups, units, breakdown_specs = report_groups(data, language, list(survey.report_breakdowns), k, notes)
    config = statistics.ReportConfig(
        k=k, comment_k=survey.min_group_size_comments, min_answered_share=spec.min_answered
    )
    result = audited_report(data, groups, config)
    # Other waves of the same questionnaire: hide what two waves would give away together.
    wave_list = waves.other_waves(survey)
    wave_counts = [waves.wave_counts(other) for other in wave_list]
    scale_keys = [scale.key for scale in scales]
    risk = waves.cells_at_risk(survey, groups.keys, scale_keys, result, wave_counts)
    if risk.any():
        result = audited_report(data, groups, config, risk)
        notes.append(
            str(
                _(
                    "Some figures are hidden because another survey with this questionnaire shows the same group "
                    "with almost the same number of answers: the difference between the two would single people out."
                )
            )
        )
    total = _row(result, "total", str(_("Whole organisation")), "total", 0)
    report = Report(
        survey, language, k, survey.min_group_size_comments, data.n, scales, total, peers=peers, notes=notes
    )
    report.rates, report.rate_total = _rates(survey, data, result, units)
    if not total.shown:
        # Nothing is shown at all: notes on single breakdowns or waves would only bury this one.
        report.notes = [str(_("Fewer than %(k)s people answered: no results can be shown.") % {"k": k})]
        return report
    report.units = tuple(_row(result, key, label, "unit", depth) for key, label, depth in units)
    report.breakdowns = tuple(
        Breakdown(key, title, tuple(_row(result, group_key, label, "breakdown", 0) for group_key, label in options))
        for key, title, options in breakdown_specs
    )
    report.choices, report.numbers = _other_items(data, language, k, waves.items_at_risk(survey, data, wave_counts))
    report.comments, report.comments_note = _comments(survey, data, language, units)

    current = statistics.Summary(
        *(np.asarray(getattr(result.summary, f))[[0]] for f in ("n", "mean", "sd", "ci_low", "ci_high"))
    )
    bench, report.benchmark_organisations = _benchmark(survey, scales, peers)
    previous, previous_summary = _previous(survey, scales) if survey.closed_at else (None, None)
    comparison = statistics.welch_comparison(current, previous_summary) if previous_summary is not None else None
    report.previous_title = previous.title_in(language) if previous else ""
    bench_mean = bench.summary.mean if bench is not None else None  # NaN where too few organisations
    reference = np.array(
        [
            float(bench_mean[s]) if bench_mean is not None and np.isfinite(bench_mean[s]) else scale.threshold
            for s, scale in enumerate(scales)
        ]
    )
    # Not yet: turning a hotspot into a goal of the target agreement, and suggesting measures
    # for it; both need the cycles and target agreements of issue #4.
    flags = statistics.highlights(current.mean[0], reference, np.array([s.higher_is_better for s in scales]))
    hot, good = set(flags.hotspots.tolist()), set(flags.resources.tolist())
    lines = []
    for s, scale in enumerate(scales):
        lines.append(
            ProfileLine(
                scale=scale,
                cell=total.cells[s],
                benchmark=_f(bench_mean[s]) if bench_mean is not None else None,
                previous=_f(previous_summary.mean[0, s]) if previous_summary is not None else None,
                difference=_f(comparison.difference[0, s]) if comparison is not None else None,
                significant=bool(comparison.significant[0, s]) if comparison is not None else False,
                p_value=_f(comparison.p_value[0, s]) if comparison is not None else None,
                deviation=_f(flags.deviation[s]),
                flag="hotspot" if s in hot else "resource" if s in good else "",
            )
        )
    report.profile = tuple(lines)
    report.trend = (
        _trend(survey, scales, tuple(cell.mean for cell in total.cells), language) if survey.closed_at else ()
    )
    return report
