"""The signed-in person's own recent actions, across the organisations they can still see.

An auditor's accepts, returns and remarks are filed under each employer (the entry's
organisation), not under the operator they belong to, so no organisation's history shows them
together. This page gathers what the person did in the organisations they belong to (the roles
that may read an organisation's history, ``organisations.permissions``) and in the employers of
the cycles they are a party to (``cycles_visible_to``): someone removed from an organisation, or
whose cycles went to another auditor, no longer sees what they did there."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from vereinbar.accounts.models import Membership
from vereinbar.accounts.roles import EMPLOYER_ROLES
from vereinbar.activity.display import Line, addressed_to_actor, lines_for
from vereinbar.activity.models import Entry
from vereinbar.activity.selectors import entries_for_user
from vereinbar.core.types import Visitor
from vereinbar.organisations.models import Organisation
from vereinbar.organisations.permissions import RULES, Action

from .links import cycle_reverse
from .models import Cycle, Goal, PhaseRun, TargetAgreement
from .permissions import cycles_visible_to

PAGE_SIZE = 50


def own_entries(*, user: Visitor) -> QuerySet[Entry]:
    """What the user did in the organisations they can still see, newest first."""
    if not (user.is_authenticated and user.is_active):
        return Entry.objects.none()
    entries = entries_for_user(user=user).exclude(organisation=None)
    if not user.is_superuser:
        member_of = Membership.objects.filter(user=user, role__in=RULES[Action.VIEW_HISTORY]).values("organisation_id")
        party_to = cycles_visible_to(user).values("organisation_id")
        entries = entries.filter(Q(organisation_id__in=member_of) | Q(organisation_id__in=party_to))
    return entries.select_related("actor", "organisation").order_by("-created_at", "-id")


def own_organisations(entries: QuerySet[Entry]) -> list[Organisation]:
    """The organisations ``entries`` are filed under, by name (the page's filter)."""
    return list(Organisation.objects.filter(pk__in=entries.values("organisation_id")).order_by("name"))


@dataclass
class OwnAction:
    """One of the person's actions: the history's sentence, where it was, and where to look at it."""

    line: Line
    organisation: Organisation
    url: str = ""


@dataclass
class Day:
    day: date
    actions: list[OwnAction] = field(default_factory=list)


def _cycle_id(target: Any) -> int | None:
    if isinstance(target, Cycle):
        return target.pk
    if isinstance(target, Goal):
        return target.agreement.cycle_id
    return getattr(target, "cycle_id", None)  # a phase, the target agreement, an award…


def _url(target: Any, cycle: Cycle, area: str) -> str:
    if isinstance(target, PhaseRun):
        return cycle_reverse(area, cycle, "phase", target.pk)
    if isinstance(target, TargetAgreement | Goal):
        return cycle_reverse(area, cycle, "agreement")
    return cycle_reverse(area, cycle, "detail")


def own_actions(*, user: Visitor, entries: Iterable[Entry]) -> list[Day]:
    """``entries`` (the user's, from ``own_entries``) as sentences grouped by day, each linked to
    its cycle, phase or target agreement while the user may still open it: in the workspace
    where they belong to the employer, else in the operator area; said to the user ("You
    submitted …"), not with their name on every line. A few queries for the page."""
    lines = [addressed_to_actor(line) for line in lines_for(entries)]
    wanted = {cycle_id for line in lines if (cycle_id := _cycle_id(line.target)) is not None}
    cycles = {
        cycle.pk: cycle
        for cycle in cycles_visible_to(user)
        .filter(pk__in=wanted)
        .select_related("organisation")
        .only("pk", "organisation__slug")
    }
    employer_side = set(
        Membership.objects.filter(user_id=user.pk or 0, role__in=EMPLOYER_ROLES).values_list(
            "organisation_id", flat=True
        )
    )
    days: list[Day] = []
    for line in lines:
        organisation = line.entry.organisation
        assert organisation is not None  # own_entries leaves out entries without one
        cycle_id = _cycle_id(line.target)
        cycle = cycles.get(cycle_id) if cycle_id is not None else None
        area = "workspace" if organisation.pk in employer_side else "operator"
        url = _url(line.target, cycle, area) if cycle is not None else ""
        day = timezone.localdate(line.when)
        if not days or days[-1].day != day:
            days.append(Day(day))
        days[-1].actions.append(OwnAction(line, organisation, url))
    return days
