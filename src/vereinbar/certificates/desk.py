"""Reads for the operator's list of awards (/<lang>/operator/cycles/awards/): the awards of the
programmes on the reader's desk, filtered, sorted and paged in the database with a fixed number
of queries, as the lists of cycles (``cycles.desk``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext

from vereinbar.accounts.models import Membership, User
from vereinbar.accounts.roles import Role
from vereinbar.cycles.desk import HEAVY, FilterChoices, labelled, names_by_pk, version_titles
from vereinbar.cycles.models import Cycle, CycleStatus
from vereinbar.programmes.keys import programme_from_param, programme_keys
from vereinbar.programmes.models import Level, Programme, Stage

from .models import Award, AwardStatus

AWARD_SORTS: dict[str, tuple[Any, ...]] = {
    "expiry": (F("valid_until").asc(nulls_last=True), "organisation__name", "pk"),
    "organisation": ("organisation__name", "pk"),
    "-issued": ("-issued_on", "-pk"),
}


@dataclass(frozen=True)
class AwardQuery:
    q: str = ""
    programme: str = ""
    stage: str = ""
    status: str = ""
    region: str = ""
    expires_from: date | None = None
    expires_to: date | None = None
    renewal: str = ""  # "none": no renewal applied for or running; "running": one is
    organisation: str = ""  # one employer's slug
    sort: str = "expiry"


def desk_awards(*, user: User) -> QuerySet[Award]:
    """The awards of the programmes the reader runs as operator admin or board member, and of
    the cycles assigned to them as auditor (platform admins: every award)."""
    if not (getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)):
        return Award.objects.none()
    if user.is_superuser:
        return Award.objects.all()
    memberships = Membership.objects.filter(user=user)
    runs = memberships.filter(role__in=[Role.OPERATOR_ADMIN, Role.BOARD_MEMBER]).values("organisation_id")
    audits = memberships.filter(role=Role.AUDITOR).values("organisation_id")
    return Award.objects.filter(
        Q(programme__operator_id__in=runs) | Q(cycle__auditor=user, programme__operator_id__in=audits)
    )


def renewals() -> QuerySet[Cycle]:
    """For an award (``OuterRef``): the cycles that renew it, i.e. the employer's other cycles
    in the award's programme applied for since it was issued and not closed, the latest first
    (in the award's programme, so on the desk of whoever sees the award)."""
    return (
        # "+ 0": looked up by the employer (a handful of cycles each), not by the programme,
        # which SQLite would otherwise pick and read hundreds of cycles per award.
        Cycle.objects.annotate(programme_key=F("programme_id") + 0)
        .filter(
            organisation=OuterRef("organisation"),
            programme_key=OuterRef("programme"),
            status__in=[CycleStatus.APPLIED, CycleStatus.OPEN],
            applied_on__gte=OuterRef("issued_on"),
        )
        .exclude(pk=Coalesce(OuterRef("cycle_id"), 0))  # not the award's own cycle (0: it has none)
        .order_by("-applied_on", "-pk")
    )


def award_list(*, user: User, query: AwardQuery) -> QuerySet[Award]:
    """The reader's awards matching ``query``, sorted, with organisation, programme, stage and
    level, and the cycle renewing each (``renewal_id``, ``renewal_status``; None: none yet):
    one query for any page size."""
    renewal = renewals()
    awards = desk_awards(user=user).annotate(
        renewal_id=Subquery(renewal.values("pk")[:1]), renewal_status=Subquery(renewal.values("status")[:1])
    )
    if query.q:
        awards = awards.filter(
            Q(organisation__name__icontains=query.q)
            | Q(organisation__city__icontains=query.q)
            | Q(number__icontains=query.q)
        )
    if query.organisation:
        awards = awards.filter(organisation__slug=query.organisation)
    if query.programme:  # its key in addresses, or its whole identifier (``programme_keys``)
        awards = awards.filter(programme__identifier=programme_from_param(query.programme)[0])
    if query.stage:
        awards = awards.filter(stage__key=query.stage)
    if query.status:
        awards = awards.filter(status=query.status)
    if query.region:
        awards = awards.filter(organisation__region=query.region)
    if query.expires_from:
        awards = awards.filter(valid_until__gte=query.expires_from)
    if query.expires_to:
        awards = awards.filter(valid_until__lte=query.expires_to)
    if query.renewal == "none":
        awards = awards.filter(renewal_id__isnull=True)
    elif query.renewal == "running":
        awards = awards.filter(renewal_id__isnull=False)
    return (
        awards.select_related("organisation", "programme", "version", "stage", "level", "cycle")
        .defer(*HEAVY)
        .order_by(*AWARD_SORTS.get(query.sort, AWARD_SORTS["expiry"]))
    )


def award_filter_choices(*, user: User) -> FilterChoices:
    """As ``filter_choices``, for the programmes and employers of the reader's awards."""
    awards = desk_awards(user=user)
    programmes = (
        Programme.objects.filter(pk__in=awards.values("programme_id"))
        .select_related("current_version")
        .defer(*(f"current_{field}" for field in HEAVY if field.startswith("version__")))
        .order_by("identifier")
    )
    versions = [programme.current_version_id for programme in programmes if programme.current_version_id]
    keys = programme_keys()
    regions = (
        awards.exclude(organisation__region="")
        .order_by("organisation__region")
        .values_list("organisation__region", flat=True)
        .distinct()
    )
    return FilterChoices(
        programmes=[(keys.get(p.identifier, p.identifier), str(p)) for p in programmes],
        stages=labelled(Stage.objects.filter(version_id__in=versions, gives_award=True).order_by("order")),
        phases=[],
        auditors=[],
        regions=[(region, region) for region in regions],
    )


def award_export_rows(*, user: User, query: AwardQuery) -> list[list[Any]]:
    """Every award ``award_list`` finds, as export rows (number, organisation, region,
    programme, stage, level, issued on, valid until, status, renewal). Plain values, no model
    instances (six per award otherwise): four queries for any number of awards."""
    rows = list(
        award_list(user=user, query=query).values_list(  # type: ignore[misc]  # renewal_status: annotated
            "number",
            "organisation__name",
            "organisation__region",
            "version_id",
            "stage_id",
            "level_id",
            "issued_on",
            "valid_until",
            "status",
            "renewal_status",
        )
    )
    versions = version_titles(row[3] for row in rows)
    stages = names_by_pk(Stage, (row[4] for row in rows))
    levels = names_by_pk(Level, (row[5] for row in rows))
    status = {value: str(label) for value, label in AwardStatus.choices}  # translated once, not per row
    cycle_status = {value: str(label) for value, label in CycleStatus.choices}
    none_yet = gettext("none yet")
    return [
        [
            number,
            name,
            region,
            versions.get(version_id, ""),
            stages.get(stage_id, ""),
            levels.get(level_id, "") if level_id else "",
            issued_on,
            valid_until,
            status.get(state, state),
            _renewal(state, renewal, cycle_status, none_yet),
        ]
        for number, name, region, version_id, stage_id, level_id, issued_on, valid_until, state, renewal in rows
    ]


def _renewal(state: str, renewal: str | None, cycle_status: dict[str, str], none_yet: str) -> str:
    """The renewal column as the page reads it: the renewal cycle's status, "none yet" for an
    award in force without one (the operator's cue to chase it), else nothing."""
    if renewal:
        return cycle_status.get(renewal, "")
    return none_yet if state == AwardStatus.VALID else ""


def awards_expiring_count(user: User, first: date, last: date) -> int:
    """How many valid awards on the reader's desk expire between ``first`` and ``last`` (the
    operator home's desk, ``cycles.award_hooks.awards_expiring_count``)."""
    return (
        desk_awards(user=user).filter(status=AwardStatus.VALID, valid_until__gte=first, valid_until__lte=last).count()
    )
