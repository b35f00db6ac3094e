"""Made-up cycles of the example employers, so that the operator's desk in the demo shows what
it is for: about a thousand cycles across the operated programmes, in every status, with
phases in progress (some submitted, some returned, some overdue), auditors assigned or not, so
that the lists page, filter and count for real. Only example employers (``is_example``) get
them; bulk inserts (no history replayed: these cycles have none), well under a second.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

EXAMPLE_CYCLES = 1000
SEED = 20261206
# How the made-up cycles are spread over statuses (weights).
STATUSES = {"applied": 12, "open": 58, "completed": 18, "declined": 5, "withdrawn": 7}


def example_cycles_load(*, today: date) -> int:
    """About ``EXAMPLE_CYCLES`` cycles of example employers in the operated programmes whose
    language fits the employer's country (called once, when the examples are generated; an
    employer's running cycle in a programme is never doubled)."""
    from vereinbar.accounts.models import Membership
    from vereinbar.accounts.roles import Role
    from vereinbar.cycles.models import Cycle, CycleStatus, PhaseRun, PhaseStatus
    from vereinbar.organisations.models import Organisation, OrganisationStatus, OrganisationType
    from vereinbar.programmes.models import Phase, Programme, Stage
    from vereinbar.site.demo_culture_index import INDEX

    rng = random.Random(SEED)
    employers = list(
        Organisation.objects.filter(is_example=True, type=OrganisationType.EMPLOYER, status=OrganisationStatus.APPROVED)
        .order_by("pk")
        .only("pk", "country")
    )
    programmes = []
    # The culture index certifies by generated staff answers alone (demo_culture_index): no
    # made-up cycles without a survey there.
    operated = Programme.objects.filter(operator__isnull=False, current_version__isnull=False).exclude(identifier=INDEX)
    for programme in operated.select_related("current_version"):
        version, operator_id = programme.current_version, programme.operator_id
        assert version is not None and operator_id is not None
        stages = list(Stage.objects.filter(version=version).order_by("order"))
        if not stages:
            continue
        phases: dict[int, list[Any]] = {stage.pk: [] for stage in stages}
        for phase in Phase.objects.filter(version=version).order_by("stage__order", "order").only("pk", "stage_id"):
            phases.setdefault(phase.stage_id, []).append(phase)
        auditors = list(
            Membership.objects.filter(organisation_id=operator_id, role=Role.AUDITOR).values_list("user_id", flat=True)
        )
        countries = {"nl": {"NL"}, "de": {"DE"}}.get(version.default_language, {"DE", "NL"})
        programmes.append((programme, version, stages, phases, auditors, countries))
    if not employers or not programmes:
        return 0
    eligible = [[e for e in employers if e.country in entry[5]] for entry in programmes]
    statuses, weights = list(STATUSES), list(STATUSES.values())
    cycles: list[Cycle] = []
    plan: list[tuple[Cycle, list[Any]]] = []
    running = set(
        Cycle.objects.filter(status__in=[CycleStatus.APPLIED, CycleStatus.OPEN]).values_list(
            "organisation_id", "programme_id"
        )
    )
    for number in range(EXAMPLE_CYCLES):  # the programmes in turn, a random employer each
        entry = programmes[number % len(programmes)]
        programme, version, stages, phases, auditors, _countries = entry
        if not eligible[number % len(programmes)]:
            continue
        employer = rng.choice(eligible[number % len(programmes)])
        status = rng.choices(statuses, weights)[0]
        key = (employer.pk, programme.pk)
        if status in ("applied", "open"):
            if key in running:  # one running cycle per employer and programme: this one is earlier
                status = "completed"
            running.add(key)
        applied_on = today - timedelta(days=rng.randint(3, 1500) if status != "applied" else rng.randint(1, 90))
        started = status not in ("applied", "declined")
        stage = rng.choice(stages)
        cycle = Cycle(
            organisation_id=employer.pk,
            programme=programme,
            version=version,
            stage=stage,
            status=status,
            auditor_id=rng.choice(auditors) if auditors and (started or rng.random() < 0.4) else None,
            applied_on=applied_on,
            started_on=applied_on + timedelta(days=rng.randint(3, 30)) if started else None,
            closed_on=today - timedelta(days=rng.randint(1, 300)) if status not in ("applied", "open") else None,
        )
        cycles.append(cycle)
        plan.append((cycle, phases.get(stage.pk, [])))
    Cycle.objects.bulk_create(cycles, batch_size=500)
    runs: list[PhaseRun] = []
    for cycle, stage_phases in plan:
        if cycle.status != CycleStatus.OPEN or not stage_phases:
            continue
        done = rng.randrange(len(stage_phases))  # phases accepted before the one in progress
        for index, phase in enumerate(stage_phases[: done + 1]):
            opened = (cycle.started_on or today) + timedelta(days=40 * index)
            opened = min(opened, today - timedelta(days=1))
            current = index == done
            runs.append(
                PhaseRun(
                    cycle=cycle,
                    phase=phase,
                    status=rng.choice([PhaseStatus.OPEN] * 5 + [PhaseStatus.SUBMITTED] * 3 + [PhaseStatus.RETURNED])
                    if current
                    else PhaseStatus.ACCEPTED,
                    opened_on=opened,
                    due_on=today + timedelta(days=rng.randint(-45, 240)) if current else None,
                )
            )
    PhaseRun.objects.bulk_create(runs, batch_size=1000)
    return len(cycles)
