"""Loader messages point at the cause: each problem once, at the line where it is."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from tests.programmes.conftest import docs_example
from vereinbar.programmes.definition import definition_check


def problems(raw: str | bytes) -> list[tuple[str, int | None, str]]:
    return [(p.code, p.line, p.path) for p in definition_check(raw, filename="f.yaml").problems]


def test_a_file_with_only_an_id_names_each_missing_field_once():
    found = problems("id: urn:vereinbar:programme:x\n")
    assert sorted(found) == sorted(
        ("missing_field", 1, "") for _field in ("version", "kind", "languages", "default_language", "title", "stages")
    )
    messages = [p.message for p in definition_check("id: urn:vereinbar:programme:x\n", filename="f.yaml").problems]
    assert len(messages) == len(set(messages)) == 6


def test_a_duplicate_criterion_code_is_reported_without_its_consequences():
    text = docs_example().replace('- code: "1.2"', '- code: "1.1"', 1)
    text = text.replace('min_scores: {"1.2": 3}', "min_total_score: 12")
    found = problems(text)
    assert [code for code, _line, _path in found] == ["duplicate_code"]


def test_a_missing_closing_brace_is_reported_on_its_own_line():
    text = "id: urn:vereinbar:programme:x\ntitle: {de: Titel\nversion: '1'\nkind: cycle\n"
    ((code, line, _path),) = problems(text)
    assert (code, line) == ("yaml_syntax", 2)


def test_a_missing_closing_bracket_of_a_multi_line_list_is_reported_after_its_last_entry():
    text = "id: urn:vereinbar:programme:x\nlanguages: [de,\n  en\n\nversion: '1'\n"
    ((code, line, _path),) = problems(text)
    assert (code, line) == ("yaml_syntax", 3)


def test_an_encoding_error_names_line_and_column():
    (problem,) = definition_check(b"id: urn:vereinbar:programme:x\ntitle: Gr\xfc\xdfe\n", filename="f.yaml").problems
    assert (problem.code, problem.line, problem.column) == ("encoding", 2, 10)
    assert "2" in problem.message and "10" in problem.message


TAB = "id: urn:vereinbar:programme:x\ntitle:\n\tde: Titel\n"
INDENT = "id: urn:vereinbar:programme:x\ntitle:\n  de: Titel\n en: Title\n"


@pytest.mark.parametrize(
    ("language", "raw", "line", "words"),
    [
        ("de", TAB, 3, "rücken Sie mit Leerzeichen ein, nicht mit Tabulatoren"),
        ("nl", TAB, 3, "spring in met spaties, niet met tabs"),
        ("de", INDENT, 4, "die Einrückung passt hier nicht zu den Zeilen darüber"),
        ("nl", INDENT, 4, "de inspringing past hier niet bij de regels erboven"),
    ],
)
def test_a_tab_or_a_wrong_indentation_is_explained_in_the_readers_language(language, raw, line, words):
    """The commonest mistakes in a hand-written file reached German and Dutch operators in
    PyYAML's English ("found character '\\t' that cannot start any token")."""
    with translation.override(language):
        (problem,) = definition_check(raw, filename="f.yaml").problems
        message = problem.message
    assert (problem.code, problem.line) == ("yaml_syntax", line)
    assert words in message and "token" not in message and "block end" not in message


QUOTE = "id: urn:vereinbar:programme:x\nversion: '1'\ntitle:\n  de: \"Titel\n  en: Title\nkind: cycle\n"


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("de", "ein Text in Anführungszeichen beginnt hier und wird nie geschlossen"),
        ("nl", "een tekst tussen aanhalingstekens begint hier en wordt nooit gesloten"),
    ],
)
def test_an_unclosed_quote_is_reported_where_the_text_begins(login, operator_admin, language, words):
    """PyYAML says "while scanning a quoted scalar … found unexpected end of stream" at the
    last line; the operator needs the line of the opening quote, in their language."""
    page = (
        login(operator_admin)
        .post(f"/{language}/operator/programmes/upload/", {"file": SimpleUploadedFile("p.yaml", QUOTE.encode())})
        .content.decode()
    )
    assert words in page and "scalar" not in page and "end of stream" not in page
    assert ("Zeile 4" if language == "de" else "Regel 4") in page


def test_a_broken_file_names_the_error_in_the_title_and_takes_focus_to_the_summary(login, operator_admin):
    """A screen reader user hears the window title after the upload; the summary says how many
    problems there are and leads to their list."""
    page = (
        login(operator_admin)
        .post("/nl/operator/programmes/upload/", {"file": SimpleUploadedFile("p.yaml", QUOTE.encode())})
        .content.decode()
    )
    assert re.search(r"<title>\s*Fout: Een programmabestand laden", page)
    summary = re.search(r'<div [^>]*id="problems-summary"[^>]*>', page)
    assert summary and "autofocus" in summary.group(0)
    assert "Het bestand heeft 1 probleem; er is niets geladen." in page
