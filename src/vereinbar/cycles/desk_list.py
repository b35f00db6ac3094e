"""One helper for every list of the operator's desk: the filter form (its state is the URL) →
the queryset → sorting (in the query) → a page → the page or its htmx fragment, and the export
(CSV, XLSX) of exactly what is filtered. The cycles, awards, registrations and employers lists
are each one ``DeskList``, and ``paths`` gives its three URLs (the page and its two exports,
for signed-in users; each page checks what the reader may see).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import formats, timezone

from vereinbar.core.exports import EXPORT_TYPES, export
from vereinbar.core.list_state import list_state_remember
from vereinbar.core.types import AuthedRequest

FRAGMENT = "cycles/_desk_list.html"

__all__ = ["EXPORT_TYPES", "FRAGMENT", "DeskList", "export"]


def _grouped(count: int) -> str:
    """1600 as the reader writes it: "1.600" in German and Dutch, "1,600" in English."""
    return formats.number_format(count, use_l10n=True, force_grouping=True)


def _sort_label(form: Any) -> str:
    """The label of the order the list is in ("" for a list without a choice of orders)."""
    field = form.fields.get("sort")
    if field is None:
        return ""
    form.is_valid()
    chosen = form.cleaned_data.get("sort") or form.default_sort
    return str(dict(field.choices).get(chosen, ""))


@dataclass(frozen=True)
class DeskList:
    """A desk list. ``select(user=, query=)`` gives the sorted queryset; ``rows(user=, query=)``
    the export's rows (plain values), in ``header``'s order. ``found`` is an ``ngettext_lazy``
    that picks its plural by ``number`` and shows ``count`` grouped as the reader writes numbers
    ("1.600"). ``urls`` are the URL names of the list, its CSV and XLSX."""

    form_class: Any
    choices: Callable[..., Any]
    select: Callable[..., Any]
    rows: Callable[..., list[list[Any]]]
    header: Sequence[Any]
    urls: tuple[str, str, str]
    template: str
    table: str
    submit_label: Any
    found: Any
    export_title: Any
    object_name: str = ""  # the queryset also under this name in the template
    # What an empty list says when the reader set no filter: what it means, what to do.
    empty: Any = ""
    page_context: Callable[[AuthedRequest], dict[str, Any]] = field(default=lambda request: {})
    # A list that opens on some statuses only (its form's DEFAULTS["status"]) says so under its
    # count, with a link to every row, and the other way round: (what it holds as it opens, the
    # link to all, what it holds with all, the link back). Empty: a list without such a default.
    scope: tuple[Any, Any, Any, Any] | tuple[()] = ()
    # The order the list opens in for this reader (``default_sort(user=)``), if not the form's.
    default_sort: Callable[..., str] | None = None

    def _default_sort(self, request: AuthedRequest) -> dict[str, str]:
        return {"default_sort": self.default_sort(user=request.user)} if self.default_sort else {}

    def form(self, request: AuthedRequest) -> Any:
        return self.form_class(request.GET, choices=self.choices(user=request.user), **self._default_sort(request))

    def context(
        self, request: AuthedRequest, *, focus_results: bool = False, keep_open: bool = False
    ) -> dict[str, Any]:
        form = self.form(request)
        found = self.select(user=request.user, query=form.query())
        page: Page[Any] = Paginator(found, form.page_size).get_page(request.GET.get("page"))
        list_url, csv_url, xlsx_url = (reverse(name) for name in self.urls)
        active = form.active_filters()
        context = {
            "area": "operator",
            "form": form,
            "page": page,
            "today": timezone.localdate(),
            "export_query": request.GET.urlencode(),
            "list_url": list_url,
            "csv_url": csv_url,
            "xlsx_url": xlsx_url,
            "table": self.table,
            "submit_label": self.submit_label,
            "found_label": self.found % {"number": page.paginator.count, "count": _grouped(page.paginator.count)},
            "empty_label": self.empty,
            # Paged in place (htmx): the focus moves to the results, not back to the page's top.
            "focus_results": focus_results,
            # The filter panel is one closed line once there are results to show (on a phone the
            # open panel pushes them a screen down): open while nothing is set and nothing found,
            # when a filter has an error, and while the reader is changing filters in it (htmx).
            "active_filters": active,
            # the search word narrows the list but is no filter: shown as such, not counted
            "search_word": form.search_word,
            "filters_open": bool(form.errors) or keep_open or (not form.has_filters and not page.object_list),
            # the order is set in the closed panel: the line above the rows says which it is
            "sort_label": _sort_label(form),
        }
        if self.object_name:
            context[self.object_name] = found
        context["scope"] = self._scope(request)
        return {**context, **self.page_context(request)}

    def _scope(self, request: AuthedRequest) -> dict[str, str] | None:
        """What the list holds when the status filter is left as it opens or set to every row,
        with the link to the other (``scope``); None for another status or a list without one."""
        if not self.scope:
            return None
        opens_on = self.form_class.DEFAULTS["status"]
        opened, to_all, everything, back = self.scope
        shown = request.GET.copy()
        shown.pop("page", None)
        status = shown.get("status", opens_on)
        if status == opens_on:
            shown["status"] = ""
            text, link = opened, to_all
        elif not status:
            shown.pop("status")
            text, link = everything, back
        else:
            return None
        return {"text": str(text), "link": str(link), "query": shown.urlencode()}

    @staticmethod
    def _panel_changed(request: AuthedRequest, shared: QueryDict) -> bool:
        """Whether a filter other than the search differs from the address htmx was on."""
        before = QueryDict(urlsplit(request.headers.get("HX-Current-URL", "")).query)
        names = (set(before) | set(shared)) - {"q", "page"}
        return any(before.getlist(name) != shared.getlist(name) for name in names)

    def page(self, request: AuthedRequest) -> HttpResponse:
        """The whole page, or only the list for htmx; the filters are kept for the links back.
        The address holds only what the reader set (``shared``): the form sends every field,
        empty or not, so a plain page is sent on to the shorter address and htmx is told it."""
        htmx = bool(getattr(request, "htmx", False))
        focus_results = htmx and "page" in request.GET
        shared = self.form_class.shared(request.GET, **self._default_sort(request))
        query = shared.urlencode()
        address = f"{reverse(self.urls[0])}?{query}" if query else reverse(self.urls[0])
        if not htmx and query != request.GET.urlencode():
            return HttpResponseRedirect(address)
        # What the page links to (pager, exports, the list kept for the way back) reads it too.
        request.GET = shared
        # An htmx request that changed a filter of the panel came from the open panel: it stays
        # open. A search (the field above the panel) or a page leaves it as one line.
        keep_open = htmx and not focus_results and self._panel_changed(request, shared)
        context = self.context(request, focus_results=focus_results, keep_open=keep_open)
        list_state_remember(request, self.urls[0])
        if htmx:
            response = render(request, FRAGMENT, context)
            response["HX-Push-Url"] = address
            return response
        return render(request, self.template, context)

    def export(self, request: AuthedRequest, fmt: str) -> HttpResponse:
        """Every row the filters find (not only the page shown)."""
        if fmt not in EXPORT_TYPES:
            raise Http404
        rows = self.rows(user=request.user, query=self.form(request).query())
        # the file is named as its sheet, in the reader's language ("Durchläufe-2026-12-06.xlsx")
        title = str(self.export_title)
        return export(fmt, title.replace(" ", "-"), title, [str(h) for h in self.header], rows)

    def paths(self, route: str = "") -> list[URLPattern]:
        """The page at ``route`` and its exports at ``route`` + ``export.csv`` / ``export.xlsx``,
        named as ``urls`` names them (without their namespace)."""
        page, csv, xlsx = (name.rpartition(":")[2] for name in self.urls)
        exports = login_required(self.export)
        return [
            path(route, login_required(self.page), name=page),
            path(f"{route}export.csv", exports, {"fmt": "csv"}, name=csv),
            path(f"{route}export.xlsx", exports, {"fmt": "xlsx"}, name=xlsx),
        ]
