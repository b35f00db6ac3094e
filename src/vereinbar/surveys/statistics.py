"""Statistics for anonymous staff surveys, over columnar numpy arrays (no Django).

Answers arrive as a float array (responses × items) of answer positions 1..L, NaN for an
item left out. Every computation is vectorised; Python loops run over items, scales,
groups or row blocks, never over answers.

- Item score: position p of L options maps to (p - 1) / (L - 1) × 100, so a Likert-5 item
  scores 0/25/50/75/100; a reverse-scored item scores 100 minus that.
- Scale score: the mean of the answered items of the scale, only when the answered share
  of its items is at least ``min_answered_share`` (default one half), else missing.
- Cell (scale × group): n, mean, SD (n - 1 denominator), a 95 % CI of the mean that stays
  within 0-100 (the t-interval t(n - 1) × SD / √n taken on the logit of mean / 100),
  the distribution of item scores over the L score points, and the share favourable
  (scale score ≥ 75, or ≤ 25 on scales where lower is better). Cells are suppressed by the
  rules in :mod:`vereinbar.surveys.anonymity`; suppressed cells hold NaN or 0, never values.
- Groups are pooled from atoms (responses with identical group membership) and
  organisations are pooled into benchmarks with the same exact formula (Chan et al.), so a
  benchmark needs only n, mean and sum of squared deviations per organisation and scale.
- Previous survey: difference and Welch's t-test from the two cells' summary statistics.
- Benchmark: other organisations of a peer set (programme, sector, size band) that have at
  least k answers on the scale; reported only when at least 5 organisations contribute.
- Hotspots and resources: scales furthest below / above a reference (the benchmark or a
  threshold) by at least a margin, counted in the favourable direction of each scale.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from scipy.special import expit, logit, stdtr, stdtrit

from vereinbar.core import sampling
from vereinbar.surveys.anonymity import (
    DEFAULT_COMMENT_K,
    DEFAULT_K,
    BoolArray,
    FloatArray,
    Groups,
    IntArray,
    SuppressionReason,
    SurveyDataError,
    atoms,
    select_comment_groups,
    suppress,
    validate_k,
)

__all__ = [
    "MIN_BENCHMARK_ORGANISATIONS",
    "Benchmark",
    "Comparison",
    "GroupReport",
    "Highlights",
    "Moments",
    "Questionnaire",
    "ReportConfig",
    "Summary",
    "SurveyDataError",
    "benchmark",
    "benchmarks_excluding_each",
    "bounded_interval",
    "describe",
    "group_report",
    "highlights",
    "item_scores",
    "margin_of_error",
    "partition_moments",
    "pool_groups",
    "scale_scores",
    "summarise",
    "welch_comparison",
]

MIN_BENCHMARK_ORGANISATIONS = 5
_BLOCK_ROWS = 32_768


@dataclass(frozen=True)
class Questionnaire:
    """Item metadata: answer options, scale membership, reverse scoring, scale direction."""

    levels: IntArray  # (items,) number of answer options, at least 2
    scale_of_item: IntArray  # (items,) scale index, -1 for an item in no scale
    reverse: BoolArray  # (items,) reverse-scored items
    higher_is_better: BoolArray  # (scales,) False for strain scales such as burnout

    def __post_init__(self) -> None:
        levels = np.asarray(self.levels, dtype=np.int64)
        scale = np.asarray(self.scale_of_item, dtype=np.int64)
        reverse = np.asarray(self.reverse, dtype=np.bool_)
        better = np.asarray(self.higher_is_better, dtype=np.bool_)
        if levels.ndim != 1 or scale.shape != levels.shape or reverse.shape != levels.shape or better.ndim != 1:
            raise SurveyDataError("questionnaire_shape_mismatch")
        if np.any(levels < 2):
            raise SurveyDataError("invalid_levels")
        if np.any((scale < -1) | (scale >= better.size)):
            raise SurveyDataError("scale_out_of_range")
        in_scale = scale >= 0
        if np.any(np.bincount(scale[in_scale], minlength=better.size) == 0):
            raise SurveyDataError("empty_scale")
        highest = np.zeros(better.size, dtype=np.int64)
        np.maximum.at(highest, scale[in_scale], levels[in_scale])
        if np.any(highest[scale[in_scale]] != levels[in_scale]):
            raise SurveyDataError("mixed_levels_in_scale")
        for name, value in (("levels", levels), ("scale_of_item", scale), ("reverse", reverse)):
            object.__setattr__(self, name, value)
        object.__setattr__(self, "higher_is_better", better)

    @classmethod
    def create(
        cls,
        *,
        levels: npt.ArrayLike,
        scale_of_item: npt.ArrayLike,
        reverse: npt.ArrayLike | None = None,
        higher_is_better: npt.ArrayLike | None = None,
    ) -> Questionnaire:
        """Build a questionnaire; ``levels`` may be one number for all items."""
        scale = np.asarray(scale_of_item, dtype=np.int64)
        n_scales = int(scale.max()) + 1 if scale.size else 0
        return cls(
            levels=np.broadcast_to(np.asarray(levels, dtype=np.int64), scale.shape).copy(),
            scale_of_item=scale,
            reverse=np.zeros(scale.shape, np.bool_) if reverse is None else np.asarray(reverse, np.bool_),
            higher_is_better=np.ones(n_scales, np.bool_) if higher_is_better is None else np.asarray(higher_is_better),
        )

    @property
    def n_items(self) -> int:
        return int(self.levels.size)

    @property
    def n_scales(self) -> int:
        return int(self.higher_is_better.size)

    @property
    def scale_levels(self) -> IntArray:
        """Answer options of each scale's items."""
        result = np.zeros(self.n_scales, dtype=np.int64)
        in_scale = self.scale_of_item >= 0
        result[self.scale_of_item[in_scale]] = self.levels[in_scale]
        return result

    def coefficients(self) -> tuple[FloatArray, FloatArray]:
        """(slope, offset) per item so that score = slope × position + offset."""
        step = 100.0 / (self.levels - 1)
        slope = np.where(self.reverse, -step, step)
        offset = np.where(self.reverse, 100.0 + step, -step)
        return slope, offset


def _answers(answers: npt.NDArray[np.floating] | FloatArray, questionnaire: Questionnaire) -> FloatArray:
    array = np.asarray(answers)
    if not np.issubdtype(array.dtype, np.floating):
        array = array.astype(np.float64)
    if array.ndim != 2 or array.shape[1] != questionnaire.n_items:
        raise SurveyDataError("answers_shape_mismatch")
    return array


def _check_answers(block: FloatArray, levels: IntArray) -> None:
    if block.size == 0:
        return
    if np.any(np.fmin.reduce(block, axis=0) < 1) or np.any(np.fmax.reduce(block, axis=0) > levels):
        raise SurveyDataError("answer_out_of_range")
    if np.fmax.reduce(block - np.floor(block), axis=None) > 0:
        raise SurveyDataError("answer_not_integer")


def _check_column(column: FloatArray, levels: int, scratch: FloatArray) -> None:
    """Like ``_check_answers`` for one column, without allocating (fmin/fmax skip NaN)."""
    if np.fmin.reduce(column) < 1 or np.fmax.reduce(column) > levels:
        raise SurveyDataError("answer_out_of_range")
    np.floor(column, out=scratch)
    np.subtract(column, scratch, out=scratch)
    if np.fmax.reduce(scratch) > 0:
        raise SurveyDataError("answer_not_integer")


def item_scores(answers: FloatArray, questionnaire: Questionnaire, *, validate: bool = True) -> FloatArray:
    """Item scores 0-100 (responses × items), reverse items reversed, NaN where unanswered."""
    array = _answers(answers, questionnaire)
    if validate:
        _check_answers(array, questionnaire.levels)
    slope, offset = questionnaire.coefficients()
    return array * slope + offset


def scale_scores(
    answers: FloatArray, questionnaire: Questionnaire, *, min_answered_share: float = 0.5, validate: bool = True
) -> FloatArray:
    """Scale scores (responses × scales): mean of answered item scores, NaN below the answered share.

    Validates the answers it uses (items in a scale) unless ``validate`` is False.
    """
    if not 0.0 < min_answered_share <= 1.0:
        raise SurveyDataError("invalid_min_answered_share")
    array = _answers(answers, questionnaire)
    n_rows, n_scales = array.shape[0], questionnaire.n_scales
    slope, offset = questionnaire.coefficients()
    items = [(j, int(s)) for j, s in enumerate(questionnaire.scale_of_item.tolist()) if s >= 0]
    # Scale-major storage keeps every column contiguous; the result is its transpose.
    sums = np.zeros((n_scales, n_rows))
    counts = np.zeros((n_scales, n_rows))
    for start in range(0, n_rows, _BLOCK_ROWS):
        stop = min(start + _BLOCK_ROWS, n_rows)
        block = array[start:stop]
        if block.strides[0] != block.itemsize:  # row-major input: make columns contiguous
            block = np.asfortranarray(block)
        answered = np.empty(stop - start, dtype=np.bool_)
        score = np.empty(stop - start)
        for j, s in items:
            column = block[:, j]
            if validate:
                _check_column(column, int(questionnaire.levels[j]), score)
            np.equal(column, column, out=answered)
            np.multiply(column, slope[j], out=score)
            score += offset[j]
            np.add(sums[s, start:stop], score, out=sums[s, start:stop], where=answered)
            counts[s, start:stop] += answered
    per_scale = np.bincount(questionnaire.scale_of_item[questionnaire.scale_of_item >= 0], minlength=n_scales)
    with np.errstate(invalid="ignore", divide="ignore"):
        scores = sums / counts
    scores[(counts == 0) | (counts / per_scale[:, None] < min_answered_share)] = np.nan
    return scores.T


@dataclass(frozen=True)
class Moments:
    """Columnar sufficient statistics: n, mean and sum of squared deviations (m2)."""

    n: FloatArray
    mean: FloatArray
    m2: FloatArray

    @classmethod
    def from_sums(cls, n: npt.ArrayLike, total: npt.ArrayLike, total_sq: npt.ArrayLike) -> Moments:
        """From n, Σx and Σx² (e.g. SQL aggregates); less exact than two-pass moments."""
        count = np.asarray(n, dtype=np.float64)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.asarray(total, dtype=np.float64) / count
            m2 = np.maximum(np.asarray(total_sq, dtype=np.float64) - count * mean * mean, 0.0)
        return cls(count, np.where(count > 0, mean, np.nan), np.where(count > 0, m2, np.nan))

    def pooled(self, where: BoolArray | None = None, axis: int = 0) -> Moments:
        """Combine the entries along ``axis`` (only where ``where`` is True) into one."""
        use = (self.n > 0) if where is None else (np.asarray(where, dtype=np.bool_) & (self.n > 0))
        weight = np.where(use, self.n, 0.0)
        means = np.where(use, self.mean, 0.0)
        n = weight.sum(axis=axis)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = (weight * means).sum(axis=axis) / n
        between = weight * (means - np.expand_dims(np.nan_to_num(mean), axis)) ** 2
        m2 = np.where(use, self.m2, 0.0).sum(axis=axis) + between.sum(axis=axis)
        return Moments(n, np.where(n > 0, mean, np.nan), np.where(n > 0, m2, np.nan))

    def without(self, part: Moments) -> Moments:
        """The moments of the whole with ``part`` (a contained subset) taken out."""
        n = self.n - part.n
        keep = part.n > 0
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.where(keep, (self.n * self.mean - part.n * np.nan_to_num(part.mean)) / n, self.mean)
            gap = np.where(keep, part.n * n / self.n * (mean - np.nan_to_num(part.mean)) ** 2, 0.0)
        m2 = np.maximum(self.m2 - np.where(keep, part.m2, 0.0) - gap, 0.0)
        return Moments(n, np.where(n > 0, mean, np.nan), np.where(n > 0, m2, np.nan))


def partition_moments(values: FloatArray, codes: IntArray, n_codes: int) -> Moments:
    """Moments per code (e.g. organisation or atom) of each column of ``values``; NaN is missing."""
    values = np.asarray(values, dtype=np.float64)
    codes = np.asarray(codes, dtype=np.int64)
    shape = (n_codes, values.shape[1])
    n, mean, m2 = np.zeros(shape), np.zeros(shape), np.zeros(shape)
    for s in range(values.shape[1]):
        column = values[:, s]
        valid = column == column
        n[:, s] = np.bincount(codes, weights=valid, minlength=n_codes)
        clean = np.where(valid, column, 0.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean[:, s] = np.bincount(codes, weights=clean, minlength=n_codes) / n[:, s]
        deviation = np.where(valid, column - mean[codes, s], 0.0)
        m2[:, s] = np.bincount(codes, weights=deviation * deviation, minlength=n_codes)
    return Moments(n, np.where(n > 0, mean, np.nan), np.where(n > 0, m2, np.nan))


def pool_groups(parts: Moments, membership: BoolArray) -> Moments:
    """Moments of each group (groups × columns) pooled from disjoint parts (parts × columns)."""
    weight = np.asarray(membership, dtype=np.float64)
    means = np.nan_to_num(parts.mean)
    n = weight @ parts.n
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = (weight @ (parts.n * means)) / n
    m2 = weight @ np.nan_to_num(parts.m2)
    block = max(1, 4_000_000 // max(1, parts.n.size))
    for start in range(0, weight.shape[0], block):
        rows = slice(start, start + block)
        gap = means[None, :, :] - np.nan_to_num(mean[rows])[:, None, :]
        m2[rows] += np.einsum("ga,gas->gs", weight[rows], parts.n[None, :, :] * gap * gap)
    return Moments(n, np.where(n > 0, mean, np.nan), np.where(n > 0, m2, np.nan))


@dataclass(frozen=True)
class Summary:
    """Descriptive statistics per cell; NaN where there is nothing to show."""

    n: IntArray
    mean: FloatArray
    sd: FloatArray
    ci_low: FloatArray
    ci_high: FloatArray


def summarise(moments: Moments, *, confidence: float = 0.95) -> Summary:
    """n, mean, SD and a confidence interval of the mean (0-100 scores) from moments.

    The interval is the t-interval of the mean taken on the logit scale of the mean as a
    share of 100 (delta method: standard error SD / √n / (p (1 - p)) with p = mean / 100),
    then transformed back. It lies within 0-100, contains the mean, is close to
    mean ± t × SD / √n in the middle of the scale and narrower towards the end the mean is
    near. A mean of exactly 0 or 100 (everyone answered the same) has the interval [mean, mean].
    """
    if not 0.0 < confidence < 1.0:
        raise SurveyDataError("invalid_confidence")
    n = moments.n
    several = n >= 2
    mean = np.where(n > 0, moments.mean, np.nan)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        sd = np.where(several, np.sqrt(moments.m2 / (n - 1)), np.nan)
        half = np.where(several, stdtrit(np.maximum(n - 1, 1), 0.5 + confidence / 2) * sd / np.sqrt(n), np.nan)
        low, high = bounded_interval(mean, half)
    return Summary(np.rint(n).astype(np.int64), mean, sd, low, high)


def bounded_interval(mean: FloatArray, half: FloatArray, *, top: float = 100.0) -> tuple[FloatArray, FloatArray]:
    """Turn the half-width ``half`` of a symmetric interval around ``mean`` (a score in 0-top)
    into an interval on the logit scale of ``mean / top``, transformed back into 0-top."""
    p = np.clip(np.asarray(mean, dtype=np.float64) / top, 0.0, 1.0)
    inner = (p > 0.0) & (p < 1.0)
    safe = np.where(inner, p, 0.5)
    spread = np.asarray(half, dtype=np.float64) / top / (safe * (1.0 - safe))
    centre = logit(safe)
    # Rounding in logit/expit must not move a bound past the mean.
    low = np.where(inner, np.minimum(expit(centre - spread) * top, mean), mean)
    high = np.where(inner, np.maximum(expit(centre + spread) * top, mean), mean)
    undefined = np.isnan(half) | np.isnan(mean)
    return np.where(undefined, np.nan, low), np.where(undefined, np.nan, high)


def margin_of_error(answers: int, headcount: int, *, confidence: float = 0.95, share: float = 0.5) -> float:
    """Margin of error (percentage points) of a share from ``answers`` of ``headcount`` people,
    with the finite population correction (``core.sampling.margin_of_error``)."""
    try:
        return sampling.margin_of_error(answers, headcount, confidence=confidence, share=share)
    except sampling.SampleError as error:
        raise SurveyDataError(error.code) from error


def describe(values: FloatArray, *, confidence: float = 0.95) -> Summary:
    """Summary of each column of ``values`` (rows × columns, NaN missing)."""
    values = np.asarray(values, dtype=np.float64)
    moments = partition_moments(values, np.zeros(values.shape[0], np.int64), 1)
    summary = summarise(moments, confidence=confidence)
    return Summary(*(np.asarray(getattr(summary, f))[0] for f in ("n", "mean", "sd", "ci_low", "ci_high")))


@dataclass(frozen=True)
class ReportConfig:
    """Per-survey settings: minimum group sizes and scoring thresholds."""

    k: int = DEFAULT_K
    comment_k: int = DEFAULT_COMMENT_K
    min_answered_share: float = 0.5
    favourable_threshold: float = 75.0
    confidence: float = 0.95

    def __post_init__(self) -> None:
        validate_k(self.k)
        if validate_k(self.comment_k) < self.k:
            raise SurveyDataError("comment_k_below_k")
        if not 0.0 < self.min_answered_share <= 1.0:
            raise SurveyDataError("invalid_min_answered_share")
        if not 50.0 <= self.favourable_threshold <= 100.0:
            raise SurveyDataError("invalid_favourable_threshold")
        if not 0.0 < self.confidence < 1.0:
            raise SurveyDataError("invalid_confidence")


@dataclass(frozen=True)
class GroupReport:
    """One survey's cells (groups × scales) after suppression; suppressed cells hold NaN/0."""

    keys: tuple[str, ...]
    headcount: IntArray  # (groups,) responses, 0 where the group is suppressed
    group_reasons: tuple[str | None, ...]
    summary: Summary  # (groups, scales)
    favourable_share: FloatArray  # (groups, scales)
    distribution: IntArray  # (groups, scales, points): answers per score point, low to high
    cell_reasons: npt.NDArray[np.str_]  # (groups, scales): "" when published, else a reason code
    comments_shown: BoolArray  # (groups,)
    comment_reasons: tuple[str | None, ...]
    _index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {key: i for i, key in enumerate(self.keys)})

    @property
    def published(self) -> BoolArray:
        return self.cell_reasons == ""

    def row(self, key: str) -> int:
        """Row index of a group key."""
        return self._index[key]

    def aligned_summary(self, keys: Sequence[str]) -> Summary:
        """Summary rows for ``keys`` in that order (e.g. another survey's groups); unknown keys are empty."""
        rows = np.array([self._index.get(key, -1) for key in keys], dtype=np.int64)
        known = (rows >= 0)[:, None]
        pick = np.maximum(rows, 0)
        fields = (np.where(known, getattr(self.summary, f)[pick], np.nan) for f in ("mean", "sd", "ci_low", "ci_high"))
        return Summary(np.where(known, self.summary.n[pick], 0), *fields)


def group_report(
    answers: FloatArray,
    questionnaire: Questionnaire,
    groups: Groups,
    *,
    config: ReportConfig | None = None,
    wave_suppressed: BoolArray | None = None,
) -> GroupReport:
    """Every cell of one survey for the given groups, with the anonymity rules applied.

    ``wave_suppressed`` (groups × scales) marks cells that must not be shown because another
    survey wave shows the same group with nearly the same count; they are suppressed from the
    start (reason ``wave_difference``), and complementary suppression protects them as well."""
    config = config or ReportConfig()
    if groups.n_responses != np.shape(answers)[0]:
        raise SurveyDataError("groups_shape_mismatch")
    waves = (
        np.zeros((groups.n_groups, questionnaire.n_scales), dtype=np.bool_)
        if wave_suppressed is None
        else np.asarray(wave_suppressed, dtype=np.bool_)
    )
    if waves.shape != (groups.n_groups, questionnaire.n_scales):
        raise SurveyDataError("groups_shape_mismatch")
    scores = scale_scores(answers, questionnaire, min_answered_share=config.min_answered_share)
    counted = ~np.isnan(scores)
    parts = atoms(groups)
    n_atoms, n_scales = parts.n_atoms, questionnaire.n_scales

    headcounts = parts.sizes()
    head = suppress(parts.membership, headcounts, config.k)
    group_reason = np.array([r or "" for r in head.reasons()], dtype="<U16")
    cell_reasons = np.empty((groups.n_groups, n_scales), dtype="<U16")
    decided: dict[bytes, npt.NDArray[np.str_]] = {}
    for s in range(n_scales):
        sizes = parts.sizes(counted[:, s])
        wave = waves[:, s] & ~head.suppressed
        decision = sizes.tobytes() + wave.tobytes()
        if decision not in decided:
            cells = suppress(parts.membership, sizes, config.k, already_suppressed=head.suppressed | wave)
            below = np.where(cells.primary, SuppressionReason.BELOW_K.value, "")
            small = (parts.membership.astype(np.int64) @ sizes) < config.k
            below = np.where(wave & ~small, SuppressionReason.WAVE_DIFFERENCE.value, below)
            reason = np.where(cells.complementary, SuppressionReason.COMPLEMENTARY.value, below)
            decided[decision] = np.where(head.suppressed, group_reason, reason)
        cell_reasons[:, s] = decided[decision]
    shown = cell_reasons == ""

    summary = summarise(pool_groups(partition_moments(scores, parts.of_response, n_atoms), parts.membership))
    summary = Summary(
        np.where(shown, summary.n, 0),
        *(np.where(shown, getattr(summary, f), np.nan) for f in ("mean", "sd", "ci_low", "ci_high")),
    )
    weight = parts.membership.astype(np.float64)
    # Scores are exact fractions computed in floating point: 75 may arrive as 74.99999999999999.
    sign = np.where(questionnaire.higher_is_better, 1.0, -1.0)
    threshold = np.where(questionnaire.higher_is_better, config.favourable_threshold, config.favourable_threshold - 100)
    favourable = counted & (scores * sign >= threshold - 1e-9)
    favourable_atoms = np.stack(
        [np.bincount(parts.of_response, weights=favourable[:, s], minlength=n_atoms) for s in range(n_scales)], axis=1
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        favourable_share = np.where(shown, (weight @ favourable_atoms) / summary.n, np.nan)
    distribution = _distribution(answers, questionnaire, counted, parts.of_response, n_atoms)
    distribution = np.rint(np.tensordot(weight, distribution, axes=1)).astype(np.int64) * shown[:, :, None]

    comments, comment_reasons = select_comment_groups(
        parts.membership, headcounts, config.comment_k, eligible=head.published
    )
    return GroupReport(
        keys=groups.keys,
        headcount=np.where(head.published, weight @ headcounts, 0).astype(np.int64),
        group_reasons=tuple(r or None for r in group_reason.tolist()),
        summary=summary,
        favourable_share=favourable_share,
        distribution=distribution,
        cell_reasons=cell_reasons,
        comments_shown=comments,
        comment_reasons=comment_reasons,
    )


def _distribution(
    answers: FloatArray, questionnaire: Questionnaire, counted: BoolArray, codes: IntArray, n_codes: int
) -> FloatArray:
    """Answers per (code, scale, score point), from respondents counted in the scale only."""
    items = np.flatnonzero(questionnaire.scale_of_item >= 0)
    scale = questionnaire.scale_of_item[items]
    points = int(questionnaire.levels.max(initial=2))
    scores = item_scores(answers, questionnaire, validate=False)[:, items]
    point = np.rint(scores / 100.0 * (questionnaire.levels[items] - 1))
    use = ~np.isnan(point) & counted[:, scale]
    index = (codes[:, None] * questionnaire.n_scales + scale[None, :]) * points + np.nan_to_num(point).astype(np.int64)
    counts = np.bincount(index[use], minlength=n_codes * questionnaire.n_scales * points)
    return counts.reshape(n_codes, questionnaire.n_scales, points).astype(np.float64)


@dataclass(frozen=True)
class Comparison:
    """Difference between two sets of cells and Welch's t-test, per cell."""

    difference: FloatArray  # current minus reference, NaN when either cell is not shown
    t_statistic: FloatArray
    degrees_of_freedom: FloatArray
    p_value: FloatArray  # NaN when the test is undefined (n < 2 or no variance)
    significant: BoolArray

    @property
    def available(self) -> BoolArray:
        return ~np.isnan(self.difference)


def welch_comparison(current: Summary, reference: Summary, *, alpha: float = 0.05) -> Comparison:
    """Compare cells with a previous survey or a benchmark: difference and Welch's two-sided t-test."""
    difference = current.mean - reference.mean
    with np.errstate(invalid="ignore", divide="ignore"):
        var_a = current.sd**2 / current.n
        var_b = reference.sd**2 / reference.n
        error = var_a + var_b
        t = difference / np.sqrt(error)
        df = error**2 / (var_a**2 / (current.n - 1) + var_b**2 / (reference.n - 1))
    defined = (current.n >= 2) & (reference.n >= 2) & (error > 0) & np.isfinite(t)
    t = np.where(defined, t, np.nan)
    df = np.where(defined, df, np.nan)
    p = np.where(defined, 2.0 * stdtr(np.where(defined, df, 1.0), -np.abs(np.nan_to_num(t))), np.nan)
    return Comparison(difference, t, df, p, defined & (p < alpha))


@dataclass(frozen=True)
class Benchmark:
    """Pooled figures of contributing organisations; masked where fewer than the minimum contribute."""

    organisations: IntArray  # contributing organisations
    available: BoolArray
    moments: Moments
    summary: Summary


def _contributors(
    org_moments: Moments, k: int, min_organisations: int, peers: BoolArray | None
) -> tuple[BoolArray, int]:
    validate_k(k)
    if min_organisations < MIN_BENCHMARK_ORGANISATIONS:
        raise SurveyDataError("min_organisations_below_minimum")
    contributes = org_moments.n >= k
    if peers is not None:
        contributes = contributes & np.asarray(peers, dtype=np.bool_)[:, None]
    return contributes, min_organisations


def _masked_benchmark(organisations: IntArray, moments: Moments, minimum: int, confidence: float) -> Benchmark:
    available = organisations >= minimum
    masked = Moments(
        np.where(available, moments.n, 0.0),
        np.where(available, moments.mean, np.nan),
        np.where(available, moments.m2, np.nan),
    )
    return Benchmark(organisations, available, masked, summarise(masked, confidence=confidence))


def benchmark(
    org_moments: Moments,
    *,
    k: int = DEFAULT_K,
    min_organisations: int = MIN_BENCHMARK_ORGANISATIONS,
    peers: BoolArray | None = None,
    exclude: int | None = None,
    confidence: float = 0.95,
) -> Benchmark:
    """Benchmark per scale from organisations × scales moments of a peer set, optionally without one."""
    contributes, minimum = _contributors(org_moments, k, min_organisations, peers)
    if exclude is not None:
        contributes[exclude] = False
    pooled = org_moments.pooled(where=contributes, axis=0)
    return _masked_benchmark(contributes.sum(axis=0), pooled, minimum, confidence)


def benchmarks_excluding_each(
    org_moments: Moments,
    *,
    k: int = DEFAULT_K,
    min_organisations: int = MIN_BENCHMARK_ORGANISATIONS,
    peers: BoolArray | None = None,
    confidence: float = 0.95,
) -> Benchmark:
    """For every organisation, the benchmark of all other contributing peers (organisations × scales)."""
    contributes, minimum = _contributors(org_moments, k, min_organisations, peers)
    total = org_moments.pooled(where=contributes, axis=0)
    own = Moments(
        np.where(contributes, org_moments.n, 0.0),
        np.where(contributes, org_moments.mean, np.nan),
        np.where(contributes, org_moments.m2, 0.0),
    )
    everyone = Moments(*(np.broadcast_to(a, org_moments.n.shape) for a in (total.n, total.mean, total.m2)))
    others = contributes.sum(axis=0)[None, :] - contributes
    return _masked_benchmark(others, everyone.without(own), minimum, confidence)


@dataclass(frozen=True)
class Highlights:
    """Scales standing out against a reference, in each scale's favourable direction."""

    deviation: FloatArray  # (scales,) positive = better than the reference
    hotspots: IntArray  # scale indices, worst first
    resources: IntArray  # scale indices, best first


def highlights(
    scores: FloatArray,
    reference: FloatArray | float,
    higher_is_better: BoolArray,
    *,
    margin: float = 5.0,
    limit: int = 3,
) -> Highlights:
    """Hotspots (furthest below the reference by ≥ margin) and resources (furthest above)."""
    direction = np.where(np.asarray(higher_is_better, dtype=np.bool_), 1.0, -1.0)
    deviation = (np.asarray(scores, dtype=np.float64) - reference) * direction
    valid = np.isfinite(deviation)
    low = np.flatnonzero(valid & (deviation <= -margin))
    high = np.flatnonzero(valid & (deviation >= margin))
    return Highlights(
        deviation=deviation,
        hotspots=low[np.argsort(deviation[low], kind="stable")][:limit].astype(np.int64),
        resources=high[np.argsort(-deviation[high], kind="stable")][:limit].astype(np.int64),
    )
