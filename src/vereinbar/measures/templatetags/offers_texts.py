"""Texts of the staff offers page: ``<strong{{ measure|lang_attr:"title" }}>`` marks a text shown
in another language than the page's (a title the employer wrote in Dutch only, read on the German
page), so that screen readers pronounce it right; ``{{ contact|role_label }}`` is the contact's
role unless its name already says it ("Staff council – Staff council")."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString

from vereinbar.organisations.models import Contact, ContactRole

register = template.Library()


@register.filter
def lang_attr(obj: Any, field: str) -> SafeString | str:
    """`` lang="nl"`` when the translated field is shown in a fallback language, else ""."""
    language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    if not getattr(obj, field, None) or getattr(obj, f"{field}_{language}", None):
        return ""
    for code in settings.MODELTRANSLATION_FALLBACK_LANGUAGES:
        if getattr(obj, f"{field}_{code}", None):
            return format_html(' lang="{}"', code) if code != language else ""
    return ""


@register.filter
def role_label(contact: Contact) -> str:
    """The role in words, or "" for "other" (the name says who it is) and where the name holds it."""
    if contact.role == ContactRole.OTHER:
        return ""
    label = str(contact.get_role_display())
    return "" if label.casefold() in contact.name.casefold() else label
