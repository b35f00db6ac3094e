"""Request and response bodies of the cycles API."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from ninja import Schema
from pydantic import Field, StrictBool, StrictInt

from vereinbar.api.schemas import InSchema, NonBlank
from vereinbar.cycles.models import GoalStatus, MeasureStatus


class ApplyIn(InSchema):
    organisation: NonBlank
    programme: NonBlank
    stage: str | None = None
    message: str = ""
    applied_on: date | None = None
    optional_phases: list[str] = Field(
        default_factory=list,
        description="Keys of the stage's optional phases (format 2) the cycle is to take; see the programme's `stages`.",
    )


class RoleIn(InSchema):
    role: NonBlank = Field(..., description="The key of a role the programme defines (format 2 `roles`).")
    user: NonBlank = Field(..., description="The e-mail address of a person of the cycle's organisation.")
    named: StrictBool = Field(True, description="true: name the person for the role; false: take them off it.")


class RoleOut(Schema):
    key: str
    title: str
    people: list[str] = Field(..., description="E-mail addresses of the people named for the role in this cycle.")


class OptionalPhaseIn(InSchema):
    taken: StrictBool = Field(..., description="true: the cycle goes through the phase; false: it leaves it out.")


class AcceptIn(InSchema):
    auditor: str | None = None  # e-mail address of an auditor of the operator
    started_on: date | None = None


class ReasonIn(InSchema):
    reason: str = ""


class DeclineIn(InSchema):
    reason: NonBlank


class AuditorIn(InSchema):
    auditor: NonBlank


class RenewIn(InSchema):
    started_on: date | None = None


class PhaseSummaryOut(Schema):
    id: int
    key: str
    title: str
    deliverable: str
    actor: str
    role: str | None = Field(
        None, description="A role the programme defines (format 2) that acts here (`actor` is then `contributor`)."
    )
    accepted_by: str
    occurrence: int
    status: str
    requires: list[str]
    opened_on: date | None
    due_on: date | None
    submitted_at: datetime | None
    accepted_at: datetime | None


class CycleOut(Schema):
    id: int
    organisation: str
    programme: str
    version: str
    programme_title: str
    stage: str
    stage_title: str
    status: str
    auditor: str | None
    applied_on: date
    started_on: date | None
    closed_on: date | None
    previous: int | None
    award: str | None
    optional_phases: list[str] = Field(..., description="The optional phases (format 2) the cycle takes.")


class WithheldConditionOut(Schema):
    code: str = Field(..., description="The condition's code, as in the level's reasons (e.g. survey_margin_of_error).")
    criterion: str | None
    values: dict[str, Any] = Field(
        ...,
        description='The figures that fill the sentence: {"figure": "12.5"} a survey figure, {"number": "5"} a '
        'threshold, {"texts": {"de": …}} a title per language, {"scales": [[title, figure], …]}; others as they are.',
    )
    text: str = Field(..., description="The condition as a sentence in the request's language.")


class WithheldLevelOut(Schema):
    level: str
    title: str
    conditions: list[WithheldConditionOut]


class WithheldOut(Schema):
    decided_on: date
    text: str = Field(..., description="Why no award was given, in the request's language.")
    levels: list[WithheldLevelOut]


class CycleDetailOut(CycleOut):
    phases: list[PhaseSummaryOut]
    award_withheld: WithheldOut | None = Field(
        None,
        description="While the cycle waits after an automatic deferral (no level reached where the award "
        "follows by itself): every condition not met, as data and as text.",
    )


class AnswerIn(InSchema):
    criterion: NonBlank
    status: str | None = None
    score: Decimal | None = None
    text: str | None = None
    comment: str = ""


class AnswerOut(Schema):
    criterion: str
    status: str
    score: Decimal | None
    text: str
    comment: str
    accepted: bool | None


class EvidenceOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    criterion: str | None
    description: str
    uploaded_at: datetime
    url: str = Field(description="Where to download the file (an absolute address of this API).")


class NoteIn(InSchema):
    note: str


class WorkshopIn(InSchema):
    held_on: date = Field(..., description="The day it was held: from the cycle's application day to today.")
    title: str = Field("", max_length=200)
    moderator: str = Field("", max_length=200)
    participants_count: StrictInt | None = None
    minutes: str = ""


class OutcomeIn(InSchema):
    text: NonBlank
    action_field: str | None = None


class OutcomeOut(Schema):
    id: int
    text: str
    action_field: str | None
    goal: str | None


class WorkshopOut(Schema):
    id: int
    held_on: date
    title: str
    moderator: str
    participants_count: int | None
    minutes: str
    outcomes: list[OutcomeOut]


class ToGoalIn(InSchema):
    action_field: str | None = None


class GoalMeasureIn(InSchema):
    title: str = Field("", max_length=300)
    measure: StrictInt | None = None  # id of one of the organisation's measures
    owner: str = Field("", max_length=200)
    due_on: date | None = None
    status: MeasureStatus = MeasureStatus.PLANNED


class GoalMeasureOut(Schema):
    code: str
    title: str
    owner: str
    due_on: date | None
    status: str
    measure: int | None


class GoalIn(InSchema):
    action_field: NonBlank
    title: Annotated[NonBlank, Field(max_length=300)]
    success_measure: str = Field("", max_length=300)
    owner: str = Field("", max_length=200)
    due_on: date | None = None
    status: GoalStatus = GoalStatus.OPEN


class GoalOut(Schema):
    code: str
    action_field: str
    title: str
    success_measure: str
    owner: str
    due_on: date | None
    status: str
    measures: list[GoalMeasureOut]


class SignIn(InSchema):
    signer_name: Annotated[NonBlank, Field(max_length=200)]
    signer_function: str = Field("", max_length=200)
    signed_on: date = Field(..., description="The day it was signed: from the cycle's application day to today.")


class AgreementOut(Schema):
    action_fields: list[ActionFieldOut]
    signed_on: date | None
    signer_name: str
    signer_function: str
    accepted_on: date | None
    goals: list[GoalOut]


class ProgressIn(InSchema):
    goal: NonBlank
    status: GoalStatus
    comment: str = ""


class ReportIn(InSchema):
    summary: str = ""
    progress: list[ProgressIn] = []


class ReportOut(Schema):
    summary: str
    progress: list[ProgressIn]


class SignatureOut(Schema):
    signer_name: str
    signer_function: str
    signed_on: date
    scan: str | None
    scan_url: str | None = Field(
        description="Where to download the scan (an absolute address of this API); null without one."
    )


class ItemComment(InSchema):
    item: NonBlank
    text: NonBlank


class ReviewIn(InSchema):
    comment: str = ""
    comments: list[ItemComment] = []
    rejected: list[NonBlank] = []


class ReviewOut(Schema):
    outcome: str
    comment: str
    comments: list[ItemComment]
    reviewer: str | None
    created_at: datetime


class OptionOut(Schema):
    value: str
    label: str
    meets: bool


class CriterionOut(Schema):
    code: str
    title: str
    action_field: str
    kind: str
    required: bool
    evidence_required: bool
    options: list[OptionOut]
    max_score: Decimal | None
    min_length: int | None
    max_length: int | None


class ActionFieldOut(Schema):
    code: str
    title: str


class PhaseOut(PhaseSummaryOut):
    description: str
    note: str
    gate_missing: list[str]
    problems: list[str]
    evidence: list[EvidenceOut]
    reviews: list[ReviewOut]
    criteria: list[CriterionOut] | None = None
    answers: list[AnswerOut] | None = None
    progress: dict[str, int] | None = None
    workshops: list[WorkshopOut] | None = None
    report: ReportOut | None = None
    signature: SignatureOut | None = None


class ReasonOut(Schema):
    code: str
    satisfied: bool
    message: str
    criterion: str | None


class LevelCheckOut(Schema):
    level: str
    title: str
    reached: bool
    reasons: list[ReasonOut]


class LevelOut(Schema):
    level: str | None
    total_score: Decimal
    max_total_score: Decimal
    checks: list[LevelCheckOut]


class DecisionIn(InSchema):
    outcome: str
    level: str | None = None
    comment: str = ""
    board_round: str = ""
    decided_on: date | None = None


class DecisionOut(Schema):
    outcome: str
    level: str | None
    computed_level: str | None
    reasons: list[Any]
    comment: str
    board_round: str
    decided_on: date
    award: str | None
