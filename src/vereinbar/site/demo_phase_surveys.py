"""The staff surveys behind the made-up employers' survey phases (called by
``demo_desk._runs_fill`` once the phases are stored with their dates).

A survey phase in progress has its survey: in preparation when the phase opened only days ago,
else open, with the answers that came in so far (one of a cycle withdrawn since: prepared, never
opened). A survey phase handed in (submitted, returned
or accepted) has a closed survey with a few dozen made-up answers, closed on the day the phase
was handed in (a survey closing with results is what hands the phase in). Each survey goes
through the surveys app's services (``demo_examples.demo_survey_run``): tens of milliseconds
apiece, so only a sample of the accepted phases, the cycles' earlier ones, get one
(``ACCEPTED_SURVEYS``); the other accepted survey phases say that the survey ran elsewhere, as
the product allows: a note with the figures and the attached report.
"""

from __future__ import annotations

import hashlib
import random
from datetime import date, timedelta
from typing import Any

import yaml
from django.core.files.base import ContentFile
from django.db.models import Count
from django.utils import timezone

from vereinbar.site.demo_rows import rows_update

SEED = 20261208
# Accepted survey phases that get a survey of their own (the others ran elsewhere): more would
# slow the demo's load (about 40 ms of CPU a survey) for phases nobody waits on.
ACCEPTED_SURVEYS = 12
# Made-up answers per survey: a few dozen, never fewer than a result needs (5).
RESPONSES = (6, 60)
UNITS = {
    "de": ("Verwaltung", "Technik", "Service", "Soziale Dienste", "Personal"),
    "nl": ("Bedrijfsvoering", "Techniek", "Dienstverlening", "Zorg", "Personeelszaken"),
}
# A phase that opened fewer days ago than this has its survey still in preparation.
PREPARING_DAYS = 14


def phase_surveys_fill(runs: list[Any], *, today: date) -> int:
    """Give the survey phases among ``runs`` (stored) their surveys, or the report of a survey
    run elsewhere; return how many surveys were made."""
    from vereinbar.accounts.models import Membership
    from vereinbar.accounts.roles import Role
    from vereinbar.cycles.models import PhaseStatus
    from vereinbar.organisations.models import Organisation
    from vereinbar.programmes.models import DeliverableKind, Phase, Stage
    from vereinbar.site.demo_examples import _platform_admin
    from vereinbar.surveys.models import InstrumentVersion

    survey_phases = set(
        Phase.objects.filter(pk__in={run.phase_id for run in runs}, deliverable=DeliverableKind.SURVEY).values_list(
            "pk", flat=True
        )
    )
    # in the order they opened: an organisation's units are entered for its surveys as they came
    runs = sorted(
        (run for run in runs if run.phase_id in survey_phases and run.status != PhaseStatus.LOCKED),
        key=lambda run: run.opened_on or today,
    )
    if not runs:
        return 0
    rng = random.Random(SEED)
    urns = dict(
        Stage.objects.filter(pk__in={run.cycle.stage_id for run in runs}).values_list("pk", "survey_instrument")
    )
    versions: dict[str, Any] = {}
    for version in InstrumentVersion.objects.select_related("instrument").order_by("loaded_at", "pk"):
        versions[version.instrument.urn] = version  # the latest loaded wins
    organisations = {
        organisation.pk: organisation
        for organisation in Organisation.objects.filter(pk__in={run.cycle.organisation_id for run in runs})
    }
    coordinators = dict(
        Membership.objects.filter(organisation_id__in=organisations, role=Role.COORDINATOR)
        .order_by("-pk")
        .values_list("organisation_id", "user")
    )
    admin = _platform_admin()
    users = {user.pk: user for user in type(admin).objects.filter(pk__in=set(coordinators.values()))}
    accepted = [run for run in runs if run.status == PhaseStatus.ACCEPTED]
    sampled = {id(run) for run in rng.sample(accepted, k=min(ACCEPTED_SURVEYS, len(accepted)))}
    elsewhere: list[Any] = []
    made = 0
    for run in runs:
        organisation = organisations[run.cycle.organisation_id]
        chosen = versions.get(urns.get(run.cycle.stage_id) or "")
        if run.status == PhaseStatus.ACCEPTED and (id(run) not in sampled or chosen is None):
            elsewhere.append(run)
            continue
        if chosen is None:
            continue  # a questionnaire not loaded here: the phase waits for one
        actor = users.get(coordinators.get(organisation.pk, 0)) or admin
        if run.status == PhaseStatus.OPEN and run.cycle.closed_on is not None:
            _survey_dropped(rng, run, organisation, chosen, actor=actor)
        elif run.status == PhaseStatus.OPEN:
            _survey_running(rng, run, organisation, chosen, actor=actor, today=today)
        else:
            _survey_closed(rng, run, organisation, chosen, actor=actor)
        made += 1
    _elsewhere(rng, elsewhere, organisations)
    return made


def _survey_settings(rng: random.Random, organisation: Any, version: Any) -> dict[str, Any]:
    language = organisation.primary_language
    names = UNITS.get(language, UNITS["de"])
    staff = organisation.staff_count or 100
    responses = max(RESPONSES[0], min(RESPONSES[1], int(staff * rng.uniform(0.3, 0.6))))
    titles = version.definition.get("title")
    return {
        "title": version.title,
        "titles": dict(titles) if isinstance(titles, dict) else None,
        "units": list(names[: rng.randint(2, 4)]),
        "responses": responses,
        # about one in two answered: all the staff of a small employer, a part of a large one's
        "invited": min(int(responses / rng.uniform(0.45, 0.75)), max(staff, responses + 2)),
    }


def _survey_closed(rng: random.Random, run: Any, organisation: Any, version: Any, *, actor: Any) -> Any:
    """A survey that closed with results on the day the phase was handed in, linked to it (the
    phase is stored as handed in already, so the link is written past the services, which
    link surveys to phases still being worked on only)."""
    from vereinbar.site.demo_examples import demo_survey_run
    from vereinbar.surveys.models import Survey

    closes_on = timezone.localdate(run.submitted_at)
    # A survey can run for a phase not yet open (it hands the phase in when it opens): the
    # field period may start before the phase did, not before the cycle.
    started = run.cycle.started_on or run.opened_on or closes_on
    settings = _survey_settings(rng, organisation, version)
    survey = demo_survey_run(
        actor=actor,
        organisation=organisation,
        version=version,
        title=settings["title"],
        titles=settings["titles"],
        units=settings["units"],
        responses=settings["responses"],
        comments=rng.randint(2, 10),
        opens_on=max(started, closes_on - timedelta(days=rng.randint(14, 28))),
        closes_on=closes_on,
        seed=SEED + run.pk,
        invited=settings["invited"],
    )
    Survey.objects.filter(pk=survey.pk).update(cycle=run.cycle, phase_run=run)
    return survey


def _survey_create(
    run: Any,
    organisation: Any,
    version: Any,
    settings: dict[str, Any],
    *,
    actor: Any,
    created: date,
    opens_on: date,
    closes_on: date,
    linked: bool,
) -> Any:
    """The survey of a phase not handed in, made on ``created`` as its coordinator would make it
    from the phase, asking about the organisation's units there by then. ``linked``: through the
    services (a cycle that still runs), else its caller links it."""
    from vereinbar.site.demo_examples import _units_give, survey_languages
    from vereinbar.site.demo_history import at
    from vereinbar.surveys.services.surveys import survey_create

    with at(created):
        # a survey asks about its organisation's own units, those there by then
        settings["units"] = _units_give(organisation, settings["units"], day=created)
        return survey_create(
            actor=actor,
            organisation=organisation,
            instrument_version=version,
            title=settings["title"],
            titles=settings["titles"],
            languages=survey_languages(version, organisation),
            units="\n".join(settings["units"]),
            opens_on=opens_on,
            closes_on=closes_on,
            phase_run=run if linked else None,
        )


def _survey_dropped(rng: random.Random, run: Any, organisation: Any, version: Any, *, actor: Any) -> Any:
    """The survey of a survey phase its cycle was withdrawn in: prepared while the phase was
    open, to open some days after the withdrawal, and never opened (linked to the phase past
    the services, which link surveys to phases of running cycles only)."""
    from vereinbar.surveys.models import Survey

    opened, closed = run.opened_on or run.cycle.closed_on, run.cycle.closed_on
    created = opened + timedelta(days=rng.randint(0, max(0, (closed - opened).days) // 2))
    opens_on = closed + timedelta(days=rng.randint(3, 14))
    settings = _survey_settings(rng, organisation, version)
    closes_on = opens_on + timedelta(days=rng.randint(14, 21))
    survey = _survey_create(
        run,
        organisation,
        version,
        settings,
        actor=actor,
        created=created,
        opens_on=opens_on,
        closes_on=closes_on,
        linked=False,
    )
    Survey.objects.filter(pk=survey.pk).update(cycle=run.cycle, phase_run=run)
    return survey


def _survey_running(rng: random.Random, run: Any, organisation: Any, version: Any, *, actor: Any, today: date) -> Any:
    """The survey of a phase being worked on: in preparation when the phase opened only days ago
    (opening soon), else open since a week or more, with the answers so far."""
    from vereinbar.site.demo_examples import _profile
    from vereinbar.site.demo_history import at
    from vereinbar.surveys.services.surveys import survey_open
    from vereinbar.surveys.synthetic import responses_create

    opened = run.opened_on or today
    span = (today - opened).days
    settings = _survey_settings(rng, organisation, version)
    preparing = span < PREPARING_DAYS
    created = opened + timedelta(days=rng.randint(0, span // 2))
    opens_on = today + timedelta(days=rng.randint(3, 14)) if preparing else created + timedelta(days=rng.randint(1, 7))
    closes_on = max(opens_on, today) + timedelta(days=rng.randint(7, 21))
    survey = _survey_create(
        run,
        organisation,
        version,
        settings,
        actor=actor,
        created=created,
        opens_on=opens_on,
        closes_on=closes_on,
        linked=True,
    )
    if preparing:
        return survey
    with at(opens_on):
        survey = survey_open(actor=actor, survey=survey)
    # The answers so far: the share of the field period gone by, give or take.
    share = min(1.0, (today - opens_on).days / max(1, (closes_on - opens_on).days)) * rng.uniform(0.6, 1.0)
    answers = max(1, int(settings["responses"] * share))
    responses_create(
        survey, answers, seed=SEED + run.pk, comments=min(3, answers), shifts=_profile(organisation, version)
    )
    with at(opens_on):  # handed out when it opened
        _invitations_running(survey, settings["invited"], actor=actor)
    return survey


def _invitations_running(survey: Any, invited: int, *, actor: Any) -> None:
    """Invitations of a running survey as its pages count them: printed codes per unit, about as
    many as the unit's share of the answers so far, never fewer than it gave. A unit's
    ``invited_count`` stays empty: it is filled from the invitations when the survey closes.
    Its own random numbers, so the rest of the demo stays as it was."""
    rng = random.Random(SEED + survey.pk)
    from vereinbar.surveys.models import Response, SurveyUnit
    from vereinbar.surveys.services.invitations import codes_create

    units = list(SurveyUnit.objects.filter(survey=survey).order_by("position"))
    answers = dict(
        Response.objects.filter(survey=survey).values("unit_id").annotate(n=Count("pk")).values_list("unit_id", "n")
    )
    total = max(1, sum(answers.values()))
    for unit in units:
        answered = answers.get(unit.pk, 0)
        count = max(answered, round(invited * answered / total * rng.uniform(0.85, 1.15)), rng.randint(2, 6))
        codes_create(actor=actor, survey=survey, count=count, unit=unit, language=survey.languages[0])


def _elsewhere(rng: random.Random, runs: list[Any], organisations: dict[int, Any]) -> None:
    """Accepted survey phases whose survey ran elsewhere: a note with its figures and the report."""
    from vereinbar.cycles.models import Evidence
    from vereinbar.site.demo_deliverables import deliverables_file
    from vereinbar.site.demo_desk import pdf_document

    if not runs:
        return
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's when PyYAML has it
    bank = yaml.load(deliverables_file().read_text(encoding="utf-8"), Loader=loader)["survey_elsewhere"]  # noqa: S506
    files: list[Evidence] = []
    for run in runs:
        organisation = organisations[run.cycle.organisation_id]
        texts = bank.get(organisation.primary_language) or bank["en"]
        figures = _figures(rng, organisation)
        run.note = rng.choice(texts["notes"]).format(**figures)
        title = rng.choice(texts["reports"])
        place = organisation.city or organisation.region
        day = (run.submitted_at.date() if run.submitted_at else run.opened_on).strftime(
            "%d-%m-%Y" if organisation.primary_language == "nl" else "%d.%m.%Y"
        )
        lines = [
            line.format(organisation=organisation.name, place=place, date=day, **figures)
            for line in texts["report_lines"]
        ]
        data = pdf_document(title, lines)
        item = Evidence(
            cycle=run.cycle,
            phase_run=run,
            original_name=f"{title}.pdf",
            content_type="application/pdf",
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            uploaded_by_id=run.submitted_by_id,
            uploaded_at=run.submitted_at - timedelta(minutes=rng.randint(5, 600)),
        )
        item.file.save(f"{title}.pdf", ContentFile(data), save=False)
        files.append(item)
    rows_update(runs, ["note"])
    Evidence.objects.bulk_create(files, batch_size=500)


def _figures(rng: random.Random, organisation: Any) -> dict[str, int]:
    """Invited, answered and the response rate (%) of a survey run elsewhere."""
    staff = organisation.staff_count or 100
    invited = max(8, int(staff * rng.uniform(0.8, 1.0)))
    responses = max(5, int(invited * rng.uniform(0.35, 0.7)))
    return {"invited": invited, "responses": responses, "rate": round(100 * responses / invited)}
