"""What management commands need of the administrator's console."""

from __future__ import annotations

import os

from django.conf import settings


def language_from_environment() -> str:
    """The language of the administrator's console (LC_ALL, LC_MESSAGES, LANGUAGE, LANG), if the
    site has it, else English: a command speaks to whoever runs it, not in the site's language."""
    codes = [code for code, _name in settings.LANGUAGES]
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE", "LANG"):
        value = os.environ.get(name, "")[:2].lower()
        if value in codes:
            return value
    return "en"
