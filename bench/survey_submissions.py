"""Sustained survey submissions against a real server on the embedded SQLite.

Starts gunicorn (``python -m gunicorn vereinbar.wsgi:application``) on a loopback port with
VEREINBAR_DATA_DIR in a temporary directory (migrated first), prepares an open survey with
one e-mail invitation per submission and each person's answers already saved as a draft
(as they would be after a few minutes of answering), then lets concurrent clients submit:
one POST of the review page per token, which marks the invitation used, seals the draft in
one transaction and now and then releases a shuffled batch of k answers. A submission
counts once its 302 to the thank-you page arrives.

Also measured: saving one answer page (a POST of the first page); whole questionnaires, each
answered page by page (a POST per page with its answers) and then submitted, from invitations
without a saved draft, reported as completed questionnaires per second beside the pages saved;
and the baseline, a trivial view on the same server (/health/, one SELECT 1).

Afterwards the count check: every acknowledged token is marked used, and after closing the
survey the number of stored responses equals the number of used tokens. Then a durability
check: submissions run while the server is killed with SIGKILL and restarted; again every
acknowledged submission must be stored. The durability phase has its own reserve of tokens, and
it fails as "tested nothing" unless submissions were acknowledged both before the kill and after
the restart.

Run:  .venv/bin/python bench/survey_submissions.py [--seconds 15] [--clients 16] [--workers 4]
Loopback only; every phase is bounded in time. Target (docs/performance.md): ≥ 200 submissions
per second, none lost. Exits non-zero when the target is missed, anything was lost or the
durability check tested nothing.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
TARGET_PER_SECOND = 200.0
DURABILITY_SECONDS = 6  # tokens reserved for the durability phase: this long at 1,500/s
DURABILITY_AFTER_RESTART = 3.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env(data_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env.pop("PGDATABASE", None)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "vereinbar.settings",
            "VEREINBAR_DATA_DIR": data_dir,
            "VEREINBAR_SECRET_KEY": "bench-secret-key-not-for-production-0123456789abcdef",
            "VEREINBAR_ALLOWED_HOSTS": "127.0.0.1",
            "VEREINBAR_LOG_LEVEL": "WARNING",
            "VEREINBAR_LOGIN_THROTTLING": "false",
            "PYTHONPATH": str(ROOT / "src"),
        }
    )
    return env


SETUP = r"""
import json, sys
import django
django.setup()
from vereinbar.accounts.models import Membership, User
from vereinbar.organisations.models import Organisation
from vereinbar.surveys import tokens
from vereinbar.surveys.models import ResponseDraft, SurveyInvitation
from vereinbar.surveys.services.instruments import instrument_load
from vereinbar.surveys.services.surveys import survey_create, survey_open
from vereinbar.surveys.synthetic import answers_generate

count, fresh, shipped = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
version = instrument_load(raw=open(shipped, "rb").read(), filename="shipped.yaml").version
organisation = Organisation.objects.create(name="Bench", slug="bench", country="DE")
user = User.objects.create_user(email="c@bench.example", password="bench-password-123")
Membership.objects.create(user=user, organisation=organisation, role="coordinator")
survey = survey_create(actor=user, organisation=organisation, instrument_version=version, title="Bench",
                       languages=["de"], units="A\nB\nC\nD")
survey_open(actor=user, survey=survey)
spec = version.spec
units = list(survey.units.all())
answers, unit_index = answers_generate(survey, count, seed=7)
found, invitations, drafts = [], [], []
for row in range(count):
    nonce = tokens.new_nonce()
    token = tokens.email_token(nonce)
    unit = units[row % len(units)]
    invitations.append(SurveyInvitation(survey=survey, email=f"p{row}@bench.example", language="de", unit=unit,
                                        nonce=nonce, token_hash=tokens.token_hash(token)))
    saved = {}
    for item in spec.value_items:
        value = float(answers[row, item.column])
        if value == value:
            saved[item.key] = int(value) if item.kind != "multiple_choice" else [
                i + 1 for i in range(len(item.options)) if int(value) >> i & 1]
    drafts.append(ResponseDraft(survey=survey, key_hash=tokens.draft_key(token), unit=unit, unit_fixed=True,
                                answers=saved, page=len(spec.sections) + 1))
    found.append(token)
# Invitations without a draft, for whole questionnaires answered page by page.
unanswered = []
for row in range(fresh):
    nonce = tokens.new_nonce()
    token = tokens.email_token(nonce)
    invitations.append(SurveyInvitation(survey=survey, email=f"q{row}@bench.example", language="de",
                                        unit=units[row % len(units)], nonce=nonce, token_hash=tokens.token_hash(token)))
    unanswered.append(token)
SurveyInvitation.objects.bulk_create(invitations, batch_size=1000)
ResponseDraft.objects.bulk_create(drafts, batch_size=1000)
# Each page's questions as the form names them: key, kind, number of choices.
pages = [[[item.key, item.kind, item.points if item.kind in ("likert", "single_choice") else len(item.options)]
          for item in section.items] for section in spec.sections]
print(json.dumps({"survey": survey.pk, "tokens": found, "unanswered": unanswered, "pages": pages,
                  "review_page": len(spec.sections) + 1}))
"""

CHECK = r"""
import json, sys
import django
django.setup()
from vereinbar.surveys import tokens
from vereinbar.surveys.models import Response, ResponseDraft, Survey, SurveyInvitation
from vereinbar.surveys.services.surveys import survey_close

survey = Survey.objects.get(pk=int(sys.argv[1]))
acknowledged = json.load(open(sys.argv[2]))
hashes = [tokens.token_hash(t) for t in acknowledged]
used_acknowledged = sum(SurveyInvitation.objects.filter(token_hash__in=hashes[i:i + 500], used=True).count()
                        for i in range(0, len(hashes), 500))
used = SurveyInvitation.objects.filter(survey=survey, used=True).count()
sealed = ResponseDraft.objects.filter(survey=survey, submitted=True).count()
released = Response.objects.filter(survey=survey).count()
survey_close(actor=None, survey=survey)
stored = Response.objects.filter(survey=survey).count()
print(json.dumps({"acknowledged": len(acknowledged), "acknowledged_and_used": used_acknowledged, "used": used,
                  "released_before_close": released, "sealed_before_close": sealed, "stored_after_close": stored}))
"""


class Server:
    def __init__(self, env: dict[str, str], port: int, workers: int, threads: int) -> None:
        self.env, self.port, self.workers, self.threads = env, port, workers, threads
        self.process: subprocess.Popen[bytes] | None = None
        self.last_answer = ""

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                PYTHON, "-m", "gunicorn", "vereinbar.wsgi:application",
                "--bind", f"127.0.0.1:{self.port}",
                "--workers", str(self.workers),
                "--worker-class", "gthread", "--threads", str(self.threads),
                "--log-level", "warning", "--graceful-timeout", "2",
            ],
            env=self.env,
            cwd=str(ROOT),
            start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                connection.request("GET", "/health/")
                response = connection.getresponse()
                if response.status == 200:
                    return
                self.last_answer = f"{response.status} {response.read()[:200]!r}"
            except OSError as exc:
                self.last_answer = str(exc)
            time.sleep(0.2)
        raise RuntimeError(f"the server did not start within 60 s: {self.last_answer}")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


class Client:
    """One keep-alive connection with the CSRF cookie of the answering pages."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.csrf = ""
        response = self._request("GET", "/de/s/")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie" and value.startswith("csrftoken="):
                self.csrf = value.split(";")[0].split("=", 1)[1]

    def _request(self, method: str, path: str, body: str | None = None) -> http.client.HTTPResponse:
        headers = {"Host": f"127.0.0.1:{self.port}"}
        if body is not None:
            headers |= {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={self.csrf}"}
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        except (http.client.HTTPException, OSError):
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            raise
        response.read()
        return response

    def submit(self, token: str, review_page: int) -> bool:
        body = f"csrfmiddlewaretoken={self.csrf}&page={review_page}&go=submit"
        response = self._request("POST", f"/de/s/{token}/", body)
        return response.status == 302 and response.getheader("Location", "").endswith("/s/thanks/")

    def save_page(self, token: str) -> bool:
        body = f"csrfmiddlewaretoken={self.csrf}&page=1&go=next&q-info_where=4&q-info_whom=3&q-offers_known=1"
        return self._request("POST", f"/de/s/{token}/", body).status == 302

    def complete(self, token: str, pages: list[list[list]], rng: random.Random) -> int:
        """Answers every page (a POST each, with answers) and submits; the pages saved, or -1."""
        for number, items in enumerate(pages, start=1):
            fields = [("csrfmiddlewaretoken", self.csrf), ("page", str(number)), ("go", "next")]
            for key, kind, choices in items:
                if kind in ("likert", "single_choice"):
                    fields.append((f"q-{key}", str(rng.randint(1, choices))))
                elif kind == "yes_no":
                    fields.append((f"q-{key}", rng.choice(("1", "2"))))
                elif kind == "multiple_choice":
                    fields += [(f"q-{key}", str(c)) for c in range(1, choices + 1) if rng.random() < 0.3]
            if self._request("POST", f"/de/s/{token}/", urlencode(fields)).status != 302:
                return -1
        return len(pages) if self.submit(token, len(pages) + 1) else -1

    def health(self, _token: str) -> bool:
        return self._request("GET", "/health/").status == 200


def _run(
    port: int,
    clients: int,
    seconds: float,
    tokens: list[str],
    action: Callable[[Client, str], bool],
    acknowledged: list[str] | None = None,
    acknowledged_at: list[float] | None = None,
    until: Callable[[], bool] | None = None,
) -> tuple[int, int, float, list[float]]:
    """Clients take tokens from the shared list until it or the time runs out (or ``until()``)."""
    lock = threading.Lock()
    queue = iter(tokens)
    done, failed, latencies = [0], [0], []
    deadline = time.monotonic() + seconds

    def worker() -> None:
        client = None
        while time.monotonic() < deadline and not (until and until()):
            with lock:
                token = next(queue, None)
            if token is None:
                return
            try:
                client = client or Client(port)
                start = time.perf_counter()
                ok = action(client, token)
                elapsed = time.perf_counter() - start
            except (http.client.HTTPException, OSError):
                ok, elapsed, client = False, 0.0, None
                time.sleep(0.05)
            with lock:
                if ok:
                    done[0] += 1
                    latencies.append(elapsed)
                    if acknowledged is not None:
                        acknowledged.append(token)
                    if acknowledged_at is not None:
                        acknowledged_at.append(time.monotonic())
                else:
                    failed[0] += 1

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    return done[0], failed[0], time.monotonic() - started, sorted(latencies)


def _pct(values: list[float], share: float) -> float:
    return values[min(len(values) - 1, int(len(values) * share))] * 1000 if values else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=15.0, help="length of each measured phase")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=8, help="threads per worker")
    parser.add_argument("--tokens", type=int, default=0, help="prepared submissions (default: enough for 1,500/s)")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--no-fail", action="store_true")
    args = parser.parse_args()
    # Enough for 1,500/s in the measured phase (over seven times the target), 3,000 for the
    # page saves, and a reserve of 6 s at 1,500/s for the durability phase, which the measured
    # phase cannot use up.
    count = args.tokens or int(args.seconds * 1500) + 3000
    reserve = DURABILITY_SECONDS * 1500
    fresh = int(args.seconds / 2 * 40) + 200  # whole questionnaires: about 8 pages each

    with tempfile.TemporaryDirectory(prefix="vereinbar-bench-") as data_dir:
        env = _env(data_dir)
        manage = [PYTHON, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT, timeout=300)
        subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], env=env, check=True, cwd=ROOT, timeout=300)
        shipped = str(ROOT / "library" / "instruments" / "work-family-care.yaml")
        started = time.monotonic()
        prepared = json.loads(
            subprocess.run(
                [PYTHON, "-c", SETUP, str(count + reserve), str(fresh), shipped],
                env=env,
                check=True,
                cwd=ROOT,
                capture_output=True,
                timeout=600,
            ).stdout
        )
        print(
            f"prepared {count + reserve} invitations with saved drafts and {fresh} without"
            f" in {time.monotonic() - started:.1f} s",
            flush=True,
        )
        tokens, review, pages = prepared["tokens"], prepared["review_page"], prepared["pages"]
        durability_tokens, tokens = tokens[count:], tokens[:count]
        port = _free_port()
        server = Server(env, port, args.workers, args.threads)
        server.start()
        results = {}
        kill_times: dict[str, float] = {}
        try:
            _run(port, args.clients, 2.0, [""] * 10**5, Client.health)  # warm up every worker
            phases: list[tuple[str, Callable[[Client, str], bool], list[str]]] = [
                ("baseline: trivial view (/health/)", Client.health, [""] * 10**6),
                ("save one answer page", Client.save_page, tokens[-3000:]),
            ]
            for name, action, items in phases:
                done, failed, elapsed, latencies = _run(port, args.clients, args.seconds / 2, items, action)
                results[name] = {
                    "per_second": done / elapsed,
                    "failed": failed,
                    "p50_ms": _pct(latencies, 0.5),
                    "p95_ms": _pct(latencies, 0.95),
                }

            # Whole questionnaires: every page answered and saved, then submitted.
            saved_pages = [0]
            rng_lock = threading.Lock()
            rng = random.Random(11)

            def complete(client: Client, token: str) -> bool:
                with rng_lock:
                    seeded = random.Random(rng.random())
                saved = client.complete(token, pages, seeded)
                if saved > 0:
                    with rng_lock:
                        saved_pages[0] += saved
                return saved > 0

            done, failed, elapsed, latencies = _run(
                port, args.clients, args.seconds / 2, prepared["unanswered"], complete
            )
            if done and done == len(prepared["unanswered"]):
                print("  (every unanswered invitation was used: the phase ended early)", flush=True)
            results["complete questionnaire (pages saved + submit)"] = {
                "per_second": done / elapsed,
                "pages_per_second": saved_pages[0] / elapsed,
                "failed": failed,
                "p50_ms": _pct(latencies, 0.5),
                "p95_ms": _pct(latencies, 0.95),
            }

            acknowledged: list[str] = []
            done, failed, elapsed, latencies = _run(
                port, args.clients, args.seconds, tokens[: len(tokens) - 3000], lambda c, t: c.submit(t, review),
                acknowledged,
            )  # fmt: skip
            if done + failed >= len(tokens) - 3000:
                print("  (every prepared token was used: the measured phase ended early; pass --tokens)", flush=True)
            results["submit (mark used + seal + batch release)"] = {
                "per_second": done / elapsed,
                "failed": failed,
                "p50_ms": _pct(latencies, 0.5),
                "p95_ms": _pct(latencies, 0.95),
            }

            # Durability: keep submitting from the reserve while the server is killed and restarted.
            def kill_and_restart() -> None:
                kill_times["killed"] = time.monotonic()
                server.kill()
                server.start()
                kill_times["restarted"] = time.monotonic()

            acknowledged_at: list[float] = []
            durable: list[str] = []
            killer = threading.Timer(2.0, kill_and_restart)
            killer.start()
            # Until a few seconds after the restart (a restart on a loaded machine can take longer
            # than the whole phase would), at most 90 s.
            during, lost_requests, _elapsed, _lat = _run(
                port, args.clients, 90, durability_tokens, lambda c, t: c.submit(t, review),
                durable, acknowledged_at,
                until=lambda: time.monotonic() > kill_times.get("restarted", float("inf")) + DURABILITY_AFTER_RESTART,
            )  # fmt: skip
            killer.join()
            acknowledged += durable
        finally:
            server.stop()
        ack_file = Path(data_dir) / "acknowledged.json"
        ack_file.write_text(json.dumps(acknowledged))
        check = json.loads(
            subprocess.run(
                [PYTHON, "-c", CHECK, str(prepared["survey"]), str(ack_file)],
                env=env, check=True, cwd=ROOT, capture_output=True, timeout=600,
            ).stdout
        )  # fmt: skip

    before_kill = sum(1 for at in acknowledged_at if at < kill_times.get("killed", float("inf")))
    after_restart = sum(1 for at in acknowledged_at if at > kill_times.get("restarted", float("inf")))
    print(f"\n{args.clients} clients, gunicorn {args.workers} workers × {args.threads} threads, SQLite (WAL)")
    for name, row in results.items():
        print(
            f"  {name:45} {row['per_second']:8.1f}/s  p50 {row['p50_ms']:6.1f} ms  p95 {row['p95_ms']:6.1f} ms  failed {row['failed']}"
        )
    completed = results["complete questionnaire (pages saved + submit)"]
    print(
        f"  whole questionnaires: {completed['per_second']:.1f} completed/s"
        f" ({completed['pages_per_second']:.1f} pages saved/s)"
    )
    print(
        f"  durability phase: {during} acknowledged ({before_kill} before the kill, {after_restart} after the"
        f" restart; {lost_requests} requests failed)"
    )
    print(f"  count check: {json.dumps(check)}")
    rate = results["submit (mark used + seal + batch release)"]["per_second"]
    baseline = results["baseline: trivial view (/health/)"]["per_second"]
    print(f"  submit beside the baseline: {rate:.1f}/s vs {baseline:.1f}/s trivial view = {rate / baseline:.0%}")
    nothing_lost = (
        check["acknowledged_and_used"] == check["acknowledged"] and check["stored_after_close"] == check["used"]
    )
    # A kill that no acknowledged submission straddles proves nothing about durability.
    durability_tested = before_kill > 0 and after_restart > 0
    met = rate >= TARGET_PER_SECOND
    print(
        f"\ntarget: ≥ {TARGET_PER_SECOND:.0f} submissions/s → {'met' if met else 'MISSED'};"
        f" nothing lost → {'yes' if nothing_lost else 'NO'};"
        f" durability check → {'tested' if durability_tested else 'TESTED NOTHING (fails)'}"
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(
                {
                    "results": results,
                    "submit_vs_baseline": rate / baseline,
                    "check": check,
                    "target_met": met,
                    "nothing_lost": nothing_lost,
                    "durability": {
                        "acknowledged_before_kill": before_kill,
                        "acknowledged_after_restart": after_restart,
                    },
                },
                indent=2,
            )
        )
    return 0 if nothing_lost and durability_tested and (met or args.no_fail) else 1


if __name__ == "__main__":
    sys.exit(main())
