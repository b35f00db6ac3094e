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
    for language, word in (("nl", "Gezond|heids|ma|na|ge|ment"), ("de", "Gesund|heits|ma|na|ge|ment")):
        html = shown(client.get(f"/{language}/workspace/kreis-musterstadt/cycles/{cycle.pk}/").content.decode())
        assert word in re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)
        assert word in html.split('<table class="kern-table history">', 1)[1].split("</table>", 1)[0]


def test_no_german_word_breaks_off_a_single_letter():
    # the dictionary's compound patterns, read as one level, gave "Über|a|r|bei|tung"
    assert shown(soft_hyphens("Überarbeitung", "de")) == "Über|ar|bei|tung"
    assert shown(soft_hyphens("Überstundenausgleich", "de")) == "Über|stun|denaus|gleich"
