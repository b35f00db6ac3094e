"""The three survey benchmarks of the design, one after the other, with one command:

1. programme-wide statistics over 1,000,000 responses × 40 items against DuckDB
   (``survey_benchmark.py``);
2. one organisation's full report, 2,000 responses, 10 units, server time against a trivial
   view (``survey_report.py``);
3. sustained submissions on the embedded SQLite with the count check (``survey_submissions.py``).

Each prints its figures beside the baseline measured in the same run. Exits non-zero when
any of them fails or misses its target; the others still run.

Run:  .venv/bin/python bench/surveys.py [--quick]   (needs requirements-bench.txt)
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

FULL: list[tuple[str, list[str]]] = [
    ("survey_benchmark.py", []),
    ("survey_report.py", []),
    ("survey_submissions.py", []),
]
QUICK: list[tuple[str, list[str]]] = [
    ("survey_benchmark.py", ["--responses", "100000", "--organisations", "100"]),
    ("survey_report.py", ["--repeat", "5", "--no-fail"]),
    ("survey_submissions.py", ["--seconds", "5", "--no-fail"]),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--quick", action="store_true", help="smaller data and shorter runs, targets not enforced (a smoke test)"
    )
    args = parser.parse_args()
    results: list[tuple[str, int, float]] = []
    for script, options in QUICK if args.quick else FULL:
        print(f"\n===== {script} {' '.join(options)}", flush=True)
        started = time.perf_counter()
        code = subprocess.call([sys.executable, str(HERE / script), *options])
        results.append((script, code, time.perf_counter() - started))
    print("\n===== summary")
    for script, code, seconds in results:
        print(f"  {'ok    ' if code == 0 else 'FAILED'}  {seconds:7.1f} s  {script}")
    return 0 if all(code == 0 for _script, code, _seconds in results) else 1


if __name__ == "__main__":
    sys.exit(main())
