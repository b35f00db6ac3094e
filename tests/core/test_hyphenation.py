"""Soft hyphens for headings on a phone: by the language's dictionary, except for the words the
library's ``hyphenation.txt`` breaks itself (a lower-case brand that the German dictionary would
break as "beru-fundfamilie")."""

from __future__ import annotations

import pytest
from django.utils import translation

from vereinbar.core.hyphenation import SOFT_HYPHEN, soft_hyphens


def shown(text: str) -> str:
    return text.replace(SOFT_HYPHEN, "|")


def test_a_listed_word_breaks_only_where_the_library_says_in_every_language():
    for language in ("de", "nl", "en"):
        with translation.override(language):
            assert shown(soft_hyphens("Neu bei berufundfamilie")) == ("Neu bei beruf|und|familie")
    assert shown(soft_hyphens("BerufUndFamilie", "de")) == "Beruf|Und|Familie"  # the word as written


def test_other_words_break_by_the_dictionary():
    assert shown(soft_hyphens("Vereinbarkeitsmaßnahmen", "de")) != "Vereinbarkeitsmaßnahmen"
    assert SOFT_HYPHEN not in soft_hyphens("kurze Wörter", "de")


def test_a_word_in_another_language_breaks_by_its_own_dictionary():
    with translation.override("nl"):
        assert shown(soft_hyphens("Vereinbarkeitsmaßnahmen", "de")) == "Ver|ein|bar|keits|maß|nah|men"
        assert shown(soft_hyphens("Vereinbarkeitsmaßnahmen")) == "Ver|ein|barkei|ts|maß|nah|men"  # by Dutch rules


@pytest.mark.django_db
def test_a_long_programme_title_breaks_at_its_syllables_in_the_heading_and_the_history(
    tmp_path, operator_org, employer_org, operator_admin, auditor, login, coordinator
):
    """Chromium has no hyphenation dictionaries on Linux: the page itself says where
    "Gezondheidsmanagement" may break, in the cycle's heading and in its history's cells."""
    import re

    import yaml

    from tests.cycles.conftest import PROGRAMMES, programme_from_file
    from vereinbar.cycles import services

    data = yaml.safe_load((PROGRAMMES / "bgm.yaml").read_text(encoding="utf-8"))
    data.update(languages=["de", "nl"], title={"de": "Gesundheitsmanagement", "nl": "Gezondheidsmanagement"})
    path = tmp_path / "bgm.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    programme = programme_from_file(path, operator_org)
    cycle = services.cycle_apply(actor=coordinator, organisation=employer_org, programme=programme)
    services.cycle_accept(actor=operator_admin, cycle=cycle, auditor=auditor)
    client = login(coordinator)
    for language, word in (("nl", "Gezond|heids|ma|na|ge|ment"), ("de", "Gesund|heits|ma|nage|ment")):
        html = shown(client.get(f"/{language}/workspace/kreis-musterstadt/cycles/{cycle.pk}/").content.decode())
        assert word in re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)
        assert word in html.split('<table class="kern-table history">', 1)[1].split("</table>", 1)[0]


def test_no_german_word_breaks_off_a_single_letter():
    assert shown(soft_hyphens("Überarbeitung", "de")) == "Über|ar|bei|tung"


def test_german_words_break_at_their_parts_then_at_the_syllables_of_each_part():
    """The German dictionary has two levels (compound parts, then syllables): read as one, it
    gave "Über|stun|de|n|aus|gleich" (and, without the one-letter pieces, "Über|stun|denaus|gleich"),
    "Land|rat|s|amt" and "Erfolg|s|in|di|ka|tor"."""
    assert shown(soft_hyphens("Überstundenausgleich", "de")) == "Über|stun|den|aus|gleich"
    assert shown(soft_hyphens("Landratsamtes", "de")) == "Land|rats|am|tes"
    assert shown(soft_hyphens("Erfolgsindikator", "de")) == "Erfolgs|in|di|ka|tor"
    assert shown(soft_hyphens("Gesundheitsmanagement", "de")) == "Gesund|heits|ma|nage|ment"


@pytest.mark.parametrize(
    ("text", "broken"),
    [
        # a word that fits a line whole does not break: it moves to the next line
        ("Ordnung und Sicherheit", "Ordnung und Sicherheit"),
        ("Soziale Unterstützung", "Soziale Unterstützung"),
        # a compound longer than a line breaks between its parts, a prefix stays with its part
        ("Arbeitsanforderungen", "Arbeits|anforderungen"),
        ("Gesundheitsgerechte Führung", "Gesundheits|gerechte Führung"),
        ("Abfallwirtschaftsbetrieb", "Abfall|wirtschafts|betrieb"),
        ("Überstundenausgleich", "Über|stunden|ausgleich"),
        # and a part longer than a line also at its syllables
        ("Mitarbeitendenbefragung", "Mitarbei|ten|den|be|fragung"),
        # and keeps four letters at least at either end of a line
        ("Privatleben Kraftquellen", "Privat|leben Kraft|quellen"),
    ],
)
def test_in_a_narrow_column_compounds_break_first_and_short_words_not_at_all(text, broken):
    shortest = 9 if text.startswith("Privat") else 14
    assert shown(soft_hyphens(text, "de", shortest=shortest, compounds_first=True)) == broken


def test_a_language_without_compound_level_breaks_long_words_at_syllables_in_a_narrow_column():
    assert shown(soft_hyphens("Gezondheidsmanagement", "nl", shortest=14, compounds_first=True)) == (
        "Gezond|heids|ma|na|ge|ment"
    )
