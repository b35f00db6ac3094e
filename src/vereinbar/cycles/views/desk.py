"""The operator's cycles list (/<lang>/operator/cycles/): search, filters, sorting and paging in
the URL (a GET form), swapped in place by htmx and a plain page without JavaScript; the export
(CSV, XLSX) holds exactly the filtered cycles."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from vereinbar.core.types import AuthedRequest

from .. import selectors
from ..desk import cycle_list as select_cycles
from ..desk import filter_choices
from ..desk_forms import CycleFilterForm
from ..exports import csv_text, xlsx_bytes
from .cycle import _is_operator_staff


def _form(request: AuthedRequest) -> CycleFilterForm:
    return CycleFilterForm(request.GET, choices=filter_choices(user=request.user))


@login_required
def cycles(request: AuthedRequest) -> HttpResponse:
    form = _form(request)
    found = select_cycles(user=request.user, query=form.query())
    page = Paginator(found, form.page_size).get_page(request.GET.get("page"))
    context: dict[str, Any] = {
        "area": "operator",
        "form": form,
        "cycles": found,
        "page": page,
        "today": timezone.localdate(),
        "export_query": request.GET.copy().urlencode() if request.GET else "",
    }
    if getattr(request, "htmx", False):
        return render(request, "cycles/_desk_cycles.html", context)
    # What waits for the reader opens the unfiltered list; filtered, the list is the answer.
    landing = not form.has_filters and page.number == 1
    context |= {
        "waiting": selectors.waiting_for_operator(user=request.user) if landing else [],
        "show_waiting": landing,
        "is_operator_staff": request.user.is_superuser or _is_operator_staff(request.user),
    }
    return render(request, "cycles/desk_cycles.html", context)


def _phases(cycle: Any) -> str:
    return "; ".join(str(run.phase) for run in cycle.current_runs)


def _text(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@login_required
def cycles_export(request: AuthedRequest, fmt: str) -> HttpResponse:
    """Every cycle the filters find (not only the page shown), as CSV or XLSX."""
    if fmt not in EXPORT_TYPES:
        raise Http404
    found = select_cycles(user=request.user, query=_form(request).query())
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
    rows = []
    for cycle in found:
        award = getattr(cycle, "award", None)
        rows.append(
            [
                cycle.organisation.name,
                cycle.organisation.region,
                cycle.version.localised("title"),
                str(cycle.stage),
                cycle.get_status_display(),
                _phases(cycle),
                getattr(cycle, "next_due", None),
                cycle.applied_on,
                cycle.auditor.email if cycle.auditor else "",
                award.number if award else "",
                award.valid_until if award else None,
            ]
        )
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        text = csv_text(header, [[_text(value) for value in row] for row in rows])
        response = HttpResponse(text, content_type=EXPORT_TYPES[fmt])
    else:
        response = HttpResponse(xlsx_bytes(_("Cycles"), header, rows), content_type=EXPORT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="cycles-{stamp}.{fmt}"'
    return response
