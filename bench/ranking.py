"""A programme's ranking list with 1,000 certified employers: server time of the public page, cold
and warm, beside a baseline in the same run.

Builds a throwaway installation (SQLite in a temporary directory, or the PostgreSQL database given
with --database-url) with a format-2 programme that publishes a ranking list over the shipped
work-family-care questionnaire, and ``--employers`` employers, each with a valid award, its
consent, a staff count spread over three size bands and a closed staff survey of 20–60 answers
(answers written as the survey's encoded rows, as the answering service stores them). Then, in
this process (Django's test client: the server's own time, without the network), it requests
/de/rankings/<programme>/:

- baseline: the same page with a cache that keeps nothing, so every listed employer's survey
  report is built again on each request (what each request did before the figures were cached);
- cold: the first request after the cache is cleared (every report read once, then cached);
- warm: later requests (consents, awards and staff counts read from the database; the figures
  from the cache, keyed by each survey's closing time and minimum group size).

Between warm rounds one employer withdraws its consent and gives it again, so every warm round
runs after a change (and the withdrawn employer is checked to be gone from that page).

Run:  .venv/bin/python bench/ranking.py [--employers 1000] [--rounds 20]
Target: warm p95 ≤ 250 ms with 1,000 employers.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import uuid
from datetime import date, timedelta

from _common import ROOT, django_setup, installation, load_average, migrate_and_collect

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
    return {"coordinator": coordinator, "programme": programme, "organisation": organisations[0]}


def timed(client, path: str) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    response = client.get(path)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"{path}: {response.status_code}")
    return elapsed


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--employers", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--baseline-rounds", type=int, default=3)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--profile", action="store_true", help="print where a warm request spends its time, then stop")
    args = parser.parse_args()
    with installation(args.database_url) as inst:
        django_setup(inst.env)
        migrate_and_collect()
        started = time.perf_counter()
        facts = seed(args.employers)
        print(f"seeded {args.employers} certified employers in {time.perf_counter() - started:.1f} s ({inst.database})")

        from django.core.cache import cache
        from django.core.cache.backends.dummy import DummyCache
        from django.test import Client
        from django.test.utils import setup_test_environment

        from vereinbar.surveys import ranking

        setup_test_environment()
        client = Client()
        path = f"/de/rankings/{SLUG}/"
        programme = facts["programme"]

        # Baseline: the same page with a cache that keeps nothing, so every request reads every
        # listed employer's survey report again, as each request did before the figures were cached.
        if args.profile:
            import cProfile
            import pstats

            client.get(path)
            profiler = cProfile.Profile()
            profiler.runcall(client.get, path)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
            return 0
        kept = ranking.cache
        ranking.cache = DummyCache("bench-nothing-kept", {})
        baseline = [timed(client, path) for _ in range(args.baseline_rounds)]
        ranking.cache = kept
        cold = []
        for _ in range(args.baseline_rounds):
            cache.clear()
            cold.append(timed(client, path))
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
        ("baseline: every report built again", baseline),
        ("cold: first request, cache empty", cold),
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
