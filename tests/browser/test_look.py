"""Every page looks right to the people who can reach it: a real browser visits every page door
of the access matrix (tests/security) as the personas allowed through it, in German and Dutch,
at a desktop window (1,280 px) and a phone's (375 px), and fails on what a person would see
as broken:

- the page wider than the window (sideways scrolling);
- internals in the visible text: ``None``, ``urn:…``, Python lists or dicts, ``field_name:``,
  hashes, Django's untranslated "Select an option";
- English interface text on a German or Dutch page: any of our own interface strings (their
  English source, where the translation differs) shown as it is, outside an element that
  says it is English (``lang="en"``);
- serious or critical axe violations.

Sampled to keep the suite's time: every page door is visited twice, by the first persona the
matrix lets through in German at 1,280 px and by the last one (the same, when only one may
pass) in Dutch at 375 px; over all doors every persona sees both. Axe runs on every visit. All problems are collected and
reported together. SQLite pass only: the pages are the same on PostgreSQL.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Error as PlaywrightError

from tests.browser.conftest import BLOCKING_IMPACTS
from tests.security.doors import fill
from tests.security.test_matrix import EXPECTED, HEAVY, POST_ONLY, _slug_for
from tests.security.world import PERSONAS, build_world

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.database("sqlite"), pytest.mark.slow]

VISITS = (("de", 1280), ("nl", 375))
# What people must never read: Python values, identifiers and hashes.
INTERNALS = re.compile(
    r"\bNone\b|urn:[a-z]+:|\[\s*'[^\]]*'\s*\]|\{\s*'|\b[a-z]+_[a-z_]+:\s|Select an option|\b[0-9a-f]{32,}\b"
)
# Routes whose page is itself not for people (feeds, files, redirects to files) or not HTML.
NOT_PAGES = re.compile(r"(feed/|\.csv|\.json|\.svg|\.xml|\.ics|\.pdf|\.xlsx|\.zip|download|export|favicon)")


@cache
def english_interface_strings() -> dict[str, frozenset[str]]:
    """Per language, our interface strings (English source of three words or more) whose
    translation differs: seeing one of them as it is on a de/nl page means it went untranslated."""
    import polib  # type: ignore[import-untyped]

    found: dict[str, frozenset[str]] = {}
    for language in ("de", "nl"):
        path = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"
        strings = set()
        for entry in polib.pofile(str(path)):
            text = entry.msgid
            if "%" in text or "{" in text or "<" in text or "\n" in text or len(text.split()) < 3:
                continue
            if entry.msgstr and entry.msgstr != text:
                strings.add(text)
        found[language] = frozenset(strings)
    return found


# The visible text of the page, without what is marked as another language (content in its own
# language) or is code.
VISIBLE_TEXT = """
(pageLang) => {
  const parts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const element = node.parentElement;
    if (!element || !node.textContent.trim()) continue;
    if (element.closest('script, style, template, code, pre, noscript, [hidden], [aria-hidden=true]')) continue;
    const marked = element.closest('[lang]');
    const lang = marked ? marked.getAttribute('lang').split('-')[0] : pageLang;
    const style = getComputedStyle(element);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    parts.push([lang, node.textContent.replace(/\\s+/g, ' ').trim()]);
  }
  return parts;
}
"""


def _plan(world: Any) -> list[tuple[str, str, str, int]]:
    """(persona, path, language, width) for each sampled visit."""
    plan = []
    for route, expected in sorted(EXPECTED.items()):
        if route in POST_ONLY or expected == "*" or route.endswith(HEAVY) or NOT_PAGES.search(route):
            continue
        allowed = [persona for persona, want in zip(PERSONAS, expected, strict=True) if want == "o"]
        allowed = [p for p in allowed if p != "employee" or "<str:token>" in route]
        if not allowed:
            continue
        path = fill(route, world.values, _slug_for(route, world))
        if not path.startswith("/en/"):
            continue
        # Every page at both widths, in both languages: the first persona let through in German at
        # 1,280 px, the last (or the same, when only one may pass) in Dutch at 375 px.
        sample = [allowed[0], allowed[-1]]
        for persona, (language, width) in zip(sample, VISITS, strict=True):
            plan.append((persona, f"/{language}/" + path.removeprefix("/en/"), language, width))
    return plan


def _problems_on(page: Any, language: str, width: int, axe: Any) -> list[str]:
    problems = []
    overflow = page.evaluate("document.documentElement.scrollWidth") - width
    if overflow > 1:
        widest = page.evaluate(
            """(width) => [...document.querySelectorAll('body *')]
                 .filter(e => e.getBoundingClientRect().right > width + 1 && !e.closest('[data-scroll-region], .table-wrap'))
                 .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ')[0] : ''))""",
            width,
        )
        problems.append(f"{overflow} px wider than the window ({', '.join(widest)})")
    texts = page.evaluate(VISIBLE_TEXT, language)
    shown = "\n".join(text for _, text in texts)
    internals = sorted({match.group(0).strip() for match in INTERNALS.finditer(shown)})
    if internals:
        problems.append(f"internals shown: {internals[:6]}")
    english = english_interface_strings()[language]
    untranslated = sorted({text for lang, text in texts if lang == language and text in english})
    if untranslated:
        problems.append(f"English on a {language} page: {untranslated[:4]}")
    violations = [v for v in axe.run(page).response.get("violations", []) if v.get("impact") in BLOCKING_IMPACTS]
    for violation in violations:
        targets = [", ".join(map(str, node.get("target", []))) for node in violation.get("nodes", [])][:3]
        problems.append(f"axe {violation['impact']} {violation['id']}: {'; '.join(targets)}")
    return problems


def test_every_page_looks_right_to_everyone_who_can_reach_it(live_server, browser):
    from axe_playwright_python.sync_playwright import Axe

    world = build_world()
    axe = Axe()
    found: list[str] = []
    plan = _plan(world)
    assert len(plan) > 100, "the plan covers the site's pages"
    by_persona: dict[str, list[tuple[str, str, int]]] = {}
    for persona, path, language, width in plan:
        by_persona.setdefault(persona, []).append((path, language, width))
    for persona, visits in by_persona.items():
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        if persona not in ("anonymous", "employee"):
            client = Client()
            client.force_login(world.users[persona], backend="django.contrib.auth.backends.ModelBackend")
            cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
            context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
        page = context.new_page()
        for path, language, width in visits:
            page.set_viewport_size({"width": width, "height": 900})
            try:
                response = page.goto(live_server.url + path, wait_until="load")
            except PlaywrightError as error:
                if "Download is starting" in str(error):  # a file, not a page
                    continue
                raise
            status = response.status if response else None
            if status != 200:
                found.append(f"{persona:14} {width:4} {path}: answered {status}")
                continue
            if "text/html" not in (response.headers.get("content-type") or ""):
                continue
            if "<html" not in response.text()[:500].lower():
                continue  # a fragment that htmx puts into a page (progress, status), not a page
            for problem in _problems_on(page, language, width, axe):
                found.append(f"{persona:14} {width:4} {path}: {problem}")
        context.close()
    assert not found, f"{len(found)} problem(s) a person would see:\n" + "\n".join(found)
