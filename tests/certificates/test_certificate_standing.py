"""The certificate of an award no longer in force says so, whatever the award's kind: revoked,
expired or replaced by a renewal, a line above the facts and a watermark across the body, in
the certificate's language, with the noun of the programme's kind (a recognition says
"Anerkennung", a charter "handvest" in Dutch), and the content still there and readable. A
sample of kinds, states and languages as real PDFs; every kind and state in Dutch as HTML for
the glossary's words and quotation marks."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.utils.html import strip_tags

from tests.certificates import test_certificate_pdf
from tests.certificates.test_revoked_certificate import upright_lines_and_watermark
from tests.factories import award_renewal
from tests.pdf_checks import layout, overlapping_lines, qr_codes
from vereinbar.certificates.models import Award, AwardStatus
from vereinbar.certificates.pdf import certificate_html, certificate_pdf, verification_url
from vereinbar.programmes.models import ProgrammeKind, ProgrammeVersion

pytestmark = pytest.mark.django_db

REVOKED_ON = date(2026, 3, 3)
EXPIRED_AFTER = date(2001, 1, 31)  # always in the past
SUCCESSOR_ISSUED_ON = date(2027, 3, 5)
SUCCESSOR = "2027-00912"

long_award = test_certificate_pdf.long_award  # the longest names, and an operator logo


def in_state(award: Award, kind: str, state: str) -> Award:
    """``award`` as an award of a programme of ``kind`` in ``state``: revoked on 3 March 2026,
    expired after 31 January 2001 (still marked valid: the nightly expiry has not run yet),
    or replaced by no. 2027-00912 of 5 March 2027."""
    ProgrammeVersion.objects.filter(pk=award.version_id).update(kind=kind)
    if state == "revoked":
        Award.objects.filter(pk=award.pk).update(status=AwardStatus.REVOKED, revoked_on=REVOKED_ON)
    elif state == "expired":
        Award.objects.filter(pk=award.pk).update(valid_until=EXPIRED_AFTER)
    elif state == "superseded":
        award_renewal(award, number=SUCCESSOR, issued_on=SUCCESSOR_ISSUED_ON)
    return Award.objects.select_related("organisation", "version", "stage", "level").get(pk=award.pk)


# kind, state, language → the line above the facts, the watermark
SAMPLE = [
    (
        ProgrammeKind.CERTIFICATION,
        "revoked",
        "de",
        "Widerrufen am 3. März 2026 – dieses Zertifikat ist ungültig.",
        "WIDERRUFEN",
    ),
    (
        ProgrammeKind.RECOGNITION,
        "revoked",
        "nl",
        "Ingetrokken op 3 maart 2026 – deze erkenning is niet geldig.",
        "INGETROKKEN",
    ),
    (
        ProgrammeKind.CHARTER,
        "revoked",
        "de",
        "Widerrufen am 3. März 2026 – diese Unterzeichnung der Charta ist ungültig.",
        "WIDERRUFEN",
    ),
    (
        ProgrammeKind.RECOGNITION,
        "expired",
        "de",
        "Abgelaufen am 31. Januar 2001 – diese Anerkennung ist nicht mehr gültig.",
        "ABGELAUFEN",
    ),
    (
        ProgrammeKind.CHARTER,
        "expired",
        "nl",
        "Verlopen op 31 januari 2001 – deze ondertekening van het handvest is niet meer geldig.",
        "VERLOPEN",
    ),
    (
        ProgrammeKind.CERTIFICATION,
        "superseded",
        "nl",
        "Vervangen door nr. 2027-00912 op 5 maart 2027 – dit certificaat is niet meer geldig.",
        "VERVANGEN",
    ),
    (
        ProgrammeKind.CYCLE,
        "superseded",
        "en",
        "Replaced by no. 2027-00912 on 5 March 2027 – this confirmation is no longer valid.",
        "REPLACED",
    ),
]


@pytest.mark.parametrize(("kind", "state", "language", "line", "watermark"), SAMPLE)
def test_a_certificate_no_longer_in_force_says_so_for_its_kind_with_the_content_readable(
    awarded, kind, state, language, line, watermark
):
    award = in_state(awarded, kind, state)
    pdf = certificate_pdf(award, language=language)
    lines, slanted = upright_lines_and_watermark(pdf)
    text = " ".join(box.text for box in lines)
    assert line in text
    assert slanted == watermark
    # the content as issued: the organisation, the number and the validity are all there
    assert award.organisation.name in text and award.number in text
    seen = layout(pdf)
    assert seen.pages == 1 and seen.outside == []
    assert overlapping_lines(lines) == []
    [code] = qr_codes(pdf, dpi=150)
    assert code.text == verification_url(award)
    assert [box.text for box in lines if box.intersects(code.box.grown(4 * code.module))] == []
    assert [c.text for c in qr_codes(pdf, dpi=72)] == [verification_url(award)]


def test_an_expired_award_says_so_also_once_the_nightly_expiry_marked_it(awarded):
    award = in_state(awarded, ProgrammeKind.RECOGNITION, "expired")
    Award.objects.filter(pk=award.pk).update(status=AwardStatus.EXPIRED)
    html = strip_tags(certificate_html(Award.objects.get(pk=award.pk), language="de"))
    assert "Abgelaufen am 31. Januar 2001 – diese Anerkennung ist nicht mehr gültig." in html


@pytest.mark.parametrize(("state", "struck"), [("revoked", True), ("superseded", True), ("expired", False)])
def test_a_validity_that_no_longer_holds_is_struck_through_and_an_expired_one_is_not(awarded, state, struck):
    award = in_state(awarded, ProgrammeKind.RECOGNITION, state)
    assert ('class="value struck"' in certificate_html(award, language="en")) is struck


def test_an_award_replaced_by_one_since_deleted_still_says_it_was_replaced(awarded):
    award = in_state(awarded, ProgrammeKind.CHARTER, "superseded")
    Award.objects.filter(number=SUCCESSOR).delete()  # superseded_by is set to NULL
    html = strip_tags(certificate_html(Award.objects.get(pk=award.pk), language="nl"))
    assert "Vervangen door een verlenging – deze ondertekening van het handvest is niet meer geldig." in html


def test_a_valid_award_carries_no_mark(awarded):
    html = certificate_html(awarded, language="de")
    assert 'class="standing' not in html and 'class="watermark' not in html
    assert "gültig." not in strip_tags(html) and "struck" not in html.split("</style>")[1]


@pytest.mark.parametrize("kind", list(ProgrammeKind))
def test_every_dutch_certificate_text_uses_the_glossarys_words_and_dutch_quotes(awarded, kind):
    """No "charter" in Dutch (the glossary says handvest), no German quotation marks („…“)."""
    seen = []
    for state in ("valid", "revoked", "expired", "superseded"):
        Award.objects.filter(number=SUCCESSOR).delete()
        Award.objects.filter(pk=awarded.pk).update(
            status=AwardStatus.VALID, valid_until=awarded.valid_until, revoked_on=None, superseded_by=None
        )
        html = certificate_html(in_state(awarded, kind, state), language="nl")
        body = strip_tags(html.split("</style>")[1])
        seen.append(body)
        assert not re.search(r"charter|charta", body, re.IGNORECASE), body
        assert not re.search(r"[„“]", body), body
    if kind == ProgrammeKind.CHARTER:
        assert all("Ondertekenaar van het handvest" in body for body in seen)


@pytest.mark.parametrize(
    ("language", "heading", "watermark"),
    [("nl", "ONDERTEKENAARVANHETHANDVEST", "VERVANGEN"), ("de", "UNTERZEICHNUNGDERCHARTA", "ABGELÖST")],
)
def test_the_longest_mark_under_the_tallest_heading_with_the_longest_names_still_fits(
    long_award, language, heading, watermark
):
    """The charter's heading is the longest (three lines in Dutch at full size), a replaced
    award's line takes two: with the longest organisation name and programme title nothing
    overlaps and it stays one page."""
    ProgrammeVersion.objects.filter(pk=long_award.version_id).update(
        title_nl=long_award.version.title_en, languages=["en", "nl", "de"]
    )
    award = in_state(long_award, ProgrammeKind.CHARTER, "superseded")
    pdf = certificate_pdf(award, language=language)
    lines, slanted = upright_lines_and_watermark(pdf)
    text = " ".join(box.text for box in lines)
    assert heading in text.replace(" ", "")  # letter-spaced
    assert "Parchim" in text and award.number in text
    assert slanted == watermark
    seen = layout(pdf)
    assert seen.pages == 1 and seen.outside == []
    assert overlapping_lines(lines) == []  # the upright text; the watermark lies across it
    [code] = qr_codes(pdf, dpi=150)
    assert code.text == verification_url(award)
    assert [box.text for box in lines if box.intersects(code.box.grown(4 * code.module))] == []
