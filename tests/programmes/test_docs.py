"""The reference page's complete example loads, and the page describes the published schema."""

from __future__ import annotations

from tests.programmes.conftest import DOCS, docs_example
from vereinbar.programmes.definition import definition_check
from vereinbar.programmes.definition.schema_check import SCHEMA_PATH


def test_the_complete_example_in_the_docs_is_valid():
    checked = definition_check(docs_example(), filename="docs/programme-format.md")
    assert checked.ok, [str(p) for p in checked.problems]


def test_the_docs_name_the_schema_and_every_problem_code():
    text = DOCS.read_text(encoding="utf-8")
    assert str(SCHEMA_PATH.relative_to(DOCS.parents[1])) in text
    assert "/api/v1/programmes/schema" in text
    for code in (
        "unknown_field", "duplicate_code", "unknown_phase", "unknown_criterion", "stage_cycle",
        "missing_default_text", "wrong_type", "version_changed",
    ):  # fmt: skip
        assert f"`{code}`" in text, code
