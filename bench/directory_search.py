"""Public directory search with 10,000 organisations under concurrent clients, against the
production-like server, beside a trivial view on the same server.

Builds a fresh installation (SQLite in a temporary directory, or the PostgreSQL database of
``--database-url``), migrates it, loads the measure catalogue, the programme library and the
instrument library the way the demo does (``demo_load`` without the demo employers), and
generates the organisations with bulk inserts: kinds, sectors, German and Dutch regions and
cities, staff counts (log-normal), descriptions in the organisation's language, measures from
the catalogue (public or internal, in place or planned) and awards of the library's
programmes (valid, expired, superseded chains, revoked; some organisations pending or with no
award in force, so not listed). Then gunicorn starts with deploy/gunicorn.conf.py (gthread,
DEBUG off, access log to a file) on a free loopback port, every worker is warmed up, and
``--clients`` threads with keep-alive connections run two timed phases of ``--seconds`` each:

1. baseline: the trivial view ``/health/`` (one ``SELECT 1``);
2. the directory: a mix of the plain list, searches in German, Dutch and English, filter
   combinations (programme, level, country, region, sector, kind, size, measure, awarded
   since), later pages, the other sorts, and some htmx partial requests, in /de/, /nl/, /en/.

Prints p50/p95/p99, throughput and errors for both and per kind of directory request, and the
ratio of the throughputs. Target (docs/performance.md): p95 ≤ 50 ms; throughput ≥ 50 % of the trivial
view. Exits 1 on any error, 2 when a target is missed (unless --no-fail).

Run:  .venv/bin/python bench/directory_search.py [--seconds 30] [--clients 16]
      .venv/bin/python bench/directory_search.py --database-url postgres://vereinbar@127.0.0.1:54400/vb_i_directory
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common

TARGET_P95_MS = 50.0
TARGET_RATIO = 0.5

# --- Made-up organisations ------------------------------------------------------------------

from vereinbar.core.examples import examples_generate, vocabulary  # noqa: E402

# What visitors search for, per language (catalogue words, synonyms, places, names).
SEARCHES = {
    "de": ["Kinderbetreuung", "Pflege", "Homeoffice", "flexible Arbeitszeit", "Teilzeit", "Beratung",
           "Stadt", "Klinikum", "Jobcenter", "Eltern", "Sabbatical", "Betriebskita", "GmbH", "Köln", "Berg"],
    "nl": ["kinderopvang", "mantelzorg", "thuiswerken", "flexibele werktijden", "verlof", "Gemeente",
           "Zorggroep", "ouderschapsverlof", "Stichting", "Rotterdam"],
    "en": ["childcare", "carer", "remote work", "flexible hours", "parental leave", "part-time", "hospital",
           "coaching"],
}  # fmt: skip


def seed(organisations: int, seed_value: int = 20261123) -> dict[str, Any]:
    """The programme library, the catalogue and ``organisations`` made-up employers."""
    from vereinbar.core.demo import demo_load

    demo_load(employers=set())  # operators, catalogue, programme and instrument library
    return generate(organisations, seed_value)


def generate(organisations: int, seed_value: int = 20261123) -> dict[str, Any]:
    """``organisations`` made-up employers with measures and awards (vereinbar.core.examples)."""
    return examples_generate(organisations, seed_value)


# --- The request mix -------------------------------------------------------------------------


def _sectors() -> list[str]:
    return sorted({sector for kind in vocabulary()["kinds"].values() for sector in kind["sectors"]})


SIZES = ["1-9", "10-49", "50-249", "250-999", "1000+"]


def request_mix(facts: dict[str, Any], rng: random.Random) -> tuple[str, str, dict[str, str]]:
    """One directory request as a visitor makes it: (class, path, headers)."""
    language = rng.choices(["de", "nl", "en"], [5, 3, 2])[0]
    params: dict[str, str] = {}
    roll = rng.random()
    headers: dict[str, str] = {}
    if roll < 0.15:
        kind = "plain list"
    elif roll < 0.40:
        kind = "search"
        params["q"] = rng.choice(SEARCHES[language])
    elif roll < 0.70:
        kind = "filters"
        country = rng.choice(["DE", "NL"])
        choices = {
            "programme": lambda: rng.choice(facts["programmes"]),
            "level": lambda: rng.choice(facts["levels"]) if facts["levels"] else "",
            "country": lambda: country,
            "region": lambda: rng.choice(facts["regions"][country]),
            "sector": lambda: rng.choice(_sectors()),
            "kind": lambda: rng.choice(list(vocabulary()["kinds"])),
            "size": lambda: rng.choice(SIZES),
            "measure": lambda: rng.choice(facts["measure_types"]),
            "since": lambda: str(rng.randint(2019, 2025)),
        }
        for name in rng.sample(list(choices), k=rng.choice((1, 1, 2, 2, 3))):
            params[name] = choices[name]()
        if rng.random() < 0.3:
            params["q"] = rng.choice(SEARCHES[language])
    elif roll < 0.85:
        kind = "page 2..n"
        params["page"] = str(rng.randint(2, 60))
        if rng.random() < 0.5:
            params["country"] = rng.choice(["DE", "NL"])
    else:
        kind = "sorted"
        params["sort"] = rng.choice(["recent", "first", "size"])
        if rng.random() < 0.5:
            params["sector"] = rng.choice(_sectors())
    if rng.random() < 0.2:  # the form swapped in place by htmx
        headers = {"HX-Request": "true", "HX-Target": "directory"}
    path = f"/{language}/" + (f"?{urlencode(params)}" if params else "")
    return kind, path, headers


def profile(facts: dict[str, Any], count: int) -> None:
    """In process, through Django's test client: time and queries per kind of request, and what
    the slowest requests spent their time on (cProfile), without the server and the clients."""
    import cProfile
    import pstats
    from collections import defaultdict

    from django.db import connection
    from django.test import Client as TestClient
    from django.test.utils import CaptureQueriesContext

    client = TestClient(HTTP_HOST="127.0.0.1")
    rng = random.Random(7)
    started = time.perf_counter()
    client.get("/de/")
    print(f"first request (builds what the directory keeps in memory): {(time.perf_counter() - started) * 1000:.0f} ms")
    times: dict[str, list[float]] = defaultdict(list)
    queries: dict[str, list[int]] = defaultdict(list)
    slowest: list[tuple[float, str]] = []
    profiler = cProfile.Profile()
    for _ in range(count):
        kind, path, headers = request_mix(facts, rng)
        extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            profiler.enable()
            response = client.get(path, **extra)
            profiler.disable()
            elapsed = time.perf_counter() - started
        assert response.status_code == 200, (path, response.status_code)
        times[kind].append(elapsed)
        queries[kind].append(len(captured.captured_queries))
        slowest.append((elapsed, path))
    print("\nin process (Django test client), per kind of request: mean / max ms, queries")
    for kind in sorted(times):
        values = times[kind]
        print(
            f"  {kind:12} n={len(values):3}  {sum(values) / len(values) * 1000:7.1f} / {max(values) * 1000:7.1f} ms"
            f"  queries {min(queries[kind])}–{max(queries[kind])}"
        )
    print("  slowest: " + "; ".join(f"{t * 1000:.0f} ms {p}" for t, p in sorted(slowest, reverse=True)[:5]))
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(60)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--organisations", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=30.0, help="length of each measured phase")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--warmup", type=float, default=20.0, help="seconds of directory traffic before measuring")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (production default: 4)")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (production default: 4)")
    parser.add_argument("--database-url", default="", help="postgres://… (a database the script may drop)")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--keep", action="store_true", help="keep the data directory / database")
    parser.add_argument("--reuse", type=Path, help="keep the installation in this directory; use it if seeded")
    parser.add_argument("--no-fail", action="store_true", help="exit 0 even when a target is missed")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="only profile N requests in process")
    args = parser.parse_args()

    with _common.installation(args.database_url, keep=args.keep, reuse=args.reuse) as inst:
        _common.django_setup(inst.env)
        if inst.fresh:
            started = time.monotonic()
            _common.migrate_and_collect()
            print(f"migrated in {time.monotonic() - started:.1f} s ({inst.database})", flush=True)
            facts = seed(args.organisations)
            (inst.data_dir / "facts.json").write_text(json.dumps(facts))
        else:
            facts = json.loads((inst.data_dir / "facts.json").read_text())
        _common.close_connections()
        print(
            f"seeded {facts['organisations']} organisations ({facts['listed']} listed), {facts['measures']} measures,"
            f" {facts['awards']} awards in {facts['seconds']:.1f} s ({facts['cpu_seconds']:.1f} s CPU)",
            flush=True,
        )
        if args.profile:
            profile(facts, args.profile)
            return 0
        # The directory's shared page cache (DATA_DIR/cache) starts empty, as on a new server:
        # pages kept by an earlier run on the same data would answer this run's requests.
        shutil.rmtree(inst.data_dir / "cache", ignore_errors=True)
        with _common.Server(inst, workers=args.workers, threads=args.threads) as server:
            port = server.port

            def health(index: int, recorder: _common.Recorder, running: Any) -> None:
                client = _common.Client(port)
                while running():
                    with recorder.timed("trivial view (/health/)"):
                        client.get("/health/")

            # How often the mix asks what was asked before (warm-up included): the share of
            # requests a process's kept pages could answer at best (each worker keeps its own).
            asked: set[str] = set()
            repeats = {"seen": 0, "new": 0}
            phase = {"seed": 1000}

            def directory(index: int, recorder: _common.Recorder, running: Any) -> None:
                rng = random.Random(phase["seed"] + index)  # other queries in the measured phase
                client = _common.Client(port)
                while running():
                    kind, path, headers = request_mix(facts, rng)
                    repeats["seen" if path in asked else "new"] += 1
                    asked.add(path)
                    with recorder.timed(kind):
                        client.get(path, **headers)

            # Warm up (imports, templates, connections; each worker builds its directory index)
            # right before each phase: gunicorn recycles a worker now and then (max_requests),
            # and a new worker builds its index.
            _common.run_clients(args.clients, 3.0, health)
            load_before = _common.load_average()
            cpu = server.cpu_seconds()
            baseline = _common.run_clients(args.clients, args.seconds, health)
            cpu_baseline = server.cpu_seconds() - cpu
            _common.run_clients(args.clients, args.warmup, directory)
            phase["seed"], repeats["seen"], repeats["new"] = 2000, 0, 0
            cpu = server.cpu_seconds()
            measured = _common.run_clients(args.clients, args.seconds, directory)
            cpu_measured = server.cpu_seconds() - cpu
            load_after = _common.load_average()

    base = baseline.total()
    total = measured.total()
    rows = [base, {**total, "class": "**directory, all requests**"}, *measured.rows()]
    ratio = float(total["per_second"]) / float(base["per_second"]) if base["per_second"] else 0.0  # type: ignore[arg-type]
    print(
        f"\n{args.organisations} organisations ({facts['listed']} listed), {args.clients} clients, {args.seconds:.0f} s"
        f" per phase, gunicorn {args.workers} workers × {args.threads} threads, {inst.database};"
        f" load average {load_before} → {load_after}\n"
    )
    print(_common.table(rows))
    p95 = float(total["p95_ms"])  # type: ignore[arg-type]
    errors = int(total["errors"]) + int(base["errors"])  # type: ignore[call-overload]
    met_p95, met_ratio = p95 <= TARGET_P95_MS, ratio >= TARGET_RATIO
    print(
        f"\nthroughput ratio directory / trivial view: {ratio:.0%}"
        f" (target ≥ {TARGET_RATIO:.0%}: {'met' if met_ratio else 'MISSED'});"
        f" directory p95 {p95:.1f} ms (target ≤ {TARGET_P95_MS:.0f} ms: {'met' if met_p95 else 'MISSED'});"
        f" errors {errors}"
    )
    cpu_per_request = {
        "baseline": cpu_baseline * 1000 / max(int(base["requests"]), 1),  # type: ignore[call-overload]
        "directory": cpu_measured * 1000 / max(int(total["requests"]), 1),  # type: ignore[call-overload]
    }
    print(
        f"server CPU per request (all its processes, from /proc): trivial view {cpu_per_request['baseline']:.2f} ms,"
        f" directory {cpu_per_request['directory']:.2f} ms; their ratio (the throughput ratio if the server"
        f" had the machine to itself): {cpu_per_request['baseline'] / max(cpu_per_request['directory'], 1e-9):.0%}"
    )
    asked_total = repeats["seen"] + repeats["new"]
    print(
        f"directory requests asked before (warm-up or earlier in the phase, any worker): {repeats['seen']}"
        f" of {asked_total} ({repeats['seen'] / max(asked_total, 1):.0%}); a worker's kept pages can only"
        " answer these"
    )
    for row in measured.rows():
        for example in row["example_errors"]:  # type: ignore[attr-defined]
            print(f"  error ({row['class']}): {example}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(
                {"database": inst.database, "facts": {k: facts[k] for k in ("organisations", "listed", "measures",
                 "awards")}, "rows": rows, "ratio": ratio, "load_average": [load_before, load_after],
                 "server_cpu_ms_per_request": cpu_per_request},
                indent=1, default=str,
            )
        )  # fmt: skip
    if errors:
        return 1
    return 0 if (met_p95 and met_ratio) or args.no_fail else 2


if __name__ == "__main__":
    sys.exit(main())
