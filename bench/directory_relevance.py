"""A directory search's own cost in process: CPU time (``time.process_time``) of the plain list,
a broad word and a narrow word, median of ``--runs``, over ``--organisations`` made-up employers
built as ``directory_search.py`` builds them (SQLite; kept pages off, so nothing is read from the
cache). Per query: the page's reads as the view makes them (``directory_search``: the statement,
the rows, why each row matched), the page's ids alone in its order (``directory_find`` without
counts) and why the page's rows matched (``matches_for``). Beside them, measured in the same run
as the baseline: one indexed query through the ORM (an organisation by its primary key), the
floor under any statement the page makes.

Run:  .venv/bin/python bench/directory_relevance.py [--organisations 1000] [--runs 15]
      [--reuse /tmp/dir-bench]   (keeps the seeded installation for the next run)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common
from directory_search import seed

QUERIES = {"plain list": "", "broad word": "Pflege", "narrow word": "Sabbatical"}


def cpu_ms(work: Callable[[], object], runs: int) -> float:
    """The median CPU time of ``runs`` calls, after two unmeasured ones."""
    for _ in range(2):
        work()
    times = []
    for _ in range(runs):
        started = time.process_time()
        work()
        times.append(time.process_time() - started)
    return statistics.median(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--organisations", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--language", default="de")
    parser.add_argument("--reuse", type=Path, help="keep the installation in this directory; use it if seeded")
    args = parser.parse_args()

    with _common.installation(reuse=args.reuse) as inst:
        inst.env["VEREINBAR_DIRECTORY_KEEP_SECONDS"] = "0"
        _common.django_setup(inst.env)
        if inst.fresh:
            _common.migrate_and_collect()
            facts = seed(args.organisations)
            (inst.data_dir / "facts.json").write_text(json.dumps(facts, default=str))
        from django.utils import translation

        from vereinbar.directory.find import directory_find
        from vereinbar.directory.matches import matches_for
        from vereinbar.directory.search import DirectoryQuery
        from vereinbar.directory.selectors import _rows, directory_search, entries_of

        print(
            f"{args.organisations} organisations, SQLite, CPU median of {args.runs} runs (load {_common.load_average()})"
        )
        from vereinbar.organisations.models import Organisation

        first = Organisation.objects.order_by("pk").values_list("pk", flat=True).first()
        floor = cpu_ms(lambda: Organisation.objects.filter(pk=first).exists(), args.runs)
        print(f"{'baseline: one indexed query':28} {'':6} {floor:6.2f}ms")
        print(f"{'query':28} {'found':>6} {'page':>8} {'ids':>8} {'matched':>8}")
        with translation.override(args.language):
            for label, word in QUERIES.items():
                query = DirectoryQuery(q=word)
                found = directory_find(query, counts=False, page=1)
                entries = entries_of(_rows(found.ids))
                total = directory_search(query).total
                if word and not total:  # a search that finds nothing measures nothing
                    print(f"{label} ({word}) found nothing: the data is not what this bench needs", file=sys.stderr)
                    return 1
                page = cpu_ms(lambda query=query: directory_search(query), args.runs)
                ids = cpu_ms(lambda query=query: directory_find(query, counts=False, page=1), args.runs)
                matched = cpu_ms(
                    lambda query=query, entries=entries, found=found: matches_for(entries, found.words), args.runs
                )
                name = f"{label} ({word})" if word else label
                print(f"{name:28} {total:6} {page:6.2f}ms {ids:6.2f}ms {matched:6.2f}ms", flush=True)
        print(f"load {_common.load_average()}; pid {os.getpid()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
