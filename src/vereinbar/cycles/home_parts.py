"""Cycles' parts of the homes of organisations (``organisations.operator_home``,
``organisations.workspace_home``), registered in ``CyclesConfig.ready()``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from vereinbar.accounts.models import Membership
from vereinbar.accounts.roles import Role
from vereinbar.programmes.models import Programme

from .desk import Desk, desk_cycles, desk_of
from .selectors import WAITING_SHOWN, Urgency, Waiting, standings_of, waiting_for_operator, waiting_order

if TYPE_CHECKING:
    from vereinbar.accounts.models import User
    from vereinbar.organisations.models import Organisation


def operator_home_part(user: User) -> dict[str, object]:
    """What waits for the reader and, when cycles are on their desk, the desk (with only the
    parts their role acts on: ``desk_for_reader``)."""
    context: dict[str, object] = {"waiting": waiting_for_operator(user=user, limit=WAITING_SHOWN)}
    if desk_cycles(user=user).exists():
        context["desk"] = desk_for_reader(desk_of(user=user), user=user)
    return context


@dataclass(frozen=True)
class RegistrationWaiting:
    """A self-registered employer waiting for the operator's approval (it cannot apply before):
    like an application, someone waits on the reader (``Urgency.OTHERS_WAIT``), with no due
    date, the longest waiting first."""

    organisation: Organisation
    since: date
    kind: str = "registration"
    overdue: bool = False
    due_on: date | None = None


class HomeWaiting(list[Any]):
    """The home's "waiting for you": the first few of the cycles waiting and the registrations
    to review, in one order; ``total``: how many wait in all, ``registrations``: of them."""

    def __init__(self, items: Iterable[Any], *, total: int, registrations: int) -> None:
        super().__init__(items)
        self.total = total
        self.registrations = registrations


def _order(item: Waiting | RegistrationWaiting) -> tuple[Any, ...]:
    if isinstance(item, RegistrationWaiting):
        return (Urgency.OTHERS_WAIT, date.max, item.since, 1, item.organisation.pk)
    urgency, due, since, cycle_id = waiting_order(item)
    return (urgency, due, since, 0, cycle_id)


def waiting_with_registrations(waiting: Sequence[Waiting], registrations: Sequence[Organisation]) -> HomeWaiting:
    """The cycles waiting for the reader (``waiting_for_operator``, perhaps only its first
    ``WAITING_SHOWN``) and the registrations waiting for their review, by the one rule of
    ``Urgency`` (a registration ranks as an application does), the first ``WAITING_SHOWN``.
    No query: both are read already (the first ``WAITING_SHOWN`` of each are enough)."""
    total = int(getattr(waiting, "total", len(waiting))) + len(registrations)
    pending = [
        RegistrationWaiting(organisation=organisation, since=timezone.localdate(organisation.registered_at))
        for organisation in registrations[:WAITING_SHOWN]
        if organisation.registered_at is not None
    ]
    items: list[Waiting | RegistrationWaiting] = [*waiting, *pending]
    items = sorted(items, key=_order)[:WAITING_SHOWN]
    return HomeWaiting(items, total=total, registrations=len(registrations))


def programmes_run_by(user: User) -> set[str] | None:
    """Identifiers of the programmes whose operator the reader administers: there they accept
    applications and assign auditors (``Party.OPERATOR``). None: every programme (platform admin)."""
    if user.is_superuser:
        return None
    return set(
        Programme.objects.filter(
            operator__memberships__user=user, operator__memberships__role=Role.OPERATOR_ADMIN
        ).values_list("identifier", flat=True)
    )


def watches_awards(user: User) -> bool:
    """Whether the reader is an operator admin or board member somewhere: they follow the
    awards in force (the admin renews or revokes, the board oversees). An auditor only audits
    the cycles they are named for; the renewal is the employer's application, accepted by the
    operator, who then names its auditor."""
    return Membership.objects.filter(user=user, role__in=[Role.OPERATOR_ADMIN, Role.BOARD_MEMBER]).exists()


def desk_for_reader(desk: Desk, *, user: User) -> Desk:
    """The desk without what the reader cannot act on: applications are theirs to accept only in
    programmes they run as operator admin (elsewhere they are counted as waiting for the
    operator: every count stays the number of the list its link opens), and the auditors'
    workload (whom to assign next) is for operator admins. Auditors and board members keep their cycles by phase; the awards
    expiring are for operator admins and board members (``watches_awards``), not for those
    who only audit. What waits for each of them is listed above the desk."""
    runs = programmes_run_by(user)
    if runs is None:
        return desk
    programmes = [
        programme if programme.identifier in runs else replace(programme, accepts=False)
        for programme in desk.programmes
    ]
    return replace(
        desk,
        programmes=[
            programme for programme in programmes if programme.applied or programme.running or programme.awarded
        ],
        workload=desk.workload if runs else [],
        expiring=desk.expiring if runs or watches_awards(user) else [],
    )


def workspace_home_part(user: User, organisation: Organisation, before: Mapping[str, object]) -> dict[str, object]:
    """The employer's current cycles, each with its phases in progress."""
    return {"standings": standings_of(user=user, organisation=organisation)}
