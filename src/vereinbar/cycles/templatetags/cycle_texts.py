"""``{% include "programmes/_text.html" with t=run|phase_title %}``: a phase run's title in the
page's language, marked with its own where the programme has none in the page's."""

from __future__ import annotations

from typing import Any

from django import template

from vereinbar.programmes.display import Text
from vereinbar.programmes.templatetags.programme_texts import text_of

register = template.Library()


@register.filter
def phase_title(run: Any) -> Text:
    title = text_of(run.phase) or Text(run.phase.key, "", False)
    if run.occurrence > 1:
        return Text(f"{title.text} ({run.occurrence})", title.lang, title.is_fallback)
    return title


@register.filter
def waiting_total(waiting: Any) -> int:
    """How many wait in all: a ``selectors.WaitingList`` may hold only the first few."""
    return int(getattr(waiting, "total", len(waiting)))


@register.simple_tag(takes_context=True)
def waiting_in_order(context: Any) -> Any:
    """What waits for the reader on the operator home: the cycles (``waiting``) and the
    registrations to review (``waiting_registrations``, for those who review them) in one order;
    the rule is ``home_parts.waiting_with_registrations``."""
    from vereinbar.cycles.home_parts import waiting_with_registrations

    return waiting_with_registrations(context.get("waiting") or [], list(context.get("waiting_registrations") or []))
