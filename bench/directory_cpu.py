"""CPU per directory request in process, by kind of request: the request mix of
``directory_search.py`` (plain list, searches, filters, later pages, sorts, htmx partials)
through Django's test client, kept pages off, median of ``time.process_time`` per kind over
``--rounds`` passes after an unmeasured one. No server: what the code itself costs a request,
for comparing two versions of it run alternately on one installation (``--root``: the tree of
another version, e.g. from ``git archive``, with its .mo files compiled).

``--dump DIR`` writes the bodies of the mix and of about twenty representative queries (full
page and htmx fragment), CSP nonces and CSRF tokens blanked, to compare two versions' HTML.

Run:  .venv/bin/python bench/directory_cpu.py --reuse /tmp/dir-bench [--rounds 3] [--root TREE] [--dump DIR]
      (the installation of ``directory_search.py --organisations 1000 --reuse /tmp/dir-bench``)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

KINDS = ["plain list", "search", "filters", "page 2..n", "sorted", "htmx partial"]
REPRESENTATIVE = [
    "/de/", "/nl/", "/en/", "/de/?q=Pflege", "/nl/?q=mantelzorg", "/en/?q=childcare", "/de/?q=Sabbatical",
    "/en/?q=parental+leave", "/nl/?q=kinderopvang&country=NL", "/de/?q=GmbH", "/de/?q=K%C3%B6ln",
    "/de/?country=DE", "/nl/?country=NL&sort=size", "/de/?page=3", "/en/?page=40&country=DE", "/de/?sort=recent",
    "/de/?sort=first&sector=health", "/de/?q=Pflege&page=2", "/de/?since=2022-01-01", "/de/?q=zzzzqqq",
    "/de/?q=Pflege&sort=name", "/en/?q=remote+work&size=1000%2B",
]  # fmt: skip
_RANDOM = re.compile(rb'(nonce="|name="csrfmiddlewaretoken" value=")[A-Za-z0-9_-]+"')


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--reuse", type=Path, required=True, help="a seeded installation of directory_search.py")
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent, help="the code's tree")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--dump", type=Path, help="write the response bodies here")
    args = parser.parse_args()
    root = args.root.resolve()
    sys.path.insert(0, str(root / "bench"))
    sys.path.insert(0, str(root / "src"))
    import _common

    if not (args.reuse / "facts.json").exists():
        raise SystemExit(f"no seeded installation in {args.reuse} (run directory_search.py --reuse first)")
    with _common.installation(reuse=args.reuse) as inst:
        os.environ.update({**inst.env, "VEREINBAR_DIRECTORY_KEEP_SECONDS": "0", "PYTHONPATH": str(root / "src")})
        import django

        django.setup()
        from django.test import Client

        from directory_search import query_facts, request_mix

        facts = query_facts(json.loads((inst.data_dir / "facts.json").read_text()))
        rng = random.Random(7)
        mix: list[tuple[str, str, dict[str, str]]] = []
        for _ in range(args.requests):
            kind, path, headers = request_mix(facts, rng)
            extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
            mix.append(("htmx partial" if headers else kind, path, extra))
        fragment = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "directory"}
        shown = [("", path, extra) for path in REPRESENTATIVE for extra in ({}, fragment)]
        client = Client(HTTP_HOST="127.0.0.1")
        bodies = []
        for _kind, path, extra in mix + shown:  # unmeasured: the first pass, and the bodies
            response = client.get(path, **extra)
            assert response.status_code == 200, (path, response.status_code)
            bodies.append(_RANDOM.sub(rb'\1"', response.content))
        if args.dump:
            args.dump.mkdir(parents=True, exist_ok=True)
            for index, ((_kind, path, extra), body) in enumerate(zip(mix + shown, bodies, strict=True)):
                name = f"{index:03d}{'-hx' if extra else ''}.html"
                (args.dump / name).write_bytes(f"<!-- {path} -->\n".encode() + body)
        times: dict[str, list[float]] = defaultdict(list)
        trivial: list[float] = []  # the baseline of the same run: the trivial view, as the open-loop bench has it
        for _ in range(args.rounds):
            for kind, path, extra in mix:
                started = time.process_time()
                client.get(path, **extra)
                times[kind].append(time.process_time() - started)
            for _ in range(20):
                started = time.process_time()
                assert client.get("/health/").status_code == 200
                trivial.append(time.process_time() - started)
        digest = hashlib.sha256(b"".join(bodies)).hexdigest()[:16]
        print(f"{root}: load {_common.load_average()}, bodies {digest}")
        print(f"  {'baseline':13} n={len(trivial):4}  median {statistics.median(trivial) * 1000:6.2f} ms  (/health/)")
        for kind in [*KINDS, "all"]:
            values = [t for ts in times.values() for t in ts] if kind == "all" else times[kind]
            print(
                f"  {kind:13} n={len(values):4}  median {statistics.median(values) * 1000:6.2f} ms"
                f"  mean {statistics.mean(values) * 1000:6.2f} ms"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
