"""Every box that scrolls sideways can be reached with the keyboard (axe
``scrollable-region-focusable``): a ``table-scroll`` wrapper carries tabindex, role and a label."""

from __future__ import annotations

import re
from pathlib import Path

import vereinbar

WRAPPER = re.compile(r"<div[^>]*\bclass=\"[^\"]*\btable-scroll\b[^\"]*\"[^>]*>")


def test_every_sideways_scrolling_table_is_focusable_and_named():
    root = Path(vereinbar.__file__).parent
    found, unreachable = 0, []
    for template in root.rglob("templates/**/*.html"):
        for tag in WRAPPER.findall(template.read_text(encoding="utf-8")):
            found += 1
            if not all(attribute in tag for attribute in ('tabindex="0"', 'role="region"', "aria-label=")):
                unreachable.append(f"{template.relative_to(root)}: {tag}")
    assert found > 10
    assert unreachable == []
