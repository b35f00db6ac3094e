"""Reads for the public directory: who is listed, the search with filters and facet counts, and
what a listed organisation's public profile shows.

Who is listed follows the programmes' ``publication`` section: an approved employer appears
when it holds an award in force from a programme version with ``directory: true``, or, for
programmes without awards (kind ``cycle``), while it takes part in a running cycle. What its
profile shows is the union of the ``show`` items of the programmes it is listed through; the
details of each award follow its own programme's items. Nothing is cached here: an award that is
revoked or runs out leaves the directory with the next request (the day is part of every query).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.safestring import SafeString

from vereinbar.certificates.models import Award, AwardStatus
from vereinbar.certificates.selectors import awards_listed
from vereinbar.cycles.models import WORKING_STATUSES, AssessmentAnswer, Cycle
from vereinbar.measures.models import Measure, MeasureCategory, MeasureStatus, MeasureType
from vereinbar.measures.selectors import by_category
from vereinbar.organisations.models import (
    Contact,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
    OrganisationType,
    Sector,
    SizeBand,
    Visibility,
)
from vereinbar.organisations.selectors import public_contacts_of
from vereinbar.programmes.models import Level, Programme, ProgrammeKind, ProgrammeVersion, PublishedItem

from .entries import entries
from .history import ProgrammeHistory, award_chain, has_public_history, public_history
from .index import Found, Index, find
from .index import current as current_index
from .models import PracticePhoto, PracticeReport
from .search import DirectoryQuery

PAGE_SIZE = 20


def _today(day: date | None) -> date:
    return day or timezone.localdate()


# --- The basis: awards and participations that list an organisation ------------------------


def listed_awards(*, day: date | None = None, versions: Iterable[int] | None = None) -> QuerySet[Award]:
    """Awards in force that list their organisation (approved employers only)."""
    qs = awards_listed(day=_today(day)).filter(
        organisation__status=OrganisationStatus.APPROVED, organisation__type=OrganisationType.EMPLOYER
    )
    if versions is not None:
        qs = qs.filter(version_id__in=list(versions))
    return qs


def listed_participations(*, versions: Iterable[int] | None = None) -> QuerySet[Cycle]:
    """Running cycles of listed programmes that give no award (kind ``cycle``): taking part lists."""
    qs = Cycle.objects.filter(
        status__in=WORKING_STATUSES,
        version__directory_listed=True,
        version__kind=ProgrammeKind.CYCLE,
        organisation__status=OrganisationStatus.APPROVED,
        organisation__type=OrganisationType.EMPLOYER,
    )
    if versions is not None:
        qs = qs.filter(version_id__in=list(versions))
    return qs


# --- Facets -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class Facet:
    name: str  # the GET parameter
    values: list[FacetValue]

    @property
    def max_count(self) -> int:
        return max((value.count for value in self.values), default=0)


def _labels(choices: Iterable[tuple[str, Any]]) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


def _facet_labels(index: Index, language: str) -> dict[str, dict[Any, str]]:
    """Labels of every facet value in one language, read once per index."""
    kept = index.labels.get(language)
    if kept is not None:
        return kept
    versions = list(ProgrammeVersion.objects.filter(directory_listed=True).values_list("pk", flat=True))
    programmes = {
        p.pk: _programme_title(p)
        for p in Programme.objects.filter(pk__in=index.programmes.values()).select_related("current_version")
    }
    levels: dict[Any, str] = {}
    for level in (
        Level.objects.filter(version_id__in=versions).select_related("version").order_by("version_id", "order")
    ):
        levels.setdefault(level.key, level.localised("title") or level.key)
    types = MeasureType.objects.select_related("category").order_by("category__position", "position", "key")
    labels: dict[str, dict[Any, str]] = {
        "sector": _labels(Sector.choices),
        "kind": _labels(OrganisationKind.choices),
        "size": _labels(SizeBand.choices),
        "programme": programmes,
        "level": levels,
        "measure": {entry.pk: entry.name for entry in types},
        "measure_keys": {entry.pk: entry.key for entry in types},
    }
    index.labels[language] = labels
    return labels


def directory_facets(found: Found, index: Index) -> dict[str, Facet]:
    """For every filter: its values with the number of organisations found if it were chosen
    (all other filters applied)."""
    labels = _facet_labels(index, translation.get_language() or "")
    identifiers = {pk: identifier for identifier, pk in index.programmes.items()}
    facets: dict[str, Facet] = {}
    for name in ("country", "region"):
        values = [FacetValue(value=v, label=v, count=n) for v, n in found.counts[name].items()]
        facets[name] = Facet(name=name, values=sorted(values, key=lambda v: v.label.casefold()))
    for name in ("sector", "kind", "size"):
        order = list(labels[name])
        values = [FacetValue(value=v, label=labels[name].get(v, v), count=n) for v, n in found.counts[name].items()]
        values.sort(key=lambda v: (order.index(v.value) if v.value in order else len(order), v.label))
        facets[name] = Facet(name=name, values=values)
    facets["programme"] = Facet(
        name="programme",
        values=sorted(
            (
                FacetValue(value=identifiers[pk], label=labels["programme"].get(pk, identifiers[pk]), count=n)
                for pk, n in found.counts["programme"].items()
                if pk in identifiers
            ),
            key=lambda v: v.label.casefold(),
        ),
    )
    facets["level"] = Facet(
        name="level",
        values=sorted(
            (FacetValue(value=k, label=labels["level"].get(k, k), count=n) for k, n in found.counts["level"].items()),
            key=lambda v: v.label.casefold(),
        ),
    )
    order = list(labels["measure"])
    facets["measure"] = Facet(
        name="measure",
        values=[
            FacetValue(value=labels["measure_keys"][pk], label=labels["measure"][pk], count=found.counts["measure"][pk])
            for pk in order
            if pk in found.counts["measure"]
        ],
    )
    return facets


def _programme_title(programme: Programme) -> str:
    version = programme.current_version
    return version.localised("title") if version else programme.identifier


# --- Results -----------------------------------------------------------------------------------


@dataclass
class Listing:
    """One programme an organisation is listed through, as a result row shows it."""

    programme: Programme
    version: ProgrammeVersion
    award: Award | None
    started_on: date | None = None

    @property
    def show(self) -> set[str]:
        return set(self.version.published_items or [])

    @property
    def title(self) -> str:
        return self.version.localised("title")

    @property
    def level_title(self) -> str:
        if self.award is None or self.award.level is None or PublishedItem.LEVEL not in self.show:
            return ""
        return self.award.level.localised("title") or self.award.level.key


@dataclass
class DirectoryResults:
    query: DirectoryQuery
    page: Page[Organisation]
    total: int
    facets: dict[str, Facet]
    listings: dict[int, list[Listing]] = field(default_factory=dict)

    @property
    def organisations(self) -> list[Organisation]:
        return list(self.page.object_list)


# The version's whole definition and file text are large JSON/text: not needed for listings.
HEAVY_VERSION_FIELDS = ("version__definition", "version__source_text", "level__rule")


def listings_for(organisations: Iterable[Organisation], *, day: date | None = None) -> dict[int, list[Listing]]:
    """The programmes each organisation is listed through (two queries for any number)."""
    day = _today(day)
    ids = [organisation.pk for organisation in organisations]
    out: dict[int, list[Listing]] = {pk: [] for pk in ids}
    # Only the organisation index (a few rows each; with the status in SQL, SQLite picks the
    # status index and reads every valid award), then the rules of ``listed_awards`` in Python.
    awards = (
        Award.objects.filter(organisation_id__in=ids)
        .select_related("programme", "version", "level", "stage")
        .defer(*HEAVY_VERSION_FIELDS)
        .order_by("organisation_id", "-issued_on", "-pk")
    )
    seen: set[tuple[int, int]] = set()
    for award in awards:
        if award.status != AwardStatus.VALID or not award.version.directory_listed:
            continue
        if award.valid_until is not None and award.valid_until < day:
            continue
        if (award.organisation_id, award.programme_id) in seen:
            continue
        seen.add((award.organisation_id, award.programme_id))
        out[award.organisation_id].append(Listing(programme=award.programme, version=award.version, award=award))
    participations = (
        listed_participations()
        .filter(organisation_id__in=ids)
        .select_related("programme", "version")
        .defer("version__definition", "version__source_text")
    )
    for cycle in participations:
        if (cycle.organisation_id, cycle.programme_id) in seen:
            continue
        seen.add((cycle.organisation_id, cycle.programme_id))
        out[cycle.organisation_id].append(
            Listing(programme=cycle.programme, version=cycle.version, award=None, started_on=cycle.started_on)
        )
    return out


def _organisations(ids: list[int]) -> list[Organisation]:
    """The organisations with these ids, in this order."""
    found: dict[int, Organisation] = {}
    for chunk in range(0, len(ids), 500):
        found.update(Organisation.objects.in_bulk(ids[chunk : chunk + 500]))
    return [found[pk] for pk in ids if pk in found]


def directory_search(query: DirectoryQuery, *, day: date | None = None) -> DirectoryResults:
    """One page of organisations found, with the total and the facet counts."""
    day = _today(day)
    index = current_index(day)
    found = find(query, day=day, index=index)
    paginator = Paginator(found.ids, PAGE_SIZE, allow_empty_first_page=True)
    page: Page[Any] = paginator.get_page(query.page)
    organisations = _organisations(list(page.object_list))
    page.object_list = organisations
    results = DirectoryResults(query=query, page=page, total=paginator.count, facets=directory_facets(found, index))
    results.listings = listings_for(organisations, day=day)
    sizes = dict(SizeBand.choices)
    for organisation in organisations:
        organisation.listings = results.listings.get(organisation.pk, [])  # type: ignore[attr-defined]
        band = organisation.size_band
        organisation.size_label = str(sizes[band]) if band else ""  # type: ignore[attr-defined]
    return results


@dataclass
class DirectoryPage:
    """One page of the public directory as the HTML page shows it: the rows rendered from the
    index (``entries``), without reading the organisations again."""

    query: DirectoryQuery
    page: Page[int]  # of index positions
    total: int
    facets: dict[str, Facet]
    entries: list[SafeString]


def directory_page(query: DirectoryQuery, *, day: date | None = None) -> DirectoryPage:
    """One page of organisations found, rendered, with the total and the facet counts."""
    day = _today(day)
    index = current_index(day)
    found = find(query, day=day, index=index)
    paginator = Paginator(found.positions, PAGE_SIZE, allow_empty_first_page=True)  # a numpy array
    page: Page[int] = paginator.get_page(query.page)
    return DirectoryPage(
        query=query,
        page=page,
        total=paginator.count,
        facets=directory_facets(found, index),
        entries=entries(index, page.object_list.tolist()),  # type: ignore[attr-defined]
    )


def directory_rows(
    query: DirectoryQuery, *, day: date | None = None
) -> tuple[list[Organisation], dict[int, list[Listing]]]:
    """Every organisation found (for exports), in the query's order, with its listings."""
    day = _today(day)
    organisations = _organisations(find(query, day=day).ids)
    return organisations, listings_for(organisations, day=day)


# --- Profile -----------------------------------------------------------------------------------


@dataclass
class AwardRecord:
    """An award on the public profile with its history, showing what its programme publishes."""

    listing: Listing
    chain: list[Award]
    answers: list[AssessmentAnswer]
    history: ProgrammeHistory | None = None

    @property
    def show(self) -> set[str]:
        return self.listing.show

    @property
    def kind(self) -> str:
        return self.listing.version.kind

    @property
    def first_awarded_on(self) -> date | None:
        """The award's unbroken chain's first issue; taking part: the first participation."""
        if self.chain:
            return self.chain[0].issued_on
        if self.history is not None and self.history.first_participation:
            return self.history.first_participation
        return self.listing.started_on

    @property
    def renewals(self) -> list[date]:
        return [award.issued_on for award in self.chain[1:]]


@dataclass
class Profile:
    organisation: Organisation
    show: set[str]
    records: list[AwardRecord]  # the programmes it is listed through now
    measures: list[tuple[MeasureCategory, list[Measure]]]
    contacts: list[Contact]
    report: PracticeReport | None
    past: list[ProgrammeHistory] = field(default_factory=list)  # programmes it is no longer listed through

    @property
    def listed(self) -> bool:
        """Whether the organisation is listed now (holds an award in force or takes part)."""
        return bool(self.records)


def directory_profile(*, slug: str, day: date | None = None) -> Profile | None:
    """The public profile of an organisation that is listed or has a public history (awards or
    participations that were listed, not only revoked ones), or None. Without a current listing
    it shows its facts and history only: measures, contacts and the practice report are
    published while it is listed."""
    day = _today(day)
    organisation = Organisation.objects.filter(
        status=OrganisationStatus.APPROVED, type=OrganisationType.EMPLOYER, slug=slug
    ).first()
    if organisation is None:
        return None
    listings = listings_for([organisation], day=day)[organisation.pk]
    histories = public_history(organisation, day=day)
    if not listings:
        if not has_public_history(histories.values()):
            return None
        past = list(histories.values())
        published = any(
            PublishedItem.PROFILE in (history.version.published_items or []) for history in past if history.public
        )
        return Profile(
            organisation=organisation,
            show={PublishedItem.PROFILE} if published else set(),
            records=[],
            measures=[],
            contacts=[],
            report=None,
            past=past,
        )
    show: set[str] = set()
    for listing in listings:
        show |= listing.show
    programme_ids = [listing.programme.pk for listing in listings]
    history: dict[int, list[Award]] = {}
    for award in Award.objects.filter(organisation=organisation, programme_id__in=programme_ids):
        history.setdefault(award.programme_id, []).append(award)
    cycles = [listing.award.cycle_id for listing in listings if listing.award and listing.award.cycle_id]
    answers: dict[int, list[AssessmentAnswer]] = {}
    answer_versions = {listing.version.pk for listing in listings if PublishedItem.ANSWERS in listing.show}
    if cycles and answer_versions:
        for answer in (
            AssessmentAnswer.objects.filter(
                cycle_id__in=cycles, criterion__public=True, criterion__version_id__in=answer_versions
            )
            .select_related("criterion")
            .order_by("criterion__order", "-pk")
        ):
            answers.setdefault(answer.cycle_id, []).append(answer)
    records = []
    for listing in listings:
        chain = award_chain(listing.award, history.get(listing.programme.pk, [])) if listing.award else []
        cycle_answers = answers.get(listing.award.cycle_id, []) if listing.award and listing.award.cycle_id else []
        unique: dict[int, AssessmentAnswer] = {}
        for answer in cycle_answers:
            unique.setdefault(answer.criterion_id, answer)
        records.append(
            AwardRecord(
                listing=listing,
                chain=chain,
                answers=list(unique.values()),
                history=histories.get(listing.programme.pk),
            )
        )
    measures: list[tuple[MeasureCategory, list[Measure]]] = []
    if PublishedItem.MEASURES in show:
        measures = by_category(
            Measure.objects.filter(
                organisation=organisation, status=MeasureStatus.IN_PLACE, visibility=Visibility.PUBLIC
            ).select_related("category", "type")
        )
    published_profile = PublishedItem.PROFILE in show
    contacts = list(public_contacts_of(organisation=organisation)) if published_profile else []
    report = (
        PracticeReport.objects.filter(organisation=organisation).prefetch_related("photos").first()
        if published_profile
        else None
    )
    current = {listing.programme.pk for listing in listings}
    past = [history for pk, history in histories.items() if pk not in current]
    return Profile(
        organisation=organisation,
        show=show,
        records=records,
        measures=measures,
        contacts=contacts,
        report=report,
        past=past,
    )


def public_practice_photo(*, slug: str, pk: int, day: date | None = None) -> PracticePhoto | None:
    """A photo of the practice report of a listed organisation whose profile is published."""
    photo = (
        PracticePhoto.objects.filter(
            pk=pk,
            report__organisation__slug=slug,
            report__organisation__status=OrganisationStatus.APPROVED,
            report__organisation__type=OrganisationType.EMPLOYER,
        )
        .select_related("report__organisation")
        .first()
    )
    if photo is None:
        return None
    listings = listings_for([photo.report.organisation], day=day)[photo.report.organisation.pk]
    if not any(PublishedItem.PROFILE in listing.show for listing in listings):
        return None
    return photo
