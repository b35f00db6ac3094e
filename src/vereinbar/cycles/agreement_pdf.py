"""The signed target agreement as PDF (WeasyPrint, imported only when a PDF is made), laid out
as the certificate is: self-contained HTML (the operator's logo inlined), every fetch but the
project's own fonts refused.

Shows what was agreed: the organisation, the programme and stage, the goals by action field with
their success measure, responsible unit and deadline, their numbered measures, and who signed
and accepted it when. Programme texts are in the reader's language, or marked with ``lang``
where the programme has none in it; the goals are the organisation's own words."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _

from vereinbar.core.images import logo_data_uri
from vereinbar.core.pdf_fonts import font_faces_css, pdf_fetcher
from vereinbar.programmes.display import Text

from .models import Cycle, Goal, TargetAgreement

if TYPE_CHECKING:
    from weasyprint.urls import URLFetcher


def _text(obj: Any, name: str, language: str, default: str = "") -> Text:
    text, lang = obj.localised_with_language(name, language)
    if not text:
        return Text(default, language, False)
    return Text(text, lang, lang != language)


@dataclass
class FieldGoals:
    """One action field and its goals, in the agreement's order."""

    code: str
    title: Text
    goals: list[Goal] = field(default_factory=list)


def goals_by_field(agreement: TargetAgreement, language: str) -> list[FieldGoals]:
    goals = (
        Goal.objects.filter(agreement=agreement)
        .select_related("action_field")
        .prefetch_related("measures")
        .order_by("action_field__order", "number")
    )
    fields: list[FieldGoals] = []
    for goal in goals:
        if not fields or fields[-1].code != goal.action_field.code:
            fields.append(FieldGoals(goal.action_field.code, _text(goal.action_field, "title", language)))
        fields[-1].goals.append(goal)
    return fields


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string (for ``content``), whatever characters a translation has."""
    escaped = "".join(char if char.isalnum() or char in " .,:;–-()/'" else f"\\{ord(char):x} " for char in text)
    return f'"{escaped}"'


def page_label() -> str:
    """ "Page 2 of 5" in the active language, as CSS ``content`` around the page counters."""
    counters = {"%(number)s": "counter(page)", "%(total)s": "counter(pages)"}
    parts = []
    for piece in re.split(r"(%\((?:number|total)\)s)", _("Page %(number)s of %(total)s")):
        if piece in counters:
            parts.append(counters[piece])
        elif piece:
            parts.append(css_string(piece))
    return " ".join(parts)


def agreement_context(cycle: Cycle, agreement: TargetAgreement, language: str) -> dict[str, Any]:
    operator = cycle.programme.operator
    run = (
        cycle.phase_runs.filter(phase__deliverable="target_agreement")
        .select_related("accepted_by")
        .order_by("-occurrence")
        .first()
    )
    accepted_by = run.accepted_by if run is not None and agreement.accepted_on else None
    return {
        "language": language,
        "cycle": cycle,
        "organisation": cycle.organisation,
        "agreement": agreement,
        "programme": _text(cycle.version, "title", language),
        "stage": _text(cycle.stage, "title", language, cycle.stage.key),
        "operator": operator,
        "operator_logo": logo_data_uri(operator) if operator else "",
        # A name only: an account without one is not printed (no e-mail addresses on paper).
        "accepted_by": accepted_by.full_name if accepted_by is not None else "",
        "fields": goals_by_field(agreement, language),
        "page_label": mark_safe(page_label()),
        "running_prefix": mark_safe(css_string(_("Target agreement") + " – ")),
        "font_faces": mark_safe(font_faces_css()),
    }


def agreement_html(cycle: Cycle, agreement: TargetAgreement, *, language: str) -> str:
    with translation.override(language):
        return render_to_string("cycles/pdf/agreement.html", agreement_context(cycle, agreement, language))


def _fetcher() -> URLFetcher:
    """Nothing is fetched but the project's own fonts: the logo is a data: URI, and no text of
    the agreement can make the server load a URL or read a file."""
    return pdf_fetcher()


def agreement_pdf(cycle: Cycle, agreement: TargetAgreement, *, language: str) -> bytes:
    from weasyprint import HTML

    html = HTML(string=agreement_html(cycle, agreement, language=language), url_fetcher=_fetcher())
    return bytes(html.write_pdf(pdf_tags=True))


def agreement_filename(cycle: Cycle, signed_on: date | None, *, language: str) -> str:
    """E.g. ``zielvereinbarung-musterstadt-2026-03-01.pdf`` (ASCII, in the reader's language)."""
    with translation.override(language):
        name = slugify(_("Target agreement")) or "target-agreement"
    parts = [name, slugify(cycle.organisation.slug)]
    if signed_on is not None:
        parts.append(signed_on.isoformat())
    return "-".join(parts) + ".pdf"
