"""Reads about measures and the catalogue.

Functions taking an ``organisation`` expect it to come from ``organisation_for_user`` (the
permission check); ``public_*`` functions are for the public site and filter themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypedDict

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q, QuerySet

from vereinbar.activity.models import Entry
from vereinbar.core.types import Visitor
from vereinbar.organisations.models import Organisation, Visibility
from vereinbar.organisations.permissions import Action, has_permission

from .models import Measure, MeasureCategory, MeasureStatus, MeasureType, normalise_term

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations  # django-stubs (dev only): the type of annotated rows


class CategoryEntries(TypedDict):
    entries: list[MeasureType]


# A catalogue category with its entries in order (``catalogue``'s prefetch).
type CatalogueCategory = WithAnnotations[MeasureCategory, CategoryEntries]

# Where the EU carers' leave and the right to request flexible working apply.
EU_MEMBER_STATES = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    ]
)


def measures_of(
    *,
    organisation: Organisation,
    status: str | None = None,
    category: str | None = None,
    visibility: str | None = None,
    query: str = "",
) -> QuerySet[Measure]:
    """All of the organisation's measures, public and internal (for its members); ``query`` finds
    a word in the measure's title in any language or in its catalogue entry's names and synonyms."""
    qs = Measure.objects.filter(organisation=organisation).select_related("category", "type")
    if status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category__key=category)
    if visibility:
        qs = qs.filter(visibility=visibility)
    if query := query.strip():
        found = Q()
        for code, _name in settings.LANGUAGES:
            found |= Q(**{f"title_{code}__icontains": query})
        if term := normalise_term(query):
            found |= Q(type__search_text__contains=term)
        qs = qs.filter(found)
    return qs


def public_measures_of(*, organisation: Organisation) -> QuerySet[Measure]:
    """What the public sees: public measures in place, of an approved organisation."""
    if not organisation.is_approved:
        return Measure.objects.none()
    return measures_of(organisation=organisation, status=MeasureStatus.IN_PLACE).filter(visibility=Visibility.PUBLIC)


def public_measures_in(organisation_ids: Iterable[int]) -> QuerySet[Measure]:
    """The public measures in place of these organisations, for the directory's readers (whether
    an organisation shows its measures at all is the caller's to decide: its published items)."""
    return Measure.objects.filter(
        organisation_id__in=list(organisation_ids), status=MeasureStatus.IN_PLACE, visibility=Visibility.PUBLIC
    )


_STATUS_ORDER: list[str] = [status.value for status in MeasureStatus]

# The orders the measures page offers within each category (its ``sort`` parameter). Titles
# sort as read, in the reader's language with its fallback, case and accents aside ("Ärztliche…"
# beside "Arbeitszeit"), which the database's ordering of one language's column cannot do.
MEASURE_ORDERS: dict[str, Callable[[Measure], Any]] = {
    "title": lambda measure: (normalise_term(measure.title), measure.pk),
    "status": lambda measure: (_STATUS_ORDER.index(measure.status), normalise_term(measure.title), measure.pk),
    "-updated": lambda measure: (-measure.updated_at.timestamp(), measure.pk),
}


def by_category(measures: Iterable[Measure], *, sort: str = "") -> list[tuple[MeasureCategory, list[Measure]]]:
    """Measures grouped by category, categories in catalogue order; within a category in the
    order given (``MEASURE_ORDERS``), else as they come."""
    groups: dict[int, tuple[MeasureCategory, list[Measure]]] = {}
    for measure in measures:
        groups.setdefault(measure.category_id, (measure.category, []))[1].append(measure)
    if order := MEASURE_ORDERS.get(sort):
        for _category, members in groups.values():
            members.sort(key=order)
    return sorted(groups.values(), key=lambda group: (group[0].position, group[0].key))


def by_life_situation(measures: Iterable[Measure]) -> dict[str, list[Measure]]:
    """Measures by the life situation they help with (a measure can appear under several)."""
    groups: dict[str, list[Measure]] = {}
    for measure in measures:
        for situation in measure.life_situations:
            groups.setdefault(situation, []).append(measure)
    return groups


def measure_history(*, user: Visitor, measure: Measure) -> QuerySet[Entry]:
    """The history entries about one measure, if the user may read the organisation's history."""
    if not has_permission(user, measure.organisation, Action.VIEW_HISTORY):
        return Entry.objects.none()
    return Entry.objects.filter(
        target_type=ContentType.objects.get_for_model(Measure), target_id=str(measure.pk)
    ).select_related("actor")


# --- The catalogue ----------------------------------------------------------------------


def catalogue(*, include_inactive: bool = False) -> list[CatalogueCategory]:
    """Categories in order, each with its entries in ``entries`` (prefetched)."""
    types = MeasureType.objects.order_by("position", "key")
    categories = MeasureCategory.objects.order_by("position", "key")
    if not include_inactive:
        types = types.filter(is_active=True)
        categories = categories.filter(is_active=True)
    return list(categories.prefetch_related(Prefetch("types", queryset=types, to_attr="entries")))


def catalogue_types_matching(*, query: str) -> QuerySet[MeasureType]:
    """Active entries whose name or synonym in any language contains the query.

    "Kinderbetreuung", "kinderopvang" and "childcare" find the same entries: every entry keeps
    its names and synonyms of all languages, normalised, in ``search_text``.
    """
    term = normalise_term(query)
    if not term:
        return MeasureType.objects.none()
    return MeasureType.objects.filter(is_active=True, search_text__contains=term)


def statutory_types_for(*, country: str) -> QuerySet[MeasureType]:
    """The statutory rights that apply in a country (its own and, in the EU, the EU's)."""
    countries = {country.upper()}
    if country.upper() in EU_MEMBER_STATES:
        countries.add("EU")
    return MeasureType.objects.filter(is_active=True, statutory=True, country__in=countries).select_related("category")
