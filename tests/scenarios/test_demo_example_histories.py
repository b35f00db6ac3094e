"""The made-up cycles of the example employers read like real ones (issue: they had no history,
so an operator opening a cycle that ran two years read "no activity yet"; none was awarded
with its annual reports under way; a cycle in progress had runs only up to its current phase;
surveys asked about units their organisation does not have): each has the history the cycle
services would have written, in an order the workflow allows and at the days the cycle
shows; some audit cycles are awarded with their annual reports due; a cycle in progress has
a run of every phase it takes. (The package's demo: see conftest.py.)"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from vereinbar.accounts.models import Membership
from vereinbar.accounts.roles import Role
from vereinbar.activity.models import Entry
from vereinbar.certificates.models import AwardStatus
from vereinbar.cycles.models import Cycle, CycleStatus, PhaseRun, PhaseStatus
from vereinbar.cycles.selectors import award_of
from vereinbar.organisations.models import Unit
from vereinbar.site.demo_culture_index import INDEX
from vereinbar.surveys.models import Survey

pytestmark = pytest.mark.django_db

# What a cycle's status entries may say, in order: the workflow's way from applying to its end.
CYCLE_VERBS = {
    "cycle.applied": (None, "applied"),
    "cycle.accepted": ("applied", "open"),
    "cycle.renewed": (None, "open"),  # a renewal opens at once
    "cycle.declined": ("applied", "declined"),
    "cycle.granted": ("open", "awarded"),
    "cycle.completed": (None, "completed"),  # from open (no award) or awarded
    "cycle.withdrawn": (None, "withdrawn"),  # from applied or open
}


def made_up_cycles():
    return Cycle.objects.filter(organisation__is_example=True).exclude(programme__identifier=INDEX)


def histories(cycles: list[Cycle]) -> tuple[dict[int, list[Entry]], dict[int, list[Entry]]]:
    """The entries about each cycle and each of their runs, oldest first."""
    cycle_type = ContentType.objects.get_for_model(Cycle)
    run_type = ContentType.objects.get_for_model(PhaseRun)
    by_cycle: dict[int, list[Entry]] = defaultdict(list)
    by_run: dict[int, list[Entry]] = defaultdict(list)
    for entry in Entry.objects.filter(target_type__in=[cycle_type, run_type]).order_by("created_at", "pk"):
        (by_cycle if entry.target_type_id == cycle_type.pk else by_run)[int(entry.target_id)].append(entry)
    return by_cycle, by_run


def test_every_made_up_cycle_has_the_history_its_status_tells():
    cycles = list(made_up_cycles().select_related("stage"))
    assert len(cycles) >= 500
    by_cycle, _runs = histories(cycles)
    now = timezone.now()
    for cycle in cycles:
        entries = [entry for entry in by_cycle[cycle.pk] if entry.verb in CYCLE_VERBS]
        verbs = [entry.verb for entry in entries]
        assert verbs and verbs[0] == ("cycle.renewed" if cycle.previous_id else "cycle.applied"), (cycle, verbs)
        status = None
        for entry in entries:
            source, target = CYCLE_VERBS[entry.verb]
            assert source in (None, status) and (entry.before or {}).get("status") == status, (cycle, verbs)
            assert entry.after["status"] == target and entry.created_at <= now, (cycle, verbs)
            status = target
        assert status == cycle.status, (cycle, verbs)
        assert timezone.localdate(entries[0].created_at) == cycle.applied_on
        if cycle.started_on:
            opened = next(entry for entry in entries if entry.verb in ("cycle.accepted", "cycle.renewed"))
            assert timezone.localdate(opened.created_at) == cycle.started_on
            role = Role.COORDINATOR if opened.verb == "cycle.renewed" else Role.OPERATOR_ADMIN
            assert opened.actor is not None and opened.actor.memberships.filter(role=role).exists()
            if opened.verb == "cycle.accepted" and cycle.auditor_id:  # the acceptance names the auditor
                assert opened.after["auditor"] == cycle.auditor.email, cycle
        if cycle.closed_on:
            assert timezone.localdate(entries[-1].created_at) == cycle.closed_on, (cycle, verbs)
        award = award_of(cycle)
        assert ("cycle.granted" in verbs) == (award is not None and cycle.status != "withdrawn"), (cycle, verbs)


# Who hands in a phase, by the party its programme names as its actor: the employer's phases
# by its coordinator, the others by the operator's people in that role (an auditor's: the cycle's).
ACTING_ROLES = {
    "coordinator": Role.COORDINATOR,
    "contributor": Role.COORDINATOR,
    "auditor": Role.AUDITOR,
    "board": Role.BOARD_MEMBER,
    "operator": Role.OPERATOR_ADMIN,
}


def test_every_run_opened_and_moved_on_as_its_history_says():
    runs = list(
        PhaseRun.objects.filter(cycle__in=made_up_cycles()).select_related("phase", "cycle__programme").order_by("pk")
    )
    _cycles, by_run = histories([])
    holders = set(Membership.objects.values_list("organisation_id", "role", "user_id"))
    counted = 0
    by_actor: dict[str, int] = defaultdict(int)
    for run in runs:
        entries = by_run[run.pk]
        if run.status == PhaseStatus.LOCKED:
            assert entries == [], run
            continue
        assert entries and entries[0].verb == "phase.opened", (run, [e.verb for e in entries])
        assert timezone.localdate(entries[0].created_at) == run.opened_on
        status = "locked"
        for entry in entries:
            assert (entry.before or {}).get("status") == status, (run, [e.verb for e in entries])
            status = entry.after["status"]
        if run.phase.deliverable != "decision":  # a decision is recorded on the cycle
            assert status == run.status, (run, [e.verb for e in entries])
        handed_in = [e for e in entries if e.verb in ("phase.submitted", "phase.completed")]
        if handed_in:
            assert timezone.localdate(handed_in[0].created_at) == timezone.localdate(run.submitted_at)
            actor, cycle, party = handed_in[0].actor_id, run.cycle, run.phase.actor
            assert actor == run.submitted_by_id, run
            if party == "auditor" and cycle.auditor_id:
                assert actor == cycle.auditor_id, (run, party)  # the cycle's auditor, not the coordinator
            else:
                employer = ACTING_ROLES[party] == Role.COORDINATOR
                organisation = cycle.organisation_id if employer else cycle.programme.operator_id
                assert (organisation, ACTING_ROLES[party], actor) in holders, (run, party)
            counted += 1
            by_actor[party] += 1
        if run.status == PhaseStatus.ACCEPTED and run.phase.accepted_by:
            assert entries[-1].verb == "phase.accepted" and entries[-1].created_at == run.accepted_at
    assert counted >= 300
    assert by_actor["auditor"] >= 20, by_actor  # the auditors' workshops and reviews are theirs


def test_a_phase_opens_when_the_one_it_waits_for_is_accepted():
    """In a cycle in progress, each phase after the first opened the day the one before it was
    accepted (its gate), and its history says so in that order."""
    runs = (
        PhaseRun.objects.filter(cycle__in=made_up_cycles().filter(status="open"))
        .exclude(status=PhaseStatus.LOCKED)
        .select_related("phase")
        .order_by("cycle_id", "phase__order")
    )
    by_cycle: dict[int, list[PhaseRun]] = defaultdict(list)
    for run in runs:
        by_cycle[run.cycle_id].append(run)
    checked = 0
    for cycle_runs in by_cycle.values():
        for before, after in itertools.pairwise(cycle_runs):
            if before.status == PhaseStatus.ACCEPTED and before.phase in after.phase.requires.all():
                assert timezone.localdate(before.accepted_at) == after.opened_on, (before, after)
                checked += 1
    assert checked >= 200


def test_a_cycle_in_progress_has_a_run_of_every_phase_it_takes():
    cycles = list(made_up_cycles().filter(status="open").select_related("stage")[:200])
    taken = {c.pk: {p.pk for p in c.stage.phases.filter(optional=False)} for c in cycles}
    runs: dict[int, set[int]] = defaultdict(set)
    for cycle_id, phase_id in PhaseRun.objects.filter(cycle__in=cycles).values_list("cycle_id", "phase_id"):
        runs[cycle_id].add(phase_id)
    with_runs = [c for c in cycles if runs[c.pk]]
    assert len(with_runs) >= 150
    assert all(runs[c.pk] == taken[c.pk] for c in with_runs)
    assert PhaseRun.objects.filter(cycle__in=cycles, status=PhaseStatus.LOCKED).count() >= 100


def test_some_audits_are_awarded_with_their_annual_reports_under_way():
    today = timezone.localdate()
    awarded = list(made_up_cycles().filter(status=CycleStatus.AWARDED).select_related("programme"))
    assert len(awarded) >= 10
    assert any(c.programme.identifier.endswith(":audit-berufundfamilie") for c in awarded)
    for cycle in awarded:
        award = award_of(cycle)
        assert award is not None and award.status == AwardStatus.VALID and cycle.closed_on is None, cycle
        assert cycle.decisions.filter(outcome="grant", decided_on=award.issued_on).exists(), cycle
        runs = list(cycle.phase_runs.select_related("phase").order_by("phase__order", "occurrence"))
        after = [run for run in runs if run.phase.due_anchor == "award"]
        assert after and all(run.opened_on >= award.issued_on for run in after), cycle
        assert all(run.status == PhaseStatus.ACCEPTED for run in runs if run not in after), cycle
        waiting = [run for run in after if run.status != PhaseStatus.ACCEPTED]
        assert len(waiting) == 1 and waiting[0].opened_on < today, cycle
        ends = award.valid_until
        assert all(run.due_on is None or ends is None or run.due_on <= ends for run in after), cycle
    reports = PhaseRun.objects.filter(cycle__in=awarded, phase__key="jahresbericht")
    assert reports.filter(occurrence=2).exists() and reports.filter(status=PhaseStatus.ACCEPTED).exists()


RAW = re.compile(r"\bNone\b|\b(cycle|phase|award)\.[a-z_]+\b|Noch keine Aktivitäten|Nog geen activiteit")


@pytest.mark.parametrize("language", ["de", "nl"])
def test_the_operator_reads_an_example_cycles_history(client, language):
    cycle = made_up_cycles().filter(status=CycleStatus.AWARDED).order_by("pk").first()
    operator = Membership.objects.filter(organisation=cycle.programme.operator, role=Role.OPERATOR_ADMIN).first()
    client.force_login(operator.user)
    page = client.get(f"/{language}/operator/cycles/{cycle.pk}/").content.decode()
    history = page[page.rindex({"de": ">Verlauf<", "nl": ">Geschiedenis<"}[language]) :]
    # the grant is worded by the award's kind (a certificate is "erteilt", a recognition
    # "ausgesprochen", a charter signature "bestätigt"; certificaat and erkenning "toegekend")
    granted = {
        "de": {"certification": "erteilt", "recognition": "ausgesprochen", "charter": "bestätigt"},
        "nl": {"certification": "toegekend", "recognition": "toegekend", "charter": "bevestigd"},
    }[language][cycle.version.kind]
    words = {"de": ("beworben", "angenommen", "geöffnet"), "nl": ("aangemeld", "geopend")}
    if cycle.previous_id:  # a renewal is opened at once: nobody applied or accepted
        words = {"de": ("nächste Stufe begonnen", "geöffnet"), "nl": ("begonnen aan de volgende fase", "geopend")}
    for word in (*words[language], granted):
        assert word in history, word
    assert not RAW.search(history), RAW.search(history)


def test_a_survey_asks_about_its_organisations_own_units():
    surveys = Survey.objects.prefetch_related("units")
    assert surveys.exclude(status="closed").exists()  # those of phases in progress too
    for survey in surveys:
        own = set(Unit.objects.filter(organisation_id=survey.organisation_id).values_list("name", flat=True))
        assert {unit.name for unit in survey.units.all()} <= own, survey
