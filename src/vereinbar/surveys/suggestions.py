"""Measures to suggest beside a hotspot: catalogue entries of the categories the instrument names
for the scale (``measure_categories``), ranked by how often organisations that improved on that
scale in their next survey had them in place.

Computed from aggregates only: each closed survey's stored whole-organisation result per scale
(``ScaleResult``, counted only where it reached the survey's minimum group size) and the
organisations' measure rows (catalogue entry, since, ended on). No answer is read.

A pair of consecutive closed surveys of one organisation with the same instrument *improved* on a
scale when the mean moved in the scale's favourable direction. A measure counts for that pair
when it was in place at some time between the two surveys: in place since before the second one
closed and not ended before the first one closed. With fewer than ``MIN_ORGANISATIONS``
organisations that improved, there is too little data: the entries are listed unranked.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from django.db.models import Q
from django.utils import timezone

from vereinbar.measures.models import Measure, MeasureCategory, MeasureStatus, MeasureType
from vereinbar.organisations.models import Organisation

from .instrument import Scale
from .models import ScaleResult, Survey, SurveyStatus

MIN_ORGANISATIONS = 5
MAX_SUGGESTIONS = 8


@dataclass(frozen=True)
class Suggestion:
    type: MeasureType
    organisations: int | None  # organisations that improved with it in place (None: unranked)
    share: float | None  # of the organisations that improved
    in_place_here: bool  # the organisation asking already has it in place


@dataclass(frozen=True)
class Suggestions:
    scale: str
    categories: tuple[MeasureCategory, ...]
    improved_organisations: int  # organisations with an improvement on the scale
    items: tuple[Suggestion, ...]

    @property
    def ranked(self) -> bool:
        return self.improved_organisations >= MIN_ORGANISATIONS


def _improvements(instrument_id: int, scales: list[Scale]) -> dict[str, list[tuple[int, date, date]]]:
    """Per scale: (organisation, first closing date, second closing date) of every pair of
    consecutive published results of one organisation in which the scale improved."""
    wanted = {scale.key: scale for scale in scales}
    rows = (
        ScaleResult.objects.filter(
            survey__instrument_version__instrument_id=instrument_id,
            survey__status=SurveyStatus.CLOSED,
            survey__closed_at__isnull=False,
            scale__in=list(wanted),
        )
        .order_by("survey__organisation_id", "survey__closed_at", "survey_id")
        .values_list("scale", "survey__organisation_id", "survey__closed_at", "survey__min_group_size", "n", "mean")
    )
    series: dict[tuple[str, int], list[tuple[date, float]]] = defaultdict(list)
    for scale, organisation_id, closed_at, k, n, mean in rows:
        if n >= k:  # only results that were published
            series[(scale, organisation_id)].append((timezone.localtime(closed_at).date(), mean))
    improved: dict[str, list[tuple[int, date, date]]] = defaultdict(list)
    for (scale, organisation_id), points in series.items():
        better = 1 if wanted[scale].higher_is_better else -1
        for (first_on, first), (second_on, second) in pairwise(points):
            if (second - first) * better > 0:
                improved[scale].append((organisation_id, first_on, second_on))
    return improved


def suggestions_for(
    *, survey: Survey, scales: list[str], organisation: Organisation | None = None
) -> dict[str, Suggestions]:
    """Suggestions for these scales of the survey's instrument (any version of it), by scale key."""
    spec = survey.instrument_version.spec
    chosen = [scale for scale in spec.scales if scale.key in set(scales)]
    if not chosen:
        return {}
    organisation = organisation or survey.organisation
    keys = {key for scale in chosen for key in scale.measure_categories}
    categories = {category.key: category for category in MeasureCategory.objects.filter(key__in=keys, is_active=True)}
    types = list(
        MeasureType.objects.filter(category__key__in=keys, is_active=True, statutory=False).select_related("category")
    )
    here = set(
        Measure.objects.filter(
            organisation=organisation, status=MeasureStatus.IN_PLACE, type__isnull=False
        ).values_list("type_id", flat=True)
    )
    improved = _improvements(survey.instrument_version.instrument_id, chosen)
    # Measures (with a catalogue entry) of the organisations that improved, with their dates.
    organisation_ids = {organisation_id for pairs in improved.values() for organisation_id, _a, _b in pairs}
    measures: dict[int, list[tuple[int, date, date | None]]] = defaultdict(list)
    if organisation_ids:
        for organisation_id, type_id, since, ended_on in Measure.objects.filter(
            Q(organisation_id__in=organisation_ids), type__in=types, since__isnull=False
        ).values_list("organisation_id", "type_id", "since", "ended_on"):
            if since is not None and type_id is not None:
                measures[organisation_id].append((type_id, since, ended_on))
    result: dict[str, Suggestions] = {}
    for scale in chosen:
        own_types = [t for t in types if t.category.key in scale.measure_categories]
        pairs = improved.get(scale.key, [])
        contributors = {organisation_id for organisation_id, _a, _b in pairs}
        counts: dict[int, set[int]] = defaultdict(set)
        for organisation_id, first_on, second_on in pairs:
            for type_id, since, ended_on in measures.get(organisation_id, []):
                if since <= second_on and (ended_on is None or ended_on >= first_on):
                    counts[type_id].add(organisation_id)
        total = len(contributors)
        if total >= MIN_ORGANISATIONS:
            ranked = sorted(
                (t for t in own_types if counts.get(t.pk)),
                key=lambda t: (-len(counts[t.pk]), t.category.position, t.position, t.key),
            )[:MAX_SUGGESTIONS]
            items = tuple(Suggestion(t, len(counts[t.pk]), len(counts[t.pk]) / total, t.pk in here) for t in ranked)
        else:
            items = tuple(Suggestion(t, None, None, t.pk in here) for t in own_types)
        result[scale.key] = Suggestions(
            scale.key,
            tuple(categories[key] for key in scale.measure_categories if key in categories),
            total,
            items,
        )
    return result
