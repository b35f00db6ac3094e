"""What the made-up employers' phases handed in deliver when they do not assess criteria (called
by ``demo_desk._runs_fill`` once their dates are set): a workshop, training or meeting is
recorded (the day it was held, before it was handed in; moderator, participants, minutes,
outcomes), a target agreement has goals by action field with success measures and measures,
who is responsible and by when, signed by the management before it was handed in; an annual
report has a summary and the progress of every goal (the cycle's agreement, made for it when
the agreement lies in an earlier stage); a charter has its signature with a signed scan; a phase
that delivers a text (profile, report, review, decision) has it. Texts in the employer's
language from library/demo/deliverables.yaml; values as the product's services accept them
(``deliverable_problems`` finds nothing missing). Bulk inserts, as the cycles are.
"""

from __future__ import annotations

import hashlib
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from vereinbar.site.demo_desk import pdf_document
from vereinbar.site.demo_history import moment
from vereinbar.site.demo_rows import rows_update

SEED = 20261207
WORKSHOP_KINDS = ("workshop", "training", "meeting")
NOTE_KINDS = ("profile", "report", "review", "decision")


def deliverables_file() -> Path:
    return Path(settings.VEREINBAR_LIBRARY_DIR) / "demo" / "deliverables.yaml"


def _in(bank: dict[str, Any], language: str) -> Any:
    """The texts in ``language``, else English, else the first language there is."""
    return bank.get(language) or bank.get("en") or next(iter(bank.values()))


def deliverables_fill(handed_in: list[Any], phases: dict[int, Any], languages: dict[int, str], *, today: date) -> None:
    """Fill what the runs ``handed_in`` (submitted, returned, accepted; not assessing criteria) deliver."""
    from vereinbar.cycles.models import (
        AnnualReport,
        Goal,
        GoalMeasure,
        GoalProgress,
        Signature,
        TargetAgreement,
        Workshop,
        WorkshopOutcome,
    )
    from vereinbar.organisations.models import Organisation
    from vereinbar.programmes.models import ActionField

    runs = [run for run in handed_in if not phases[run.phase_id].records_answers]
    if not runs:
        return
    rng = random.Random(SEED)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's when PyYAML has it
    texts = yaml.load(deliverables_file().read_text(encoding="utf-8"), Loader=loader)  # noqa: S506
    kinds = dict(
        Organisation.objects.filter(pk__in={run.cycle.organisation_id for run in runs}).values_list("pk", "kind")
    )

    def signer(organisation_id: int) -> list[str]:
        """Who signs for the employer: a name and a function that fits its kind."""
        by_kind = _in(texts["signers"], languages[organisation_id])
        return list(rng.choice(by_kind.get(kinds.get(organisation_id)) or by_kind["any"]))

    fields: dict[int, list[Any]] = {}
    for field in ActionField.objects.filter(version_id__in={run.cycle.version_id for run in runs}).order_by("order"):
        fields.setdefault(field.version_id, []).append(field)

    def day(run: Any) -> date:
        """The day it was handed in."""
        return timezone.localdate(run.submitted_at)

    def before(run: Any, *, latest: date | None = None) -> date:
        """A day between the run's opening and its handing in (``latest`` at the most)."""
        end = min(day(run), latest or day(run), today)
        start = min(run.opened_on or end, end)
        return start + timedelta(days=rng.randint(0, (end - start).days))

    # Workshops, trainings, meetings: one or two each, with outcomes.
    workshops: list[tuple[Any, Any, list[Any]]] = []
    for run in runs:
        kind = phases[run.phase_id].deliverable
        if kind not in WORKSHOP_KINDS:
            continue
        language = languages[run.cycle.organisation_id]
        bank = _in(texts["workshops"], language)[kind]
        count = min(len(bank["minutes"]), rng.choice((1, 1, 2)))
        moderator = rng.choice(_in(texts["moderators"], language))  # one moderator for the phase's meetings
        days = sorted(before(run) for _n in range(count))
        for held_on, minutes in zip(days, rng.sample(bank["minutes"], count), strict=True):
            workshop = Workshop(
                cycle=run.cycle,
                phase_run=run,
                held_on=held_on,
                moderator=moderator,
                participants_count=rng.randint(6, 24),
                minutes=minutes,
                created_by_id=run.submitted_by_id,
                created_at=run.submitted_at - timedelta(hours=rng.randint(2, 48)),
            )
            # (no action field: which one an outcome belongs to is the employer's call, when it becomes a goal)
            outcomes = [
                WorkshopOutcome(text=text)
                for text in rng.sample(bank["outcomes"], min(len(bank["outcomes"]), rng.randint(2, 3)))
            ]
            workshops.append((run, workshop, outcomes))
    Workshop.objects.bulk_create([workshop for _run, workshop, _outcomes in workshops], batch_size=500)
    for _run, workshop, outcomes in workshops:
        for outcome in outcomes:
            outcome.workshop = workshop
    WorkshopOutcome.objects.bulk_create([o for _r, _w, outcomes in workshops for o in outcomes], batch_size=1000)

    # Target agreements: for the agreement phases handed in, and for cycles reporting on one.
    agreements: dict[int, tuple[Any, list[tuple[Any, list[Any]]]]] = {}

    def agreement_for(run: Any, *, signed: date, accepted: date | None) -> None:
        cycle = run.cycle
        if cycle.pk in agreements:
            return
        language = languages[cycle.organisation_id]
        name, function = signer(cycle.organisation_id)
        agreement = TargetAgreement(
            cycle=cycle, signed_on=signed, signer_name=name, signer_function=function, accepted_on=accepted
        )
        owners = _in(texts["owners"], language)
        by_field = texts["goals"].get(cycle.programme.identifier, {})
        version_fields = fields.get(cycle.version_id, [])
        chosen = rng.sample(version_fields, min(len(version_fields), rng.randint(3, 5)))
        goals: list[tuple[Any, list[Any]]] = []
        anywhere = list(_in(texts["goals"]["any"], language))
        for field in sorted(chosen, key=lambda f: f.order):
            options = by_field.get(field.code) or anywhere
            for number, (title, success, measures) in enumerate(
                rng.sample(options, min(len(options), rng.choice((1, 1, 2)))), start=1
            ):
                due = signed + timedelta(days=rng.randint(300, 1000))
                goal = Goal(
                    action_field=field,
                    number=number,
                    code=f"{field.code}.{number}",
                    title=title,
                    success_measure=success,
                    owner=rng.choice(owners),
                    due_on=due,
                    created_at=moment(signed) - timedelta(days=rng.randint(3, 30)),
                )
                goals.append(
                    (
                        goal,
                        [
                            GoalMeasure(
                                number=index,
                                code=f"{goal.code}.{index}",
                                title=measure,
                                owner=rng.choice(owners),
                                due_on=signed + timedelta(days=rng.randint(60, (due - signed).days)),
                            )
                            for index, measure in enumerate(measures, start=1)
                        ],
                    )
                )
        agreements[cycle.pk] = (agreement, goals)

    for run in runs:
        if phases[run.phase_id].deliverable == "target_agreement":
            accepted = timezone.localdate(run.accepted_at) if run.status == "accepted" else None
            agreement_for(run, signed=before(run), accepted=accepted)
    reports = [run for run in runs if phases[run.phase_id].deliverable == "annual_report"]
    existing = set(
        TargetAgreement.objects.filter(cycle_id__in={run.cycle_id for run in reports}).values_list(
            "cycle_id", flat=True
        )
    )
    for run in reports:
        if run.cycle_id not in existing:  # agreed in an earlier stage, before this report's year
            start = run.cycle.started_on or run.opened_on or day(run)
            signed = min(start + timedelta(days=rng.randint(30, 120)), (run.opened_on or day(run)) - timedelta(days=1))
            agreement_for(run, signed=signed, accepted=signed + timedelta(days=rng.randint(3, 20)))
    TargetAgreement.objects.bulk_create([agreement for agreement, _goals in agreements.values()], batch_size=500)
    all_goals = []
    for agreement, goals in agreements.values():
        for goal, _measures in goals:
            goal.agreement = agreement
            all_goals.append(goal)
    Goal.objects.bulk_create(all_goals, batch_size=1000)
    for _agreement, goals in agreements.values():
        for goal, measures in goals:
            for measure in measures:
                measure.goal = goal
    GoalMeasure.objects.bulk_create(
        [m for _a, goals in agreements.values() for _g, measures in goals for m in measures], batch_size=1000
    )

    # Annual reports: the summary and every goal's progress; the goal takes the reported status.
    report_rows: list[tuple[Any, list[Any]]] = []
    changed_goals = []
    for run in reports:
        language = languages[run.cycle.organisation_id]
        bank = _in(texts["annual_report"], language)
        report = AnnualReport(phase_run=run, summary=rng.choice(bank["summary"]))
        progress = []
        for goal, _measures in agreements.get(run.cycle_id, (None, []))[1]:
            status = rng.choices(("achieved", "in_progress", "open"), (3, 5, 1))[0]
            goal.status = status
            changed_goals.append(goal)
            progress.append(GoalProgress(goal=goal, status=status, comment=rng.choice(bank[status])))
        report_rows.append((report, progress))
    AnnualReport.objects.bulk_create([report for report, _progress in report_rows])
    for report, progress in report_rows:
        for item in progress:
            item.report = report
    GoalProgress.objects.bulk_create([item for _report, progress in report_rows for item in progress])
    rows_update(changed_goals, ["status"])

    # Signatures with the signed scan.
    signatures = []
    for run in runs:
        if phases[run.phase_id].deliverable != "signature":
            continue
        language = languages[run.cycle.organisation_id]
        name, function = signer(run.cycle.organisation_id)
        title = _in(texts["signed_scan"], language)
        data = pdf_document(f"{title}: {name}")
        signature = Signature(
            cycle=run.cycle,
            phase_run=run,
            signer_name=name,
            signer_function=function,
            signed_on=before(run),
            scan_name=f"{title}.pdf",
            scan_type="application/pdf",
            recorded_by_id=run.submitted_by_id,
            recorded_at=run.submitted_at - timedelta(minutes=rng.randint(5, 600)),
        )
        signature.scan.save(f"{hashlib.sha256(data).hexdigest()[:8]}.pdf", ContentFile(data), save=False)
        signatures.append(signature)
    Signature.objects.bulk_create(signatures, batch_size=500)

    # Phases delivering a text: the note.
    noted = []
    for run in runs:
        kind = phases[run.phase_id].deliverable
        if kind in NOTE_KINDS:
            run.note = rng.choice(_in(texts["notes"], languages[run.cycle.organisation_id])[kind])
            noted.append(run)
    rows_update(noted, ["note"])
