"""The public directory (the start page), its per-programme pages, profiles and open-data exports."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from html import escape
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format, localize
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext, gettext_lazy

from vereinbar.certificates.models import Award, AwardStatus
from vereinbar.certificates.texts import award_texts
from vereinbar.certificates.wording import award_wording
from vereinbar.core.countries import country_name
from vereinbar.organisations.models import OrganisationKind, Sector, SizeBand
from vereinbar.programmes.keys import programme_from_param, programme_keys
from vereinbar.programmes.models import Level, Programme, PublishedItem

from .display import entry_period, json_ld, record_sentences, region_chart
from .exports import directory_export, export_csv, export_json, licence
from .history import ProgrammeHistory, shown_entries
from .readmodel import directory_version
from .search import DirectoryQuery, measure_type_by_key
from .selectors import Entry, Facet, directory_profile, directory_search, kept_get, kept_set


def _programme_for(slug: str) -> Programme:
    """A programme page's slug is its key in the directory's addresses (``programme_keys``)."""
    identifier, _key = programme_from_param(slug)
    programme = (
        Programme.objects.filter(identifier=identifier, current_version__directory_listed=True)
        .select_related("current_version")
        .first()
    )
    if programme is None:
        raise Http404
    return programme


def programme_url(identifier: str, keys: dict[str, str]) -> str:
    """A programme's page, or the directory filtered by it where its key is no page slug."""
    key = keys.get(identifier, identifier)
    if ":" in key:
        return f"{reverse('core:home')}?{urlencode({'programme': key})}"
    return reverse("core:programme_directory", args=[key])


def _with_query(url: str, query: DirectoryQuery) -> str:
    params = query.params()
    return f"{url}?{urlencode(params)}" if params else url


SORTS = (
    ("relevance", gettext_lazy("Relevance")),  # offered only with search words
    ("name", gettext_lazy("Name (A–Z)")),
    ("recent", gettext_lazy("Most recent award first")),
    ("first", gettext_lazy("Longest-standing first")),
    ("size", gettext_lazy("Largest first")),
)


def _sorts(query: DirectoryQuery, kind: str | None = None) -> list[tuple[str, object, bool]]:
    """The sort options (value sent, label, chosen): relevance only with search words. The
    default order sends no value, so that words typed into the plain list (sorted by name) are
    ordered by relevance, and a search's order cleared of its words is by name. ``kind``: the
    programme's kind on its page, which names its awards (None where programmes mix)."""
    default = query.default_order
    return [
        (
            "" if value == default else value,
            award_wording("sort_recent", kind) if value == "recent" else label,
            value == query.order,
        )
        for value, label in SORTS
        if value != "relevance" or query.q
    ]


FILTER_LABELS = (
    ("programme", gettext_lazy("Programme")),
    ("level", gettext_lazy("Level")),
    ("country", gettext_lazy("Country")),
    ("region", gettext_lazy("Region")),
    ("sector", gettext_lazy("Sector")),
    ("kind", gettext_lazy("Kind of organisation")),
    ("size", gettext_lazy("Size")),
    ("measure", gettext_lazy("Measure")),
)


def _value_label(name: str, value: str) -> str:
    """A filter's value as the visitor chose it, named when nothing found has it any more (the
    facets name only the values found): a title, not "urn:…" or a key."""
    if name == "country":
        return country_name(value)
    choices = {"sector": Sector.choices, "kind": OrganisationKind.choices, "size": SizeBand.choices}.get(name)
    if choices is not None:
        return str(dict(choices).get(value, value))
    if name == "programme":
        programme = Programme.objects.filter(identifier=value).select_related("current_version").first()
        return (
            programme.current_version.localised("title") if programme and programme.current_version else ""
        ) or value
    if name == "level":
        level = Level.objects.filter(key=value, version__directory_listed=True).order_by("-version_id").first()
        return (level.localised("title") if level else "") or value
    if name == "measure":
        measure = measure_type_by_key(value)
        return (measure.name if measure else "") or value
    return value


def _filter(
    name: str, label: object, facet: Facet | None, current: str, keys: dict[str, str] | None = None
) -> dict[str, object]:
    """A filter's select: its options (a hundred for the measures: joined here, not looped over
    in the template), the current value kept as "(0)" when nothing has it any more. ``keys``:
    the value each option sends, where it is not the facet's value (a programme's key)."""
    keys = keys or {}
    values = facet.values if facet else []
    if name == "country":  # stored as ISO codes: named in the page's language, in the order of the names
        values = sorted((replace(v, label=country_name(v.value)) for v in values), key=lambda v: v.label.casefold())
    options = [(keys.get(value.value, value.value), value.text, value.value == current) for value in values]
    if current and not any(chosen for _value, _text, chosen in options):
        options.append((keys.get(current, current), f"{_value_label(name, current)} (0)", True))
    # escape() of the standard library: Django's wrappers around it cost a millisecond here.
    html = "".join(
        f'<option value="{escape(v)}"{" selected" if chosen else ""}>{escape(t)}</option>' for v, t, chosen in options
    )
    return {"name": name, "label": label, "options": mark_safe(html)}  # escaped above


def _active_filters(
    query: DirectoryQuery, facets: dict[str, Facet], link: Callable[..., str], *, scoped: bool, kind: str | None
) -> list[dict[str, str]]:
    """The filters set, each named as its select shows it, with a link that removes that one."""
    active = []
    for name, label in FILTER_LABELS:
        value = getattr(query, name)
        if not value or (scoped and name == "programme"):
            continue
        facet = facets.get(name)
        found = next((v.label for v in (facet.values if facet else []) if v.value == value), None)
        shown = country_name(value) if name == "country" else (found or _value_label(name, value))
        active.append({"label": str(label), "value": shown, "remove_url": link(**{name: ""})})
    if query.since:
        shown = date_format(query.since, "DATE_FORMAT")
        active.append(
            {"label": str(award_wording("awarded_since", kind)), "value": shown, "remove_url": link(since="")}
        )
    return active


def _result_rows(entries: list[Entry], profile_path: str) -> list[dict[str, object]]:
    """The result rows with what each shows, as plain values: the template looks a key up in a
    dict at its first try, an attribute of an object only after trying it as a key and an index
    (most of the time of rendering the list went into those look-ups)."""
    rows = []
    for entry in entries:
        row = entry.row
        rows.append(
            {
                "url": f"{profile_path}{row.slug}/",
                "name": row.name,
                "example": row.is_example,
                "kind": entry.kind_label,
                "place": f"{row.city}, {row.region}" if row.city else row.region,
                "country": country_name(row.country) if row.country else "",
                "size": entry.size_label,
                "programmes": entry.programmes,
                "match": entry.match,
            }
        )
    return rows


def _chart(facet: Facet | None) -> dict[str, object] | None:
    """The region chart with its bars as plain values (see ``_result_rows``), each bar's
    label shortened and count grouped once, as the template's filters did for each use."""
    chart = region_chart(facet)
    if chart is None:
        return None
    bars = [
        {
            "label": bar.label,
            "short_label": Truncator(bar.label).chars(28),
            "y": bar.y,
            "width": str(localize(bar.width, use_l10n=False)),
            "value_x": bar.value_x,
            "text_y": bar.text_y,
            "count": intcomma(bar.count),
        }
        for bar in chart.bars
    ]
    return {"bars": bars, "height": chart.height, "regions": chart.regions}


def _page_param(number: int) -> str:
    """A page's number in an address: none for the first (its address is the list's own)."""
    return str(number) if number > 1 else ""


def directory(request: HttpRequest, programme_slug: str | None = None) -> HttpResponse:
    """The directory: search, filters with counts, sorting, pages, region chart. Works without
    JavaScript; with htmx, the form and results are swapped in place (same URL, GET): the
    fragment is the same rendered part the page shows, read from the same read model."""
    programme = _programme_for(programme_slug) if programme_slug else None
    if programme is not None:
        page = programme_url(programme.identifier, programme_keys())
        if page.partition("?")[0] != request.path:  # an address from before keys: /programmes/urn:…/
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(f"{page}{'&' if '?' in page else '?'}{query}" if query else page)
    if programme is None:
        query = DirectoryQuery.from_params(request.GET)
    else:
        query = DirectoryQuery.from_params({**request.GET.dict(), "programme": programme.identifier})
    fixed = {"programme": programme.identifier} if programme else {}
    params = {key: value for key, value in query.params().items() if key not in fixed}
    base = request.path

    def link(**changes: str) -> str:
        merged = {**params, **changes}
        merged = {key: value for key, value in merged.items() if value}
        return f"{base}?{urlencode(merged)}" if merged else base

    language = translation.get_language() or settings.LANGUAGE_CODE
    version = directory_version()
    # The fragment (form, results, chart) is what its inputs make it: kept in Django's cache
    # under the read model's version, the day, the language, the path and the query.
    key, html = kept_get("html", version, timezone.localdate(), language, base, sorted(query.params(page=True).items()))
    if html is None:
        results = directory_search(query, version=version)
        pages = results.page
        scoped = programme is not None
        # the programmes' keys for the options of the programme filter (not needed on its page)
        keys = {} if scoped else programme_keys()
        set_filters = query.without("programme") if scoped else query
        # a programme's page names its awards after its kind; the whole directory mixes kinds
        kind = programme.current_version.kind if programme is not None and programme.current_version else None
        filters = [
            _filter(name, label, results.facets.get(name), getattr(query, name), keys)
            for name, label in FILTER_LABELS
            if not (scoped and name == "programme")
        ]
        context = {
            "query": query,
            "results": results,
            "programme": programme,
            "scoped": scoped,  # a programme's page: no programme filter
            # On a programme's page its programme is the page, not a filter the visitor set; the
            # search words are in their own field, not behind the "Filters" disclosure.
            "filters_active": set_filters.without("q").has_filters,
            "search_or_filters": set_filters.has_filters,
            "directory_path": base,
            "facets": results.facets,
            "chart": _chart(results.facets.get("region")),
            "sorts": _sorts(query, kind),
            # a filter with nothing to choose (a programme without levels: only "All") is left out
            "filters": [item for item in filters if item["options"]],
            "awarded_since": award_wording("awarded_since", kind),
            # another page opens at its results (the count over them), not at the page's top: a
            # keyboard's next Tab is the first employer, not the header, language links and form
            "previous_url": f"{link(page=_page_param(pages.previous_page_number()))}#results-heading"
            if pages.has_previous()
            else "",
            "next_url": f"{link(page=str(pages.next_page_number()))}#results-heading" if pages.has_next() else "",
            "csv_url": _with_query(reverse("core:directory_csv"), query),
            "json_url": _with_query(reverse("core:directory_json"), query),
            "licence": licence(),
            "clear_url": base,
            "active_filters": _active_filters(query, results.facets, link, scoped=scoped, kind=kind),
            "search_only_url": link(**{name: "" for name in params if name not in ("q", "sort")}),
            # "Did you mean …?": the same search and filters with the corrected words (without
            # JavaScript the page opens at the directory, as the form's)
            "suggestion_url": f"{link(q=results.suggestion)}#directory" if results.suggestion else "",
            "rows": _result_rows(results.entries, reverse("core:profile", args=["SLUG"]).removesuffix("SLUG/")),
        }
        html = render_to_string("directory/_directory.html", context)
        kept_set(key, html)
    if request.headers.get("HX-Request") == "true" and request.headers.get("HX-Target") == "directory":
        response = HttpResponse(html)
        # the address bar gets the shareable URL without the empty fields
        response["HX-Push-Url"] = link(page=_page_param(query.page))
        return response
    context = {
        "query": query,
        "programme": programme,
        "directory_html": mark_safe(html),  # rendered above by the template (escaped there)
        "json_url": _with_query(reverse("core:directory_json"), query),
        # the language switcher links to the shareable address (a programme by its short key)
        "next_path": link(page=_page_param(query.page)),
    }
    if programme is not None and programme.current_version:
        context["programme_title"] = programme.current_version.localised("title")
        context["programme_summary"] = programme.current_version.localised("summary")
    return render(request, "directory/index.html", context)


def _timeline(history: ProgrammeHistory | None) -> list[dict[str, object]]:
    """The entries of a programme's history with their periods as the page shows them."""
    if history is None:
        return []
    return [{"entry": entry, "period": entry_period(entry)} for entry in shown_entries(history)]


def _seal_alt(award: Award) -> str:
    """What the seal image says to someone who cannot see it: the programme and the status the
    seal shows (its other facts are in the sentences beside it)."""
    programme = award_texts(award, translation.get_language() or settings.LANGUAGE_CODE).programme.text
    status = AwardStatus(award.status_on()).label
    return gettext("%(programme)s seal: %(status)s") % {"programme": programme, "status": status}


def profile(request: HttpRequest, slug: str) -> HttpResponse:
    """The public profile ("Steckbrief") of a listed organisation or of one with a public history
    (then marked as holding no current award); 404 for anything else."""
    found = directory_profile(slug=slug)
    if found is None:
        raise Http404
    keys = programme_keys()
    records = [
        {
            "record": record,
            "programme_url": programme_url(record.listing.programme.identifier, keys),
            "sentences": record_sentences(record),
            "verify_url": reverse("certificates:verify", args=[record.listing.award.verification_code])
            if record.listing.award and PublishedItem.AWARD in record.show
            else "",
            "seal_url": reverse("certificates:seal", args=[record.listing.award.verification_code])
            if record.listing.award and PublishedItem.AWARD in record.show
            else "",
            "seal_alt": _seal_alt(record.listing.award) if record.listing.award else "",
            # a single entry is the award or participation described above it
            "timeline": _timeline(record.history) if record.history and len(shown_entries(record.history)) > 1 else [],
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
