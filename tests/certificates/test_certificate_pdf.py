"""The certificate as a reader sees it: every award of the demo, in each language, rendered to
pixels and read by a real QR code reader, and its text checked as boxes on the page — no two
lines over each other, nothing on the QR code or its quiet zone, nothing off the page, one page.
Also the long names that must wrap, the operator's logo, and fallback texts marked with lang."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from PIL import Image

from tests.certificates.test_revoked_certificate import upright_lines_and_watermark
from tests.cycles.helpers import drive
from tests.pdf_checks import MM, foreign_fonts, images, layout, overlapping_lines, qr_codes, text_lines
from vereinbar.certificates.models import Award
from vereinbar.certificates.pdf import _fetcher, certificate_html, certificate_pdf, verification_url
from vereinbar.core import pdf_fonts
from vereinbar.core.pdf_fonts import FONT_DIR

pytestmark = pytest.mark.django_db

LANGUAGES = ("de", "nl", "en")


@dataclass(frozen=True)
class Rendered:
    label: str
    url: str
    pdf: bytes


def awards_to_render() -> list[Award]:
    """Every award of the demo's own employers; of the generated example employers (which look
    alike and are many), for each programme version, stage and level the one with the longest
    organisation name."""
    awards = Award.objects.select_related("organisation", "programme", "version").order_by("pk")
    chosen = [award for award in awards if not award.organisation.is_example]
    longest: dict[tuple[int, int, int | None], Award] = {}
    for award in awards:
        if award.organisation.is_example:
            kind = (award.version_id, award.stage_id, award.level_id)
            if kind not in longest or len(award.organisation.name) > len(longest[kind].organisation.name):
                longest[kind] = award
    return chosen + list(longest.values())


@pytest.fixture(scope="module")
def demo_certificates(django_db_setup, django_db_blocker) -> list[Rendered]:
    """The chosen demo awards' certificates in each language (the demo loaded once for the
    module, in a transaction rolled back at its end)."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", stdout=io.StringIO())
        awards = awards_to_render()
        own = sum(1 for award in awards if not award.organisation.is_example)
        rendered = [
            Rendered(f"{award.number} {award.organisation.name} ({language})", verification_url(award), pdf)
            for award in awards
            for language in LANGUAGES
            for pdf in [certificate_pdf(award, language=language)]
        ]
        transaction.set_rollback(True)
    assert own >= 9, "the demo's employers have fewer awards than when this test was written"
    return rendered


def problems(certificate: Rendered) -> list[str]:
    """What is wrong with one certificate, as sentences (empty when it is right)."""
    found: list[str] = []
    seen = layout(certificate.pdf)
    if seen.pages != 1:
        found.append(f"{seen.pages} pages")
    codes = {dpi: qr_codes(certificate.pdf, dpi=dpi) for dpi in (72, 150)}
    for dpi, read in codes.items():
        if [code.text for code in read] != [certificate.url]:
            found.append(f"at {dpi} dpi the reader found {[code.text for code in read]}, not {certificate.url}")
    # the upright text: the watermark of an award no longer in force lies across it on purpose
    lines, _watermark = upright_lines_and_watermark(certificate.pdf)
    found += [f"lines overlap: {a!r} and {b!r}" for a, b in overlapping_lines(lines)]
    if len(codes[150]) == 1:
        code = codes[150][0]
        if code.box.x1 - code.box.x0 < 25 * MM:
            found.append(f"QR code {(code.box.x1 - code.box.x0) / MM:.1f} mm wide")
        quiet_zone = code.box.grown(4 * code.module)
        found += [
            f"text {line.text!r} on the QR code or its quiet zone" for line in lines if line.intersects(quiet_zone)
        ]
    found += seen.outside
    return found


@pytest.mark.database("sqlite")  # layout and QR codes: the same rows make the same PDFs on PostgreSQL
def test_every_demo_certificate_scans_to_its_verification_url_and_no_text_overlaps(demo_certificates):
    wrong = {certificate.label: problems(certificate) for certificate in demo_certificates}
    assert {label: found for label, found in wrong.items() if found} == {}
    assert all(certificate.url.startswith("http") for certificate in demo_certificates)


@pytest.mark.database("sqlite")  # the demo's certificates are made once, in the SQLite pass
def test_the_overlap_check_sees_text_drawn_over_text(demo_certificates):
    """The check itself: the lines of one certificate, one of them moved onto another."""
    lines, _watermark = upright_lines_and_watermark(demo_certificates[0].pdf)
    assert overlapping_lines(lines) == []
    first, second = lines[0], lines[1]
    moved = type(second)(first.x0 + 2, first.top + 2, first.x0 + 40, first.top + 12, "moved")
    assert overlapping_lines([*lines, moved])


@pytest.fixture
def long_award(scored, open_cycle, parties, employer_org, operator_org):
    """An award with an organisation name and a programme title of the greatest length, and an
    operator logo."""
    employer_org.name = (
        "Zweckverband für kommunale Dienstleistungen, Jugendhilfe, Soziales und "
        + "Z" * 40
        + (" der Landkreise Nordwestmecklenburg und Ludwigslust-Parchim")
    )
    employer_org.name = employer_org.name[:200]
    employer_org.save()
    logo = io.BytesIO()
    Image.new("RGB", (400, 120), "#2f5d50").save(logo, format="PNG")
    operator_org.logo.save("logo.png", ContentFile(logo.getvalue()), save=True)
    with time_machine.travel(date(2025, 3, 10), tick=False):
        cycle = open_cycle(scored)
        drive(cycle, parties)
    version = cycle.award.version
    version.title_en = "Audit for a family-conscious and care-conscious working life in public administration " * 3
    version.save()
    return Award.objects.select_related("organisation", "version", "programme__operator").get(pk=cycle.award.pk)


def test_long_names_wrap_on_one_page_and_the_operators_logo_is_shown(long_award):
    pdf = certificate_pdf(long_award, language="en")
    certificate = Rendered("long", verification_url(long_award), pdf)
    assert problems(certificate) == []
    words = " ".join(line.text for line in text_lines(pdf))
    assert "Parchim" in words and "ZZZZ" in words  # wrapped, not cut off
    logos = images(pdf)
    assert len(logos) == 1 and logos[0].x1 - logos[0].x0 > 20 * MM


def test_a_programme_text_missing_in_the_language_asked_for_is_marked_with_its_language(long_award):
    html = certificate_html(long_award, language="de")  # the test programme speaks en and nl
    assert '<html lang="de">' in html
    assert '<span lang="en">Audit for a family-conscious' in html
    assert "Zertifikat" in html or "Anerkennung" in html


def test_the_pdf_engine_may_fetch_data_urls_and_the_projects_fonts_only():
    """The certificate is self-contained; a URL in its text or styles is never loaded, and no
    file is read but the project's own fonts."""
    fetcher = _fetcher()
    font = (FONT_DIR / "FiraSans-Regular.woff2").as_uri()
    refused = [
        "http://127.0.0.1:9/x.png",
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        (FONT_DIR / "FiraSans-Medium.woff2").as_uri(),  # vendored, but not one of the faces
        Path(pdf_fonts.__file__).as_uri(),
        font + "?x",
        font.replace("FiraSans-Regular", "../fira-sans/FiraSans-Regular"),
    ]
    for url in refused:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert fetcher.fetch("data:text/plain;base64,eA==").read() == b"x"
    assert fetcher.fetch(font).read()[:4] == b"\x00\x01\x00\x00"  # TrueType, decoded from WOFF2


@pytest.mark.database("sqlite")  # the demo's certificates are made once, in the SQLite pass
def test_every_demo_certificate_is_set_in_the_embedded_fira_sans(demo_certificates):
    assert {c.label: foreign_fonts(c.pdf) for c in demo_certificates if foreign_fonts(c.pdf)} == {}


def test_the_pdf_engine_is_warmed_in_a_daemon_thread_whose_failure_is_only_logged(monkeypatch, caplog):
    from vereinbar.certificates import pdf

    assert 0 < pdf.pdf_engine_warm() < 30  # a real import and a real (tiny) PDF
    thread = pdf.pdf_engine_warm_in_background()
    assert thread.daemon
    thread.join(30)
    assert "PDF engine warmed" in caplog.text

    def broken() -> float:
        raise OSError("no fonts")

    monkeypatch.setattr(pdf, "pdf_engine_warm", broken)
    pdf.pdf_engine_warm_in_background().join(30)
    assert "warming the PDF engine failed" in caplog.text


def test_server_workers_warm_the_pdf_engine_unless_turned_off_or_under_tests(monkeypatch):
    import sys

    from vereinbar.wsgi import pdf_warm_up_wanted

    assert not pdf_warm_up_wanted({})  # under pytest: never
    monkeypatch.delitem(sys.modules, "pytest")
    assert pdf_warm_up_wanted({})
    assert pdf_warm_up_wanted({"VEREINBAR_PDF_WARM_UP": "1"})
    assert not pdf_warm_up_wanted({"VEREINBAR_PDF_WARM_UP": "0"})
    assert not pdf_warm_up_wanted({"VEREINBAR_PDF_WARM_UP": "off"})
