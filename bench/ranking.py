"""A programme's ranking list with 1,000 certified employers: server time of the public page, the
first request of a new server process and later ones, beside a baseline in the same run.

Builds a throwaway installation (SQLite in a temporary directory, or the PostgreSQL database given
with --database-url) with a format-2 programme that publishes a ranking list over the shipped
work-family-care questionnaire, and ``--employers`` employers, each with a valid award, its
consent, a staff count spread over three size bands and a closed staff survey of 20–60 answers
(answers written as the survey's encoded rows, as the answering service stores them; each
survey's whole-organisation figures stored as closing it stores them, ``surveys.figures``, timed).
Then it requests /de/rankings/<programme>/ (Django's test client: the server's own time, without
the network):

- baseline: the figures not stored, so the request reads every listed employer's survey report
  (what the first request of every server process did while the figures were kept in the
  per-process cache; the request stores them again);
- first request of a new process: a fresh Python process with the same installation, its first
  request (the figures read from the database with the surveys), and its first ranking request
  after one to the home page (without what any first request of a process costs);
- warm: later requests in this process (consents, awards, staff counts and figures read from
  the database).

Between warm rounds one employer withdraws its consent and gives it again, so every warm round
runs after a change (and the withdrawn employer is checked to be gone from that page).

Run:  .venv/bin/python bench/ranking.py [--employers 1000] [--rounds 20]
Target: warm p95 ≤ 250 ms with 1,000 employers; the first request of a process as fast.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
import uuid
from datetime import date, timedelta

from _common import ROOT, close_connections, django_setup, installation, load_average, migrate_and_collect

TARGET_WARM_P95_MS = 250.0
SLUG = "bench-ranked-index"
PROGRAMME = f"""
format: 2
id: urn:vereinbar:programme:{SLUG}
version: "1"
kind: certification
languages: [en, de, nl]
default_language: en
title: {{en: Bench ranked index, de: Bench-Index, nl: Bench-index}}
levels:
  - id: certified
    title: Certified
    rule:
      survey: {{min_favourable_percent: 50, instrument: "urn:vereinbar:instrument:work-family-care"}}
stages:
  - id: index
    title: Index
    award: {{validity_months: 24, levels: [certified]}}
    phases:
      - {{id: review, title: Review, deliverable: self_assessment, actor: operator, gate: {{requires: []}}}}
publication:
  directory: true
  ranking:
    instrument: "urn:vereinbar:instrument:work-family-care"
    min_answers: 20
    size_bands:
      - {{id: small, title: {{en: Small, de: Klein, nl: Klein}}, min_staff: 20}}
      - {{id: medium, title: {{en: Medium, de: Mittel, nl: Middel}}, min_staff: 100}}
      - {{id: large, title: {{en: Large, de: Groß, nl: Groot}}, min_staff: 500}}
"""


def seed(count: int) -> dict[str, object]:
    import yaml
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from vereinbar.accounts.models import Membership
    from vereinbar.accounts.roles import Role
    from vereinbar.certificates.models import Award
    from vereinbar.cycles.models import Cycle, CycleStatus
    from vereinbar.organisations.models import Organisation, OrganisationStatus, OrganisationType
    from vereinbar.programmes.services import programme_load
    from vereinbar.surveys.encoding import encode
    from vereinbar.surveys.models import RankingConsent, Response, Survey, SurveyStatus
    from vereinbar.surveys.services.instruments import instrument_load

    rng = random.Random(19)
    shipped = ROOT / "library" / "instruments" / "work-family-care.yaml"
    instrument = instrument_load(raw=shipped.read_bytes(), filename=shipped.name).version
    assert instrument is not None
    spec = instrument.spec
    operator = Organisation.objects.create(
        name="Bench Operator", slug="bench-operator", type=OrganisationType.OPERATOR, country="DE"
    )
    data = yaml.safe_load(PROGRAMME) | {"operator": operator.slug}
    outcome = programme_load(actor=None, raw=yaml.safe_dump(data), filename="bench.yaml", trusted=True)
    assert outcome.version is not None, outcome
    version = outcome.version
    programme = version.programme
    stage = version.stages.get()
    level = stage.awardable_levels.get()
    coordinator = get_user_model().objects.create_user(email="coordinator@bench.example", password="x")
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Arbeitgeber {number:05}",
            slug=f"arbeitgeber-{number:05}",
            type=OrganisationType.EMPLOYER,
            country="DE",
            city=f"Stadt {number % 300}",
            staff_count=rng.choice([20, 45, 80, 150, 400, 900, 2500]),
            status=OrganisationStatus.APPROVED,
        )
        for number in range(count)
    )
    Membership.objects.bulk_create(
        Membership(user=coordinator, organisation=organisation, role=Role.COORDINATOR) for organisation in organisations
    )
    today = date.today()
    cycles = Cycle.objects.bulk_create(
        Cycle(
            organisation=organisation,
            programme=programme,
            version=version,
            stage=stage,
            status=CycleStatus.AWARDED,
            applied_on=today - timedelta(days=200),
        )
        for organisation in organisations
    )
    Award.objects.bulk_create(
        (
            Award(
                number=f"R-{cycle.pk:06}",
                organisation_id=cycle.organisation_id,
                programme=programme,
                version=version,
                stage=stage,
                level=level,
                cycle=cycle,
                issued_on=today - timedelta(days=30),
                valid_until=today + timedelta(days=700),
            )
            for cycle in cycles
        ),
        batch_size=2000,
    )
    RankingConsent.objects.bulk_create(
        RankingConsent(organisation=organisation, programme=programme, given=True, changed_by=coordinator)
        for organisation in organisations
    )
    closed = timezone.now() - timedelta(days=40)
    surveys = Survey.objects.bulk_create(
        Survey(
            organisation=cycle.organisation,
            instrument_version=instrument,
            title="Befragung",
            status=SurveyStatus.CLOSED,
            languages=["de"],
            cycle=cycle,
            closed_at=closed + timedelta(seconds=index),
        )
        for index, cycle in enumerate(cycles)
    )
    rows = []
    for survey in surveys:
        for _ in range(rng.randrange(20, 61)):
            answers = {key: rng.choice([1, 2, 3, 4, 5]) for scale in spec.scales for key in scale.items}
            rows.append(Response(id=uuid.uuid4(), survey=survey, values=encode(spec, answers)))
    Response.objects.bulk_create(rows, batch_size=5000)
    from vereinbar.surveys.figures import figures_fill

    clock = time.process_time if os.environ.get("BENCH_CLOCK") == "cpu" else time.perf_counter
    started = clock()
    figures_fill([survey.pk for survey in surveys])
    per_survey = (clock() - started) / max(1, len(surveys))
    print(f"figures stored as closing each survey stores them: {per_survey * 1000:.1f} ms a survey")
    return {"coordinator": coordinator, "programme": programme, "organisation": organisations[0]}


def timed(client, path: str) -> float:  # type: ignore[no-untyped-def]
    # --cpu: the process's CPU time instead of wall-clock time (steadier on a machine shared with
    # other jobs; the database is SQLite in the same process, so its work is counted).
    clock = time.process_time if os.environ.get("BENCH_CLOCK") == "cpu" else time.perf_counter
    started = clock()
    response = client.get(path)
    elapsed = clock() - started
    if response.status_code != 200:
        raise SystemExit(f"{path}: {response.status_code}")
    return elapsed


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def first_request_of_a_process(env: dict[str, str], path: str, *, warmed: bool = False) -> float:
    """The first request of a fresh Python process on the same installation, in seconds; with
    ``warmed``, its first request to ``path`` after one to the home page (which imports the views
    and loads the translations, as any first request does)."""
    import subprocess

    done = subprocess.run(
        [sys.executable, __file__, "--first-request", path, *(["--warmed"] if warmed else [])],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return float(done.stdout.strip().splitlines()[-1])


def first_request(env: dict[str, str], path: str, *, warmed: bool) -> int:
    django_setup(env)
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    client = Client()
    if warmed:
        timed(client, "/de/")
    print(timed(client, path))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--employers", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--baseline-rounds", type=int, default=3)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--profile", action="store_true", help="print where a warm request spends its time, then stop")
    parser.add_argument("--first-request", default="", help=argparse.SUPPRESS)  # in the fresh process
    parser.add_argument("--warmed", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--cpu", action="store_true", help="time CPU time of this process, not wall-clock time")
    args = parser.parse_args()
    if args.cpu:
        os.environ["BENCH_CLOCK"] = "cpu"  # read by timed(), here and in the fresh processes
    if args.first_request:
        return first_request(dict(os.environ), args.first_request, warmed=args.warmed)
    with installation(args.database_url) as inst:
        django_setup(inst.env)
        migrate_and_collect()
        started = time.perf_counter()
        facts = seed(args.employers)
        print(f"seeded {args.employers} certified employers in {time.perf_counter() - started:.1f} s ({inst.database})")

        from django.test import Client
        from django.test.utils import setup_test_environment

        from vereinbar.surveys import ranking
        from vereinbar.surveys.models import TotalFigures

        setup_test_environment()
        client = Client()
        path = f"/de/rankings/{SLUG}/"
        programme = facts["programme"]

        if args.profile:
            import cProfile
            import pstats

            client.get(path)
            profiler = cProfile.Profile()
            profiler.runcall(client.get, path)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
            return 0
        # Baseline: no figures stored, so the request reads every listed employer's report (and
        # stores the figures again), as the first request of each process did before.
        baseline = []
        for _ in range(args.baseline_rounds):
            TotalFigures.objects.all().delete()
            baseline.append(timed(client, path))
        close_connections()
        first = [first_request_of_a_process(inst.env, path) for _ in range(args.baseline_rounds)]
        warmed = [first_request_of_a_process(inst.env, path, warmed=True) for _ in range(args.baseline_rounds)]
        listed = sum(len(band.entries) for band in ranking.ranking_build(programme).bands)
        leaving = facts["organisation"]
        warm = []
        for _ in range(args.rounds):
            ranking.consent_set(actor=facts["coordinator"], organisation=leaving, programme=programme, given=False)
            warm.append(timed(client, path))
            if leaving.name in client.get(path).content.decode():
                raise SystemExit("a withdrawn consent is still listed")
            ranking.consent_set(actor=facts["coordinator"], organisation=leaving, programme=programme, given=True)
            warm.append(timed(client, path))
    print(f"\nranking list of {listed} employers, {path}")
    print(f"{'':<44} {'median':>10} {'p95':>10} {'max':>10}")
    for label, values in (
        ("baseline: figures not stored, reports read", baseline),
        ("first request of a new process", first),
        ("new process: first ranking after /de/", warmed),
        ("warm: after a consent change", warm),
    ):
        print(
            f"{label:<44} {statistics.median(values) * 1000:7.0f} ms {percentile(values, 0.95) * 1000:7.0f} ms"
            f" {max(values) * 1000:7.0f} ms"
        )
    print(f"load average at end: {load_average()}")
    return 2 if percentile(warm, 0.95) * 1000 > TARGET_WARM_P95_MS and args.employers >= 1000 else 0


if __name__ == "__main__":
    sys.exit(main())
