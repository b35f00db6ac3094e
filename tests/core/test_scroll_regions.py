"""Every box that may scroll sideways can be reached with the keyboard (axe
``scrollable-region-focusable``): a ``table-scroll`` wrapper carries tabindex and role, and is
named by what it holds, the table's caption or the heading of its list (``aria-labelledby``).
Not by how it behaves: below 40rem a ``rows-narrow`` table becomes cards and nothing scrolls,
so a name such as "Table, scrolls sideways" would be untrue there."""

from __future__ import annotations

import re
from pathlib import Path

import vereinbar

ROOT = Path(vereinbar.__file__).parent
WRAPPER = re.compile(r"<div[^>]*\bclass=\"[^\"]*\btable-scroll\b[^\"]*\"[^>]*>")
LABELLED_BY = re.compile(r'\baria-labelledby="([^"]+)"')
# An element that can name a table: its caption or a heading.
NAMING = r'<(?:caption|h[1-4])\b[^>]*\bid="{}"[^>]*>'
# A template that includes another one by a variable, which the views name in Python
# (the desk lists: ``DeskList(table="cycles/_desk_cycles_table.html", …)``).
INCLUDE_BY_VARIABLE = re.compile(r"{%\s*include\s+table\s*%}")


def _templates() -> dict[str, str]:
    found = {}
    for path in ROOT.rglob("templates/**/*.html"):
        parts = path.relative_to(ROOT).parts
        name = "/".join(parts[parts.index("templates") + 1 :])
        found[name] = path.read_text(encoding="utf-8")
    return found


def _includers(name: str, templates: dict[str, str]) -> list[str]:
    """The texts of the templates that include ``name``: by its name, or by a variable when
    Python code names it."""
    by_name = [text for text in templates.values() if re.search(r"{%\s*include\s+\"" + re.escape(name) + '"', text)]
    named_in_python = any(f'"{name}"' in path.read_text(encoding="utf-8") for path in ROOT.rglob("*.py"))
    by_variable = [text for text in templates.values() if INCLUDE_BY_VARIABLE.search(text)] if named_in_python else []
    return by_name + by_variable


def region_problems(name: str, text: str, templates: dict[str, str]) -> list[str]:
    """What is wrong with the scroll regions of one template: not focusable, not a region, not
    named by a caption or heading of its own or of every template that includes it."""
    problems = []
    for tag in WRAPPER.findall(text):
        if not ('tabindex="0"' in tag and 'role="region"' in tag):
            problems.append(f"{name}: not a focusable region: {tag}")
        if "aria-label=" in tag:
            problems.append(f"{name}: named by a fixed label, not by its table: {tag}")
        labelled = LABELLED_BY.search(tag)
        if labelled is None:
            problems.append(f"{name}: no aria-labelledby: {tag}")
            continue
        naming = re.compile(NAMING.format(re.escape(labelled.group(1))))
        if naming.search(text):
            continue
        includers = _includers(name, templates)
        if not includers or not all(naming.search(includer) for includer in includers):
            problems.append(f"{name}: aria-labelledby={labelled.group(1)!r} names no caption or heading")
    return problems


def test_every_scroll_region_is_focusable_and_named_by_its_caption_or_heading():
    templates = _templates()
    found = sum(len(WRAPPER.findall(text)) for text in templates.values())
    problems = [problem for name, text in templates.items() for problem in region_problems(name, text, templates)]
    assert found > 10
    assert problems == []


def test_a_region_without_a_name_or_with_a_fixed_label_is_reported():
    templates = _templates()
    wrapper = '<div class="kern-table-responsive table-scroll" tabindex="0" role="region"{}>'
    assert region_problems("x.html", wrapper.format(""), templates) == [
        f"x.html: no aria-labelledby: {wrapper.format('')}"
    ]
    fixed = wrapper.format(' aria-label="Table, scrolls sideways"')
    assert any("fixed label" in problem for problem in region_problems("x.html", fixed, templates))
    dangling = wrapper.format(' aria-labelledby="nowhere"')
    assert any("names no caption" in problem for problem in region_problems("x.html", dangling, templates))
    named = wrapper.format(' aria-labelledby="here"') + '<caption id="here">Members</caption>'
    assert region_problems("x.html", named, templates) == []
