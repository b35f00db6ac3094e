"""Certificates' part of an organisation's workspace home (``organisations.workspace_home``),
registered in ``CertificatesConfig.ready()``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, cast

from .selectors import award_notices, awards_in_force

if TYPE_CHECKING:
    from vereinbar.accounts.models import User
    from vereinbar.cycles.selectors import Standing
    from vereinbar.organisations.models import Organisation


def workspace_home_part(user: User, organisation: Organisation, before: Mapping[str, object]) -> dict[str, object]:
    """The awards in force; the cards of cycles' part (``standings``) show their cycle's award,
    the others are listed below them. Above all: the awards revoked, lapsed or expiring soon,
    with what to do now (``award_notices``)."""
    awards = list(awards_in_force(organisation=organisation))
    standings = cast("list[Standing]", before.get("standings", []))
    in_standings = {standing.cycle.pk for standing in standings}
    return {
        "awards": awards,
        "other_awards": [award for award in awards if award.cycle_id not in in_standings],
        "award_notices": award_notices(user=user, organisation=organisation),
    }
