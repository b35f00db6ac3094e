"""What the apps above cycles add to a cycle, without cycles importing them (docs/architecture.md,
"Events that go up"). Surveys, above cycles in the layers (a survey points at its cycle and its
phase run), registers from its ``AppConfig.ready()``:

- a deliverable made in another app (``deliverable_register``): the staff survey of a phase
  whose deliverable is ``survey``. Cycles asks it what keeps the phase from being complete,
  what already delivered the phase when it opens (the survey closed while it was locked), and
  what the phase page shows of it;
- the figures a level rule's survey conditions read (``survey_figures_register``).

The report of the cycle's staff survey is a page of surveys under the cycle's URL names
(``survey_report``, ``survey_pdf``): ``site`` composes it into the cycle pages' namespaces.

A hook is a plain call: it runs at once, in the caller's transaction, and its errors reach the
caller as a direct call's would. A hook cycles needs and nobody registered is a configuration
error (``ImproperlyConfigured``), not a silent nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from vereinbar.core.hooks import Hook

if TYPE_CHECKING:
    from vereinbar.accounts.models import User
    from vereinbar.programmes.levels import SurveyFigures

    from .models import Cycle, PhaseRun

DeliverableProblems = Callable[["PhaseRun"], list[str]]
Delivered = Callable[["PhaseRun"], "dict[str, object] | None"]
PhasePanel = Callable[["User", str, "PhaseRun"], dict[str, Any]]
CycleSurveyFigures = Callable[["Cycle"], "dict[str, SurveyFigures | None]"]


@dataclass(frozen=True)
class MadeElsewhere:
    """A phase deliverable that another app makes (``workflow.COMPLETED_ELSEWHERE``)."""

    # What keeps the run from being complete (empty: nothing); ``services.content.deliverable_problems``.
    problems: DeliverableProblems
    # What delivered the run already, as its history entry records it (``{"survey": 12}``), or
    # None; asked when the run opens (``services.elsewhere.phase_follow_on_opening``).
    delivered: Delivered
    # The phase page's variables for the run: (reader, area, run), after the permission check.
    panel: PhasePanel


DELIVERABLES: Hook[MadeElsewhere] = Hook("the maker of a phase deliverable")
SURVEY_FIGURES: Hook[CycleSurveyFigures] = Hook("the survey figures of a cycle")


def deliverable_register(kind: str, made: MadeElsewhere) -> None:
    """Register the app that makes the deliverable ``kind`` (a ``DeliverableKind``)."""
    DELIVERABLES.register(made, key=kind)


def deliverable_of(kind: str) -> MadeElsewhere:
    """The registered maker of the deliverable ``kind``."""
    return DELIVERABLES.get(kind)


def survey_figures_register(figures: CycleSurveyFigures) -> None:
    """Register ``figures(cycle)``: for each survey the cycle's level rules read (by the
    condition's ``instrument``, "" for the cycle's survey phase), its figures, None while it
    has no closed survey."""
    SURVEY_FIGURES.register(figures, key="figures")


def cycle_survey_figures(cycle: Cycle) -> dict[str, SurveyFigures | None]:
    """The survey figures the cycle's level rules read (``selectors.cycle_level``)."""
    return SURVEY_FIGURES.one()(cycle)
