"""The PDF fonts are decoded from WOFF2 once an installation: a new process reads the TrueType
kept in the data folder instead of paying about a second a face again."""

from __future__ import annotations

import pytest
from fontTools.ttLib import TTFont, woff2

from vereinbar.core import pdf_fonts


@pytest.fixture
def fresh(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    pdf_fonts._font_data.cache_clear()
    yield tmp_path
    pdf_fonts._font_data.cache_clear()


def test_a_face_is_decoded_once_and_read_from_the_data_folder_after(fresh, monkeypatch):
    url = sorted(pdf_fonts.font_urls())[0]
    first = pdf_fonts._font_data(url)
    kept = list((fresh / "cache" / "pdf-fonts").glob("*.ttf"))
    assert len(kept) == 1 and kept[0].read_bytes() == first
    assert TTFont(kept[0]).getGlyphSet()  # a whole TrueType font, not a partial write

    pdf_fonts._font_data.cache_clear()  # as in a new process

    def no_decoding(*args, **kwargs):
        raise AssertionError("decoded again")

    monkeypatch.setattr(woff2, "decompress", no_decoding)
    assert pdf_fonts._font_data(url) == first


def test_an_unwritable_data_folder_still_gives_the_face(fresh):
    (fresh / "cache").write_text("a file where the folder would be")
    url = sorted(pdf_fonts.font_urls())[0]
    assert pdf_fonts._font_data(url)[:4] in (b"\x00\x01\x00\x00", b"OTTO", b"true")
