"""A revoked award's certificate says so, in its own language, on the one page it always had and
with a QR code that still scans; its download links say so too. An expired or renewed award's
certificate says that instead (test_certificate_standing.py), never that it was revoked."""

from __future__ import annotations

import io
from datetime import date

import pdfplumber
import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tests.pdf_checks import Box, _lines, layout, overlapping_lines, qr_codes
from vereinbar.certificates.models import Award, AwardStatus
from vereinbar.certificates.pdf import certificate_pdf, verification_url
from vereinbar.certificates.services import award_revoke

pytestmark = pytest.mark.django_db

# the test programme is a recognition: the mark names it so
MARKS = {
    "de": "Widerrufen am 3. März 2026 – diese Anerkennung ist ungültig.",
    "nl": "Ingetrokken op 3 maart 2026 – deze erkenning is niet geldig.",
    "en": "Revoked on 3 March 2026 – this recognition is not valid.",
}
WATERMARKS = {"de": "WIDERRUFEN", "nl": "INGETROKKEN", "en": "REVOKED"}


@pytest.fixture
def revoked(awarded, parties):
    award_revoke(
        actor=parties["operator"], award=awarded, reason="Measures not carried out", revoked_on=date(2026, 3, 3)
    )
    return Award.objects.get(pk=awarded.pk)


def words(pdf: bytes) -> str:
    return " ".join(line.text for line in layout(pdf).lines)


def upright_lines_and_watermark(pdf: bytes) -> tuple[list[Box], str]:
    """The page's lines of upright text, and the letters set at a slant (the watermark) from
    left to right."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        sheet = document.pages[0]
        slanted = "".join(char["text"] for char in sorted(sheet.chars, key=lambda c: c["x0"]) if is_slanted(char))
        return _lines(sheet.filter(lambda obj: not is_slanted(obj))), slanted


def is_slanted(obj: dict) -> bool:
    return obj.get("object_type") == "char" and abs(obj["matrix"][1]) > 0.01


@pytest.mark.parametrize("language", ["de", "nl"])
def test_a_revoked_certificate_is_marked_in_its_language_on_one_page_with_a_qr_code_that_scans(revoked, language):
    pdf = certificate_pdf(revoked, language=language)
    seen = layout(pdf)
    lines, watermark = upright_lines_and_watermark(pdf)
    assert MARKS[language] in " ".join(line.text for line in lines)
    assert watermark == WATERMARKS[language]
    assert seen.pages == 1 and seen.outside == []
    for dpi in (72, 150):
        assert [code.text for code in qr_codes(pdf, dpi=dpi)] == [verification_url(revoked)]
    # The line sits in the facts' margin and the watermark across the body: no upright text
    # overlaps other text or the QR code's quiet zone.
    assert overlapping_lines(lines) == []
    [code] = qr_codes(pdf, dpi=150)
    assert [line.text for line in lines if line.intersects(code.box.grown(4 * code.module))] == []


def test_the_mark_does_not_move_the_facts_or_the_qr_code(awarded, parties):
    before = certificate_pdf(awarded, language="de")
    award_revoke(
        actor=parties["operator"], award=awarded, reason="Measures not carried out", revoked_on=date(2026, 3, 3)
    )
    after = certificate_pdf(Award.objects.get(pk=awarded.pk), language="de")
    [qr_before], [qr_after] = qr_codes(before, dpi=150), qr_codes(after, dpi=150)
    assert qr_after.box == qr_before.box
    number = awarded.number
    [facts_before] = [line for line in layout(before).lines if number in line.text]
    [facts_after] = [line for line in layout(after).lines if number in line.text]
    assert facts_after == facts_before


@pytest.mark.parametrize("status", [AwardStatus.VALID, AwardStatus.EXPIRED, AwardStatus.SUPERSEDED])
def test_a_valid_expired_or_renewed_certificate_carries_no_revocation_mark(awarded, status):
    Award.objects.filter(pk=awarded.pk).update(status=status)
    award = Award.objects.get(pk=awarded.pk)
    for language in ("de", "nl"):
        text = words(certificate_pdf(award, language=language))
        assert "Widerrufen" not in text and "Ingetrokken" not in text
        assert "ungültig" not in text and "niet geldig" not in text


def test_the_download_links_of_a_revoked_award_say_it_is_revoked(revoked, parties, login):
    client = login(parties["coordinator"])
    slug = revoked.organisation.slug
    page = client.get(reverse("workspace_awards:detail", args=[slug, revoked.number])).content.decode()
    listed = client.get(reverse("workspace_awards:list", args=[slug])).content.decode()
    cycle = client.get(reverse("workspace_cycles:detail", args=[slug, revoked.cycle_id])).content.decode()
    assert "Download the revoked certificate of recognition (PDF)" in page  # the award page names its kind
    assert "Download the revoked certificate of recognition (PDF)" in cycle  # and so does the cycle page
    assert "PDF (revoked)" in listed
    with translation.override("de"):
        assert gettext("Download the revoked certificate (PDF)") == "Widerrufenes Zertifikat herunterladen (PDF)"
    with translation.override("nl"):
        assert gettext("Download the revoked certificate (PDF)") == "Ingetrokken certificaat downloaden (pdf)"


def test_the_download_links_of_a_valid_award_say_nothing_of_revocation(awarded, parties, login):
    client = login(parties["coordinator"])
    slug = awarded.organisation.slug
    page = client.get(reverse("workspace_awards:detail", args=[slug, awarded.number])).content.decode()
    cycle = client.get(reverse("workspace_cycles:detail", args=[slug, awarded.cycle_id])).content.decode()
    assert "Download the certificate of recognition (PDF)" in page
    assert "Download the certificate of recognition (PDF)" in cycle
    assert "revoked certificate" not in page and "revoked certificate" not in cycle
