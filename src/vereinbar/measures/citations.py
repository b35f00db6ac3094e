"""Legal references as the reader reads them.

A catalogue entry cites its law in one string. A national law keeps its own name ("§ 3
PflegeZG", "Wet arbeid en zorg") and is marked with its country's language on pages in another
one; an EU act is cited the way the reader's language cites it ("Directive (EU) 2019/1158,
Art. 6" is "Richtlinie (EU) 2019/1158, Art. 6" in German)."""

from __future__ import annotations

import re

from django.utils import translation
from django.utils.translation import gettext as _

from vereinbar.programmes.display import Text

_EU_ACT = re.compile(r"^(Directive|Regulation) \((EU|EC|EEC)\) (\d{2,4}/\d+)(?:, Art\. (\d+\w*))?$")
# The language a country's laws are named in (the countries the catalogue cites).
_LAW_LANGUAGE = {"DE": "de", "AT": "de", "CH": "de", "LU": "de", "NL": "nl", "BE": "nl", "GB": "en", "IE": "en"}


def legal_citation(reference: str, country: str) -> Text | None:
    """The reference in the reader's language where it has one, else marked with its own."""
    reference = reference.strip()
    if not reference:
        return None
    language = (translation.get_language() or "en")[:2]
    act = _EU_ACT.match(reference)
    if act:
        kind, union, number, article = act.groups()
        values = {"union": union, "number": number}
        text = _("Directive (%(union)s) %(number)s") if kind == "Directive" else _("Regulation (%(union)s) %(number)s")
        text %= values
        if article:
            text = _("%(act)s, Art. %(article)s") % {"act": text, "article": article}
        return Text(text, language, False)
    own = _LAW_LANGUAGE.get(country.upper(), "")
    return Text(reference, own or language, bool(own) and own != language)
