"""The fonts of every PDF (WeasyPrint): Fira Sans as vendored for the web UI, embedded from the
project's own files, so that a document is laid out the same on every server whatever fonts it
has installed (a line that wraps differently can overlap the next one).

``font_faces_css()`` declares the faces for a stylesheet; ``pdf_fetcher()`` fetches data: URIs
and exactly these font files, and refuses everything else, so that no text in a document can
make the server load a URL or read any other file."""

from __future__ import annotations

import hashlib
import os
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

FONT_DIR = Path(__file__).resolve().parent.parent / "static" / "vendor" / "kern-ux" / "fonts" / "fira-sans"
FAMILY = "Fira Sans"
# (file, weight, style): the faces the documents use. Light for large headings.
FACES = (
    ("FiraSans-Light.woff2", 300, "normal"),
    ("FiraSans-Regular.woff2", 400, "normal"),
    ("FiraSans-Italic.woff2", 400, "italic"),
    ("FiraSans-Bold.woff2", 700, "normal"),
    ("FiraSans-BoldItalic.woff2", 700, "italic"),
)


def font_urls() -> frozenset[str]:
    """The file: URLs of the embedded faces (all the fetcher lets through besides data:)."""
    return frozenset((FONT_DIR / name).as_uri() for name, _weight, _style in FACES)


# Fira Sans has no U+2010 HYPHEN, WeasyPrint's default where it hyphenates a word: the
# hyphen-minus it has instead, so that no glyph comes from a font of the server.
HYPHENATE = 'html { hyphenate-character: "-"; }'


def font_faces_css() -> str:
    """``@font-face`` rules for the faces, to put before a document's own styles."""
    faces = (
        f'@font-face {{ font-family: "{FAMILY}"; src: url("{(FONT_DIR / name).as_uri()}") format("woff2"); '
        f"font-weight: {weight}; font-style: {style}; }}"
        for name, weight, style in FACES
    )
    return "\n".join([*faces, HYPHENATE])


@cache
def _font_data(url: str) -> bytes:
    """The face at ``url`` as TrueType, decoded from WOFF2 once an installation and kept in
    ``DATA_DIR/cache/pdf-fonts`` under the source's digest (WeasyPrint would decode it again
    for every document, and a fresh process would pay about a second a face); in memory only
    when that folder cannot be written."""
    from django.conf import settings
    from fontTools.ttLib import woff2

    source = (FONT_DIR / url.rpartition("/")[2]).read_bytes()
    kept = Path(settings.DATA_DIR) / "cache" / "pdf-fonts" / f"{hashlib.sha256(source).hexdigest()[:32]}.ttf"
    try:
        return kept.read_bytes()
    except OSError:
        pass
    out = BytesIO()
    woff2.decompress(BytesIO(source), out)
    data = out.getvalue()
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        partial = kept.with_name(f"{kept.name}.{os.getpid()}.part")
        partial.write_bytes(data)
        os.replace(partial, kept)  # whole or not at all, whichever process writes it first
    except OSError:
        pass
    return data


def pdf_fetcher() -> URLFetcher:
    """A fetcher for data: URIs and the embedded font files only."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    allowed = font_urls()

    class FontsOnly(URLFetcher):
        def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
            if url in allowed:
                return URLFetcherResponse(url, _font_data(url), {"Content-Type": "font/ttf"})
            if url.partition(":")[0].strip().lower() != "data":
                raise ValueError(f"Not an embedded font or a data: URI: {url}")
            return super().fetch(url, headers)

    return FontsOnly(allowed_protocols=("data",))
