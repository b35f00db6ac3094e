"""What a PDF reader and a screen reader learn of the certificate before reading it: its title
(the programme and the organisation), its author (the operator), its language and that it is
tagged. Made from the made-up award the PDF engine warms with (no database)."""

from __future__ import annotations

import io

from django.test import override_settings
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1
from pdfminer.utils import decode_text

from vereinbar.certificates.pdf import _fetcher, _warm_up_html


def _catalog_and_info(pdf: bytes) -> tuple[dict, dict]:
    document = PDFDocument(PDFParser(io.BytesIO(pdf)))
    info = {key: decode_text(resolve1(value)) for key, value in document.info[0].items()}
    return document.catalog, info


def test_the_certificate_says_its_title_author_and_language_and_is_tagged():
    from weasyprint import HTML

    for language in ("de", "nl"):
        with override_settings(LANGUAGE_CODE=language):
            pdf = bytes(HTML(string=_warm_up_html(), url_fetcher=_fetcher()).write_pdf(pdf_tags=True))
        catalog, info = _catalog_and_info(pdf)
        assert resolve1(catalog["Lang"]) == language.encode()
        assert "StructTreeRoot" in catalog and resolve1(catalog["MarkInfo"])["Marked"]
        assert info["Title"] == "Vereinbarkeit – Musterstadt"
        assert info["Author"] == "vereinbar"
