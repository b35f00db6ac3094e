"""One organisation's full survey report: 2,000 responses, 10 units, server time.

Builds a throwaway installation (SQLite in a temporary directory, or the PostgreSQL named by
DATABASE_URL): the shipped questionnaire, an employer with a tree of 10 units, a closed
survey with 2,000 made-up responses and 200 comments, an earlier survey (trend and
comparison) and five other organisations (benchmark). Then it requests the results page
through Django's test client, in process, so the time is the server's: URL routing,
permission checks, loading the answers, the statistics with the anonymity rules,
comparisons and the template. The report cache is cleared before every request, so each
run computes everything; a warm (cached) run is shown separately. Charts, CSV, XLSX and
the PDF are timed too (they are separate requests). Baseline in the same run: a trivial
query and a trivial view (/health/).

Run:  .venv/bin/python bench/survey_report.py [--responses 2000] [--units 10] [--repeat 15] [--json FILE]
(``--units 36``: a county's tree of departments and their offices instead of the 10 units.)
Target (docs/performance.md): results page ≤ 300 ms. Exits non-zero when the median misses it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
TARGET_MS = 300.0
UNITS = """Verwaltung
Verwaltung / Personal
Verwaltung / Finanzen
Verwaltung / IT
Soziales
Soziales / Jugendamt
Soziales / Sozialamt
Bauen
Bauen / Hochbau
Bauen / Tiefbau"""


def _units(count: int) -> str:
    """The unit tree: the 10 units above, or ``count`` units as departments with their offices
    (36: six departments of five offices each)."""
    if count == 10:
        return UNITS
    departments = max(1, count // 6)
    names: list[str] = [f"Dezernat {d + 1}" for d in range(departments)]
    office = 0
    while len(names) < count:
        d = office % departments
        names.append(f"Dezernat {d + 1} / Amt {d + 1}{office // departments + 1}")
        office += 1
    return "\n".join(names)


def _setup_django(data_dir: str) -> None:
    os.environ.setdefault("VEREINBAR_DATA_DIR", data_dir)
    os.environ.setdefault("VEREINBAR_SECRET_KEY", "bench-secret-key-not-for-production-0123456789abcdef")
    os.environ.setdefault("VEREINBAR_TESTING", "true")  # plain static files storage, no manifest needed
    os.environ.setdefault("VEREINBAR_LOG_LEVEL", "WARNING")
    os.environ["DJANGO_SETTINGS_MODULE"] = "vereinbar.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _build(responses: int, units: str = UNITS) -> tuple[object, object]:
    from vereinbar.accounts.models import Membership, User
    from vereinbar.organisations.models import Organisation
    from vereinbar.surveys.models import ScaleResult, Survey, SurveyStatus
    from vereinbar.surveys.services.instruments import instrument_load
    from vereinbar.surveys.services.surveys import survey_close, survey_create, survey_open
    from vereinbar.surveys.synthetic import responses_create

    shipped = ROOT / "library" / "instruments" / "work-family-care.yaml"
    version = instrument_load(raw=shipped.read_bytes(), filename=shipped.name).version
    organisation = Organisation.objects.create(
        name="Kreis Bench", slug="kreis-bench", country="DE", sector="public_administration", staff_count=2400
    )
    user = User.objects.create_user(email="coordinator@bench.example", password="bench-password-123")
    Membership.objects.create(user=user, organisation=organisation, role="coordinator")

    def run(title: str, n: int, seed: int) -> Survey:
        survey = survey_create(
            actor=user,
            organisation=organisation,
            instrument_version=version,
            title=title,
            languages=["de", "nl", "en"],
            units=units,
        )
        survey_open(actor=user, survey=survey)
        responses_create(survey, n, seed=seed, comments=n // 10)
        return survey_close(actor=user, survey=survey)

    run("Befragung 2023", int(responses * 0.9), seed=1)
    survey = run("Befragung 2026", responses, seed=2)
    for index in range(5):
        peer = Organisation.objects.create(name=f"Peer {index}", slug=f"peer-{index}", country="DE", staff_count=800)
        other = Survey.objects.create(
            organisation=peer,
            instrument_version=version,
            title="peer",
            status=SurveyStatus.CLOSED,
            closed_at=survey.closed_at,
        )
        ScaleResult.objects.bulk_create(
            ScaleResult(survey=other, scale=scale.key, n=400, mean=45.0 + 3 * index, m2=400 * 300.0)
            for scale in version.spec.scales
        )
    return user, survey


def _times(action: Callable[[], object], repeat: int, before: Callable[[], object] | None = None) -> list[float]:
    result = []
    for _ in range(repeat):
        if before is not None:
            before()
        start = time.perf_counter()
        action()
        result.append((time.perf_counter() - start) * 1000)
    return result


def _row(name: str, times: list[float]) -> dict[str, object]:
    ordered = sorted(times)
    return {
        "what": name,
        "median_ms": round(statistics.median(ordered), 1),
        "p90_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))], 1),
        "best_ms": round(ordered[0], 1),
        "runs": len(ordered),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--responses", type=int, default=2000)
    parser.add_argument("--units", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--no-fail", action="store_true", help="exit 0 even when the target is missed")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="vereinbar-bench-") as data_dir:
        _setup_django(data_dir)
        from django.core.cache import cache
        from django.db import connection
        from django.test import Client

        from vereinbar.organisations.models import Organisation
        from vereinbar.surveys.report import report_build
        from vereinbar.surveys.report.charts import CHARTS
        from vereinbar.surveys.report.exports import report_csv, report_xlsx
        from vereinbar.surveys.report.pdf import report_pdf

        started = time.perf_counter()
        user, survey = _build(args.responses, _units(args.units))
        print(f"set-up: {time.perf_counter() - started:.1f} s ({connection.vendor})", flush=True)
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        base = f"/en/workspace/kreis-bench/surveys/{survey.pk}/results/"

        def get(path: str) -> None:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)

        # Warm up imports (numpy, scipy, matplotlib, templates) once, as a running server would be.
        for path in ("", "chart/profile.svg", "chart/heatmap.svg", "chart/rates.svg", "chart/trend.svg"):
            get(base + path)
        report = report_build(survey=survey, language="en")
        assert report.published and len(report.units) == args.units, report.notes

        rows = [
            _row(
                "baseline: trivial query", _times(lambda: Organisation.objects.filter(pk=1).exists(), args.repeat * 4)
            ),
            _row("baseline: trivial view (/health/)", _times(lambda: get("/health/"), args.repeat * 4)),
            _row("results page, computed (cache cleared)", _times(lambda: get(base), args.repeat, before=cache.clear)),
            _row("results page, cached report", _times(lambda: get(base), args.repeat)),
            _row(
                "report figures only (report_build)",
                _times(lambda: report_build(survey=survey, language="en"), args.repeat),
            ),
        ]
        for name in CHARTS:
            rows.append(
                _row(f"chart {name}.svg (report cached)", _times(lambda n=name: get(f"{base}chart/{n}.svg"), 5))
            )
        rows.append(_row("figures.csv (report cached)", _times(lambda: report_csv(report), 5)))
        rows.append(_row("figures.xlsx (report cached)", _times(lambda: report_xlsx(report), 5)))
        rows.append(_row("report.pdf with 4 charts", _times(lambda: report_pdf(report), 3)))

    width = max(len(str(row["what"])) for row in rows)
    print(f"\n{'what'.ljust(width)}  median      p90     best")
    for row in rows:
        print(f"{str(row['what']).ljust(width)}  {row['median_ms']:>6} ms {row['p90_ms']:>6} ms {row['best_ms']:>6} ms")
    page = next(row for row in rows if row["what"] == "results page, computed (cache cleared)")
    met = float(page["median_ms"]) <= TARGET_MS  # type: ignore[arg-type]
    print(f"\ntarget: results page ≤ {TARGET_MS:.0f} ms (median, computed) → {'met' if met else 'MISSED'}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps({"responses": args.responses, "units": args.units, "rows": rows, "target_met": met}, indent=2)
        )
    return 0 if met or args.no_fail else 1


if __name__ == "__main__":
    sys.exit(main())
