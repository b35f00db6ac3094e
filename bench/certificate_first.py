"""The first certificate a server worker makes: with and without the PDF engine's warm-up.

WeasyPrint's import and font set-up cost about a second, once per process. Each worker warms
the engine in a background thread when it starts (vereinbar/wsgi.py; ``VEREINBAR_PDF_WARM_UP=0``
turns it off). This starts gunicorn with the shipped configuration and one worker, logs in as the
demo coordinator of Landkreis Leer and times the certificate download (GET …/certificate.pdf):
the first one after the worker answers, then the next ones, for the warm-up off and on; the
warm-up is on by default, so "on" is what a production worker does.

Two moments for the first request: at once when the server answers /health/ (the warm-up may
still be running; the request then waits for its import) and after a pause of ``--pause`` s (the
usual case: the first certificate is seldom the first request).

Run:  .venv/bin/python bench/certificate_first.py [--rounds 3] [--pause 3]
Target (design.md): ≤ 1 s per certificate, the first one in a process included.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

from _common import Client, Server, close_connections, django_setup, installation, load_average, migrate_and_collect

TARGET_SECONDS = 1.0
PASSWORD = "bench-certificate-password-2026"
EMAIL = "personal@landkreis-leer.example"


def timed_certificates(client: Client, path: str, count: int) -> list[float]:
    times = []
    for _ in range(count):
        started = time.perf_counter()
        status, headers, _body = client.request("GET", path)
        times.append(time.perf_counter() - started)
        if status != 200 or headers.get("content-type") != "application/pdf":
            raise SystemExit(f"GET {path}: {status} {headers.get('content-type')}")
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3, help="server starts per variant")
    parser.add_argument("--pause", type=float, default=3.0)
    parser.add_argument("--port", type=int, default=0, help="default: a free one")
    args = parser.parse_args()
    print(f"load average at start: {load_average()}")
    rows = []
    with installation() as inst:
        django_setup(inst.env)
        migrate_and_collect()
        os.environ["VEREINBAR_DEMO_PASSWORD"] = PASSWORD
        from vereinbar.certificates.models import Award
        from vereinbar.site.demo import demo_load

        demo_load()
        award = Award.objects.filter(organisation__slug="landkreis-leer").select_related("cycle").last()
        assert award is not None and award.cycle is not None
        path = f"/de/workspace/landkreis-leer/cycles/{award.cycle.pk}/certificate.pdf"
        close_connections()  # the server writes to the same SQLite file
        for warm in ("0", "1"):
            for pause in (0.0, args.pause):
                firsts, laters = [], []
                for _ in range(args.rounds):
                    inst.env["VEREINBAR_PDF_WARM_UP"] = warm
                    with Server(inst, workers=1, threads=4, port=args.port) as server:
                        client = Client(server.port, language="de")
                        page = client.get("/de/accounts/login/")
                        status, _location = client.post(
                            "/de/accounts/login/", {"username": EMAIL, "password": PASSWORD}, page
                        )
                        if status != 302:
                            raise SystemExit(f"login: {status}")
                        time.sleep(pause)
                        times = timed_certificates(client, path, 4)
                        firsts.append(times[0])
                        laters.extend(times[1:])
                label = f"warm-up {'on ' if warm == '1' else 'off'}, first request after {pause:.0f} s"
                rows.append((label, statistics.median(firsts), max(firsts), statistics.median(laters)))
    print(f"\n{'':<38} {'first (median)':>15} {'first (max)':>12} {'later (median)':>15}")
    for label, first, worst, later in rows:
        print(f"{label:<38} {first * 1000:12.0f} ms {worst * 1000:9.0f} ms {later * 1000:12.0f} ms")
    print(f"load average at end: {load_average()}")
    slowest = max(worst for label, _first, worst, _later in rows if "on" in label)
    return 2 if slowest > TARGET_SECONDS else 0


if __name__ == "__main__":
    sys.exit(main())
