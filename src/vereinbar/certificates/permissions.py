"""Who may see and manage an award: the parties to the cycle that granted it (see
cycles/permissions.py). Anyone may verify an award by its code (only public facts)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from vereinbar.accounts.models import Membership
from vereinbar.accounts.roles import Role
from vereinbar.core.types import Visitor
from vereinbar.cycles.permissions import CYCLE_RULES, OPERATOR_PARTIES, CycleAction, cycles_visible_to, parties_of
from vereinbar.cycles.workflow import Party

from .models import Award, AwardQuerySet


def award_parties(user: Visitor, award: Award) -> frozenset[Party]:
    if award.cycle is not None:
        return parties_of(user, award.cycle)
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return frozenset({Party.OPERATOR, Party.BOARD})
    roles = Membership.objects.filter(
        user=user, organisation_id__in=[award.organisation_id, award.programme.operator_id]
    ).values_list("organisation_id", "role")
    parties: set[Party] = set()
    for organisation_id, role in roles:
        if organisation_id == award.organisation_id and role in (Role.COORDINATOR, Role.CONTRIBUTOR, Role.VIEWER):
            parties.add(Party(role))
        elif role == Role.OPERATOR_ADMIN:
            parties.add(Party.OPERATOR)
        elif role == Role.BOARD_MEMBER:
            parties.add(Party.BOARD)
    return frozenset(parties)


def may_download_certificate(user: Visitor, award: Award) -> bool:
    """Whether the workspace's certificate download (``views_cycle.certificate_pdf``, which
    finds the cycle by ``cycles.views.common.cycle_get``) serves the reader this award's PDF:
    the award came from a cycle and the reader is on the employer's side of it. An award
    recorded without a cycle has no certificate to download."""
    return award.cycle is not None and bool(parties_of(user, award.cycle) - OPERATOR_PARTIES)


def awards_visible_to(user: Visitor) -> AwardQuerySet:
    if not user.is_authenticated or not user.is_active:
        return Award.objects.none()
    if user.is_superuser:
        return Award.objects.all()
    return Award.objects.filter(cycle__in=cycles_visible_to(user))


def award_for_user(user: Visitor, number: str, action: CycleAction = CycleAction.VIEW) -> Award:
    """404 for awards the user is no party to, 403 when their parties may not do ``action``."""
    try:
        award = Award.objects.select_related(
            "organisation", "programme", "programme__operator", "version", "stage", "level", "cycle"
        ).get(number=number)
    except Award.DoesNotExist:
        raise Http404 from None
    parties = award_parties(user, award)
    if not parties:
        raise Http404
    if not parties & CYCLE_RULES[action]:
        raise PermissionDenied
    return award
