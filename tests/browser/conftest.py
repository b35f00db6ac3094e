"""Browser tests: pytest-playwright in Debian's Chromium against pytest-django's live_server.

Every test under tests/browser/ gets the ``browser`` marker. Without Chromium these tests
are skipped, except with CI=true, where a missing browser is a failure. bin/test runs them
in their own pytest run (``-m browser``), on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread

# The sync Playwright API runs an event loop in the test's thread; without this, ORM calls
# in a test body raise SynchronousOnlyOperation.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("VEREINBAR_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--disable-quic",
]
HERE = Path(__file__).resolve().parent


class _OneRequestAtATime(ThreadedWSGIServer):
    """The live server on SQLite's in-memory test database: its threads share the test's one
    connection, and a page asking for its charts while the page itself is still being answered
    would use that connection from two threads at once (``InterfaceError``, a lost session).
    So, with a shared connection, requests are answered one at a time, their bodies read
    before the next begins. On PostgreSQL every thread has its own connection."""

    def set_app(self, application: Callable[..., Iterable[bytes]]) -> None:
        if not self.connections_override:
            super().set_app(application)
            return
        lock = threading.Lock()

        def one_at_a_time(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
            with lock:
                result = application(environ, start_response)
                try:
                    return list(result)
                finally:
                    close = getattr(result, "close", None)
                    if close is not None:
                        close()

        super().set_app(one_at_a_time)


LiveServerThread.server_class = _OneRequestAtATime
BLOCKING_IMPACTS = ("serious", "critical")


def one_pass_each(*values: Any) -> list[Any]:
    """Parameters (languages, window widths) of a journey whose database work is the same for
    each: the first runs in bin/test's SQLite pass, the second in its PostgreSQL pass, and so on
    by turns, so that CI runs each once and the journey on both databases."""
    vendors = ("sqlite", "postgresql")
    return [
        pytest.param(*(value if isinstance(value, tuple) else (value,)), marks=pytest.mark.database(vendors[i % 2]))
        for i, value in enumerate(values)
    ]


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def _chromium_missing() -> str | None:
    if Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK):
        return None
    return f"Chromium not found at {CHROMIUM}: install it with 'apt-get install chromium' (Debian)"


def pytest_configure(config: pytest.Config) -> None:
    # pytest-base-url (installed with pytest-playwright) defines its session fixture the way
    # pytest 9 deprecates; nothing of ours to fix.
    config.addinivalue_line("filterwarnings", "ignore:Session-scoped fixtures defined as instance methods")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    missing = _chromium_missing()
    for item in items:
        if HERE not in Path(item.path).resolve().parents:
            continue
        item.add_marker(pytest.mark.browser)
        if missing and not _in_ci():
            item.add_marker(pytest.mark.skip(reason=missing))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    missing = _chromium_missing()
    if missing:
        if _in_ci():
            pytest.fail(f"{missing} (required with CI=true)", pytrace=False)
        pytest.skip(missing)
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
        "headless": True,
    }


def _describe(violation: dict[str, Any]) -> str:
    targets = [", ".join(map(str, node.get("target", []))) for node in violation.get("nodes", [])]
    shown = "; ".join(targets[:5]) + (f"; … {len(targets) - 5} more" if len(targets) > 5 else "")
    summary = ""
    if violation.get("nodes"):
        summary = "\n      " + str(violation["nodes"][0].get("failureSummary", "")).replace("\n", "\n      ")
    return (
        f"  [{violation.get('impact')}] {violation.get('id')}: {violation.get('help')}\n"
        f"    {violation.get('helpUrl')}\n"
        f"    on: {shown}{summary}"
    )


@pytest.fixture
def axe_check() -> Callable[..., dict[str, Any]]:
    """``axe_check(page)`` runs axe-core in the page and fails the test on serious or
    critical violations; returns the full axe results. ``context`` and ``options`` are
    passed to axe.run (e.g. ``context="main"``)."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(
        page: Any,
        *,
        context: str | list[Any] | dict[str, Any] | None = None,
        options: dict[str, Any] | None = None,
        impacts: tuple[str, ...] = BLOCKING_IMPACTS,
    ) -> dict[str, Any]:
        results = axe.run(page, context=context, options=options or {"resultTypes": ["violations"]})
        violations = [v for v in results.response.get("violations", []) if v.get("impact") in impacts]
        if violations:
            pytest.fail(
                f"axe found {len(violations)} {'/'.join(impacts)} accessibility violation(s) on {page.url}:\n"
                + "\n".join(_describe(v) for v in violations),
                pytrace=False,
            )
        return results.response

    return check
