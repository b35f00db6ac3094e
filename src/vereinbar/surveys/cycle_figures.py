"""The staff-survey figures a level rule's survey conditions read (``programmes.levels``), for
cycles' level evaluation (registered in ``cycles.survey_hooks``, see ``apps.py``).

They come from the survey's report (``surveys.report.build.report_build``), and only from its
whole-organisation row as published: a scale the report hides has no figure here, and a
survey whose report shows nothing (fewer answers than the minimum group size) has no
responses either. So a level's explanation can never show more than the report does.

Which survey: for a condition without ``instrument``, the latest closed survey of one of the
cycle's survey phases; with ``instrument``, the latest closed survey of the cycle with that
questionnaire (any version).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from vereinbar.programmes.levels import SurveyFigures, SurveyScale, survey_sources

from .models import Survey, SurveyStatus

if TYPE_CHECKING:
    from vereinbar.cycles.models import Cycle

    from .report.build import GroupRow, ScaleInfo


def figures_from_total(
    *,
    title: str,
    k: int,
    total: GroupRow,
    scales: Sequence[tuple[ScaleInfo, tuple[int, ...]]],
    invited: int | None,
    staff: int | None,
    titles: Mapping[str, Mapping[str, str]] | None = None,
) -> SurveyFigures:
    """Figures from a report's whole-organisation row. ``scales``: each scale with its favourable
    score points (``InstrumentSpec`` scale ``favourable_points``), in the row's order; ``titles``:
    each scale's title in every language, so a reason can be said again in another."""
    if not total.shown:
        return SurveyFigures(title=title, k=k, responses=None, staff=staff)
    result = []
    for (info, points), cell in zip(scales, total.cells, strict=True):
        favourable = None
        if cell.shown and cell.distribution:
            favourable = sum(cell.distribution[p - 1] for p in points if p <= len(cell.distribution))
        result.append(
            SurveyScale(
                key=info.key,
                title=info.title,
                higher_is_better=info.higher_is_better,
                mean=cell.mean if cell.shown else None,
                favourable=favourable,
                titles=(titles or {}).get(info.key),
            )
        )
    return SurveyFigures(
        title=title, k=k, responses=total.headcount, scales=tuple(result), staff=staff, invited=invited
    )


def survey_figures(survey: Survey) -> SurveyFigures:
    """The figures of one closed survey, read from its report."""
    from .report.build import report_build

    report = report_build(survey=survey)
    points = {scale.key: scale.favourable_points for scale in survey.instrument_version.spec.scales}
    return figures_from_total(
        title=survey.title_text,
        k=report.k,
        total=report.total,
        scales=[(info, points.get(info.key, ())) for info in report.scales],
        invited=report.rate_total.invited if report.rate_total is not None else None,
        staff=survey.organisation.staff_count,
        titles={scale.key: scale.title for scale in survey.instrument_version.spec.scales},
    )


def survey_for_condition(cycle: Cycle, instrument: str) -> Survey | None:
    """The survey a condition reads (see the module docstring), or None."""
    surveys = Survey.objects.filter(status=SurveyStatus.CLOSED).select_related(
        "organisation", "instrument_version__instrument"
    )
    if instrument:
        surveys = surveys.filter(cycle=cycle, instrument_version__instrument__urn=instrument)
    else:
        surveys = surveys.filter(phase_run__cycle=cycle)
    return surveys.order_by("-closed_at", "-pk").first()


def cycle_survey_figures(cycle: Cycle) -> dict[str, SurveyFigures | None]:
    """For each survey the cycle's level rules read, its figures (None: no closed survey yet)."""
    figures: dict[str, SurveyFigures | None] = {}
    for source in survey_sources(cycle.version.definition):
        survey = survey_for_condition(cycle, source)
        figures[source] = survey_figures(survey) if survey is not None else None
    return figures
