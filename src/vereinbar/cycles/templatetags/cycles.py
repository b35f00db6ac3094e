"""``{% cycle_url "phase" run.pk %}``: a cycle page's URL in the area the page is shown in."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import formats, timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ..links import cycle_reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def cycle_url(context: dict[str, Any], name: str, *args: Any) -> str:
    return cycle_reverse(context["area"], context["cycle"], name, *args)


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """``{{ forms|get_item:code }}``: a value of a mapping by a variable key."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


def _completed_alone(run: Any) -> bool:
    """A phase nobody accepts, done: accepted when submitted, so it was completed, not accepted."""
    return run.status == "accepted" and not run.phase.accepted_by


@register.filter
def phase_status_label(run: Any) -> str:
    """The run's status as shown: "Completed" for a done phase that nobody accepts (its stored
    status is "accepted", as for any phase whose deliverable counts)."""
    return _("Completed") if _completed_alone(run) else str(run.get_status_display())


@register.filter
def completed_alone(run: Any) -> bool:
    """``{% if run|completed_alone %}``: done by its actor, with no acceptance of its own."""
    return _completed_alone(run)


@register.simple_tag
def completed_when(run: Any) -> SafeString:
    """The words "on <date> by <person>" for a phase completed without an acceptor (one line on the phase page)."""
    if run.submitted_at is None:
        return mark_safe("")
    moment = timezone.localtime(run.submitted_at) if timezone.is_aware(run.submitted_at) else run.submitted_at
    when = format_html(
        '<time datetime="{}">{}</time>',
        formats.date_format(moment, "c"),
        formats.date_format(moment, "DATETIME_FORMAT"),
    )
    if run.submitted_by is None:
        return mark_safe(escape(_("on %(date)s")) % {"date": when})
    return mark_safe(escape(_("on %(date)s by %(person)s")) % {"date": when, "person": escape(str(run.submitted_by))})


@register.filter
def has_agreement(cycle: Any) -> bool:
    """Whether the cycle's stage has a target agreement phase."""
    from vereinbar.programmes.models import DeliverableKind

    return bool(cycle.stage.phases.filter(deliverable=DeliverableKind.TARGET_AGREEMENT).exists())


@register.filter
def agreement_reached(cycle: Any) -> bool:
    """Whether the cycle's target agreement phase has a run yet: its page exists only from then on
    (runs are made as phases open, so a stage's phase alone would link to a missing page)."""
    from ..selectors import agreement_run

    return agreement_run(cycle) is not None


@register.filter
def decision_page_says(cycle: Any) -> bool:
    """Whether the cycle's level and decision page has anything to say: a decision taken, or, once
    its phases have begun, a level to compute or a decision phase. A charter's participation has
    none of them, and an application declined or withdrawn before it was accepted has no phases
    and nothing assessed: a tab to a page saying only "no levels" is a dead end."""
    from vereinbar.programmes.models import DeliverableKind

    if cycle.decisions.exists():
        return True
    if not cycle.phase_runs.exists():
        return False
    return (
        cycle.stage.awardable_levels.exists()
        or cycle.phase_runs.filter(phase__deliverable=DeliverableKind.DECISION).exists()
    )


@register.inclusion_tag("cycles/_dashboard_card.html", takes_context=True)
def cycles_card(context: dict[str, Any], organisation: Any) -> dict[str, Any]:
    """The employer dashboard's card: current cycles and what is due next.
    Use: ``{% load cycles %}{% cycles_card organisation %}``."""
    from ..selectors import organisation_card

    request = context["request"]
    return {"organisation": organisation, **organisation_card(user=request.user, organisation=organisation)}
