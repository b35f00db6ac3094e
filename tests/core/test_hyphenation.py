"""Soft hyphens for headings on a phone: by the language's dictionary, except for the words the
library's ``hyphenation.txt`` breaks itself (a lower-case brand that the German dictionary would
break as "beru-fundfamilie")."""

from __future__ import annotations

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
