"""Cycles' parts of the homes of organisations (``organisations.operator_home``,
``organisations.workspace_home``), registered in ``CyclesConfig.ready()``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from .desk import desk_cycles, desk_of
from .selectors import standings_of, waiting_for_operator

if TYPE_CHECKING:
    from vereinbar.accounts.models import User
    from vereinbar.organisations.models import Organisation


def operator_home_part(user: User) -> dict[str, object]:
    """What waits for the reader and, when cycles are on their desk, the desk."""
    context: dict[str, object] = {"waiting": waiting_for_operator(user=user)}
    if desk_cycles(user=user).exists():
        context["desk"] = desk_of(user=user)
    return context


def workspace_home_part(user: User, organisation: Organisation, before: Mapping[str, object]) -> dict[str, object]:
    """The employer's current cycles, each with its phases in progress."""
    return {"standings": standings_of(user=user, organisation=organisation)}
