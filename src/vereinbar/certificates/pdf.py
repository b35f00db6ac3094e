"""The certificate as PDF (WeasyPrint, imported only when a PDF is made) with a QR code that
points to the public verification page. Rendered in the organisation's language when the
programme speaks it, else in the programme's default language."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from .models import Award


def award_language(award: Award) -> str:
    languages = award.version.languages or [award.version.default_language]
    wanted = str(getattr(award.organisation, "primary_language", "") or "")
    return wanted if wanted in languages else award.version.default_language


def verification_url(award: Award) -> str:
    """Short on purpose (a smaller QR code): the page redirects to the reader's language."""
    return f"{settings.SITE_URL}/verify/{award.verification_code}/"


def qr_svg(url: str) -> str:
    import segno

    return segno.make(url, error="m").svg_inline(scale=4, border=2, dark="#111", omitsize=False)


def certificate_html(award: Award, *, language: str | None = None) -> str:
    language = language or award_language(award)
    url = verification_url(award)
    with translation.override(language):
        return render_to_string(
            "certificates/pdf/certificate.html",
            {
                "award": award,
                "language": language,
                "programme": award.version.localised("title", language),
                "stage": award.stage.localised("title", language) or award.stage.key,
                "level": (award.level.localised("title", language) or award.level.key) if award.level else "",
                "kind": award.version.kind,
                "operator": award.programme.operator,
                "verify_url": url,
                "qr": mark_safe(qr_svg(url)),
            },
        )


def certificate_pdf(award: Award, *, language: str | None = None) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=certificate_html(award, language=language), base_url=settings.SITE_URL).write_pdf())
