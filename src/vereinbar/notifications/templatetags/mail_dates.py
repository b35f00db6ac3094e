"""``{{ award.valid_until|mail_date }}``: a day in a mail, written out in the reader's language
("5. Dezember 2026", "5 december 2026", "5 December 2026"): one long form for every mail.

Django's English DATE_FORMAT abbreviates some months and not others ("Dec. 5, 2026" beside
"March 5, 2026"); the mail's own format is translated with the mail (``translation.override``
of the recipient's language), so every language writes the day the way a letter does."""

from __future__ import annotations

import datetime

from django import template
from django.utils.formats import date_format
from django.utils.translation import pgettext

register = template.Library()


@register.filter(expects_localtime=True)
def mail_date(value: datetime.date | None) -> str:
    """The day written out for a mail; "" for none."""
    if not value:
        return ""
    # Translators: how a mail writes a day, in the letters of Django's date filter
    # (j: day, F: month's name, Y: year); German "j. F Y", Dutch "j F Y".
    return date_format(value, pgettext("date in mails", "j F Y"))
