"""The definition-file reader takes libyaml's fast parser when PyYAML has it; what it reads must
be what the Python parser reads, field positions and problems included, and a file libyaml
refuses is reported with the Python parser's message."""

from __future__ import annotations

from pathlib import Path

import pytest

from vereinbar.core import definition_files

LIBRARY = Path(__file__).resolve().parents[2] / "library"
SNIPPETS = [
    "",
    "# only a comment\n",
    "\ufeffkey: value\n",
    '{"json": [1, 2, {"deep": true}]}',
    "a: 1\na: 2\n",
    "base: &x {k: 1}\nother: *x\n",
    "list:\n  - one\n  - two: 2\n    three: [3, 4]\n",
    "text: |\n  line one\n  line two\n",
    "bad: [unclosed\n",
    "key: value\n\tindented: with a tab\n",
    "control: \x07\n",
    "? [complex, key]\n: value\n",
    "date: 2026-12-03\nnumber: 0x1F\nnull: ~\n",
    "- just\n- a list\n",
]


def _python_read(raw: str) -> definition_files.Source:
    source = definition_files.Source(filename="f.yaml")
    definition_files._read_reporting(source, raw.removeprefix("\ufeff"))
    return source


def _same(a: definition_files.Source, b: definition_files.Source) -> None:
    assert a.data == b.data
    assert a.locator.positions == b.locator.positions
    assert [str(problem) for problem in a.problems] == [str(problem) for problem in b.problems]


@pytest.mark.parametrize("path", sorted(LIBRARY.glob("**/*.yaml")), ids=lambda path: path.name)
def test_library_files_read_the_same_with_either_parser(path):
    raw = path.read_text(encoding="utf-8")
    _same(definition_files.source_parse(raw, filename="f.yaml"), _python_read(raw))


@pytest.mark.parametrize("raw", SNIPPETS)
def test_odd_files_read_the_same_with_either_parser(raw):
    _same(definition_files.source_parse(raw, filename="f.yaml"), _python_read(raw))
