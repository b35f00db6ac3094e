"""A realistic mix of traffic against the production-like server, on SQLite or PostgreSQL.

Seeds its own installation (SQLite in a temporary directory, or the PostgreSQL database of
``--database-url``, dropped and created again): the demo (``demo_load``: operators, the five
demo employers with their histories, users; passwords fixed through VEREINBAR_DEMO_PASSWORD),
``--organisations`` made-up employers with measures and awards (as in directory_search.py, so
the directory and verification have something to search), and an open survey of a demo
employer with 1,600 printed one-time codes (``codes_create``). Then gunicorn starts with
deploy/gunicorn.conf.py and the background worker (``db_worker``) beside it, as in production.

For ``--duration`` seconds these run at once, each in its own threads:

- **directory visitors** (closed loop, short pauses): the start page with searches, filters,
  later pages and sorts (the mix of directory_search.py), and now and then a public profile;
- **verification** (closed loop): ``/<lang>/verify/<code>/`` for awards in force, expired or
  revoked, and unknown codes (404), sometimes the seal SVG;
- **employees answering the survey** (open loop: they arrive at random, at ``--answer-rate``
  per second, by default 1,600 in 30 minutes = 0.89/s, each in a thread of its own): enter the
  printed code on ``/<lang>/s/``, then every page as a browser does (GET the page, fill in the
  form it shows, POST with its CSRF token, follow the redirect), pausing ``--think`` seconds per
  page, and submit the review page; a respondent counts as done with the thank-you page;
- **coordinators** (closed loop, logged in through ``/en/accounts/login/`` with demo logins):
  workspace pages (overview, measures, units, contacts, members, history, cycles, awards,
  surveys and the survey's page).

Reports per request class: requests, throughput, p50/p95/p99, errors, plus the respondents'
arrival and completion rate against the required 0.89/s. Runs on demand, not in the tests.
Exits 1 on errors (unless --no-fail).

Run:  .venv/bin/python bench/load.py [--duration 60]
      .venv/bin/python bench/load.py --database-url postgres://vereinbar@127.0.0.1:54400/vb_i_load
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import threading
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common
import directory_search

REQUIRED_RATE = 1600 / 1800  # answers per second: 1,600 employees within 30 minutes
DEMO_PASSWORD = "bench-load-password-2026"


# --- Seeding ---------------------------------------------------------------------------------


def seed(organisations: int, respondents: int) -> dict[str, Any]:
    import os

    from django.utils import timezone

    from vereinbar.accounts.models import User
    from vereinbar.certificates.models import Award, AwardStatus
    from vereinbar.directory.selectors import listed_awards
    from vereinbar.organisations.models import Organisation
    from vereinbar.site.demo import demo_load
    from vereinbar.surveys.models import InstrumentVersion
    from vereinbar.surveys.services.invitations import MAX_CODES, codes_create
    from vereinbar.surveys.services.surveys import survey_create, survey_open

    os.environ["VEREINBAR_DEMO_PASSWORD"] = DEMO_PASSWORD
    started = time.monotonic()
    result = demo_load()
    demo_seconds = time.monotonic() - started
    facts = directory_search.generate(organisations) if organisations else {}

    coordinators: list[tuple[str, str]] = []  # (email, organisation slug)
    for login in result.logins:
        for role in login.roles:
            if role.startswith("coordinator @ "):
                coordinators.append((login.email, role.split(" @ ", 1)[1]))
    if not coordinators:
        raise SystemExit("the demo has no coordinator login")
    email, slug = coordinators[0]
    actor = User.objects.get(email=email)
    organisation = Organisation.objects.get(slug=slug)
    version = InstrumentVersion.objects.order_by("pk").first()
    if version is None:
        raise SystemExit("no survey instrument in the library")
    language = organisation.primary_language
    survey = survey_create(
        actor=actor,
        organisation=organisation,
        instrument_version=version,
        title="Load test survey",
        languages=[language],
        units="Verwaltung\nSoziales\nTechnik\nFinanzen",
    )
    survey_open(actor=actor, survey=survey)
    codes: list[str] = []
    while len(codes) < respondents:
        codes += codes_create(
            actor=actor, survey=survey, count=min(MAX_CODES, respondents - len(codes)), unit=None, language=language
        )
    today = timezone.localdate()
    awards = list(Award.objects.values_list("verification_code", "status", "valid_until"))
    verification = {
        "in force": [c for c, s, v in awards if s == AwardStatus.VALID and (v is None or v >= today)],
        "not in force": [c for c, s, v in awards if not (s == AwardStatus.VALID and (v is None or v >= today))],
    }
    return {
        "demo_seconds": demo_seconds,
        "directory": facts,
        "coordinators": coordinators,
        "survey": {"id": survey.pk, "slug": slug, "language": language, "codes": codes},
        "verification": verification,
        "profiles": list(
            Organisation.objects.filter(pk__in=listed_awards(day=today).values("organisation_id")).values_list(
                "slug", flat=True
            )[:3000]
        ),
    }


# --- Browsing a form like a browser -------------------------------------------------------------


class FormParser(HTMLParser):
    """The fields of the page's POST forms: inputs, radio groups, checkboxes, selects, textareas,
    and the submit buttons (name/value)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self.form: dict[str, Any] | None = None
        self.select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self.form = {"action": a.get("action", ""), "fields": [], "radios": {}, "checks": [], "selects": {},
                         "buttons": []}  # fmt: skip
            self.forms.append(self.form)
        if self.form is None:
            return
        name = a.get("name", "")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind == "radio":
                self.form["radios"].setdefault(name, []).append(a.get("value", "on"))
            elif kind == "checkbox":
                self.form["checks"].append((name, a.get("value", "on"), "required" in a))
            elif kind == "submit":
                self.form["buttons"].append((name, a.get("value", "")))
            elif kind in ("hidden",):
                self.form["fields"].append((name, a.get("value", "")))
            elif kind == "number":
                low, high = int(a.get("min") or 0), int(a.get("max") or 10)
                self.form["fields"].append((name, str(random.randint(low, high))))
            elif kind not in ("file", "button", "reset", "image"):
                self.form["fields"].append((name, a.get("value", "")))
        elif tag == "button" and name:
            self.form["buttons"].append((name, a.get("value", "")))
        elif tag == "select" and name:
            self.select = name
            self.form["selects"][name] = []
        elif tag == "option" and self.select:
            self.form["selects"][self.select].append(a.get("value", ""))
        elif tag == "textarea" and name:
            self.form["fields"].append((name, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None


def fill(page: str, rng: random.Random, button: str) -> tuple[str, list[tuple[str, str]]] | None:
    """The answers a respondent gives on this page and the button pressed ("next" or "submit")."""
    parser = FormParser()
    parser.feed(page)
    for form in parser.forms:
        pressed = [b for b in form["buttons"] if b[0] == "go" and b[1] in (button, "next", "submit")]
        if not pressed:
            continue
        fields = [(n, v) for n, v in form["fields"] if n != "csrfmiddlewaretoken"]
        for name, values in form["radios"].items():
            if rng.random() < 0.97:  # now and then a question is left out
                fields.append((name, rng.choice(values)))
        for name, value, required in form["checks"]:
            if required or rng.random() < 0.3:
                fields.append((name, value))
        for name, values in form["selects"].items():
            chosen = [v for v in values if v]
            if chosen:
                fields.append((name, rng.choice(chosen)))
        press = next((b for b in pressed if b[1] == button), pressed[0])
        fields.append(press)
        return form["action"], fields
    return None


# --- Behaviours ----------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of mixed traffic")
    parser.add_argument("--organisations", type=int, default=2000, help="made-up employers beside the demo")
    parser.add_argument("--respondents", type=int, default=1600, help="printed codes of the survey")
    parser.add_argument("--answer-rate", type=float, default=REQUIRED_RATE, help="employees starting per second")
    parser.add_argument("--think", type=float, default=2.0, help="mean seconds a respondent spends on a page")
    parser.add_argument("--directory-clients", type=int, default=4)
    parser.add_argument("--verify-clients", type=int, default=2)
    parser.add_argument("--coordinators", type=int, default=4)
    parser.add_argument("--pause", type=float, default=0.5, help="mean pause of the closed-loop clients (s)")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--database-url", default="", help="postgres://… (a database the script may drop)")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--no-fail", action="store_true")
    args = parser.parse_args()

    with _common.installation(args.database_url, keep=args.keep) as inst:
        _common.django_setup(inst.env)
        started = time.monotonic()
        _common.migrate_and_collect()
        print(f"migrated in {time.monotonic() - started:.1f} s ({inst.database})", flush=True)
        facts = seed(args.organisations, args.respondents)
        _common.close_connections()
        print(
            f"seeded: demo in {facts['demo_seconds']:.1f} s, {args.organisations} more organisations,"
            f" survey with {len(facts['survey']['codes'])} codes, {len(facts['coordinators'])} coordinator logins",
            flush=True,
        )
        directory_facts = facts["directory"] or {
            "programmes": [], "levels": [], "measure_types": [], "regions": directory_search.vocabulary()["regions"]
        }  # fmt: skip
        with _common.Server(inst, workers=args.workers, threads=args.threads, worker=True) as server:
            outcome, survey = _traffic(server.port, args, facts, directory_facts)
            load_after = _common.load_average()

    rows = outcome.rows()
    total = outcome.total()
    print(
        f"\n{inst.database}, {args.duration:.0f} s, gunicorn {args.workers} workers × {args.threads} threads + db_worker;"
        f" {args.directory_clients} directory visitors, {args.verify_clients} verifiers, {args.coordinators}"
        f" coordinators (closed loop, mean pause {args.pause} s), respondents arriving at {args.answer_rate:.2f}/s"
        f" (think time {args.think} s per page); load average at the end {load_after}\n"
    )
    print(_common.table([*rows, {**total, "class": "**all**"}]))
    print(
        f"\nsurvey: {survey['started']} respondents started ({survey['started'] / outcome.seconds:.2f}/s),"
        f" {survey['submitted']} submitted ({survey['submitted'] / outcome.seconds:.2f}/s; required for 1,600 in"
        f" 30 min: {REQUIRED_RATE:.2f}/s), {survey['unfinished']} still answering at the end,"
        f" {survey['failed']} broke off with an error; median time from code to thank-you page"
        f" {survey['median_seconds']:.1f} s"
    )
    for row in rows:
        for example in row["example_errors"]:  # type: ignore[attr-defined]
            print(f"  error ({row['class']}): {example}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps({"database": inst.database, "rows": rows, "total": total, "survey": survey}, indent=1)
        )
    errors = int(total["errors"])  # type: ignore[call-overload]
    return 1 if errors and not args.no_fail else 0


def _traffic(
    port: int, args: argparse.Namespace, facts: dict[str, Any], directory_facts: dict[str, Any]
) -> tuple[_common.Outcome, dict[str, Any]]:
    codes = list(facts["survey"]["codes"])
    random.Random(5).shuffle(codes)
    codes_lock = threading.Lock()
    survey_stats: dict[str, Any] = {"started": 0, "submitted": 0, "failed": 0, "durations": []}
    language = facts["survey"]["language"]
    verification = facts["verification"]
    profiles = facts["profiles"]

    def pause(rng: random.Random, mean: float) -> None:
        time.sleep(rng.expovariate(1 / mean) if mean > 0 else 0)

    def directory(index: int, recorder: _common.Recorder, running: Any) -> None:
        rng = random.Random(100 + index)
        client = _common.Client(port)
        while running():
            if profiles and rng.random() < 0.2:
                with recorder.timed("directory: public profile"):
                    client.get(f"/{rng.choice(['de', 'nl', 'en'])}/employers/{rng.choice(profiles)}/")
            else:
                _kind, path, headers = directory_search.request_mix(directory_facts, rng)
                with recorder.timed("directory: search and filters"):
                    client.get(path, **headers)
            pause(rng, args.pause)

    def verify(index: int, recorder: _common.Recorder, running: Any) -> None:
        rng = random.Random(200 + index)
        client = _common.Client(port)
        while running():
            lang = rng.choice(["de", "nl", "en"])
            roll = rng.random()
            if roll < 0.65 and verification["in force"]:
                code = rng.choice(verification["in force"])
                with recorder.timed("verification: award in force"):
                    client.get(f"/{lang}/verify/{code}/")
                if rng.random() < 0.3:
                    with recorder.timed("verification: seal SVG"):
                        client.get(f"/{lang}/verify/{code}/seal.svg")
            elif roll < 0.85 and verification["not in force"]:
                with recorder.timed("verification: expired or revoked"):
                    client.get(f"/{lang}/verify/{rng.choice(verification['not in force'])}/")
            else:
                code = "".join(rng.choice("ABCDEFGHJKMNPQRSTVWXYZ234567") for _ in range(16))
                with recorder.timed("verification: unknown code (404)"):
                    client.get(f"/{lang}/verify/{code}/", expect=404)
            pause(rng, args.pause)

    coordinators = facts["coordinators"]
    survey_page = f"/{language}/workspace/{facts['survey']['slug']}/surveys/{facts['survey']['id']}/"

    def coordinator(index: int, recorder: _common.Recorder, running: Any) -> None:
        rng = random.Random(300 + index)
        email, slug = coordinators[index % len(coordinators)]
        if slug == facts["survey"]["slug"] and index >= len(coordinators):
            email, slug = coordinators[0]
        client = _common.Client(port, language="en")
        with recorder.timed("coordinator: log in"):
            page = client.get("/en/accounts/login/")
            status, _location = client.post("/en/accounts/login/", {"username": email, "password": DEMO_PASSWORD}, page)
            if status != 302:
                raise _common.RequestFailed(f"login of {email}: {status}")
        lang = "en"
        pages = [f"/{lang}/workspace/", f"/{lang}/workspace/{slug}/"] + [
            f"/{lang}/workspace/{slug}/{part}/"
            for part in ("measures", "units", "contacts", "members", "history", "cycles", "awards", "surveys")
        ]
        if slug == facts["survey"]["slug"]:
            pages.append(survey_page.replace(f"/{language}/", f"/{lang}/", 1))
        while running():
            with recorder.timed("coordinator: workspace pages"):
                path = rng.choice(pages)
                client.get(path, expect=(200, 302) if path == pages[0] else 200)  # /workspace/ may redirect
            pause(rng, args.pause * 2)

    def respondent(rng: random.Random, recorder: _common.Recorder, running: Any) -> None:
        with codes_lock:
            code = codes.pop() if codes else None
            if code is None:
                return
            survey_stats["started"] += 1
        begun = time.monotonic()
        client = _common.Client(port, language=language)
        try:
            with recorder.timed("survey: enter the code"):
                page = client.get(f"/{language}/s/")
                status, location = client.post(f"/{language}/s/", {"code": code}, page)
                if status != 302:
                    raise _common.RequestFailed(f"code entry: {status}")
            for _step in range(60):
                with recorder.timed("survey: open a page"):
                    page = client.get(location)
                if "/s/thanks/" in location:
                    break
                pause(rng, args.think)
                if not running():
                    with codes_lock:
                        survey_stats.setdefault("unfinished", 0)
                        survey_stats["unfinished"] += 1
                    return
                filled = fill(page, rng, "submit")
                if filled is None:
                    raise _common.RequestFailed(f"no answer form on {location}")
                action, fields = filled
                target = action or location
                name = "survey: submit" if ("go", "submit") in fields else "survey: answer a page"
                with recorder.timed(name):
                    status, location = client.post(target, fields, page)
                    if status != 302:
                        raise _common.RequestFailed(f"{name}: {status} on {target}")
                if not location.startswith("/"):
                    location = re.sub(r"^https?://[^/]+", "", location)
            else:
                raise _common.RequestFailed("more than 60 pages")
            with codes_lock:
                survey_stats["submitted"] += 1
                survey_stats["durations"].append(time.monotonic() - begun)
        except (_common.RequestFailed, OSError):
            with codes_lock:
                survey_stats["failed"] += 1

    # Respondents arrive at random (Poisson) at the answer rate, each in a thread of its own.
    respondents: list[threading.Thread] = []

    def arrivals(index: int, recorder: _common.Recorder, running: Any) -> None:
        rng, seeds = random.Random(400 + index), random.Random(500 + index)
        due = time.monotonic()
        while running():
            due += rng.expovariate(args.answer_rate)  # on a fixed schedule: late sleeps catch up
            time.sleep(max(0.0, due - time.monotonic()))
            if not running():
                return
            thread = threading.Thread(
                target=respondent, args=(random.Random(seeds.random()), recorder, running), daemon=True
            )
            thread.start()
            respondents.append(thread)

    behaviours = (
        [directory] * args.directory_clients
        + [verify] * args.verify_clients
        + [coordinator] * args.coordinators
        + [arrivals]
    )

    def dispatch(index: int, recorder: _common.Recorder, running: Any) -> None:
        behaviours[index](index, recorder, running)

    # Warm up every worker with a few seconds of directory and verification traffic (not counted).
    _common.run_clients(4, 5.0, lambda i, r, run: (directory if i % 2 else verify)(i, r, run))
    outcome = _common.run_clients(len(behaviours), args.duration, dispatch)
    for thread in respondents:
        thread.join(timeout=5)
    durations = sorted(survey_stats.pop("durations"))
    survey_stats["median_seconds"] = durations[len(durations) // 2] if durations else float("nan")
    survey_stats.setdefault("unfinished", 0)
    return outcome, survey_stats


if __name__ == "__main__":
    sys.exit(main())
