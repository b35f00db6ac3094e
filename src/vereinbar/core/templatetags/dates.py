"""``{{ award.issued_on|long_date }}``: a day written out ("1. September 2017", "1 september 2017")
in a ``<time>`` element, which main.css keeps on one line, so that a narrow screen never breaks
it after the day. Pages only: mails, PDFs' text, CSV and the API keep the plain format."""

from __future__ import annotations

import datetime

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.filter(expects_localtime=True)
def long_date(value: datetime.date | None) -> SafeString | str:
    """The day in the language's DATE_FORMAT inside ``<time datetime="YYYY-MM-DD">``; "" for none.
    Safe, so it may be a variable of ``{% blocktranslate with … %}`` too ("valid until …"). A
    moment (``registered_at``) is the day it was in the installation's time zone, as ``|date``."""
    text = date_filter(value, "DATE_FORMAT") if value else ""
    if not text:
        return ""
    return format_html('<time datetime="{}">{}</time>', date_filter(value, "Y-m-d"), text)
