"""The operator's list of cycles (/<lang>/operator/cycles/; the awards' is certificates'): search,
filters, sorting and paging in the URL (a GET form), swapped in place by htmx and a plain page
without JavaScript; the export (CSV, XLSX) holds exactly what is filtered. Each list is one
``DeskList``. The cycles list's bulk actions (assign an auditor, send a reminder, extend a due
date) are a plain form POST: choose cycles and an action → a confirmation page → done."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext_lazy, ngettext, ngettext_lazy
from django.views.decorators.http import require_http_methods

from vereinbar.core.types import AuthedRequest

from ..desk import cycle_export_rows, default_cycle_sort, filter_choices, reader_parties
from ..desk import cycle_list as select_cycles
from ..desk_forms import BulkChoiceForm, CycleFilterForm, bulk_action_form
from ..desk_list import DeskList, export
from ..services.bulk import BulkOutcome, bulk_allowed, bulk_cycles, bulk_scope

__all__ = ["CYCLES", "export"]

CYCLES = DeskList(
    form_class=CycleFilterForm,
    choices=filter_choices,
    select=select_cycles,
    rows=cycle_export_rows,
    header=(
        gettext_lazy("Organisation"),
        gettext_lazy("Region"),
        gettext_lazy("Programme"),
        gettext_lazy("Stage"),
        gettext_lazy("Status"),
        gettext_lazy("Phases in progress"),
        gettext_lazy("Next due date"),
        gettext_lazy("Applied on"),
        gettext_lazy("Auditor"),
        gettext_lazy("Award"),
        gettext_lazy("Valid until"),
    ),
    urls=("operator_cycles:list", "operator_cycles:export_csv", "operator_cycles:export_xlsx"),
    template="cycles/desk_cycles.html",
    table="cycles/_desk_cycles_table.html",
    submit_label=gettext_lazy("Show cycles"),
    found=ngettext_lazy("%(count)s cycle found", "%(count)s cycles found", "number"),
    export_title=gettext_lazy("Cycles"),
    object_name="cycles",
    empty=gettext_lazy("No cycle is applied for, in progress or awarded at the moment."),
    scope=(
        gettext_lazy("Current cycles: applied for, in progress or awarded."),
        gettext_lazy("Show all, including finished"),
        gettext_lazy("All cycles, including finished."),
        gettext_lazy("Show only the current ones"),
    ),
    # What waits for the reader is on the operator area's home (and ?waiting=operator here): the
    # list stays one fixed set of queries, whatever the number of cycles.
    page_context=lambda request: _page_context(request),
    default_sort=default_cycle_sort,
)


def _page_context(request: AuthedRequest) -> dict[str, Any]:
    parties = reader_parties(user=request.user)
    return {
        "is_operator_staff": request.user.is_superuser or bool(parties),
        "bulk": bulk_scope(actor=request.user).exists(),
        "reader_parties": parties,
        # An auditor's list holds only their own cycles: no column repeating their name.
        "show_auditor": request.user.is_superuser or bool(parties),
    }


# --- Bulk actions on the cycles list --------------------------------------------------------


def _back(query: str) -> str:
    url = reverse("operator_cycles:list")
    return f"{url}?{query}" if query else url


def _chosen_ids(request: AuthedRequest, choice: BulkChoiceForm) -> list[int]:
    """The cycles chosen by checkbox, or every cycle the list's filter finds (that the reader may
    act on)."""
    data = choice.cleaned_data
    if data["everything"]:
        from django.http import QueryDict

        form = CycleFilterForm(QueryDict(data["query"]), choices=filter_choices(user=request.user))
        found = select_cycles(user=request.user, query=form.query()).prefetch_related(None)
        return list(found.filter(pk__in=bulk_scope(actor=request.user).values("pk")).values_list("pk", flat=True))
    return data["cycle"]


def _outcome_message(request: AuthedRequest, outcome: BulkOutcome, done: str) -> None:
    changed = len(outcome.changed)
    text = done % {"number": changed, "count": formats.number_format(changed, use_l10n=True, force_grouping=True)}
    if outcome.skipped:
        reasons = sorted({reason for _cycle, reason in outcome.skipped})
        text += " " + ngettext(
            "%(count)s cycle was left out (%(reasons)s).",
            "%(count)s cycles were left out (%(reasons)s).",
            len(outcome.skipped),
        ) % {
            "count": formats.number_format(len(outcome.skipped), use_l10n=True, force_grouping=True),
            "reasons": ", ".join(reasons),
        }
    messages.success(request, text)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def cycles_bulk(request: AuthedRequest) -> HttpResponse:
    """Step 1 (the list's form): the chosen cycles and the action → the confirmation page, with
    the action's own field (auditor, message or date). Step 2 (``confirm``): the action is done
    and the list shown again with what happened; a wrong choice is shown next to its field and
    changes nothing. A GET (the confirmation page reloaded, or its language switched) goes back
    to the list, with the list's filters that the forms' address carries."""
    if request.method != "POST":
        return HttpResponseRedirect(_back(request.GET.urlencode()))
    if not bulk_allowed(actor=request.user):  # before anything posted is read
        raise PermissionDenied
    choice = BulkChoiceForm(request.POST)
    query = request.POST.get("query", "")
    if not choice.is_valid():
        for errors in choice.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return HttpResponseRedirect(_back(query))
    try:
        cycles = bulk_cycles(actor=request.user, ids=_chosen_ids(request, choice))
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return HttpResponseRedirect(_back(query))
    action = choice.cleaned_data["action"]
    form = bulk_action_form(action, request.POST if "confirm" in request.POST else None, actor=request.user)
    if "confirm" in request.POST and form.is_valid():
        try:
            outcome, done = form.perform(actor=request.user, ids=[cycle.pk for cycle in cycles])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            _outcome_message(request, outcome, done)
            return HttpResponseRedirect(_back(query))
    context: dict[str, Any] = {
        "area": "operator",
        "action": action,
        "action_label": dict(BulkChoiceForm.ACTIONS)[action],
        "form": form,
        "cycles": cycles[:50],
        "more": max(0, len(cycles) - 50),
        "count": len(cycles),
        "ids": [cycle.pk for cycle in cycles],
        "query": query,
        "back_url": _back(query),
    }
    return render(request, "cycles/desk_bulk_confirm.html", context, status=422 if form.is_bound else 200)


def _add_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
