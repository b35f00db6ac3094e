"""The public directory as an API (/api/v1/directory/): the same filters as the pages, no login."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from pydantic import BeforeValidator

from vereinbar.api.lists import absolute, page_link
from vereinbar.api.schemas import ErrorOut
from vereinbar.organisations.models import Organisation
from vereinbar.programmes.models import PublishedItem

from .display import record_sentences
from .exports import entry_data
from .models import ListedOrganisation
from .search import DirectoryQuery
from .selectors import directory_profile, directory_search, entries_of

router = Router(tags=["directory"])


def _page_number(value: Any) -> Any:
    """As the pages: a page that is no number is the first (malformed values are ignored)."""
    try:
        return int(str(value))
    except ValueError:
        return 1


class DirectoryFilters(Schema):
    q: str = ""
    programme: str = Field(
        "",
        description="A programme by its key, as in its page's address (family-audit), "
        "or by its whole identifier (urn:example:programme:family-audit). "
        "A value naming no programme is ignored.",
    )
    level: str = ""
    country: str = ""
    region: str = ""
    sector: str = ""
    kind: str = ""
    size: str = ""
    measure: str = ""
    since: str = ""
    sort: str = Field(
        "",
        description="relevance (the default with q), name (the default without), recent, first or size.",
    )
    page: Annotated[int, BeforeValidator(_page_number)] = Field(
        1, description="The page, 20 organisations each; past the last page, the last. Not a number: the first."
    )


class ListingOut(Schema):
    programme: str
    programme_title: str
    programme_kind: str
    level: str | None
    awarded_on: date | None
    first_awarded_on: date | None
    valid_until: date | None
    verification_url: str | None


class EntryOut(Schema):
    organisation: str
    slug: str
    profile_url: str
    example: bool = Field(
        description="A made-up employer of a demo installation (its profile says so); false for real ones."
    )
    kind: str | None
    sector: str | None
    country: str | None
    region: str | None
    city: str | None
    size_band: str | None
    website: str | None
    programmes: list[ListingOut]


class FacetValueOut(Schema):
    value: str
    label: str
    count: int


class DirectoryOut(Schema):
    count: int
    page: int
    pages: int
    next: str | None = Field(description="The absolute address of the next page; null on the last.")
    previous: str | None = Field(description="The absolute address of the previous page; null on the first.")
    results: list[EntryOut]
    facets: dict[str, list[FacetValueOut]]
    suggestion: str | None = Field(
        description="When nothing is found: the search words with a misspelt one corrected "
        "(q=Kinderbetreung: Kinderbetreuung), when that search with the same filters finds something; else null."
    )


class DirectoryMeasureOut(Schema):
    category: str
    title: str
    description: str
    since: date | None
    catalogue_entry: str | None


class DirectoryContactOut(Schema):
    role: str
    name: str
    function: str
    email: str
    phone: str


class AwardTextOut(Schema):
    programme: str
    sentences: list[str]


class PublicHistoryEntryOut(Schema):
    stage: str
    level: str | None
    started_on: date | None
    ended_on: date | None
    status: str


class ProgrammeHistoryOut(Schema):
    programme: str
    programme_title: str
    programme_kind: str
    current: bool
    entries: list[PublicHistoryEntryOut]


class ProfileOut(EntryOut):
    description: str | None
    listed: bool
    awards: list[AwardTextOut]
    history: list[ProgrammeHistoryOut]
    measures: list[DirectoryMeasureOut]
    contacts: list[DirectoryContactOut]


def _urls(request: HttpRequest) -> tuple[Any, Any]:
    """Absolute addresses on the installation's SITE_URL (never the request's Host header)."""

    def profile_url(slug: str) -> str:
        return absolute(reverse("core:profile", args=[slug]))

    def verify_url(code: str) -> str:
        return absolute(reverse("certificates:verify", args=[code]))

    return profile_url, verify_url


@router.get("/directory/", auth=None, response=DirectoryOut, summary="Search the public directory")
def directory_list(request: HttpRequest, filters: Query[DirectoryFilters]) -> dict[str, Any]:
    """Listed employers, 20 a page, with the number found for every filter value (facets)."""
    query = DirectoryQuery.from_params(filters.dict())
    results = directory_search(query)
    profile_url, verify_url = _urls(request)
    entries = [
        entry_data(entry, profile_url=profile_url(entry.row.slug), verify_url=verify_url) for entry in results.entries
    ]
    page, pages = results.page.number, results.page.paginator.num_pages
    return {
        "count": results.total,
        "page": page,
        "pages": pages,
        "next": page_link(request, page + 1) if page < pages else None,
        "previous": page_link(request, page - 1) if page > 1 else None,
        "results": entries,
        "facets": {
            name: [{"value": v.value, "label": v.label, "count": v.count} for v in facet.values]
            for name, facet in results.facets.items()
        },
        "suggestion": results.suggestion or None,
    }


def _unlisted_data(organisation: Organisation, *, published: bool, profile_url: str) -> dict[str, Any]:
    """The fields of ``entry_data`` for an organisation the read model has no row for."""
    data: dict[str, Any] = {
        "organisation": organisation.name,
        "slug": organisation.slug,
        "profile_url": profile_url,
        "example": organisation.is_example,
    }
    for key, value in (
        ("kind", organisation.kind),
        ("sector", organisation.sector),
        ("country", (organisation.country or "").upper()),
        ("region", organisation.region),
        ("city", organisation.city),
        ("size_band", organisation.size_band),
        ("website", organisation.website),
    ):
        data[key] = (value or None) if published else None
    data["programmes"] = []
    return data


@router.get(
    "/directory/{slug}", auth=None, response={200: ProfileOut, 404: ErrorOut}, summary="A listed employer's profile"
)
def directory_detail(request: HttpRequest, slug: str) -> dict[str, Any]:
    """What the public profile page shows, as data, with the public history; 404 for an
    organisation with neither a listing nor a public history."""
    found = directory_profile(slug=slug)
    if found is None:
        raise Http404
    profile_url, verify_url = _urls(request)
    organisation = found.organisation
    published = PublishedItem.PROFILE in found.show
    # The listing part from the same read model as the search (what the directory shows).
    listed = entries_of(ListedOrganisation.objects.filter(pk=organisation.pk))
    if listed:
        data = entry_data(listed[0], profile_url=profile_url(organisation.slug), verify_url=verify_url)
    else:  # not listed now, with a public history: its facts as the profile page shows them
        data = _unlisted_data(organisation, published=published, profile_url=profile_url(organisation.slug))
    data["description"] = (organisation.description or None) if published else None
    data["awards"] = [
        {"programme": record.listing.programme.identifier, "sentences": record_sentences(record)}
        for record in found.records
    ]
    data["listed"] = found.listed
    histories = [(record.history, True) for record in found.records if record.history]
    data["history"] = [
        {
            "programme": history.programme.identifier,
            "programme_title": history.version.localised("title"),
            "programme_kind": history.kind,
            "current": current,
            "entries": [
                {
                    "stage": entry.stage.key,
                    "level": entry.level.key if entry.level else None,
                    "started_on": entry.started_on,
                    "ended_on": entry.ended_on,
                    "status": entry.status,
                }
                for entry in history.entries
            ],
        }
        for history, current in [*histories, *((history, False) for history in found.past)]
    ]
    data["measures"] = [
        {
            "category": category.name,
            "title": measure.title,
            "description": measure.description,
            "since": measure.since,
            "catalogue_entry": measure.type.key if measure.type else None,
        }
        for category, measures in found.measures
        for measure in measures
    ]
    data["contacts"] = [
        {
            "role": contact.role,
            "name": contact.name,
            "function": contact.function,
            "email": contact.email,
            "phone": contact.phone,
        }
        for contact in found.contacts
    ]
    return data
