"""The reports kept after a survey's raw data is deleted (retention, docs/privacy.md), as the
report module reads them: ``stored_report``, consulted before any response is read
(``report.build.report_build``, ``report.waves``). The privacy app keeps those reports and
deletes the raw data (``privacy.retention``); above surveys in the layers
(docs/architecture.md), it registers its reader from its ``AppConfig.ready()``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from vereinbar.core.hooks import Hook

if TYPE_CHECKING:
    from .models import Survey
    from .report import Report

StoredReportLookup = Callable[..., "Report | None"]

STORED_REPORTS: Hook[StoredReportLookup] = Hook("the reports kept after retention")


def stored_report_register(lookup: StoredReportLookup) -> None:
    """Register ``lookup(survey=, language=, peers=)``: the report kept for that view of the
    survey when its raw data was deleted, or None while the raw data exists."""
    STORED_REPORTS.register(lookup)


def stored_report(*, survey: Survey, language: str, peers: str) -> Report | None:
    """The report kept when the survey's raw data was deleted, or None while raw data exists."""
    for lookup in STORED_REPORTS:
        found = lookup(survey=survey, language=language, peers=peers)
        if found is not None:
            return found
    return None
