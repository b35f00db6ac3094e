"""``{{ cycle.version|text }}``: a programme text as ``programmes/_text.html`` shows it (the
fallback language marked with ``lang``), as a filter: the desk's lists show four such texts per
row, and a filter costs a fraction of an include."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from vereinbar.programmes.templatetags.programme_texts import text_of

register = template.Library()


@register.filter
def text(obj: Any, field: str = "title") -> str | SafeString:
    found = text_of(obj, field)
    if found is None:
        return ""
    if found.is_fallback:
        return format_html('<span lang="{}">{}</span>', found.lang, found.text)
    return found.text


@register.filter
def next_due(cycle: Any) -> Any:
    """The earliest due date of the phases the cycle is working on: the ``next_due`` the list
    annotated (when it sorts by it), else read from the prefetched ``current_runs``."""
    if hasattr(cycle, "next_due"):
        return cycle.next_due
    from vereinbar.cycles.desk import WORKING

    dates = [run.due_on for run in getattr(cycle, "current_runs", []) if run.status in WORKING and run.due_on]
    return min(dates) if dates else None


@register.filter
def days_after(day: date | None, today: date) -> int | None:
    """How many days ``day`` lies after ``today`` (negative: before; None without a day)."""
    return None if day is None else (day - today).days


@register.simple_tag(takes_context=True)
def turn(context: Any, run: Any, cycle: Any) -> SafeString:
    """Whose move a phase in progress of a desk row waits for, in words: the reader's own
    ("your turn") or which party's, so that what waits for the reader stands out from what waits
    for the employer; the auditor by name once one is assigned. ``run`` None: the application
    (waiting for the operator to accept it). ``reader_parties`` (the list's context): where the
    reader is operator admin or board member. The same words as the employer's home."""
    from django.utils.translation import gettext

    from vereinbar.cycles.desk import turn_of
    from vereinbar.cycles.models import PhaseStatus

    party = turn_of(run) if run is not None else "operator"
    user = getattr(context.get("request"), "user", None)
    mine = (party == "auditor" and user is not None and cycle.auditor_id == user.pk) or (
        (cycle.programme.operator_id, party) in context.get("reader_parties", ())
    )
    submitted = run is not None and run.status == PhaseStatus.SUBMITTED
    if mine:
        words = gettext("Yours to review") if submitted else gettext("Your turn")
        return format_html('<strong class="turn">{}</strong>', words)
    if party == "employer":
        if run.status == PhaseStatus.RETURNED:
            words = gettext("Returned to the employer for changes")
        else:
            words = gettext("With the employer")
    elif party == "auditor" and cycle.auditor_id:
        words = gettext("With %(name)s (auditor)") % {"name": cycle.auditor}
    else:
        words = {"auditor": gettext("With the auditor"), "board": gettext("With the board")}.get(
            party, gettext("With the programme operator")
        )
    return format_html('<small class="turn">{}</small>', words)


@register.filter
def status_label(cycle: Any) -> str:
    """The cycle's status in the reader's language. ``get_status_display`` translates every
    label of the choices on each call (to hash them): seven translations a row, where this is one."""
    from vereinbar.cycles.models import CycleStatus

    if cycle.status in CycleStatus.values:
        return str(CycleStatus(cycle.status).label)
    return str(cycle.status)
