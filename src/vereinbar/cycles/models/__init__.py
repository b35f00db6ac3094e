"""Models of the cycles app: the cycle and its phase runs, deliverables, reviews and decisions."""

from .cycle import (
    EDITABLE_PHASE_STATUSES,
    RUNNING_STATUSES,
    WORKING_STATUSES,
    Cycle,
    CycleStatus,
    PhaseRun,
    PhaseStatus,
)
from .deliverables import (
    AnnualReport,
    AssessmentAnswer,
    Evidence,
    Goal,
    GoalMeasure,
    GoalProgress,
    GoalStatus,
    MeasureStatus,
    Signature,
    TargetAgreement,
    Workshop,
    WorkshopOutcome,
)
from .review import Decision, DecisionOutcome, Review, ReviewComment, ReviewOutcome

__all__ = [
    "EDITABLE_PHASE_STATUSES",
    "RUNNING_STATUSES",
    "WORKING_STATUSES",
    "AnnualReport",
    "AssessmentAnswer",
    "Cycle",
    "CycleStatus",
    "Decision",
    "DecisionOutcome",
    "Evidence",
    "Goal",
    "GoalMeasure",
    "GoalProgress",
    "GoalStatus",
    "MeasureStatus",
    "PhaseRun",
    "PhaseStatus",
    "Review",
    "ReviewComment",
    "ReviewOutcome",
    "Signature",
    "TargetAgreement",
    "Workshop",
    "WorkshopOutcome",
]
