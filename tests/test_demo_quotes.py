"""The demo's texts quote as the interface does in each language: Dutch with ‘…’, English with
“…”, German with „…“ (issue: the demo's Dutch quoted with “…”, its English with straight "…")."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

DEMO = Path(__file__).resolve().parent.parent / "library" / "demo"
WRONG = {"nl": '"“”„', "en": '"„‘', "de": '"”'}


def _texts(node: Any, language: str | None = None, path: str = "") -> Iterator[tuple[str, str, str]]:
    """Every text of the file with the language it is given in (the nearest de/nl/en key above it)."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _texts(value, key if key in WRONG else language, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _texts(value, language, f"{path}/{index}")
    elif isinstance(node, str) and language:
        yield language, path, node


@pytest.mark.parametrize("name", ["demo.yaml", "examples.yaml", "answers.yaml"])
def test_the_demo_quotes_as_each_language_does(name):
    data = yaml.safe_load((DEMO / name).read_text(encoding="utf-8"))
    wrong = [
        (path, text[:80]) for language, path, text in _texts(data) if any(mark in text for mark in WRONG[language])
    ]
    assert wrong == []
