"""The employer's own words on a page in another language: ``<span{% if lang %} lang="{{ lang }}"
{% endif %}>`` with ``lang=organisation|own_text_lang``, so that screen readers read a contact's
function written in German by German rules on the English or Dutch page."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils import translation

from vereinbar.organisations.models import Organisation

register = template.Library()


@register.filter
def own_text_lang(organisation: Organisation) -> str:
    """The language the organisation writes its own free texts in, where the page is in another;
    "" where they agree (the staff offers page's ``text_lang`` follows the same rule)."""
    page_language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    own_language = organisation.primary_language
    return own_language if own_language != page_language else ""
