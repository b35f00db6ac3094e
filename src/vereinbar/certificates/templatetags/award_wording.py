"""``{% award_wording "key" kind date=… %}``: a sentence about an award in the words of its kind
(certificates.wording); ``{% award_text … %}`` the same as plain text, for plain-text mails;
``|award_number``: the number as one word."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from vereinbar.certificates import wording

register = template.Library()


@register.simple_tag
def award_wording(key: str, kind: str | None, **values: str | int) -> SafeString:
    return wording.award_wording(key, kind, **values)


@register.simple_tag
def award_text(key: str, kind: str | None, **values: object) -> str:
    return wording.award_text(key, kind, **values)


@register.filter
def award_number(number: str) -> SafeString:
    return wording.award_number(number)
