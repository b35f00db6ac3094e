"""Programme texts on pages, with the language they are in.

``{% include "programmes/_text.html" with t=cycle.version|localised %}`` shows a programme's (or a
stage's, phase's, criterion's…) text in the page's language; where the programme has none in it,
the text falls back to the programme's language and the include marks it with ``lang``, as the
programme pages do with ``programmes.display``."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import translation

from ..display import Text

register = template.Library()


def text_of(obj: Any, field: str = "title") -> Text | None:
    """The object's text in the active language, or its fallback marked with its language."""
    if obj is None or not hasattr(obj, "localised_with_language"):
        return None
    value, language = obj.localised_with_language(field)
    if not value:
        return None
    wanted = (translation.get_language() or "")[:2]
    return Text(value, language, language != wanted)


@register.filter
def localised(obj: Any, field: str = "title") -> Text | None:
    return text_of(obj, field)


@register.filter
def option_label(criterion: Any, value: str) -> Text | None:
    """The label of the criterion's scale option stored as ``value`` (the value itself if the
    scale has no such option any more)."""
    if not value:
        return None
    scale = getattr(criterion, "scale", None)
    option = scale.options.filter(value=value).first() if scale is not None else None
    return text_of(option, "label") if option is not None else Text(value, "", False)
