"""The certificate as PDF (WeasyPrint, imported only when a PDF is made) with a QR code that
points to the public verification page. Rendered in the organisation's language when the
programme speaks it, else in the programme's default language; any of the site's languages
may be asked for, and a programme text missing in it keeps the language it is in (``lang``)."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.functional import Promise
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from vereinbar.core.images import logo_data_uri
from vereinbar.core.pdf_fonts import font_faces_css, pdf_fetcher
from vereinbar.programmes.models import ProgrammeKind

from .models import Award, AwardStatus
from .texts import award_texts

if TYPE_CHECKING:
    from weasyprint.urls import URLFetcher

logger = logging.getLogger(__name__)

# The QR code's side on paper. With the verification URL (version 4, 33 modules) and a quiet
# zone of 4 modules a side this is about 0.8 mm a module: read by phone cameras from arm's
# length, and by a reader at 72 dpi.
QR_SIDE_MM = 34
QR_QUIET_ZONE = 4

# Names longer than these (in characters) are set smaller, so that a long name wraps onto two
# or three lines and the certificate stays one page.
LONG_NAME = 48
VERY_LONG_NAME = 100


def award_language(award: Award) -> str:
    languages = award.version.languages or [award.version.default_language]
    wanted = str(getattr(award.organisation, "primary_language", "") or "")
    return wanted if wanted in languages else award.version.default_language


def verification_url(award: Award) -> str:
    """Short on purpose (a smaller QR code): the page redirects to the reader's language."""
    return f"{settings.SITE_URL}/verify/{award.verification_code}/"


def qr_svg(url: str) -> SafeString:
    """The URL as a QR code in vector form, sized by the stylesheet (viewBox only), with a white
    quiet zone of four modules so that it scans on any background."""
    import segno

    code = segno.make(url, error="m")
    return mark_safe(code.svg_inline(scale=1, border=QR_QUIET_ZONE, dark="#000", light="#fff", omitsize=True))


def _size_class(text: str) -> str:
    if len(text) > VERY_LONG_NAME:
        return "very-long"
    return "long" if len(text) > LONG_NAME else ""


# The heading names what the award is, after the programme's kind. A heading longer than
# LONG_HEADING letters ("Ondertekenaar van het handvest") is set smaller: at full size it took
# three lines and pushed the longest names into the facts.
HEADINGS: dict[str, Promise] = {
    ProgrammeKind.CERTIFICATION: gettext_lazy("Certificate"),
    ProgrammeKind.RECOGNITION: gettext_lazy("Recognition"),
    ProgrammeKind.CHARTER: gettext_lazy("Charter signatory"),
    ProgrammeKind.CYCLE: gettext_lazy("Confirmation"),
}
LONG_HEADING = 12


def heading_of(kind: str) -> tuple[str, str]:
    """The heading for a programme of ``kind`` in the active language, and its size class."""
    heading = str(HEADINGS.get(kind, HEADINGS[ProgrammeKind.CYCLE]))
    return heading, "long" if len(heading) > LONG_HEADING else ""


# What the certificate of an award no longer in force says it is, after its state: the noun
# follows the programme's kind, as the heading does ("this recognition is not valid").
NOT_VALID: dict[str, Promise] = {
    ProgrammeKind.CERTIFICATION: gettext_lazy("this certificate is not valid."),
    ProgrammeKind.RECOGNITION: gettext_lazy("this recognition is not valid."),
    ProgrammeKind.CHARTER: gettext_lazy("this charter signature is not valid."),
    ProgrammeKind.CYCLE: gettext_lazy("this confirmation is not valid."),
}
NO_LONGER_VALID: dict[str, Promise] = {
    ProgrammeKind.CERTIFICATION: gettext_lazy("this certificate is no longer valid."),
    ProgrammeKind.RECOGNITION: gettext_lazy("this recognition is no longer valid."),
    ProgrammeKind.CHARTER: gettext_lazy("this charter signature is no longer valid."),
    ProgrammeKind.CYCLE: gettext_lazy("this confirmation is no longer valid."),
}


# Where the certificate sends its reader to check it, naming it as the heading does.
CHECK_VALID: dict[str, Promise] = {
    ProgrammeKind.CERTIFICATION: gettext_lazy("Check that this certificate is valid:"),
    ProgrammeKind.RECOGNITION: gettext_lazy("Check that this recognition is valid:"),
    ProgrammeKind.CHARTER: gettext_lazy("Check that this charter signature is valid:"),
    ProgrammeKind.CYCLE: gettext_lazy("Check that this confirmation is valid:"),
}


@dataclass(frozen=True)
class Standing:
    """An award no longer in force, as its certificate shows it: a line above the facts, a
    watermark across the body (the content stays readable) and, when the validity it states
    no longer holds (revoked, replaced), that validity struck through."""

    status: str
    line: SafeString
    watermark: str
    struck: bool


def _nobreak(text: str) -> SafeString:
    """A date or a number that does not break across lines ("3. März 2026", "2026-00012")."""
    return format_html('<span class="nobreak">{}</span>', text)


def _filled(message: str, **values: SafeString) -> SafeString:
    """A translated sentence (escaped) with HTML values put into its ``%(name)s`` places."""
    return mark_safe(conditional_escape(message) % values)


def award_standing(award: Award, *, day: date | None = None) -> Standing | None:
    """How ``award`` stands on ``day`` (today) if it is no longer in force, in the active
    language; None while it is valid. A valid award past its validity has expired."""
    status = award.status_on(day)
    kind = award.version.kind
    not_valid = NOT_VALID.get(kind, NOT_VALID[ProgrammeKind.CERTIFICATION])
    no_longer_valid = NO_LONGER_VALID.get(kind, NO_LONGER_VALID[ProgrammeKind.CERTIFICATION])
    if status == AwardStatus.REVOKED:
        if award.revoked_on:
            state = _filled(
                _("Revoked on %(date)s"), date=_nobreak(formats.date_format(award.revoked_on, "DATE_FORMAT"))
            )
        else:
            state = conditional_escape(_("Revoked"))
        line = format_html("{} – {}", state, not_valid)
        return Standing(status, line, pgettext("certificate watermark", "Revoked"), struck=True)
    if status == AwardStatus.EXPIRED:
        if award.valid_until:
            state = _filled(
                _("Expired on %(date)s"), date=_nobreak(formats.date_format(award.valid_until, "DATE_FORMAT"))
            )
        else:
            state = conditional_escape(_("Expired"))
        line = format_html("{} – {}", state, no_longer_valid)
        return Standing(status, line, pgettext("certificate watermark", "Expired"), struck=False)
    if status == AwardStatus.SUPERSEDED:
        successor = award.superseded_by
        if successor is not None:
            state = _filled(
                _("Replaced by no. %(number)s on %(date)s"),
                number=_nobreak(successor.number),
                date=_nobreak(formats.date_format(successor.issued_on, "DATE_FORMAT")),
            )
        else:
            state = conditional_escape(_("Replaced by a renewal"))
        line = format_html("{} – {}", state, no_longer_valid)
        return Standing(status, line, pgettext("certificate watermark", "Replaced"), struck=True)
    return None


def certificate_context(award: Award, language: str) -> dict[str, object]:
    """An award no longer in force (revoked, expired, replaced by a renewal) has a certificate
    that says so (a line above the facts and a watermark, ``award_standing``), so that a copy
    printed or forwarded does not mislead; its content stays as issued and readable."""
    url = verification_url(award)
    texts = award_texts(award, language)
    programme = texts.programme
    operator = award.programme.operator
    heading, heading_size = heading_of(award.version.kind)
    return {
        "award": award,
        "language": language,
        "programme": programme,
        "stage": texts.stage,
        "level": texts.level,
        "kind": award.version.kind,
        "heading": heading,
        "heading_size": heading_size,
        "check_valid": CHECK_VALID.get(award.version.kind, CHECK_VALID[ProgrammeKind.CYCLE]),
        "operator": operator,
        "operator_logo": logo_data_uri(operator) if operator else "",
        "organisation_size": _size_class(award.organisation.name),
        "programme_size": _size_class(programme.text),
        "verify_url": url,
        "qr": qr_svg(url),
        "qr_side": QR_SIDE_MM,
        "standing": award_standing(award),
        "font_faces": mark_safe(font_faces_css()),
    }


def certificate_html(award: Award, *, language: str | None = None) -> str:
    language = language or award_language(award)
    with translation.override(language):
        return render_to_string("certificates/pdf/certificate.html", certificate_context(award, language))


def _fetcher() -> URLFetcher:
    """The certificate is self-contained (inline SVG, logo as data: URI, the project's own
    fonts): every other fetch is refused, so that no text on it can make the server load a URL
    or read a file."""
    return pdf_fetcher()


def certificate_pdf(award: Award, *, language: str | None = None) -> bytes:
    from weasyprint import HTML

    html = HTML(string=certificate_html(award, language=language), url_fetcher=_fetcher())
    return bytes(html.write_pdf(pdf_tags=True))


def _warm_up_html() -> str:
    """A certificate of a made-up award (no database): the same template, styles, fonts and QR
    code as a real one, so that warming loads everything a real certificate needs."""
    from datetime import date
    from types import SimpleNamespace

    from vereinbar.programmes.display import Text

    language = str(settings.LANGUAGE_CODE)[:2]
    award = SimpleNamespace(
        organisation=SimpleNamespace(name="Musterstadt"),
        number="2026-00001",
        issued_on=date(2026, 1, 1),
        valid_until=date(2029, 1, 1),
        verification_code="ABCDEFGHJKLMNPQR",
    )
    url = f"{settings.SITE_URL}/verify/{award.verification_code}/"
    context = {
        "award": award,
        "language": language,
        "programme": Text("Vereinbarkeit", language, False),
        "stage": Text("Audit", language, False),
        "level": Text("Zertifikat", "de", language != "de"),
        "kind": "certification",
        "heading": HEADINGS[ProgrammeKind.CERTIFICATION],
        "check_valid": CHECK_VALID[ProgrammeKind.CERTIFICATION],
        "operator": SimpleNamespace(name="vereinbar"),
        "operator_logo": "",
        "organisation_size": "",
        "programme_size": "",
        "verify_url": url,
        "qr": qr_svg(url),
        "qr_side": QR_SIDE_MM,
        "font_faces": mark_safe(font_faces_css()),
    }
    with translation.override(language):
        return render_to_string("certificates/pdf/certificate.html", context)


def pdf_engine_warm() -> float:
    """Import WeasyPrint and make one certificate of a made-up award, so that the first real
    certificate a process makes does not pay for the imports, the template and the fonts.
    Seconds taken."""
    started = time.perf_counter()
    from weasyprint import HTML

    HTML(string=_warm_up_html(), url_fetcher=_fetcher()).write_pdf(pdf_tags=True)
    return time.perf_counter() - started


def pdf_engine_warm_in_background() -> threading.Thread:
    """Warm the PDF engine in a daemon thread: start-up neither waits for it nor fails with it."""

    def run() -> None:
        try:
            seconds = pdf_engine_warm()
        except Exception:  # a failed warm-up only means the first PDF is slower
            logger.warning("certificate: warming the PDF engine failed", exc_info=True)
        else:
            logger.info("certificate: PDF engine warmed in %.2f s", seconds)

    thread = threading.Thread(target=run, name="pdf-engine-warm-up", daemon=True)
    thread.start()
    return thread
