"""A misspelt field name or value in a definition file is reported once, with the line and the
name it most likely meant; the field it stands for is not reported as missing as well."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from tests.programmes.conftest import docs_example
from tests.programmes.test_pages import upload
from tests.surveys.test_instrument_format import MINIMAL
from vereinbar.measures.catalogue import CatalogueInvalid, catalogue_parse
from vereinbar.programmes.definition import definition_check
from vereinbar.programmes.models import ProgrammeVersion
from vereinbar.surveys.instrument import instrument_check

CATALOGUE = """\
format: vereinbar-measure-catalogue/1
categories:
  - key: working_time
    name: {de: Arbeitszeit, nl: Werktijd, en: Working time}
    measures:
      - key: flexitime
        name: {de: Gleitzeit, nl: Glijtijd, en: Flexitime}
"""


def line_of(text: str, words: str) -> int:
    """The line (1-based) on which ``words`` first appears."""
    return text[: text.index(words)].count("\n") + 1


def programme_problems(text: str, language: str = "en") -> list[tuple[str, int | None, str, str]]:
    with translation.override(language):
        return [(p.code, p.line, p.path, p.message) for p in definition_check(text, filename="p.yaml").problems]


def instrument_problems(text: str) -> list[tuple[str, int | None, str, str]]:
    with translation.override("en"):
        return [(p.code, p.line, p.path, p.message) for p in instrument_check(text, filename="i.yaml").problems]


def catalogue_problems(text: str) -> list[tuple[str, int | None, str, str]]:
    with translation.override("en"), pytest.raises(CatalogueInvalid) as caught:
        catalogue_parse(text, file="c.yaml")
    return [(p.code, p.line, p.path, p.message) for p in caught.value.problems]


def test_a_misspelt_required_field_is_one_problem_naming_the_field_meant():
    text = docs_example().replace("    criteria:\n", "    criterias:\n", 1)
    assert programme_problems(text) == [
        (
            "unknown_field",
            line_of(text, "criterias:"),
            "action_fields[0].criterias",
            "Unknown field “criterias”. Did you mean “criteria”?",
        )
    ]


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("de", "Unbekanntes Feld „criterias“. Meinten Sie „criteria“?"),
        ("nl", "Onbekend veld ‘criterias’. Bedoelt u ‘criteria’?"),
    ],
)
def test_the_suggestion_is_worded_in_the_readers_language(language, message):
    text = docs_example().replace("    criteria:\n", "    criterias:\n", 1)
    assert [problem[3] for problem in programme_problems(text, language)] == [message]


def test_the_content_of_a_misspelt_field_is_still_checked_at_its_lines():
    text = docs_example().replace("    criteria:\n", "    criterias:\n", 1)
    text = text.replace("        title: {en: Flexible working time", "        titel: {en: Flexible working time", 1)
    assert [(code, line, path) for code, line, path, _message in programme_problems(text)] == [
        ("unknown_field", line_of(text, "criterias:"), "action_fields[0].criterias"),
        ("unknown_field", line_of(text, "titel:"), "action_fields[0].criteria[0].titel"),
    ]


def test_a_misspelt_value_has_no_consequences_elsewhere():
    text = docs_example().replace(
        "assessment: {kind: status, scale: implementation}", "assessment: {kind: staus, scale: implementation}", 1
    )
    assert [(code, line, path) for code, line, path, _message in programme_problems(text)] == [
        ("not_allowed", line_of(text, "kind: staus"), "action_fields[0].criteria[0].assessment.kind")
    ]


def test_an_instrument_with_one_typo_has_one_problem_with_the_suggestion_and_the_line():
    text = MINIMAL.replace("    labels:", "    lables:")
    assert instrument_problems(text) == [
        (
            "unknown_field",
            line_of(text, "lables:"),
            "answer_sets.agree4.lables",
            "Unknown field “lables”. Did you mean “labels”?",
        )
    ]


def test_an_optional_field_and_a_field_in_other_case_are_suggested_too():
    text = MINIMAL.replace("    items: [q1, q2]", "    items: [q1, q2]\n    treshold: 40").replace(
        "consent:", "Consent:"
    )
    assert [(code, line, message) for code, line, _path, message in instrument_problems(text)] == [
        ("unknown_field", line_of(text, "Consent:"), "Unknown field “Consent”. Did you mean “consent”?"),
        ("unknown_field", line_of(text, "treshold:"), "Unknown field “treshold”. Did you mean “threshold”?"),
    ]


def test_the_measure_catalogue_suggests_field_names_and_language_codes():
    text = CATALOGUE.replace("      - key: flexitime\n        name:", "      - key: flexitime\n        nmae:").replace(
        "nl: Werktijd", "nll: Werktijd"
    )
    assert catalogue_problems(text) == [
        ("unknown_field", 4, "categories[0].name.nll", "Unknown field “nll”. Did you mean “nl”?"),
        ("unknown_field", 7, "categories[0].measures[0].nmae", "Unknown field “nmae”. Did you mean “name”?"),
    ]


def test_a_field_like_no_allowed_one_gets_no_suggestion():
    text = MINIMAL.replace("consent:", "colour: blue\nconsent:")
    ((code, line, path, message),) = instrument_problems(text)
    assert (code, line, path) == ("unknown_field", line_of(text, "colour:"), "colour")
    assert message.startswith("Unknown field “colour”. Allowed here: format, id, version, languages,")
    assert "Did you mean" not in message


def test_a_field_that_is_really_missing_is_still_reported_missing():
    text = MINIMAL.replace("consent: {de: Freiwillig., en: Voluntary.}\n", "colour: blue\n")
    found = {(code, line, path) for code, line, path, _message in instrument_problems(text)}
    assert found == {("unknown_field", line_of(text, "colour:"), "colour"), ("missing_field", 1, "")}
    assert "The field “consent” is missing." in [message for *_where, message in instrument_problems(text)]


def test_a_misspelt_value_of_a_listed_field_suggests_the_right_value():
    text = docs_example().replace("kind: certification", "kind: Certifcation", 1)
    assert programme_problems(text) == [
        (
            "not_allowed",
            line_of(text, "kind: Certifcation"),
            "kind",
            "“Certifcation” is not allowed here. Did you mean “certification”?",
        )
    ]
    nested = MINIMAL.replace("kind: free_text", "kind: freetext")
    assert [(path, message) for _code, _line, path, message in instrument_problems(nested)] == [
        ("sections[0].items[2].kind", "“freetext” is not allowed here. Did you mean “free_text”?")
    ]


def test_a_value_like_no_allowed_one_still_lists_the_choices():
    text = docs_example().replace("kind: certification", "kind: award", 1)
    assert [message for *_where, message in programme_problems(text)] == [
        "“award” is not allowed here. Choose one of: certification, recognition, charter, cycle."
    ]


def test_the_command_line_prints_the_suggestion_once_with_the_line(db, tmp_path):
    text = docs_example().replace("    criteria:\n", "    criterias:\n", 1)
    path = tmp_path / "typo.yaml"
    path.write_text(text, encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("programme", "load", str(path), stdout=io.StringIO(), stderr=err, language="de")
    printed = [line for line in err.getvalue().splitlines() if line.startswith(f"{path}:")]
    assert printed[-1] == f"{path}: 1 Problem; es wurde nichts geladen."
    assert printed[:-1] == [
        f"{path}:{line_of(text, 'criterias:')}: action_fields[0].criterias: "
        "Unbekanntes Feld „criterias“. Meinten Sie „criteria“? [unknown_field]"
    ]


def test_the_upload_page_lists_the_typo_once_with_its_line(login, operator_admin):
    text = docs_example().replace("    criteria:\n", "    criterias:\n", 1)
    client = login(operator_admin)
    page = upload(client, text, name="typo.yaml")
    html = page.content.decode()
    assert page.status_code == 200
    assert "The file has 1 problem; nothing was loaded." in html
    assert f"Line {line_of(text, 'criterias:')}" in html
    assert "Unknown field “criterias”. Did you mean “criteria”?" in html
    assert "is missing" not in html
    assert not ProgrammeVersion.objects.exists()


def test_a_second_copy_of_a_written_field_is_not_read_as_another_field():
    from jsonschema import Draft202012Validator

    from vereinbar.core.misspellings import misspellings_find

    schema = {"type": "object", "properties": {"min_length": {}, "max_length": {}}, "additionalProperties": False}
    data = {"min_length": 1, "min_lenght": 2}
    # "min_lenght" is a copy of "min_length", not the unwritten "max_length" under another name
    assert misspellings_find(list(Draft202012Validator(schema).iter_errors(data)), data) == []
    data = {"max_length": 1, "min_lenght": 2}
    (found,) = misspellings_find(list(Draft202012Validator(schema).iter_errors(data)), data)
    assert (found.written, found.meant) == ("min_lenght", "min_length")


def test_thousands_of_misspellings_in_a_large_file_are_corrected_in_one_pass():
    import time

    from vereinbar.core.misspellings import Misspelling, misspellings_correct

    items = 3000
    data = {"items": [{"key": f"k{i}", "lables": {"de": "a", "nl": "b", "en": "c"}} for i in range(items)]}
    positions = {("items",): (1, 1)}
    for i in range(items):
        positions[("items", i)] = (2 + 5 * i, 3)
        positions[("items", i, "key")] = (2 + 5 * i, 5)
        positions[("items", i, "lables")] = (3 + 5 * i, 5)
        for language in ("de", "nl", "en"):
            positions[("items", i, "lables", language)] = (4 + 5 * i, 7)
    found = [Misspelling(("items", i, "lables"), "lables", "labels", key=True) for i in range(items)]
    started = time.perf_counter()
    misspellings_correct(data, positions, found)
    assert time.perf_counter() - started < 3  # a pass over all positions per misspelling: 60 million steps
    assert data["items"][2999] == {"key": "k2999", "labels": {"de": "a", "nl": "b", "en": "c"}}
    assert positions[("items", 2999, "labels")] == (3 + 5 * 2999, 5)
    assert positions[("items", 2999, "labels", "en")] == (4 + 5 * 2999, 7)
