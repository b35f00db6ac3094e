"""``normalise_term`` (search matching in the directory and the catalogue) is the plain
definition: casefolded, NFKD, without combining marks, single spaces; only faster."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from vereinbar.measures.models import normalise_term


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(char for char in decomposed if not unicodedata.combining(char)).split())


def test_examples():
    assert normalise_term("  Brückentag ") == "bruckentag"
    assert normalise_term("Crèche\tKINDEROPVANG") == "creche kinderopvang"
    assert normalise_term("ﬁnanzen Straße") == "finanzen strasse"


@settings(max_examples=500)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_it_is_the_plain_definition(text):
    assert normalise_term(text) == _plain(text)


def test_every_combining_mark_goes_beyond_the_basic_plane_too():
    for point in range(0, 0x110000, 3):
        text = f"a{chr(point)}b"
        assert normalise_term(text) == _plain(text), hex(point)
