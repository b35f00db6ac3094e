"""The floor of the public directory: what the database needs for the directory's own SQL
statements, without Django, beside the trivial view and the whole directory request.

For the request mix of ``directory_search.py`` (plain list, searches in de/nl/en, filters, later
pages, sorts, a fifth as htmx partials; the bench's measured phase: ``--seed 2``) on an
installation it seeded (``--reuse``), kept pages off:

1. a few requests warm the process's own caches, then every request of the mix runs once
   through Django's test client with ``connection.execute_wrapper`` recording the exact
   statements (SQL and parameters) the view executes: the steady state of a server process;
2. ``--rounds`` passes, each request's variants run one after the other (interleaved, so the
   machine's load changes them alike; the order of the variants rotates per request):

   - **whole**: the request through Django's test client (``time.process_time``), as
     ``directory_cpu.py`` times it, and through Django's WSGI handler alone, as the HTTP server
     calls it (the test client's own work is about 0.7 ms a request);
   - **kept connection**: its statements replayed on the database driver itself (sqlite3 /
     psycopg, no Django cursor, no ORM) on one connection kept for the whole run, as a server
     keeps it (``CONN_MAX_AGE``): the driver's statement cache and the database's page cache
     as the earlier requests left them;
   - **again**: the same statements at once again on that connection (the best case);
   - **without facet counts**: the same with the statement that reads the counts and the ids
     replaced by the one reading the page's ids alone (``directory_find(counts=False)``);
   - **new connection**: on a connection opened for this request, its first execution: the
     connection's page cache empty (the operating system's warm), every statement prepared
     afresh; the opening itself (Django's initial commands, which on SQLite parse the schema)
     is timed apart;
   - the trivial view ``/health/`` through the test client and the WSGI handler, and its one
     statement replayed.

   SQLite runs in this process: its figures are CPU time (``time.process_time``) and wall
   time. PostgreSQL's figures are the client's (driver and libpq) CPU and wall time, the
   **server's CPU** (utime + stime of the connection's backend process from /proc, summed per
   kind of request, so a mean), and the server's time per statement by ``EXPLAIN (ANALYZE,
   TIMING OFF)`` (planning + execution, a separate replay);
3. with ``--server-seconds`` (default 10) after each round: gunicorn with the shipped
   configuration and ``--clients`` closed-loop clients on ``/health/``: the server's CPU per
   trivial request (as ``directory_search.py`` measures it). Less the trivial view through the
   WSGI handler in process, that is the HTTP server's own cost per request; what "half the trivial view's capacity"
   leaves a directory request in process is then 2 × the server's trivial request less that:
   the **budget**.

Printed per round and as the median of the rounds with their spread (min–max): per kind of
request the medians of each variant, the statements per request, the floor's share of the whole
request, which statements the floor's time goes to, and the means per kind against the budget
(capacity is spent by the mean). ``--json`` keeps the figures, ``--report`` prints them again.

Run:  .venv/bin/python bench/directory_floor.py --reuse /tmp/dir10k [--requests 1000] [--rounds 3]
      .venv/bin/python bench/directory_floor.py --reuse /tmp/dir50k --database-url postgres://vereinbar@127.0.0.1:54400/vb_dir50k
      (installations of ``directory_search.py --reuse DIR [--organisations 50000 --database-url …]``)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common

KINDS = ["plain list", "search", "filters", "page 2..n", "sorted", "htmx partial"]
_QMARK = re.compile(r"(?<!%)%s")
# Which statement: by its shape or the first table it reads.
LABELS = (
    ("the statement (counts + ids)", re.compile(r"^WITH base AS MATERIALIZED")),
    ("the ids alone", re.compile(r"^SELECT o\.organisation_id FROM directory_listedorganisation o")),
    ("version", re.compile(r"FROM directory_directorystate")),
    ("rows", re.compile(r'FROM "directory_listedorganisation"')),
    ("listings", re.compile(r'FROM "directory_listedprogramme"')),
    ("why matched", re.compile(r'FROM "?directory_listed(measuretext|text|measure|description|mention)"?')),
    ("kept counts", re.compile(r'FROM "directory_(directorycount|countskept)"')),
    ("catalogue words", re.compile(r'FROM "measures_measuretype"')),
    ("/health/", re.compile(r"^SELECT 1$")),
)


def label_of(sql: str) -> str:
    for name, pattern in LABELS:
        if pattern.search(sql):
            return name
    table = re.search(r'FROM "?(\w+)"?', sql)
    return f"other ({table.group(1) if table else sql[:30]})"


@dataclass
class Statement:
    sql: str
    params: Any  # a list, None (no parameters), or a list of lists (executemany)
    many: bool
    label: str


@dataclass
class Request:
    kind: str
    path: str
    extra: dict[str, str]
    statements: list[Statement] = field(default_factory=list)
    # The same with the facet counts left out: the statement reading counts and ids replaced by
    # the one reading the page's ids alone (``directory_find(counts=False)``), the rest as it is.
    without_counts: list[Statement] = field(default_factory=list)


def capture(client: Any, path: str, extra: dict[str, str]) -> list[Statement]:
    """The statements one request executes on the default connection, in their order."""
    captured: list[Statement] = []
    with _recording(captured):
        response = client.get(path, **extra)
    assert response.status_code == 200, (path, response.status_code)
    return captured


def without_counts(request: Request) -> list[Statement]:
    """The request's statements with the one reading counts and ids replaced by the statement
    reading the ids of the same page alone."""
    from django.http import QueryDict

    from vereinbar.directory.find import directory_find
    from vereinbar.directory.search import DirectoryQuery

    counted = "the statement (counts + ids)"
    if not any(statement.label == counted for statement in request.statements):
        return request.statements
    query = DirectoryQuery.from_params(QueryDict(request.path.partition("?")[2]))
    captured: list[Statement] = []
    with _recording(captured):
        directory_find(query, counts=False, page=query.page)
    ids = [statement for statement in captured if statement.label == "the ids alone"][-1]
    return [ids if statement.label == counted else statement for statement in request.statements]


@contextmanager
def _recording(captured: list[Statement]) -> Iterator[None]:
    from django.db import connection

    def record(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        if params is None:
            kept = None
        elif many:
            kept = [list(p) for p in params]
            params = kept
        else:
            kept = list(params)
        captured.append(Statement(sql, kept, many, label_of(sql)))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield


# --- Replaying on the driver -----------------------------------------------------------------


class Replay:
    """Statements run on the driver's own connection, opened with the installation's settings
    (Django's connection parameters and initial commands: the same pragmas, the same adapters),
    without Django's cursor, the ORM or anything else of Django's in the timed part."""

    vendor = ""

    def connect(self) -> Any:
        from django.db import connection

        raw = connection.get_new_connection(connection.get_connection_params())
        self.prepare(raw)
        return raw

    def prepare(self, raw: Any) -> None:
        pass

    def run(self, raw: Any, statements: list[Statement], per_label: dict[str, float] | None = None) -> None:
        raise NotImplementedError

    def server_cpu(self, raw: Any) -> float:
        return 0.0


class SQLiteReplay(Replay):
    vendor = "sqlite"

    def prepare(self, raw: Any) -> None:
        raw.isolation_level = None  # autocommit, as Django sets it

    def run(self, raw: Any, statements: list[Statement], per_label: dict[str, float] | None = None) -> None:
        clock = time.process_time
        for statement in statements:
            started = clock() if per_label is not None else 0.0
            if statement.params is None:  # as Django's SQLite cursor: no conversion without parameters
                raw.execute(statement.sql).fetchall()
            else:
                sql = _QMARK.sub("?", statement.sql).replace("%%", "%")
                if statement.many:
                    raw.executemany(sql, statement.params)
                else:
                    raw.execute(sql, statement.params).fetchall()
            if per_label is not None:
                per_label[statement.label] = per_label.get(statement.label, 0.0) + clock() - started


class PostgresReplay(Replay):
    vendor = "postgresql"

    def prepare(self, raw: Any) -> None:
        from django.db import connection

        raw.autocommit = True
        name = connection.timezone_name
        if name and raw.info.parameter_status("TimeZone") != name:
            raw.execute(connection.ops.set_time_zone_sql(), [name])

    def run(self, raw: Any, statements: list[Statement], per_label: dict[str, float] | None = None) -> None:
        clock = time.perf_counter
        with raw.cursor() as cursor:  # Django's cursor class (client-side binding)
            for statement in statements:
                started = clock() if per_label is not None else 0.0
                if statement.many:
                    cursor.executemany(statement.sql, statement.params)
                else:
                    cursor.execute(statement.sql, statement.params)
                    if cursor.description is not None:
                        cursor.fetchall()
                if per_label is not None:
                    per_label[statement.label] = per_label.get(statement.label, 0.0) + clock() - started

    def server_cpu(self, raw: Any) -> float:
        """CPU seconds the connection's backend process has used (from /proc: clock ticks)."""
        fields = Path(f"/proc/{raw.info.backend_pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def explain(self, raw: Any, statements: list[Statement]) -> float:
        """The server's own time for the statements (planning + execution, EXPLAIN ANALYZE
        without per-node timing), in seconds."""
        total = 0.0
        with raw.cursor() as cursor:
            for statement in statements:
                if statement.many or not re.match(r"\s*(SELECT|WITH)\b", statement.sql, re.IGNORECASE):
                    continue
                cursor.execute(
                    "EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON, FORMAT JSON) " + statement.sql, statement.params
                )
                plan = cursor.fetchone()[0]
                plan = json.loads(plan) if isinstance(plan, str) else plan
                total += (plan[0]["Planning Time"] + plan[0]["Execution Time"]) / 1000
        return total


# --- One round -----------------------------------------------------------------------------------


def _timed(work: Callable[[], Any]) -> tuple[float, float]:
    """(CPU seconds of this process, wall seconds) of ``work()``."""
    cpu, wall = time.process_time(), time.perf_counter()
    work()
    return time.process_time() - cpu, time.perf_counter() - wall


def wsgi_caller() -> Callable[..., bytes]:
    """A GET through Django's WSGI handler as the HTTP server calls it, without the test
    client's work around it (building the request, reading cookies and templates back)."""
    import io

    from django.core.handlers.wsgi import WSGIHandler

    handler = WSGIHandler()
    environ = {
        "REQUEST_METHOD": "GET", "SCRIPT_NAME": "", "QUERY_STRING": "", "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_HOST": "127.0.0.1", "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr, "wsgi.multithread": True,
        "wsgi.multiprocess": True, "wsgi.run_once": False,
    }  # fmt: skip

    def get(path: str, extra: dict[str, str] | None = None) -> bytes:
        status: list[str] = []
        path, _, query = path.partition("?")
        response = handler(
            {**environ, **(extra or {}), "PATH_INFO": path, "QUERY_STRING": query, "wsgi.input": io.BytesIO()},
            lambda code, _headers, _exc=None: status.append(code),
        )
        try:
            body = b"".join(response)
        finally:
            response.close()
        assert status[0].startswith("200"), (path, status)
        return body

    return get


def run_round(
    requests: list[Request], health: list[Statement], replay: Replay, client: Any, number: int
) -> dict[str, Any]:
    """Every request's variants, interleaved; per variant and kind the values in ms."""
    values: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    server: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])  # kind → [server CPU s, requests]
    per_label: dict[str, float] = {}
    kept = replay.connect()
    postgres = isinstance(replay, PostgresReplay)
    wsgi = wsgi_caller()

    def whole(request: Request) -> None:
        cpu, wall = _timed(lambda: client.get(request.path, **request.extra))
        values["whole"][request.kind].append(cpu * 1000)
        values["whole, wall"][request.kind].append(wall * 1000)
        cpu, wall = _timed(lambda: wsgi(request.path, request.extra))
        values["WSGI handler"][request.kind].append(cpu * 1000)

    def on_kept(request: Request) -> None:
        before = replay.server_cpu(kept) if postgres else 0.0
        cpu, wall = _timed(lambda: replay.run(kept, request.statements, per_label))
        values["kept connection"][request.kind].append(cpu * 1000)
        values["kept connection, wall"][request.kind].append(wall * 1000)
        if postgres:
            tally = server[request.kind]
            tally[0] += replay.server_cpu(kept) - before
            tally[1] += 1
        cpu, wall = _timed(lambda: replay.run(kept, request.statements))
        values["again"][request.kind].append(cpu * 1000)
        values["again, wall"][request.kind].append(wall * 1000)
        cpu, wall = _timed(lambda: replay.run(kept, request.without_counts))
        values["without facet counts"][request.kind].append(cpu * 1000)

    def on_new(request: Request) -> None:
        opened: list[Any] = []
        cpu, _wall = _timed(lambda: opened.append(replay.connect()))
        values["opening a connection"][request.kind].append(cpu * 1000)
        raw = opened[0]
        try:
            cpu, wall = _timed(lambda: replay.run(raw, request.statements))
            values["new connection"][request.kind].append(cpu * 1000)
            values["new connection, wall"][request.kind].append(wall * 1000)
        finally:
            raw.close()

    def explained(request: Request) -> None:
        if isinstance(replay, PostgresReplay):
            values["server, EXPLAIN ANALYZE"][request.kind].append(replay.explain(kept, request.statements) * 1000)
            server = replay.explain(kept, request.without_counts) * 1000
            values["without facet counts, EXPLAIN ANALYZE"][request.kind].append(server)

    def trivial(_request: Request) -> None:
        cpu, wall = _timed(lambda: client.get("/health/"))
        values["whole"]["/health/"].append(cpu * 1000)
        values["whole, wall"]["/health/"].append(wall * 1000)
        cpu, wall = _timed(lambda: wsgi("/health/"))
        values["WSGI handler"]["/health/"].append(cpu * 1000)
        cpu, wall = _timed(lambda: replay.run(kept, health))
        values["kept connection"]["/health/"].append(cpu * 1000)
        values["kept connection, wall"]["/health/"].append(wall * 1000)

    variants = [whole, on_kept, on_new, explained, trivial]
    started = time.monotonic()
    load_before = _common.load_average()
    try:
        for index, request in enumerate(requests):
            shift = (index + number) % len(variants)
            for variant in variants[shift:] + variants[:shift]:
                variant(request)
    finally:
        kept.close()
    return {
        "values": {variant: {kind: list(v) for kind, v in kinds.items()} for variant, kinds in values.items()},
        "server_cpu_ms": {kind: total * 1000 / max(count, 1) for kind, (total, count) in server.items()},
        "per_label_ms": {label: total * 1000 / len(requests) for label, total in per_label.items()},
        "load": f"{load_before} → {_common.load_average()}",
        "seconds": time.monotonic() - started,
    }


def gunicorn_trivial(inst: _common.Installation, seconds: float, clients: int) -> dict[str, float]:
    """The server's CPU per trivial request: gunicorn (shipped configuration), closed-loop clients."""
    with _common.Server(inst, workers=4, threads=4) as server:

        def health(index: int, recorder: _common.Recorder, running: Any, port: int = server.port) -> None:
            client = _common.Client(port)
            while running():
                with recorder.timed("/health/"):
                    client.get("/health/")

        _common.run_clients(clients, 2.0, health)
        cpu = server.cpu_seconds()
        outcome = _common.run_clients(clients, seconds, health)
        cpu = server.cpu_seconds() - cpu
    total = outcome.total()
    requests = int(total["requests"])  # type: ignore[call-overload]
    return {"per_second": requests / seconds, "cpu_ms": cpu * 1000 / max(requests, 1), "requests": requests}


# --- Output --------------------------------------------------------------------------------------


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _spread(values: list[float]) -> str:
    values = [v for v in values if v == v]
    if not values:
        return "–"
    if len(values) == 1:
        return f"{values[0]:.2f}"
    return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"


def kind_medians(result: dict[str, Any], variant: str) -> dict[str, float]:
    kinds = result["values"].get(variant, {})
    out = {kind: _median(values) for kind, values in kinds.items()}
    everything = [v for kind, values in kinds.items() if kind != "/health/" for v in values]
    out["all"] = _median(everything)
    return out


def _mean(values: list[float]) -> float:
    return statistics.mean(values) if values else float("nan")


def _of(result: dict[str, Any], variant: str, kind: str) -> list[float]:
    """A variant's values of one kind of request, or of all kinds but the trivial view."""
    kinds = result["values"].get(variant, {})
    return [v for k in KINDS for v in kinds.get(k, [])] if kind == "all" else kinds.get(kind, [])


def _budgets(rounds: list[dict[str, Any]], servers: list[dict[str, float]]) -> list[float]:
    """Per round: the CPU a directory request may take in process at half the trivial view's
    capacity: 2 × the server's CPU per trivial request, less the HTTP server's own part of it
    (the server's CPU per trivial request less the trivial view's through the WSGI handler)."""
    out = []
    for result, server in zip(rounds, servers, strict=False):
        overhead = server["cpu_ms"] - _mean(result["values"]["WSGI handler"]["/health/"])
        out.append(2 * server["cpu_ms"] - overhead)
    return out


def report(
    rounds: list[dict[str, Any]], shapes: list[tuple[str, int]], vendor: str, servers: list[dict[str, float]]
) -> str:
    """The figures of the rounds; ``shapes``: each request's kind and number of statements."""
    postgres = vendor == "postgresql"
    variants = ["whole", "kept connection", "again", "without facet counts", "new connection"]
    variants += (
        ["server, EXPLAIN ANALYZE", "without facet counts, EXPLAIN ANALYZE"] if postgres else ["opening a connection"]
    )
    unit = "client CPU" if postgres else "CPU"
    kinds = ["/health/", *KINDS, "all"]
    counts: dict[str, list[int]] = defaultdict(list)
    for kind, statements in shapes:
        counts[kind].append(statements)
        counts["all"].append(statements)
    lines = [
        f"median ms per request, median of {len(rounds)} rounds (min–max of the rounds' medians);"
        f" {unit} unless marked wall",
        "",
        "| kind (requests) | statements | whole request (test client) | WSGI handler | floor: kept connection | wall | again | without facet counts"
        " | new connection"
        + (
            " | server CPU (mean) | server, EXPLAIN ANALYZE | without facet counts, EXPLAIN ANALYZE |"
            if postgres
            else " | opening a connection |"
        ),
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|" + ("---:|---:|" if postgres else ""),
    ]
    per_kind: dict[str, dict[str, list[float]]] = {
        variant: defaultdict(list) for variant in [*variants, "kept connection, wall", "WSGI handler"]
    }
    for result in rounds:
        for variant in per_kind:
            for kind, value in kind_medians(result, variant).items():
                per_kind[variant][kind].append(value)

    def server_means(kind: str) -> list[float]:
        if kind != "all":
            return [r["server_cpu_ms"].get(kind, float("nan")) for r in rounds]
        return [sum(r["server_cpu_ms"].get(k, 0.0) * len(counts[k]) for k in KINDS) / len(shapes) for r in rounds]

    for kind in kinds:
        n = len(counts.get(kind, [])) if kind != "/health/" else len(rounds[0]["values"]["whole"].get(kind, []))
        statements = f"{_median([float(c) for c in counts[kind]]):.0f}" if kind != "/health/" else "1"
        cells = [
            _spread(per_kind["whole"][kind]),
            _spread(per_kind["WSGI handler"][kind]),
            _spread(per_kind["kept connection"][kind]),
            _spread(per_kind["kept connection, wall"][kind]),
        ]
        if kind == "/health/":
            cells += ["", "", "", ""] + (["", ""] if postgres else [])
        else:
            cells += [
                _spread(per_kind["again"][kind]),
                _spread(per_kind["without facet counts"][kind]),
                _spread(per_kind["new connection"][kind]),
            ]
            if postgres:
                cells += [
                    _spread(server_means(kind)),
                    _spread(per_kind["server, EXPLAIN ANALYZE"][kind]),
                    _spread(per_kind["without facet counts, EXPLAIN ANALYZE"][kind]),
                ]
            else:
                cells += [_spread(per_kind["opening a connection"][kind])]
        lines.append(f"| {kind} ({n}) | {statements} | " + " | ".join(cells) + " |")
    lines.append("")
    shares = [kind_medians(r, "kept connection")["all"] / kind_medians(r, "whole")["all"] * 100 for r in rounds]
    lines.append(f"floor (kept connection) ÷ whole request, medians of all kinds: {_spread(shares)} %")
    labels = sorted({label for r in rounds for label in r["per_label_ms"]})
    lines.append(
        "where the floor's time goes (kept connection, mean ms per request over all requests"
        f"{', wall' if postgres else ', CPU'}):"
    )
    for label in sorted(labels, key=lambda name: -_median([r["per_label_ms"].get(name, 0.0) for r in rounds])):
        lines.append(f"  {label:32} {_spread([r['per_label_ms'].get(label, 0.0) for r in rounds])}")
    if not servers:
        return "\n".join(lines)
    trivial = [kind_medians(r, "whole")["/health/"] for r in rounds]
    trivial_mean = [_mean(r["values"]["whole"]["/health/"]) for r in rounds]
    handler = [kind_medians(r, "WSGI handler")["/health/"] for r in rounds]
    handler_mean = [_mean(r["values"]["WSGI handler"]["/health/"]) for r in rounds]
    gunicorn = [s["cpu_ms"] for s in servers]
    overhead = [g - t for g, t in zip(gunicorn, handler_mean, strict=False)]
    budgets = _budgets(rounds, servers)
    lines += [
        "",
        f"trivial view in process (test client): median {_spread(trivial)} ms, mean {_spread(trivial_mean)} ms",
        f"trivial view in process (WSGI handler): median {_spread(handler)} ms, mean {_spread(handler_mean)} ms",
        f"trivial view through gunicorn ({servers[0]['requests']:.0f}+ requests, 4 workers × 4 threads):"
        f" server CPU {_spread(gunicorn)} ms per request, {_spread([s['per_second'] for s in servers])} per second",
        f"the HTTP server's own cost per request (gunicorn − WSGI handler, means): {_spread(overhead)} ms",
        f"budget in process at half the trivial view's capacity (2 × gunicorn − HTTP server): {_spread(budgets)} ms",
        "",
        "against the budget (capacity is spent by the mean): mean ms per request, median of the rounds (min–max);"
        + (
            " the floor: the client's CPU + the server's CPU (from /proc: a mean per kind); its p90 and the"
            " requests over the budget: the client's CPU + EXPLAIN ANALYZE per request"
            if postgres
            else " the floor: CPU in process"
        ),
        "",
        "| kind | whole request (WSGI handler), mean | floor, mean | floor, p90 | floor ÷ budget | requests whose floor alone"
        " is over the budget | left for everything else (budget − floor) | floor without facet counts, mean"
        + (" (client CPU + EXPLAIN ANALYZE) | the floor the same way |" if postgres else " |"),
        "|---|---:|---:|---:|---:|---:|---:|---:|" + ("---:|" if postgres else ""),
    ]
    for kind in kinds[1:]:
        whole, floor, p90, ratio, over, left, bare, explained = [], [], [], [], [], [], [], []
        for index, (result, budget) in enumerate(zip(rounds, budgets, strict=False)):
            values = _of(result, "kept connection", kind)
            mean = _mean(values)
            if postgres:  # the server's CPU: a mean per kind; per request, EXPLAIN ANALYZE's time
                mean += server_means(kind)[index]
                server = _of(result, "server, EXPLAIN ANALYZE", kind)
                values = [client + time for client, time in zip(values, server, strict=True)]
                explained.append(_mean(values))
            everything = result["values"].get("WSGI handler", result["values"]["whole"])
            wholes = [v for k in KINDS for v in everything.get(k, [])] if kind == "all" else everything.get(kind, [])
            whole.append(_mean(wholes))
            floor.append(mean)
            p90.append(sorted(values)[int(len(values) * 0.9)] if values else float("nan"))
            ratio.append(mean / budget)
            over.append(100 * sum(1 for v in values if v > budget) / max(len(values), 1))
            left.append(budget - mean)
            bare.append(_mean(_of(result, "without facet counts", kind)))
            if postgres:
                bare[-1] += _mean(_of(result, "without facet counts, EXPLAIN ANALYZE", kind))
        lines.append(
            f"| {kind} | {_spread(whole)} | {_spread(floor)} | {_spread(p90)} | {_spread(ratio)} |"
            f" {_spread(over)} % | {_spread(left)} | {_spread(bare)} |"
            + (f" {_spread(explained)} |" if postgres else "")
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--reuse", type=Path, required=True, help="a seeded installation of directory_search.py")
    parser.add_argument("--database-url", default="", help="its PostgreSQL database (postgres://…)")
    parser.add_argument("--requests", type=int, default=1000, help="requests of the mix")
    parser.add_argument("--seed", type=int, default=2, help="the mix's seed (2: the bench's measured phase)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--server-seconds", type=float, default=10.0, help="gunicorn's trivial view (0: not run)")
    parser.add_argument("--clients", type=int, default=16, help="closed-loop clients of the gunicorn phase")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--report", type=Path, help="only print the figures of an earlier run's --json")
    args = parser.parse_args()
    if args.report:
        saved = json.loads(args.report.read_text())
        shapes = [(kind, statements) for kind, _path, _htmx, statements in saved["requests"]]
        vendor = "postgresql" if saved["database"] == "PostgreSQL" else "sqlite"
        print(f"{saved['organisations']} organisations, {saved['database']}: {len(saved['rounds'])} rounds")
        for number, result in enumerate(saved["rounds"]):
            print(f"round {number + 1}: {result['seconds']:.0f} s, load {result['load']}")
        print(report(saved["rounds"], shapes, vendor, saved["servers"]))
        return 0

    if not (args.reuse / "facts.json").exists():
        raise SystemExit(f"no seeded installation in {args.reuse} (run directory_search.py --reuse first)")
    with _common.installation(args.database_url, reuse=args.reuse) as inst:
        inst.env["VEREINBAR_DIRECTORY_KEEP_SECONDS"] = "0"  # kept pages off: every request asks the database
        _common.django_setup(inst.env)
        from django.db import connection
        from django.test import Client

        from directory_search import query_facts, request_mix

        facts = query_facts(json.loads((inst.data_dir / "facts.json").read_text()))
        rng = random.Random(args.seed)
        requests = []
        for _ in range(args.requests):
            kind, path, headers = request_mix(facts, rng)
            extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
            requests.append(Request("htmx partial" if headers else kind, path, extra))
        client = Client(HTTP_HOST="127.0.0.1")
        for request in requests[:30]:  # the process's own caches (labels, keys, kept counts)
            client.get(request.path, **request.extra)
        started = time.monotonic()
        for request in requests:
            request.statements = capture(client, request.path, request.extra)
            request.without_counts = without_counts(request)
        health = capture(client, "/health/", {})
        distinct = len({(r.path, bool(r.extra)) for r in requests})
        shapes = [(r.kind, len(r.statements)) for r in requests]
        replay: Replay = PostgresReplay() if connection.vendor == "postgresql" else SQLiteReplay()
        print(
            f"{facts['organisations']} organisations ({facts['listed']} listed), {inst.database}; {len(requests)}"
            f" requests ({distinct} distinct), {sum(len(r.statements) for r in requests)} statements captured in"
            f" {time.monotonic() - started:.0f} s; /health/: {[s.sql for s in health]}",
            flush=True,
        )
        rounds, servers = [], []
        for number in range(args.rounds):
            result = run_round(requests, health, replay, client, number)
            rounds.append(result)
            print(f"round {number + 1}: {result['seconds']:.0f} s, load {result['load']}", flush=True)
            if args.server_seconds > 0:
                _common.close_connections()
                servers.append(gunicorn_trivial(inst, args.server_seconds, args.clients))
                print(f"  gunicorn /health/: {servers[-1]}", flush=True)
            print(report([result], shapes, replay.vendor, servers[-1:]), flush=True)
        print(f"\n== all {len(rounds)} rounds ==")
        print(report(rounds, shapes, replay.vendor, servers))
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(
                json.dumps(
                    {
                        "database": inst.database,
                        "organisations": facts["organisations"],
                        "requests": [(r.kind, r.path, bool(r.extra), len(r.statements)) for r in requests],
                        "load": [r["load"] for r in rounds],
                        "rounds": rounds,
                        "servers": servers,
                    },
                    indent=1,
                )
            )
        _common.close_connections()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
