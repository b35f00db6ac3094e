"""The public directory (the start page), its per-programme pages, profiles and open-data exports."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from urllib.parse import urlencode

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from vereinbar.organisations.models import OrganisationKind, Sector
from vereinbar.programmes.models import Programme, PublishedItem

from . import fragments
from .display import chart_bars, entry_period, facet_select, json_ld, record_sentences, region_chart
from .exports import directory_export, export_csv, export_json, licence
from .history import ProgrammeHistory
from .index import fingerprint
from .search import DirectoryQuery
from .selectors import directory_page, directory_profile


def _programme_for(slug: str) -> Programme:
    """A programme page's slug is the last part of the programme's identifier."""
    programme = (
        Programme.objects.filter(identifier__endswith=f":{slug}", current_version__directory_listed=True)
        .select_related("current_version")
        .order_by("pk")
        .first()
    )
    if programme is None:
        raise Http404
    return programme


_JSON_URLS: dict[str, str] = {}


def _json_url(query: DirectoryQuery) -> str:
    """The open-data JSON address of the query (on every directory page; its path is reversed
    once per language)."""
    language = get_language() or ""
    url = _JSON_URLS.get(language)
    if url is None:
        url = _JSON_URLS[language] = reverse("core:directory_json")
    return _with_query(url, query)


def _with_query(url: str, query: DirectoryQuery) -> str:
    params = query.params()
    return f"{url}?{urlencode(params)}" if params else url


def _anonymous_without_session(request: HttpRequest) -> bool:
    """A visitor whose page holds nothing of their own but the CSRF token: no session (so not
    logged in, no messages kept in it) and no messages cookie."""
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and "messages" not in request.COOKIES


def directory(request: HttpRequest, programme_slug: str | None = None) -> HttpResponse:
    """The directory: search, filters with counts, sorting, pages, region chart. Works without
    JavaScript; with htmx, the form and results are swapped in place (same URL, GET).

    The results-and-filters part is the same for everyone with the same data, language, address
    and query: it is kept (``fragments``, shared by the server's processes). For visitors without
    a session the page around it is kept too (per process), with placeholders for what is the
    visitor's own; for everyone else the page around the kept part (menu, language form) is
    rendered."""
    programme = _programme_for(programme_slug) if programme_slug else None
    query = DirectoryQuery.from_params(request.GET)
    if programme is not None:
        query = DirectoryQuery.from_params({**request.GET.dict(), "programme": programme.identifier})
    fixed = {"programme": programme.identifier} if programme else {}
    params = {key: value for key, value in query.params().items() if key not in fixed}
    base = request.path

    def link(**changes: str) -> str:
        merged = {**params, **changes}
        merged = {key: value for key, value in merged.items() if value}
        return f"{base}?{urlencode(merged)}" if merged else base

    day = timezone.localdate()
    mark = fingerprint(day)
    language = get_language() or ""
    scope = programme.pk if programme else None

    def fragment() -> str:
        key = (mark, language, base, scope, tuple(sorted(query.params(page=True).items())))
        return fragments.kept(
            key,
            lambda: _directory_fragment(query, base=base, link=link, day=day, scoped=programme is not None),
            shared=True,
        )

    partial = request.headers.get("HX-Request") == "true" and request.headers.get("HX-Target") == "directory"
    if partial:
        response = HttpResponse(fragment())
        # the address bar gets the shareable URL without the empty fields
        response["HX-Push-Url"] = link(page=str(query.page) if query.page > 1 else "")
        return response

    json_url = _json_url(query)

    def page(**placeholders: str) -> str:
        context = {
            "query": query,
            "programme": programme,
            "programme_title": programme.current_version.localised("title")
            if programme and programme.current_version
            else "",
            "programme_summary": programme.current_version.localised("summary")
            if programme and programme.current_version
            else "",
            "json_url": json_url,
            **placeholders,
        }
        if "directory_html" not in context:
            context["directory_html"] = mark_safe(fragment())  # rendered by our own template (autoescaped)
        return render_to_string("directory/index.html", context, request=request)

    if not _anonymous_without_session(request):
        return HttpResponse(page())
    shell = fragments.kept((mark, language, "shell", base, scope), lambda: page(**fragments.SHELL_PLACEHOLDERS))
    return HttpResponse(fragments.page_for_visitor(shell, request, json_url=json_url, results=fragment()))


def _directory_fragment(query: DirectoryQuery, *, base: str, link: Callable[..., str], day: date, scoped: bool) -> str:
    """The results and filters (``_directory.html``), rendered without the request: nothing of
    the visitor can end up in it."""
    results = directory_page(query, day=day)
    pages = results.page
    region = results.facets.get("region")
    chart = region_chart(region)
    bars, rows = chart_bars(chart) if chart else ("", "")
    context = {
        "query": query,
        "results": results,
        "programme": scoped,  # a programme's page: no programme filter
        # On a programme's page its programme is the page, not a filter the visitor set.
        "filters_active": (query.without("programme") if scoped else query).has_filters,
        "directory_path": base,
        "facets": results.facets,
        "chart": chart,
        "chart_bars": bars,
        "chart_rows": rows,
        "sorts": [
            ("name", _("Name")),
            ("recent", _("Most recent award")),
            ("first", _("Longest-standing")),
            ("size", _("Size")),
        ],
        "previous_url": link(page=str(pages.previous_page_number())) if pages.has_previous() else "",
        "next_url": link(page=str(pages.next_page_number())) if pages.has_next() else "",
        "csv_url": _with_query(reverse("core:directory_csv"), query),
        "json_url": _json_url(query),
        "clear_url": base,
    }
    labels = [
        ("programme", _("Programme")),
        ("level", _("Level")),
        ("country", _("Country")),
        ("region", _("Region")),
        ("sector", _("Sector")),
        ("kind", _("Kind of organisation")),
        ("size", _("Size")),
        ("measure", _("Measure")),
    ]
    context["facet_selects"] = [
        facet_select(results.facets.get(name), name=name, label=label, current=getattr(query, name))
        for name, label in labels
        if not (scoped and name == "programme")  # a programme's page has no programme filter
    ]
    return render_to_string("directory/_directory.html", context)


def _timeline(history: ProgrammeHistory | None) -> list[dict[str, object]]:
    """The entries of a programme's history with their periods as the page shows them."""
    if history is None:
        return []
    return [{"entry": entry, "period": entry_period(entry)} for entry in history.entries]


def profile(request: HttpRequest, slug: str) -> HttpResponse:
    """The public profile ("Steckbrief") of a listed organisation or of one with a public history
    (then marked as holding no current award); 404 for anything else."""
    found = directory_profile(slug=slug)
    if found is None:
        raise Http404
    records = [
        {
            "record": record,
            "sentences": record_sentences(record),
            "verify_url": reverse("certificates:verify", args=[record.listing.award.verification_code])
            if record.listing.award and PublishedItem.AWARD in record.show
            else "",
            "seal_url": reverse("certificates:seal", args=[record.listing.award.verification_code])
            if record.listing.award and PublishedItem.AWARD in record.show
            else "",
            # a single entry is the award or participation described above it
            "timeline": _timeline(record.history) if record.history and len(record.history.entries) > 1 else [],
        }
        for record in found.records
    ]
    past = [{"history": history, "timeline": _timeline(history)} for history in found.past]
    return render(
        request,
        "directory/profile.html",
        {
            "profile": found,
            "organisation": found.organisation,
            "records": records,
            "past": past,
            "show_profile": PublishedItem.PROFILE in found.show,
            "json_ld": json_ld(found, url=request.build_absolute_uri()),
            "sectors": dict(Sector.choices),
            "kinds": dict(OrganisationKind.choices),
        },
    )


def _export_rows(request: HttpRequest) -> tuple[DirectoryQuery, list[dict[str, object]]]:
    query = DirectoryQuery.from_params(request.GET)
    # One reverse() each, not one per row (10,000 organisations).
    profile = request.build_absolute_uri(reverse("core:profile", args=["SLUG"]))
    verify = request.build_absolute_uri(reverse("certificates:verify", args=["CODE"]))
    rows = directory_export(
        query,
        profile_url=lambda slug: profile.replace("/SLUG/", f"/{slug}/"),
        verify_url=lambda code: verify.replace("/CODE/", f"/{code}/"),
    )
    return query, rows


def export_directory_csv(request: HttpRequest) -> HttpResponse:
    _query, rows = _export_rows(request)
    response = HttpResponse(export_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="directory.csv"'
    response["Link"] = f'<{licence()["url"]}>; rel="license"'
    return response


def export_directory_json(request: HttpRequest) -> HttpResponse:
    query, rows = _export_rows(request)
    body = json.dumps(export_json(rows, query), ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Link"] = f'<{licence()["url"]}>; rel="license"'
    return response


def practice_photo(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    """A photo of a listed organisation's practice report (only while its profile is public)."""

    from .selectors import public_practice_photo

    photo = public_practice_photo(slug=slug, pk=pk)
    if photo is None:
        raise Http404
    response = FileResponse(photo.image.open("rb"), content_type=photo.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
