"""A size band ("1,000–4,999 staff") and the licence id ("CC-BY-4.0") stay on one line: on a phone
the directory broke them at their dashes ("50–" / "249 Beschäftigte", "CC-" / "BY-4.0")."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import time_machine

pytestmark = pytest.mark.django_db

CSS = Path(__file__).resolve().parents[2] / "src/vereinbar/directory/static/directory/directory.css"


def _nowrap_classes() -> set[str]:
    rules = re.findall(r"([^{}]+)\{([^}]*)\}", CSS.read_text())
    return {
        name
        for selectors, body in rules
        if "white-space: nowrap" in body
        for name in re.findall(r"^\s*\.([\w-]+)\s*$", selectors.replace(",", "\n"), re.M)
    }


def test_size_bands_and_the_licence_are_kept_whole(client, directory_of_three):
    with time_machine.travel(date(2026, 11, 23), tick=False):
        page = client.get("/de/").content.decode()
    kept = _nowrap_classes()
    sizes = re.findall(r'<span class="([\w-]+)">([^<]*Beschäftigte)</span>', page)
    assert sizes and all(name in kept for name, _ in sizes)
    assert any("–" in text for _, text in sizes)  # a band with a dash, the case that broke
    licence = re.search(r'<span class="([\w-]+)"><a href="[^"]*" rel="license">([^<]*)</a></span>', page)
    assert licence is not None and licence.group(1) in kept and "-" in licence.group(2)
