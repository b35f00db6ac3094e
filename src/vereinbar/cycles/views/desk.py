"""The operator's lists of cycles and awards; the cycles list (/<lang>/operator/cycles/): search, filters, sorting and paging in
the URL (a GET form), swapped in place by htmx and a plain page without JavaScript; the export
(CSV, XLSX) holds exactly the filtered cycles."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vereinbar.core.types import AuthedRequest

from ..desk import award_filter_choices, award_list, cycle_export_rows, filter_choices
from ..desk import cycle_list as select_cycles
from ..desk_forms import AwardFilterForm, CycleFilterForm
from ..exports import csv_text, xlsx_bytes
from .cycle import _is_operator_staff


def list_context(request: AuthedRequest, form: Any, found: Any, **context: Any) -> dict[str, Any]:
    """What every desk list's template gets: the form, the page, the export links' query."""
    page = Paginator(found, form.page_size).get_page(request.GET.get("page"))
    return {
        "area": "operator",
        "form": form,
        "page": page,
        "today": timezone.localdate(),
        "export_query": request.GET.urlencode(),
        **context,
    }


def _cycle_form(request: AuthedRequest) -> CycleFilterForm:
    return CycleFilterForm(request.GET, choices=filter_choices(user=request.user))


@login_required
def cycles(request: AuthedRequest) -> HttpResponse:
    form = _cycle_form(request)
    found = select_cycles(user=request.user, query=form.query())
    context = list_context(
        request,
        form,
        found,
        cycles=found,
        list_url=reverse("operator_cycles:list"),
        csv_url=reverse("operator_cycles:export_csv"),
        xlsx_url=reverse("operator_cycles:export_xlsx"),
        table="cycles/_desk_cycles_table.html",
        submit_label=_("Show cycles"),
    )
    context["found_label"] = ngettext(
        "%(count)s cycle found", "%(count)s cycles found", context["page"].paginator.count
    ) % {"count": context["page"].paginator.count}
    if getattr(request, "htmx", False):
        return render(request, "cycles/_desk_list.html", context)
    # What waits for the reader is on the operator area's home (and ?waiting=operator here): the
    # list stays one fixed set of queries, whatever the number of cycles.
    context["is_operator_staff"] = request.user.is_superuser or _is_operator_staff(request.user)
    return render(request, "cycles/desk_cycles.html", context)


def _award_form(request: AuthedRequest) -> AwardFilterForm:
    return AwardFilterForm(request.GET, choices=award_filter_choices(user=request.user))


@login_required
def awards(request: AuthedRequest) -> HttpResponse:
    form = _award_form(request)
    found = award_list(user=request.user, query=form.query())
    context = list_context(
        request,
        form,
        found,
        awards=found,
        list_url=reverse("operator_cycles:awards"),
        csv_url=reverse("operator_cycles:awards_csv"),
        xlsx_url=reverse("operator_cycles:awards_xlsx"),
        table="cycles/_desk_awards_table.html",
        submit_label=_("Show awards"),
    )
    count = context["page"].paginator.count
    context["found_label"] = ngettext("%(count)s award found", "%(count)s awards found", count) % {"count": count}
    template = "cycles/_desk_list.html" if getattr(request, "htmx", False) else "cycles/desk_awards.html"
    return render(request, template, context)


@login_required
def awards_export(request: AuthedRequest, fmt: str) -> HttpResponse:
    """Every award the filters find, as CSV or XLSX."""
    found = award_list(user=request.user, query=_award_form(request).query())
    header = [
        _("Number"),
        _("Organisation"),
        _("Region"),
        _("Programme"),
        _("Stage"),
        _("Level"),
        _("Issued on"),
        _("Valid until"),
        _("Status"),
    ]
    rows = [
        [
            award.number,
            award.organisation.name,
            award.organisation.region,
            award.version.localised("title"),
            str(award.stage),
            str(award.level) if award.level else "",
            award.issued_on,
            award.valid_until,
            award.get_status_display(),
        ]
        for award in found
    ]
    return export(fmt, "awards", _("Awards"), header, rows)


def _text(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@login_required
def cycles_export(request: AuthedRequest, fmt: str) -> HttpResponse:
    """Every cycle the filters find (not only the page shown), as CSV or XLSX."""
    header = [
        _("Organisation"),
        _("Region"),
        _("Programme"),
        _("Stage"),
        _("Status"),
        _("Phases in progress"),
        _("Next due date"),
        _("Applied on"),
        _("Auditor"),
        _("Award"),
        _("Valid until"),
    ]
    rows = cycle_export_rows(user=request.user, query=_cycle_form(request).query())
    return export(fmt, "cycles", _("Cycles"), header, rows)


def export(fmt: str, name: str, title: str, header: list[Any], rows: list[list[Any]]) -> HttpResponse:
    if fmt not in EXPORT_TYPES:
        raise Http404
    if fmt == "csv":
        content: str | bytes = csv_text(header, [[_text(value) for value in row] for row in rows])
    else:
        content = xlsx_bytes(title, header, rows)
    response = HttpResponse(content, content_type=EXPORT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}-{timezone.localdate().isoformat()}.{fmt}"'
    return response
