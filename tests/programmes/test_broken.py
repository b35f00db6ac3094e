"""The corpus of broken files: each names its problems (line and field) and changes nothing.

Every file in broken/ starts with ``# expect: <code> line <n> at <path>`` lines; all of them
must be reported, and the database (programmes, versions, rows, history) must stay as it was.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.programmes.conftest import BROKEN, load
from vereinbar.activity.models import Entry
from vereinbar.programmes import models
from vereinbar.programmes.definition import ProgrammeInvalid

EXPECT = re.compile(r"^# expect: (?P<code>\S+) line (?P<line>\d+) at (?P<path>.+)$", re.M)
BROKEN_FILES = sorted(BROKEN.glob("*.yaml"))
MODELS = [
    models.Programme,
    models.ProgrammeVersion,
    models.ActionField,
    models.Criterion,
    models.Level,
    models.Stage,
    models.Phase,
    models.StatusScale,
    models.ScaleOption,
    models.MeasureTemplate,
    Entry,
]


def expectations(path: Path) -> list[tuple[str, int, str]]:
    found = [
        (m["code"], int(m["line"]), "" if m["path"] == "-" else m["path"])
        for m in EXPECT.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found, f"{path.name} has no '# expect:' line"
    return found


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_the_corpus_covers_at_least_fifteen_kinds_of_mistakes():
    kinds = {code for path in BROKEN_FILES for code, _line, _path in expectations(path)}
    assert len(BROKEN_FILES) >= 15
    assert len(kinds) >= 15, kinds


@pytest.mark.parametrize("path", BROKEN_FILES, ids=lambda p: p.stem)
def test_broken_file_names_line_and_field_and_changes_nothing(db, path, example_text):
    load(example_text, filename="example.yaml")  # something already loaded, which must stay as it is
    before = counts()
    with pytest.raises(ProgrammeInvalid) as raised:
        load(path.read_bytes(), filename=path.name)
    reported = {(p.code, p.line, p.path) for p in raised.value.problems}
    for expected in expectations(path):
        assert expected in reported, f"{expected} not in {sorted(reported, key=str)}"
    assert all(p.file == path.name for p in raised.value.problems)
    assert all(p.message and p.message != p.code for p in raised.value.problems)
    assert counts() == before


def test_every_problem_of_a_file_is_reported_at_once(db):
    path = BROKEN / "many_problems.yaml"
    with pytest.raises(ProgrammeInvalid) as raised:
        load(path.read_bytes(), filename=path.name)
    assert len(raised.value.problems) >= 8
    assert len({p.line for p in raised.value.problems}) >= 8


def test_messages_follow_the_active_language(db, settings):
    from django.utils import translation

    path = BROKEN / "unknown_phase.yaml"
    with translation.override("en"), pytest.raises(ProgrammeInvalid) as raised:
        load(path.read_bytes(), filename=path.name)
    (problem,) = [p for p in raised.value.problems if p.code == "unknown_phase"]
    assert "workshop" in problem.message
    assert problem.as_dict() == {
        "file": "unknown_phase.yaml",
        "line": problem.line,
        "column": problem.column,
        "path": "stages[0].phases[1].gate.requires[0]",
        "code": "unknown_phase",
        "message": problem.message,
    }
