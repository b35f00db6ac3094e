"""Definition files (programmes, instruments, the measure catalogue) are read and their schema
errors worded by one module, so the same mistake reads the same in every format."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.programmes.conftest import docs_example
from tests.surveys.test_instrument_format import MINIMAL
from vereinbar.core.definition_files import PATTERN_HINTS, schema_errors_report, schema_validator, source_parse
from vereinbar.measures import catalogue
from vereinbar.programmes.definition import definition_check
from vereinbar.programmes.definition import schema as programme_schema
from vereinbar.surveys.instrument import instrument_check
from vereinbar.surveys.instrument import schema as instrument_schema

SCHEMA = {
    "type": "object",
    "required": ["id", "kind"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
        "code": {"type": "string", "pattern": "^x+$"},
        "kind": {"enum": ["a", "b"]},
        "tags": {"type": "array", "minItems": 2, "items": {"type": "string"}},
    },
}


def report(text: str) -> dict[tuple[str, int | None, str], str]:
    source = source_parse(text, filename="t.yaml")
    with translation.override("en"):
        schema_errors_report(source, schema_validator(SCHEMA))
    return {(p.code, p.line, p.path): p.message for p in source.problems}


def test_it_words_each_kind_of_schema_error_with_line_and_field():
    found = report("id: Bad\ncode: y\ntags: [one]\ncolour: red\n")
    assert found == {
        ("bad_format", 1, "id"): "“Bad” is not a key of lower case letters, digits and _ that starts with a letter, "
        "such as “annual_report”.",
        ("bad_format", 2, "code"): "“y” is not a valid code here.",
        ("schema_minItems", 3, "tags"): "The list needs at least 2 entries.",
        ("unknown_field", 4, "colour"): "Unknown field “colour”. Allowed here: id, code, kind, tags.",
        ("missing_field", 1, ""): "The field “kind” is missing.",
    }


def test_it_names_what_was_found_instead_of_what_was_expected():
    found = report("id: no\nkind: c\ntags: [1.5, x]\n")
    assert found == {
        ("wrong_type", 1, "id"): "Expected text, found true or false. "
        'YAML reads yes, no, on and off as true or false: put the text in quotes, e.g. "no".',
        ("not_allowed", 2, "kind"): "“c” is not allowed here. Choose one of: a, b.",
        ("wrong_type", 3, "tags[0]"): 'Expected text, found a number. Put it in quotes, e.g. "1.5", '
        "so that it is read as text.",
    }


@pytest.mark.parametrize(("text", "kind"), [("- a\n", "a list"), ("just text\n", "text"), ("null\n", "nothing (null)")])
def test_a_file_without_a_mapping_at_the_top_says_what_it_holds(text, kind):
    assert report(text) == {
        ("not_a_mapping", 1, ""): f"The file must contain one mapping (field: value) at the top, not {kind}."
    }


def test_the_same_mistake_reads_the_same_in_programmes_and_instruments():
    with translation.override("en"):
        programme = definition_check(docs_example().replace("version: ", "version: 2026.1 #", 1), filename="p.yaml")
        instrument = instrument_check(MINIMAL.replace('version: "1"', "version: 2026.1"), filename="i.yaml")
    expected = 'Expected text, found a number. Put it in quotes, e.g. "2026.1", so that it is read as text.'
    assert [(p.code, p.path, p.message) for p in programme.problems if p.path == "version"] == [
        ("wrong_type", "version", expected)
    ]
    assert [(p.code, p.path, p.message) for p in instrument.problems if p.path == "version"] == [
        ("wrong_type", "version", expected)
    ]


def test_every_pattern_of_every_format_is_explained_in_words():
    def patterns(node: object) -> set[str]:
        if isinstance(node, dict):
            own = {node["pattern"]} if isinstance(node.get("pattern"), str) else set()
            return own.union(*(patterns(value) for value in node.values()))
        if isinstance(node, list):
            return set().union(*(patterns(value) for value in node))
        return set()

    for schema in (programme_schema(), instrument_schema(), catalogue.schema()):
        assert patterns(schema), "the walk found no pattern at all"
        assert patterns(schema) <= set(PATTERN_HINTS), patterns(schema) - set(PATTERN_HINTS)


def test_a_problem_may_point_at_the_line_that_causes_it():
    source = source_parse("entry:\n  statutory: true\n", filename="t.yaml")
    problem = source.problem(("entry", "country"), "statutory_country", "needs a country", at=("entry", "statutory"))
    assert (problem.line, problem.path) == (2, "entry.country")
    assert source.problem(("entry", "country"), "x", "y").line == 1
