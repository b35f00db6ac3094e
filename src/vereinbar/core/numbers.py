"""Per cent as each language writes it: German "25 %" (a no-break space before the sign, DIN 5008),
Dutch and English "25%". One place for pages, PDFs and charts (``{{ share|percent }}`` in
templates, ``core/templatetags/numbers.py``)."""

from __future__ import annotations

from decimal import Decimal

from django.utils import formats, translation

# Languages that set the sign apart; every other one writes it straight after the number.
SPACED = {"de": "\N{NO-BREAK SPACE}"}


def percent_text(per_cent: float | Decimal | int | str, digits: int = 0, language: str | None = None) -> str:
    """``per_cent`` (25 for 25 %) rounded to ``digits`` decimals in the language's number format,
    with the sign as that language writes it."""
    language = (language or translation.get_language() or "en").split("-")[0]
    number = formats.number_format(round(float(per_cent), digits), digits)
    return f"{number}{SPACED.get(language, '')}%"


def fraction_percent_text(share: float | Decimal | int, digits: int = 0, language: str | None = None) -> str:
    """A share between 0 and 1 as per cent (0.25 → "25 %" in German, "25%" in Dutch)."""
    return percent_text(float(share) * 100, digits, language)
