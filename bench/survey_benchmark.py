"""Programme-wide survey benchmark: vereinbar.surveys.statistics against a DuckDB query.

Synthetic programme (default 1,000,000 responses × 40 items from 1,000 organisations,
8 scales of 5 items, Likert 5, about 5 % missing answers, one reverse-scored item per
scale). Both sides compute the same figures from the same answers:

- per organisation and scale: n, mean, SD of the scale scores;
- programme-wide per scale: contributing organisations (≥ k answers), n, mean, SD;
- per organisation and scale: the benchmark of all *other* contributing organisations
  (organisations, n, mean, SD; shown only when at least 5 contribute).

Timings are the best of ``--repeat`` runs, the two sides interleaved in one process. DuckDB
gets the answers loaded into a table beforehand (loading is not timed), once as DOUBLE and
once as UTINYINT; the ratio is taken against the faster of the two. A second check times one
organisation's full report (2,000 responses, 10 units, two breakdowns).

Run:  .venv/bin/python bench/survey_benchmark.py  (needs requirements-bench.txt)
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from vereinbar.surveys.anonymity import category_groups, crossed_groups, total_group, unit_groups
from vereinbar.surveys.statistics import (
    Questionnaire,
    benchmark,
    benchmarks_excluding_each,
    group_report,
    highlights,
    partition_moments,
    scale_scores,
    summarise,
)

K = 5
N_SCALES = 8
ITEMS_PER_SCALE = 5
LEVELS = 5
TARGET_SECONDS = 5.0
TARGET_RATIO = 2.0
REPORT_TARGET_MS = 300.0


def questionnaire() -> Questionnaire:
    items = N_SCALES * ITEMS_PER_SCALE
    return Questionnaire.create(
        levels=LEVELS,
        scale_of_item=np.arange(items) // ITEMS_PER_SCALE,
        reverse=np.arange(items) % ITEMS_PER_SCALE == ITEMS_PER_SCALE - 1,
        higher_is_better=np.arange(N_SCALES) % 4 != 3,
    )


def synthetic_answers(
    n_responses: int, n_orgs: int, seed: int = 20240501, missing: float = 0.05
) -> tuple[np.ndarray, np.ndarray]:
    """Answers (responses × items, column-major, NaN missing) and the organisation of each response."""
    rng = np.random.default_rng(seed)
    weights = rng.lognormal(0.0, 0.8, n_orgs)
    org = rng.choice(n_orgs, size=n_responses, p=weights / weights.sum()).astype(np.int64)
    org_level = rng.normal(0.0, 0.35, (n_orgs, N_SCALES))
    items = N_SCALES * ITEMS_PER_SCALE
    answers = np.empty((n_responses, items), order="F")
    for scale in range(N_SCALES):
        latent = 3.0 + org_level[org, scale] + rng.normal(0.0, 0.8, n_responses)
        for item in range(ITEMS_PER_SCALE):
            j = scale * ITEMS_PER_SCALE + item
            answer = np.clip(np.rint(latent + rng.normal(0.0, 0.7, n_responses)), 1, LEVELS)
            if item == ITEMS_PER_SCALE - 1:  # reverse-worded item
                answer = LEVELS + 1 - answer
            answer[rng.random(n_responses) < missing] = np.nan
            answers[:, j] = answer
    return answers, org


def numpy_figures(answers: np.ndarray, org: np.ndarray, n_orgs: int, q: Questionnaire) -> dict[str, np.ndarray]:
    """All benchmark figures with the statistics module."""
    scores = scale_scores(answers, q)
    per_org = partition_moments(scores, org, n_orgs)
    org_summary = summarise(per_org)
    programme = benchmark(per_org, k=K)
    others = benchmarks_excluding_each(per_org, k=K)
    return {
        "org_n": org_summary.n,
        "org_mean": org_summary.mean,
        "org_sd": org_summary.sd,
        "programme_orgs": programme.organisations,
        "programme_n": programme.summary.n,
        "programme_mean": programme.summary.mean,
        "programme_sd": programme.summary.sd,
        "others_orgs": others.organisations,
        "others_n": others.summary.n,
        "others_mean": others.summary.mean,
        "others_sd": others.summary.sd,
    }


def duckdb_query(q: Questionnaire) -> str:
    """One SQL query for the same figures: scale scores, per-organisation aggregates, benchmarks.

    Built from constants and the questionnaire only (no outside input), hence the S608 waivers.
    """
    slope, offset = q.coefficients()
    scored = []
    for s in range(N_SCALES):
        items = np.flatnonzero(q.scale_of_item == s).tolist()
        answered = " + ".join(f"(q{j} IS NOT NULL)::INTEGER" for j in items)
        total = " + ".join(f"coalesce(q{j} * {float(slope[j])!r} + {float(offset[j])!r}, 0)" for j in items)
        scored.append(f"CASE WHEN ({answered}) >= {len(items) / 2} THEN ({total}) / ({answered}) END AS s{s}")
    aggregates = ", ".join(
        f"count(s{s}) AS n{s}, sum(s{s}) AS t{s}, sum(s{s} * s{s}) AS q{s}, avg(s{s}) AS m{s}, stddev_samp(s{s}) AS d{s}"
        for s in range(N_SCALES)
    )
    long = " UNION ALL ".join(
        f"SELECT org, {s} AS scale, n{s} AS n, t{s} AS t, q{s} AS q, m{s} AS m, d{s} AS d FROM per_org"  # noqa: S608
        for s in range(N_SCALES)
    )
    return f"""
    WITH scored AS (SELECT org, {", ".join(scored)} FROM responses),
    per_org AS MATERIALIZED (SELECT org, {aggregates} FROM scored GROUP BY org),
    long AS (SELECT *, n >= {K} AS contributes FROM ({long})),
    programme AS (
        SELECT scale, count(*) FILTER (contributes) AS orgs, sum(n) FILTER (contributes) AS n,
               sum(t) FILTER (contributes) AS t, sum(q) FILTER (contributes) AS q
        FROM long GROUP BY scale),
    others AS (
        SELECT l.org, l.scale, l.n, l.m, l.d, p.orgs AS p_orgs, p.n AS p_n, p.t / p.n AS p_mean,
               sqrt((p.q - p.t * p.t / p.n) / (p.n - 1)) AS p_sd,
               p.orgs - l.contributes::INTEGER AS o_orgs,
               p.n - CASE WHEN l.contributes THEN l.n ELSE 0 END AS o_n,
               p.t - CASE WHEN l.contributes THEN l.t ELSE 0 END AS o_t,
               p.q - CASE WHEN l.contributes THEN l.q ELSE 0 END AS o_q
        FROM long l JOIN programme p USING (scale))
    SELECT org, scale, n, m, d, p_orgs, p_n, p_mean, p_sd, o_orgs,
           CASE WHEN o_orgs >= 5 THEN o_n END AS o_n,
           CASE WHEN o_orgs >= 5 THEN o_t / o_n END AS o_mean,
           CASE WHEN o_orgs >= 5 THEN sqrt((o_q - o_t * o_t / o_n) / (o_n - 1)) END AS o_sd
    FROM others ORDER BY org, scale
    """  # noqa: S608


def duckdb_figures(con: Any, table: str, query: str, n_orgs: int) -> dict[str, np.ndarray]:
    result = con.execute(query.replace("FROM responses", f"FROM {table}")).fetchnumpy()
    shape = (n_orgs, N_SCALES)

    def grid(name: str) -> np.ndarray:
        column = result[name]
        values = np.ma.filled(column.astype(np.float64), np.nan) if np.ma.isMaskedArray(column) else column
        out = np.full(shape, np.nan)
        out[result["org"], result["scale"]] = values
        return out

    first = np.unique(result["scale"], return_index=True)[1]
    return {
        "org_n": grid("n"),
        "org_mean": grid("m"),
        "org_sd": grid("d"),
        "programme_orgs": np.asarray(result["p_orgs"])[first],
        "programme_n": np.asarray(result["p_n"])[first],
        "programme_mean": np.asarray(result["p_mean"])[first],
        "programme_sd": np.asarray(result["p_sd"])[first],
        "others_orgs": grid("o_orgs"),
        "others_n": np.nan_to_num(grid("o_n")),
        "others_mean": grid("o_mean"),
        "others_sd": grid("o_sd"),
    }


def compare(ours: dict[str, np.ndarray], theirs: dict[str, np.ndarray], rtol: float = 1e-9) -> dict[str, float]:
    """Largest relative difference per figure (0 when identical, inf when NaN patterns differ)."""
    worst: dict[str, float] = {}
    for name, value in ours.items():
        a = np.asarray(value, dtype=np.float64)
        b = np.asarray(theirs[name], dtype=np.float64)
        if a.shape != b.shape or not np.array_equal(np.isnan(a), np.isnan(b)):
            worst[name] = float("inf")
            continue
        finite = ~np.isnan(a)
        scale = np.maximum(np.abs(b[finite]), 1.0)
        worst[name] = float(np.max(np.abs(a[finite] - b[finite]) / scale, initial=0.0))
    return worst


def best_of(repeat: int, run: Callable[[], Any]) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def organisation_report_ms(repeat: int) -> dict[str, float]:
    """One organisation's full report: 2,000 responses, 10 units, age band and gender, unit × age band."""
    rng = np.random.default_rng(7)
    n = 2000
    q = questionnaire()
    answers, _ = synthetic_answers(n, 1, seed=11)
    answers = np.ascontiguousarray(answers)  # rows as the web layer builds them
    # unit 0 = organisation, 1-3 departments, 4-9 teams under the departments
    parent = [-1, 0, 0, 0, 1, 1, 2, 2, 3, 3]
    unit = rng.choice(np.arange(10), size=n, p=np.array([1, 2, 2, 2, 8, 6, 8, 3, 5, 1]) / 38)
    units = unit_groups(unit, parent, [f"unit:{u}" for u in range(10)])
    ages = category_groups(
        rng.choice([-1, 0, 1, 2, 3], size=n, p=[0.05, 0.1, 0.35, 0.35, 0.15]), ["age:0", "age:1", "age:2", "age:3"]
    )
    genders = category_groups(rng.choice([-1, 0, 1, 2], size=n, p=[0.05, 0.5, 0.44, 0.01]), ["g:f", "g:m", "g:d"])
    departments = unit_groups(unit, parent, [f"d:{u}" for u in range(10)])
    depts = type(units)(departments.keys[1:4], departments.membership[1:4])
    groups = total_group(n) + units + ages + genders + crossed_groups(depts, ages)
    reference = np.full(N_SCALES, 50.0)

    def run() -> Any:
        report = group_report(answers, q, groups)
        return report, highlights(report.summary.mean[0], reference, q.higher_is_better)

    first_start = time.perf_counter()
    report, _ = run()
    first = time.perf_counter() - first_start
    best, _ = best_of(repeat, run)
    suppressed = int((~report.published).sum())
    return {
        "first_ms": first * 1000,
        "best_ms": best * 1000,
        "groups": float(groups.n_groups),
        "suppressed_cells": float(suppressed),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--organisations", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args()
    try:
        import duckdb
    except ImportError:
        print("duckdb missing: install requirements-bench.txt", file=sys.stderr)
        return 2

    q = questionnaire()
    print(f"generating {args.responses:,} responses × {q.n_items} items, {args.organisations:,} organisations …")
    answers, org = synthetic_answers(args.responses, args.organisations)
    con = duckdb.connect()
    con.register("source", {"org": org, **{f"q{j}": answers[:, j] for j in range(q.n_items)}})
    for table, sql_type in (("responses_double", "DOUBLE"), ("responses_tinyint", "UTINYINT")):
        columns = ", ".join(
            f"CAST(CASE WHEN isnan(q{j}) THEN NULL ELSE q{j} END AS {sql_type}) AS q{j}" for j in range(q.n_items)
        )
        con.execute(f"CREATE TABLE {table} AS SELECT org, {columns} FROM source")  # noqa: S608
    con.unregister("source")
    threads = con.execute("SELECT current_setting('threads')").fetchone()
    query = duckdb_query(q)

    times: dict[str, float] = {"numpy": float("inf"), "duckdb_double": float("inf"), "duckdb_tinyint": float("inf")}
    results: dict[str, dict[str, np.ndarray]] = {}
    runs: dict[str, Callable[[], dict[str, np.ndarray]]] = {
        "numpy": lambda: numpy_figures(answers, org, args.organisations, q),
        "duckdb_double": lambda: duckdb_figures(con, "responses_double", query, args.organisations),
        "duckdb_tinyint": lambda: duckdb_figures(con, "responses_tinyint", query, args.organisations),
    }
    for _ in range(args.repeat):  # interleaved, so that machine noise hits both sides
        for name, run in runs.items():
            elapsed, results[name] = best_of(1, run)
            times[name] = min(times[name], elapsed)

    differences = {name: compare(results["numpy"], results[name]) for name in ("duckdb_double", "duckdb_tinyint")}
    agree = all(v <= 1e-9 for diff in differences.values() for v in diff.values())
    baseline = min(times["duckdb_double"], times["duckdb_tinyint"])
    ratio = times["numpy"] / baseline
    report = organisation_report_ms(args.repeat * 3)

    print(f"DuckDB {duckdb.__version__}, threads={threads[0] if threads else '?'}; numpy {np.__version__}")
    print(f"statistics module (numpy) : {times['numpy']:.3f} s")
    print(f"DuckDB, DOUBLE columns    : {times['duckdb_double']:.3f} s")
    print(f"DuckDB, UTINYINT columns  : {times['duckdb_tinyint']:.3f} s")
    print(f"ratio numpy / faster DuckDB: {ratio:.2f} (target ≤ {TARGET_RATIO}); target ≤ {TARGET_SECONDS} s")
    worst = max(max(diff.values()) for diff in differences.values())
    print(f"figures agree: {'yes' if agree else 'NO'} (largest relative difference {worst:.1e})")
    if not agree:
        for name, diff in differences.items():
            print(f"  {name}: " + ", ".join(f"{k}={v:.1e}" for k, v in diff.items() if v > 1e-9))
    print(
        f"one organisation's report (2,000 responses, {report['groups']:.0f} groups): "
        f"first {report['first_ms']:.0f} ms, best {report['best_ms']:.0f} ms (target ≤ {REPORT_TARGET_MS:.0f} ms), "
        f"{report['suppressed_cells']:.0f} cells suppressed"
    )
    met = agree and times["numpy"] <= TARGET_SECONDS and ratio <= TARGET_RATIO and report["best_ms"] <= REPORT_TARGET_MS
    print("targets met" if met else "TARGETS MISSED")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        payload = {"seconds": times, "ratio": ratio, "agree": agree, "differences": differences, "report": report}
        args.json.write_text(json.dumps(payload, indent=2))
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
