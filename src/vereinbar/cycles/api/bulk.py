"""Bulk actions of the operator's desk through the API (mounted under /api/v1/cycles/bulk/):
the same services as the cycles list's bulk form (``cycles.services.bulk``). Only an operator
admin, only the cycles of their programmes (403 otherwise, nothing changed); wrong input (an
auditor of another operator, a date not in the future, an empty message) 422, nothing changed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import Field, StrictInt

from vereinbar.accounts.models import User
from vereinbar.api.permissions import permission
from vereinbar.api.schemas import ErrorOut, InSchema, NonBlank
from vereinbar.core.types import AuthedRequest

from ..services.bulk import BULK_LIMIT, BulkOutcome, bulk_assign_auditor, bulk_extend_due, bulk_remind, bulk_scope
from . import router

ERRORS = {403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
Ids = list[StrictInt]


class BulkAuditorIn(InSchema):
    cycles: Ids = Field(min_length=1, max_length=BULK_LIMIT)
    auditor: NonBlank  # the auditor's e-mail address


class BulkReminderIn(InSchema):
    cycles: Ids = Field(min_length=1, max_length=BULK_LIMIT)
    message: NonBlank


class BulkDueIn(InSchema):
    cycles: Ids = Field(min_length=1, max_length=BULK_LIMIT)
    due_on: date


class SkippedOut(Schema):
    id: int
    reason: str


class BulkOut(Schema):
    changed: list[int]
    skipped: list[SkippedOut]


def may_act_in_bulk(request: AuthedRequest, **path: Any) -> None:
    """Permission first (before the body is read): only who operates a programme acts in bulk."""
    if not bulk_scope(actor=request.user).exists():
        raise PermissionDenied(_("Only cycles of the programmes you operate can be changed here."))


def _out(outcome: BulkOutcome) -> dict[str, Any]:
    return {
        "changed": [cycle.pk for cycle in outcome.changed],
        "skipped": [{"id": cycle.pk, "reason": str(reason)} for cycle, reason in outcome.skipped],
    }


@router.post("/bulk/auditor", response={200: BulkOut, **ERRORS}, summary="Assign an auditor to several cycles")
@permission(may_act_in_bulk)
def bulk_auditor(request: AuthedRequest, body: BulkAuditorIn) -> dict[str, Any]:
    auditor = User.objects.filter(email__iexact=body.auditor).first()
    if auditor is None:
        raise ValidationError({"auditor": _("Choose an auditor of the programme's operator.")})
    return _out(bulk_assign_auditor(actor=request.user, ids=body.cycles, auditor=auditor))


@router.post("/bulk/reminder", response={200: BulkOut, **ERRORS}, summary="Remind the employers of several cycles")
@permission(may_act_in_bulk)
def bulk_reminder(request: AuthedRequest, body: BulkReminderIn) -> dict[str, Any]:
    return _out(bulk_remind(actor=request.user, ids=body.cycles, message=body.message))


@router.post("/bulk/due-date", response={200: BulkOut, **ERRORS}, summary="Extend the due date of several cycles")
@permission(may_act_in_bulk)
def bulk_due_date(request: AuthedRequest, body: BulkDueIn) -> dict[str, Any]:
    return _out(bulk_extend_due(actor=request.user, ids=body.cycles, due_on=body.due_on))
