"""The signed-in person's own recent actions (``own_history``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from vereinbar.core.types import AuthedRequest
from vereinbar.organisations.history import DateRangeForm, entries_filtered

from ..own_history import PAGE_SIZE, own_actions, own_entries, own_organisations


@login_required
def recent_actions(request: AuthedRequest) -> HttpResponse:
    everything = own_entries(user=request.user)
    organisations = own_organisations(everything)
    chosen = next((org for org in organisations if org.slug == request.GET.get("organisation")), None)
    entries = everything.filter(organisation=chosen) if chosen is not None else everything
    dates = DateRangeForm(request.GET)
    entries = entries_filtered(entries, **dates.query())
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    kept = request.GET.copy()  # the filters, for the links to the other pages
    kept.pop("page", None)
    context = {
        "page": page,
        "days": own_actions(user=request.user, entries=page.object_list),
        "organisations": organisations,
        "chosen": chosen,
        "dates": dates,
        "filtered": chosen is not None or dates.is_filtered(),
        "page_query": f"{kept.urlencode()}&" if kept else "",
    }
    return render(request, "cycles/recent_actions.html", context)
