"""Legal references on the staff offers page read in the reader's language, or carry their own."""

import pytest
from django.utils import translation

from vereinbar.measures.citations import legal_citation


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("de", "Richtlinie (EU) 2019/1158, Art. 6"),
        ("nl", "Richtlijn (EU) 2019/1158, art. 6"),
        ("en", "Directive (EU) 2019/1158, Art. 6"),
    ],
)
def test_an_eu_directive_is_cited_in_the_readers_language(language, expected):
    with translation.override(language):
        citation = legal_citation("Directive (EU) 2019/1158, Art. 6", "EU")
    assert (citation.text, citation.is_fallback) == (expected, False)


def test_a_national_law_keeps_its_name_and_is_marked_with_its_language():
    with translation.override("nl"):
        german = legal_citation("§ 3 PflegeZG", "DE")
        dutch = legal_citation("Wet arbeid en zorg, hoofdstuk 5", "NL")
    assert (german.text, german.lang, german.is_fallback) == ("§ 3 PflegeZG", "de", True)
    assert dutch.is_fallback is False
    assert legal_citation("", "DE") is None
