"""CPU of the page layout in process: a sample of pages (the directory's start page, an employer's
profile, the news, the sign-in page and a coordinator's workspace page; anonymous and signed in;
de/nl/en) through Django's test client, median ``time.process_time`` per page over ``--rounds``
passes after an unmeasured one, beside the trivial view (/health/) of the same run, and the
layout alone: ``core/base.html`` rendered with empty blocks for the request of each page (its
context processors, header, menus, language switcher, footer), and once more without the
operator's logo and colour (``theme_operator`` None: the page's operator is not looked up).
Warm figures; ``--cold`` adds the first request of a fresh process per page (one process each,
after ``django.setup()``).

The data are a copy of a demo installation's data directory (``bin/run --setup-only`` or
``vereinbar demo``), made afresh in a temporary directory for each run, DEBUG off, kept
directory pages off. ``--root``: the tree of another version (``git archive``, .mo compiled),
for comparing two versions run alternately.

``--save DIR`` writes the sample's HTML (CSP nonces and CSRF tokens as placeholders);
``--compare DIR`` compares the sample byte for byte with what ``--save`` wrote and fails on any
difference.

Run:  .venv/bin/python bench/layout_cpu.py --data /tmp/demo-data [--rounds 5] [--cold] [--root TREE]
      [--save DIR | --compare DIR]
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LANGUAGES = ("de", "nl", "en")
_RANDOM = re.compile(rb'(nonce="|name="csrfmiddlewaretoken" value=")[A-Za-z0-9_-]+"')
_ME = Path(__file__).resolve()


def _sample(coordinator: str) -> list[tuple[str, str, bool]]:
    """(label, path, signed in) of the sample; the profile and the workspace page are the
    coordinator's first employer's."""
    from vereinbar.accounts.models import User
    from vereinbar.organisations.models import OrganisationType

    user = User.objects.get(email=coordinator)
    slug = user.memberships.filter(organisation__type=OrganisationType.EMPLOYER).values_list(
        "organisation__slug", flat=True
    )[0]
    pages = [
        ("directory", "/{}/", True),
        ("profile", f"/{{}}/employers/{slug}/", True),
        ("news", "/{}/news/", True),
        ("login", "/{}/accounts/login/", False),  # signed in, it sends the person on
        ("workspace", f"/{{}}/workspace/{slug}/", None),  # signed in only
    ]
    sample = []
    for label, pattern, anonymous_too in pages:
        for language in LANGUAGES:
            if anonymous_too is not None:
                sample.append((label, pattern.format(language), False))
            if anonymous_too is not False:
                sample.append((f"{label}, signed in", pattern.format(language), True))
    return sample


def _setup(data: Path, root: Path) -> Path:
    """Django configured on a fresh copy of the data directory; the copy's path."""
    copy = Path(tempfile.mkdtemp(prefix="layout-cpu-")) / "data"
    shutil.copytree(data, copy, symlinks=True)
    for name in ("DATABASE_URL", "PGDATABASE", "VEREINBAR_TESTING", "VEREINBAR_DEBUG"):
        os.environ.pop(name, None)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "vereinbar.settings",
            "VEREINBAR_DATA_DIR": str(copy),
            "VEREINBAR_ALLOWED_HOSTS": "127.0.0.1",
            "VEREINBAR_LOG_LEVEL": "WARNING",
            "VEREINBAR_DIRECTORY_KEEP_SECONDS": "0",
            "VEREINBAR_EMAIL_BACKEND": "locmem",
        }
    )
    sys.path.insert(0, str(root / "src"))
    import django

    django.setup()
    return copy


def _clients(coordinator: str) -> tuple[object, object]:
    from django.test import Client

    from vereinbar.accounts.models import User

    anonymous, signed_in = Client(HTTP_HOST="127.0.0.1"), Client(HTTP_HOST="127.0.0.1")
    signed_in.force_login(User.objects.get(email=coordinator))
    return anonymous, signed_in


def _cpu(call: object) -> float:
    started = time.process_time()
    call()  # type: ignore[operator]
    return time.process_time() - started


def _cold(args: argparse.Namespace) -> int:
    """One fresh process: the first request (``--cold-path``), then the same again."""
    copy = _setup(args.data, args.root.resolve())
    try:
        anonymous, signed_in = _clients(args.coordinator)
        client = signed_in if args.signed_in else anonymous
        first = _cpu(lambda: client.get(args.cold_path))  # type: ignore[attr-defined]
        second = _cpu(lambda: client.get(args.cold_path))  # type: ignore[attr-defined]
        print(f"{first * 1000:.2f} {second * 1000:.2f}")
    finally:
        shutil.rmtree(copy.parent, ignore_errors=True)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="a demo installation's data directory (copied)")
    parser.add_argument("--root", type=Path, default=_ME.parent.parent, help="the code's tree")
    parser.add_argument("--coordinator", default="koordination@proarbeit.example")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--cold", action="store_true", help="also the first request of a fresh process per page")
    parser.add_argument("--save", type=Path, help="write the sample's HTML here")
    parser.add_argument("--compare", type=Path, help="compare the sample's HTML with a --save")
    parser.add_argument("--cold-path", help=argparse.SUPPRESS)
    parser.add_argument("--signed-in", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cold_path:
        return _cold(args)
    root = args.root.resolve()
    copy = _setup(args.data, root)
    try:
        return _run(args, root)
    finally:
        shutil.rmtree(copy.parent, ignore_errors=True)


def _run(args: argparse.Namespace, root: Path) -> int:
    from django.template.loader import render_to_string

    sys.path.insert(0, str(_ME.parent))
    import _common

    anonymous, signed_in = _clients(args.coordinator)
    sample = _sample(args.coordinator)
    requests = {}  # the request of each page, to render the layout alone for it
    bodies = {}
    for label, path, is_signed_in in sample:  # unmeasured: the first pass, and the bodies
        response = (signed_in if is_signed_in else anonymous).get(path)  # type: ignore[attr-defined]
        assert response.status_code == 200, (path, is_signed_in, response.status_code)
        requests[label, path] = response.wsgi_request
        bodies[label, path] = _RANDOM.sub(rb'\1"', response.content)
    failed = _save_or_compare(args, bodies)

    pages: dict[tuple[str, str], list[float]] = {key: [] for key in bodies}
    layout: dict[tuple[str, str], list[float]] = {key: [] for key in bodies}
    no_operator: dict[tuple[str, str], list[float]] = {key: [] for key in bodies}
    trivial: list[float] = []
    for _ in range(args.rounds):
        for label, path, is_signed_in in sample:
            client = signed_in if is_signed_in else anonymous
            pages[label, path].append(_cpu(lambda c=client, p=path: c.get(p)))  # type: ignore[attr-defined]
            request = requests[label, path]
            layout[label, path].append(_cpu(lambda r=request: render_to_string("core/base.html", {}, request=r)))
            no_operator[label, path].append(
                _cpu(lambda r=request: render_to_string("core/base.html", {"theme_operator": None}, request=r))
            )
        for _ in range(10):
            trivial.append(_cpu(lambda: anonymous.get("/health/")))  # type: ignore[attr-defined]

    print(f"{root}: load {_common.load_average()}, {args.rounds} rounds, CPU medians in ms (de / nl / en)")
    print(f"  {'trivial view (/health/)':28} {statistics.median(trivial) * 1000:6.2f}  n={len(trivial)}")
    print(f"  {'page':28} {'whole page':>20}   {'layout alone':>20}   share   {'without operator':>20}")
    all_pages: list[float] = []
    all_layout: list[float] = []
    all_no_operator: list[float] = []
    for label in dict.fromkeys(label for label, _path, _signed_in in sample):
        keys = [key for key in pages if key[0] == label]
        page_ms = [statistics.median(pages[key]) * 1000 for key in keys]
        layout_ms = [statistics.median(layout[key]) * 1000 for key in keys]
        no_operator_ms = [statistics.median(no_operator[key]) * 1000 for key in keys]
        all_pages += page_ms
        all_layout += layout_ms
        all_no_operator += no_operator_ms
        share = statistics.mean(layout_ms) / statistics.mean(page_ms)
        print(
            f"  {label:28} {' / '.join(f'{v:4.1f}' for v in page_ms):>20}   "
            f"{' / '.join(f'{v:4.2f}' for v in layout_ms):>20}   {share:4.0%}   "
            f"{' / '.join(f'{v:4.2f}' for v in no_operator_ms):>20}"
        )
    print(
        f"  {'all (mean of medians)':28} {statistics.mean(all_pages):20.2f}   {statistics.mean(all_layout):20.2f}"
        f"   {statistics.mean(all_layout) / statistics.mean(all_pages):4.0%}   {statistics.mean(all_no_operator):20.2f}"
    )
    if args.cold:
        print("  cold: the first request of a fresh process, then the same again (ms)")
        for label, path, is_signed_in in sample:
            if not path.startswith("/de/"):
                continue
            command = [sys.executable, str(_ME), "--data", str(args.data), "--root", str(root)]
            command += ["--coordinator", args.coordinator, "--cold-path", path]
            command += ["--signed-in"] if is_signed_in else []
            first, second = subprocess.run(command, check=True, capture_output=True, text=True).stdout.split()
            print(f"  {label:28} {path:48} first {float(first):7.1f}   second {float(second):6.1f}")
    return 1 if failed else 0


def _save_or_compare(args: argparse.Namespace, bodies: dict[tuple[str, str], bytes]) -> bool:
    """Write the bodies (``--save``) or compare them with those written (``--compare``); True
    when any differs."""

    def name(label: str, path: str) -> str:
        return re.sub(r"[^a-z0-9]+", "-", f"{label} {path}".lower()).strip("-") + ".html"

    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
        for (label, path), body in bodies.items():
            (args.save / name(label, path)).write_bytes(body)
        print(f"saved {len(bodies)} pages to {args.save}")
    if not args.compare:
        return False
    differing = []
    for (label, path), body in bodies.items():
        saved = args.compare / name(label, path)
        if not saved.exists() or saved.read_bytes() != body:
            differing.append(saved.name)
            before = saved.read_bytes().decode().splitlines() if saved.exists() else []
            diff = difflib.unified_diff(before, body.decode().splitlines(), "saved", "now", lineterm="", n=1)
            print("\n".join(list(diff)[:20]))
    print(f"compared {len(bodies)} pages with {args.compare}: {len(differing) or 'none'} differ {differing or ''}")
    return bool(differing)


if __name__ == "__main__":
    raise SystemExit(main())
