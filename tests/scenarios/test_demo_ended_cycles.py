"""The made-up cycles that ended read as ended cycles do (issue: the completed, withdrawn and
declined ones had no phases, so their pages showed every phase as never started; an audit
closed on the day of its award, though it runs on with its yearly reports; and Landkreis
Leer's units were entered in 2017, after its 2014 survey had asked about them). A completed
cycle has every phase it takes accepted, the last on the day it closed, which for an award
with reports after it is the day the last report was accepted; a withdrawn one has its phases
accepted up to the one it was withdrawn in, nothing after that day; a declined one has none,
and a reason; every survey asks only about units there by then. (The package's demo: see
conftest.py.)"""

from __future__ import annotations

from collections import defaultdict

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from vereinbar.accounts.models import Membership
from vereinbar.accounts.roles import Role
from vereinbar.activity.models import Entry
from vereinbar.cycles.models import Cycle, CycleStatus, PhaseRun, PhaseStatus
from vereinbar.cycles.selectors import award_of
from vereinbar.organisations.models import Unit
from vereinbar.site.demo_culture_index import INDEX
from vereinbar.surveys.models import Survey

pytestmark = pytest.mark.django_db


def ended(status: str) -> list[Cycle]:
    return list(
        Cycle.objects.filter(organisation__is_example=True, status=status)
        .exclude(programme__identifier=INDEX)
        .select_related("stage", "programme")
        .order_by("pk")
    )


def runs_of(cycles: list[Cycle]) -> dict[int, list[PhaseRun]]:
    found: dict[int, list[PhaseRun]] = defaultdict(list)
    for run in PhaseRun.objects.filter(cycle__in=cycles).select_related("phase").order_by("phase__order", "occurrence"):
        found[run.cycle_id].append(run)
    return found


def accepted_on(run: PhaseRun):
    return timezone.localdate(run.accepted_at)


def test_a_completed_cycle_has_every_phase_accepted_the_last_on_the_day_it_closed():
    cycles = ended(CycleStatus.COMPLETED)
    assert len(cycles) >= 100
    runs = runs_of(cycles)
    for cycle in cycles:
        taken = {phase.pk for phase in cycle.stage.phases.filter(optional=False)}
        assert {run.phase_id for run in runs[cycle.pk]} == taken, cycle
        assert all(run.status == PhaseStatus.ACCEPTED for run in runs[cycle.pk]), cycle
        days = [accepted_on(run) for run in runs[cycle.pk]]
        assert max(days) == cycle.closed_on, (cycle, days)
        assert all(cycle.started_on <= run.opened_on <= accepted_on(run) for run in runs[cycle.pk]), cycle


def test_an_award_with_yearly_reports_closes_its_cycle_with_the_last_report():
    """The agreement period with its yearly reports ends the cycle, not the award's day."""
    cycles = [
        cycle
        for cycle in ended(CycleStatus.COMPLETED)
        if cycle.stage.phases.filter(due_anchor="award", optional=False).exists()
    ]
    assert len(cycles) >= 20
    assert any(cycle.programme.identifier.endswith(":audit-berufundfamilie") for cycle in cycles)
    runs = runs_of(cycles)
    for cycle in cycles:
        award = award_of(cycle)
        assert award is not None, cycle
        assert cycle.decisions.filter(outcome="grant", decided_on=award.issued_on).exists(), cycle
        reports = [run for run in runs[cycle.pk] if run.phase.due_anchor == "award"]
        assert reports and all(run.opened_on >= award.issued_on for run in reports), cycle
        assert cycle.closed_on == max(accepted_on(run) for run in reports) > award.issued_on, cycle
        before = [run for run in runs[cycle.pk] if run not in reports]
        assert all(accepted_on(run) <= award.issued_on for run in before), cycle
    audits = [c for c in cycles if c.programme.identifier.endswith(":audit-berufundfamilie")]
    # two yearly reports: the cycle runs on well over a year after its award
    assert all((c.closed_on - award_of(c).issued_on).days > 365 for c in audits)


def test_a_withdrawn_cycle_stops_at_the_phase_it_was_withdrawn_in():
    cycles = [cycle for cycle in ended(CycleStatus.WITHDRAWN) if cycle.started_on]
    assert len(cycles) >= 20
    runs = runs_of(cycles)
    came_far = 0
    for cycle in cycles:
        statuses = [run.status for run in runs[cycle.pk] if not run.phase.optional]
        assert PhaseStatus.OPEN in statuses, cycle
        accepted = [run for run in runs[cycle.pk] if run.status == PhaseStatus.ACCEPTED]
        assert all(accepted_on(run) <= cycle.closed_on for run in accepted), cycle
        assert all(run.opened_on is None or run.opened_on <= cycle.closed_on for run in runs[cycle.pk]), cycle
        assert not any(run.phase.due_anchor == "award" and run.opened_on for run in runs[cycle.pk]), cycle
        came_far += bool(accepted)
        # accepted up to the phase it was withdrawn in; nothing after it handed in
        current = statuses.index(PhaseStatus.OPEN)
        assert set(statuses[:current]) <= {PhaseStatus.ACCEPTED}, (cycle, statuses)
        assert set(statuses[current:]) <= {PhaseStatus.OPEN, PhaseStatus.LOCKED}, (cycle, statuses)
    assert came_far >= len(cycles) // 3


def test_a_declined_registration_has_no_phases_and_says_why():
    cycles = ended(CycleStatus.DECLINED)
    assert len(cycles) >= 10
    assert not PhaseRun.objects.filter(cycle__in=cycles).exists()
    assert all(cycle.status_reason.strip() for cycle in cycles)
    entries = Entry.objects.filter(
        target_type=ContentType.objects.get_for_model(Cycle),
        target_id__in=[str(cycle.pk) for cycle in cycles],
        verb="cycle.declined",
    )
    assert all(entry.comment.strip() for entry in entries) and entries.count() == len(cycles)


def test_every_survey_asks_only_about_units_there_by_then():
    created = {
        int(pk): timezone.localdate(moment)
        for pk, moment in Entry.objects.filter(
            target_type=ContentType.objects.get_for_model(Unit), verb="unit.created"
        ).values_list("target_id", "created_at")
    }
    units: dict[tuple[int, str], list[int]] = defaultdict(list)
    for pk, organisation_id, name in Unit.objects.values_list("pk", "organisation_id", "name"):
        units[organisation_id, name].append(pk)
    checked = 0
    for survey in Survey.objects.prefetch_related("units").select_related("organisation"):
        asked_on = survey.opens_on or timezone.localdate(survey.created_at)
        for unit in survey.units.all():
            days = [created[pk] for pk in units[survey.organisation_id, unit.name] if pk in created]
            assert days and min(days) <= asked_on, (survey.organisation.slug, survey.title, unit.name, days)
            checked += 1
    assert checked >= 100
    leer = Survey.objects.get(organisation__slug="landkreis-leer", title__contains="2014")
    assert {unit.name for unit in leer.units.all()} >= {"Abfallwirtschaftsbetrieb", "Seniorenpflegeheim"}


@pytest.mark.parametrize(
    ("language", "locked", "accepted"),
    [("de", "Noch nicht geöffnet", "Angenommen"), ("nl", "Nog niet open", "Geaccepteerd")],
)
def test_the_operator_reads_a_completed_audit_as_done(client, language, locked, accepted):
    """Its phases are done (none "not yet open"), and it was awarded long before it closed."""
    cycle = next(c for c in ended(CycleStatus.COMPLETED) if c.programme.identifier.endswith(":audit-berufundfamilie"))
    operator = Membership.objects.filter(organisation=cycle.programme.operator, role=Role.OPERATOR_ADMIN).first()
    client.force_login(operator.user)
    page = client.get(f"/{language}/operator/cycles/{cycle.pk}/").content.decode()
    assert locked not in page and accepted in page
    issued = award_of(cycle).issued_on
    assert issued.year < cycle.closed_on.year and str(issued.year) in page and str(cycle.closed_on.year) in page
