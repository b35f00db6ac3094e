"""A closed survey's whole-organisation figures, kept with the survey (``TotalFigures``).

The ranking lists (``surveys.ranking``) rank employers by the favourable share their survey's
report shows for the whole organisation. Building a report decodes every answer (about 11 ms a
survey), so the figures are read from the report once and stored:

- when the survey closes (``survey_close``), for it and for the organisation's other closed
  surveys of the same questionnaire: a closing wave can hide cells of the earlier waves' reports
  (``report.waves``), their whole-organisation row included;
- when the retention period deletes its raw data (``surveys.retention``): the report then comes
  from the stored aggregates, and the other waves are checked against the frozen report;
- for a survey whose row is missing or was read under another closing time or minimum group size
  (closed before this version, restored from an older backup, changed in the database): by
  ``migrate`` (``figures_after_migrate``) and by the ranking itself when it meets one.

Only the report's published whole-organisation row is stored (number of answers, favourable share
per scale), so nothing is kept that the report would not show (docs/anonymity.md).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import DEFAULT_DB_ALIAS, DatabaseError, transaction
from django.db.models import F, Q

from .models import Survey, SurveyStatus, TotalFigures

if TYPE_CHECKING:
    from vereinbar.programmes.levels import SurveyFigures

logger = logging.getLogger("vereinbar.surveys")


def figures_row(figures: SurveyFigures) -> tuple[int | None, list[list[Any]]]:
    """What is stored of a report's whole-organisation figures: the answers counted and each
    scale's favourable share (None where the report hides it); nothing when it hides the row."""
    if figures.responses is None:
        return None, []
    return figures.responses, [[scale.key, scale.favourable] for scale in figures.scales]


def figures_store(survey: Survey) -> TotalFigures:
    """Read the closed survey's figures from its report and store them with it."""
    from .cycle_figures import survey_figures

    if survey.status != SurveyStatus.CLOSED or survey.closed_at is None:
        raise ValueError(f"survey {survey.pk} is not closed")
    responses, favourable = figures_row(survey_figures(survey))
    row, _created = TotalFigures.objects.update_or_create(
        survey_id=survey.pk,
        defaults={
            "closed_at": survey.closed_at,
            "k": survey.min_group_size,
            "responses": responses,
            "favourable": favourable,
        },
    )
    return row


def figures_refresh(survey: Survey) -> None:
    """Store the figures of the closed survey and of its other waves (the organisation's other
    closed surveys of the same questionnaire), whose reports it can change. A report that cannot
    be read does not stop the service calling this (closing, retention): it is logged, its old
    figures are deleted, and the ranking and ``migrate`` try again (and log it again)."""
    from .report.waves import other_waves

    others = [wave.pk for wave in other_waves(survey)]
    for each in [survey, *_full(Survey.objects.filter(pk__in=others))]:
        _store_or_forget(each)


def _store_or_forget(survey: Survey) -> bool:
    """Store the survey's figures; when its report cannot be read, log it and delete what was
    stored before (it no longer holds), in a savepoint so that the caller's transaction goes on."""
    try:
        with transaction.atomic():
            figures_store(survey)
    except Exception:
        logger.warning("survey %s: its figures could not be read from its report", survey.pk, exc_info=True)
        TotalFigures.objects.filter(survey_id=survey.pk).delete()
        return False
    return True


def figures_current(survey: Survey, row: TotalFigures | None) -> bool:
    """Whether ``row`` was read from the survey as it stands (same closing time and group size)."""
    return row is not None and row.closed_at == survey.closed_at and row.k == survey.min_group_size


def figures_missing() -> Any:
    """Closed surveys without figures, or with figures read under another closing time or group size."""
    return Survey.objects.filter(status=SurveyStatus.CLOSED, closed_at__isnull=False).filter(
        Q(total_figures__isnull=True)
        | ~Q(total_figures__closed_at=F("closed_at"))
        | ~Q(total_figures__k=F("min_group_size"))
    )


def figures_fill(surveys: Iterable[int] | None = None) -> int:
    """Store the figures of the closed surveys (by id; all when None) that have none or stale
    ones. Returns how many were stored; a survey whose report cannot be read is logged and left
    without figures (the ranking leaves it out and tries again on its next request)."""
    pending = figures_missing()
    if surveys is not None:
        pending = pending.filter(pk__in=list(surveys))
    return sum(_store_or_forget(survey) for survey in _full(pending.order_by("pk")))


def figures_after_migrate(sender: Any, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """After ``migrate``: closed surveys without stored figures (closed before this version) get
    them. Reports are built by this version's code from the default database only; another
    database gets them when its ranking is first read."""
    if using != DEFAULT_DB_ALIAS:
        return
    try:
        if not figures_missing().exists():
            return
    except DatabaseError:  # not every table there yet (``migrate`` to an earlier migration)
        return
    figures_fill()


def _full(surveys: Any) -> Any:
    return surveys.select_related("organisation", "instrument_version__instrument")
