"""An award is called what its programme's kind makes it, wherever the employer or the public
reads about it: a certificate ("dit certificaat", "dieses Zertifikat"), a recognition ("deze
erkenning", "diese Anerkennung"), a charter signature ("deze ondertekening van het handvest",
"diese Unterzeichnung der Charta"). The neutral word (the glossary's "erkenning", "Auszeichnung")
only where the kind is not known: a code no award has. The award's number is one word in a heading."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

import pytest
import time_machine
from django.contrib.staticfiles import finders

from tests.pdf_checks import text_lines
from vereinbar.certificates.models import Award, AwardStatus
from vereinbar.certificates.pdf import certificate_pdf
from vereinbar.programmes.models import ProgrammeKind, ProgrammeVersion

pytestmark = pytest.mark.django_db

VALID_DAY = date(2026, 1, 1)  # the award fixture is valid from 10 March 2025 to 10 March 2027
EXPIRED_DAY = date(2027, 6, 1)


@pytest.fixture
def of_kind(award):
    def make(kind: str) -> Award:
        ProgrammeVersion.objects.filter(pk=award.version_id).update(kind=kind)
        return Award.objects.select_related("organisation", "version", "stage", "level").get(pk=award.pk)

    return make


def text(response) -> str:
    """The page as read: without tags, entities or runs of white space."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def heading(response) -> str:
    found = re.search(r"<h1[^>]*>(.*?)</h1>", response.content.decode(), re.S)
    assert found
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", found.group(1)))).strip()


def column_from(pdf: bytes, start: str) -> str:
    """The lines of the certificate's column that begins with the line starting ``start``."""
    lines = text_lines(pdf)
    first = next(line for line in lines if line.text.startswith(start))
    return " ".join(line.text for line in lines if abs(line.x0 - first.x0) < 1 and line.top >= first.top)


@pytest.mark.parametrize(
    ("kind", "language", "check"),
    [
        (ProgrammeKind.CERTIFICATION, "nl", "Controleer of dit certificaat geldig is:"),
        (ProgrammeKind.RECOGNITION, "de", "Prüfen Sie, ob diese Anerkennung gültig ist:"),
    ],
)
def test_the_certificate_asks_to_check_it_by_its_kind(of_kind, kind, language, check):
    pdf = certificate_pdf(of_kind(kind), language=language)
    assert column_from(pdf, check.split()[0]).startswith(check)


@pytest.mark.parametrize(
    ("language", "check", "signed", "not_said"),
    [
        (
            "de",
            "Prüfen Sie, ob diese Unterzeichnung der Charta gültig ist:",
            "hat unterzeichnet",
            ["verliehen", "Auszeichnung"],
        ),
        (
            "nl",
            "Controleer of deze ondertekening van het handvest geldig is:",
            "heeft ondertekend",
            ["toegekend", "onderscheiding"],
        ),
    ],
)
def test_a_charter_certificate_says_it_was_signed_not_awarded(of_kind, language, check, signed, not_said):
    pdf = certificate_pdf(of_kind(ProgrammeKind.CHARTER), language=language)
    assert column_from(pdf, check.split()[0]).startswith(check)
    lines = [line.text for line in text_lines(pdf)]
    assert signed in lines
    for word in not_said:
        assert not any(word.lower() in line.lower() for line in lines), word


@time_machine.travel(EXPIRED_DAY, tick=False)
@pytest.mark.parametrize(
    ("kind", "language", "title", "sentences"),
    [
        (
            ProgrammeKind.CERTIFICATION,
            "nl",
            "Een certificaat controleren",
            ["Dit certificaat was geldig tot en met 10 maart 2027 en is verlopen.", "Dit certificaat is verlopen."],
        ),
        (
            ProgrammeKind.RECOGNITION,
            "nl",
            "Een erkenning controleren",
            ["Deze erkenning was geldig tot en met 10 maart 2027 en is verlopen.", "Deze erkenning is verlopen."],
        ),
        (
            ProgrammeKind.CHARTER,
            "de",
            "Unterzeichnung der Charta prüfen",
            ["Diese Unterzeichnung der Charta war bis zum 10. März 2027 gültig", "Der Nachweis behält seine Signatur"],
        ),
    ],
)
def test_the_verification_page_names_the_award_by_its_kind(of_kind, client, kind, language, title, sentences):
    shown = of_kind(kind)
    response = client.get(f"/{language}/verify/{shown.verification_code}/")
    assert heading(response) == title
    read = text(response)
    for sentence in sentences:
        assert sentence in read
    assert not re.search(r"\bonderscheiding\b|\bAuszeichnung\b|Ihr Nachweis", read)
    if kind != ProgrammeKind.CERTIFICATION:
        assert not re.search(r"certificaat|Zertifikat", read)


def test_a_code_no_award_has_is_answered_in_the_neutral_word(client):
    response = client.get("/nl/verify/ABCDEFGHJKLMNPQR/")
    assert response.status_code == 404
    assert heading(response) == "Een erkenning controleren"
    assert "Er is geen erkenning met deze verificatiecode." in text(response)
    assert "onderscheiding" not in text(response)


@time_machine.travel(EXPIRED_DAY, tick=False)
def test_the_expired_award_page_says_what_to_remove_without_a_misread_ihr(of_kind, login, viewer):
    shown = of_kind(ProgrammeKind.CERTIFICATION)
    response = login(viewer).get(f"/de/workspace/kreis-musterstadt/awards/{shown.number}/")
    read = text(response)
    assert heading(response) == "Zertifikat 2025-00001"
    assert "Dieses Zertifikat ist nach dem 10. März 2027 abgelaufen." in read
    assert "Entfernen Sie das Siegel und das Zertifikat von Ihrer Website." in read
    assert "Nehmen Sie ihr" not in read and "Auszeichnung 2025" not in read


@time_machine.travel(VALID_DAY, tick=False)
def test_the_award_page_of_a_recognition_speaks_of_the_recognition(of_kind, login, viewer):
    shown = of_kind(ProgrammeKind.RECOGNITION)
    response = login(viewer).get(f"/nl/workspace/kreis-musterstadt/awards/{shown.number}/")
    read = text(response)
    assert heading(response) == "Erkenning 2025-00001"
    assert "Het keurmerk toont altijd de actuele status van de erkenning" in read
    assert "De erkenning als digitaal ondertekend Open Badges 3.0-bewijs" in read
    assert not re.search(r"certificaat|\bonderscheiding\b", read)


def test_the_award_number_in_the_heading_does_not_break_at_its_hyphen(of_kind, login, viewer):
    shown = of_kind(ProgrammeKind.RECOGNITION)
    page = login(viewer).get(f"/de/workspace/kreis-musterstadt/awards/{shown.number}/").content.decode()
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
    assert h1 and '<span class="award-number">2025-00001</span>' in h1.group(1)
    assert "vereinbar/css/main" in page
    css = Path(finders.find("vereinbar/css/main.css")).read_text(encoding="utf-8")
    assert re.search(r"(^|\n)\.award-number \{ white-space: nowrap; \}", css)


def test_the_page_of_a_revoked_charter_signature_names_the_signature(of_kind, login, viewer):
    shown = of_kind(ProgrammeKind.CHARTER)
    Award.objects.filter(pk=shown.pk).update(status=AwardStatus.REVOKED, revoked_on=date(2025, 9, 1))
    read = text(login(viewer).get(f"/nl/workspace/kreis-musterstadt/awards/{shown.number}/"))
    assert "De programma-uitvoerder heeft deze ondertekening van het handvest op 1 september 2025 ingetrokken." in read
    assert "Haal het keurmerk en de oorkonde van uw website." in read


@pytest.mark.parametrize(
    ("language", "title"),
    [("de", "Charta-Unterzeichnung Nr. 2025-00001"), ("nl", "Ondertekening nr. 2025-00001 van het handvest")],
)
def test_the_charter_signatures_heading_reads_its_number_as_the_signatures(of_kind, login, viewer, language, title):
    """Not "Unterzeichnung der Charta 2025-00001", read as the charter's own number."""
    shown = of_kind(ProgrammeKind.CHARTER)
    assert heading(login(viewer).get(f"/{language}/workspace/kreis-musterstadt/awards/{shown.number}/")) == title
