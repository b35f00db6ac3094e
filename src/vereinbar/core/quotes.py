"""A name set inside the quotation marks of the current language, with its own quotation marks
turned into the inner pair: „Re-Auditierung ‚Optimierung‘“, not „Re-Auditierung „Optimierung““.
Used by mails (the ``nested_quotes`` filter) and by messages built in Python."""

from __future__ import annotations

import re
from typing import Any

from django.utils import translation

# language: (the outer pair as a pattern, the inner pair)
_PAIRS = {
    "de": (re.compile("„([^„“]*)“"), ("‚", "‘")),
    "nl": (re.compile("‘([^‘’]*)’"), ("“", "”")),
    "en": (re.compile("“([^“”]*)”"), ("‘", "’")),
}


def quoted(value: Any) -> str:
    """The value in the current language's quotation marks (its own ones turned into the inner
    pair): „Pflege“, ‘Zorg’, “Care”."""
    text = nested_quotes(value)
    pair = _OUTER.get((translation.get_language() or "").split("-")[0], _OUTER["en"])
    return f"{pair[0]}{text}{pair[1]}"


_OUTER = {"de": ("„", "“"), "nl": ("‘", "’"), "en": ("“", "”")}


def nested_quotes(value: Any) -> str:
    """The value as text, its quotation marks of the current language turned into the inner pair."""
    text = str(value)
    pair = _PAIRS.get((translation.get_language() or "").split("-")[0])
    if pair is None:
        return text
    pattern, (opening, closing) = pair
    return pattern.sub(lambda found: f"{opening}{found.group(1)}{closing}", text)
