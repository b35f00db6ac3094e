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
from datetime import date, timedelta

from django.core.paginator import Page, Paginator
from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from vereinbar.certificates.models import Award
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

from .models import PracticePhoto, PracticeReport
from .search import DirectoryQuery, expand, search_words, text_match, translated_columns

PAGE_SIZE = 20
# Staff counts of each size band, for filtering in the database.
SIZE_BOUNDS: dict[str, tuple[int, int | None]] = {
    SizeBand.MICRO.value: (0, 9),
    SizeBand.SMALL.value: (10, 49),
    SizeBand.MEDIUM.value: (50, 249),
    SizeBand.LARGE.value: (250, 999),
    SizeBand.VERY_LARGE.value: (1000, None),
}


def _today(day: date | None) -> date:
    return day or timezone.localdate()


def _listed_versions() -> dict[int, ProgrammeVersion]:
    """Programme versions whose organisations may be listed (a short table), by id."""
    return {version.pk: version for version in ProgrammeVersion.objects.filter(directory_listed=True)}


def _versions_showing(item: str, versions: dict[int, ProgrammeVersion]) -> list[int]:
    return [pk for pk, version in versions.items() if item in (version.published_items or [])]


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


def _basis(query: DirectoryQuery, day: date) -> tuple[QuerySet[Award], QuerySet[Cycle] | None]:
    awards = listed_awards(day=day)
    participations: QuerySet[Cycle] | None = listed_participations()
    if query.programme:
        awards = awards.filter(programme__identifier=query.programme)
        participations = participations.filter(programme__identifier=query.programme) if participations else None
    if query.level:
        awards = awards.filter(level__key=query.level)
        participations = None  # taking part has no level
    if query.since:
        awards = awards.filter(issued_on__gte=query.since)
        if participations is not None:
            participations = participations.filter(started_on__gte=query.since)
    return awards, participations


def _publishing(item: str, day: date, versions: dict[int, ProgrammeVersion]) -> Q:
    """Organisations listed through a programme that publishes ``item`` (profile, measures…)."""
    showing = _versions_showing(item, versions)
    if not showing:
        return Q(pk__in=[])
    return Q(pk__in=listed_awards(day=day, versions=showing).values("organisation_id")) | Q(
        pk__in=listed_participations(versions=showing).values("organisation_id")
    )


def published_measures(
    *, day: date | None = None, versions: dict[int, ProgrammeVersion] | None = None
) -> QuerySet[Measure]:
    """Public measures in place of organisations whose programmes publish measures."""
    day = _today(day)
    versions = versions if versions is not None else _listed_versions()
    publishing = Organisation.objects.filter(_publishing(PublishedItem.MEASURES, day, versions))
    return Measure.objects.filter(
        status=MeasureStatus.IN_PLACE, visibility=Visibility.PUBLIC, organisation_id__in=publishing.values("pk")
    )


def _size_band() -> Case:
    whens = [
        When(staff_count__gte=low, staff_count__lte=high, then=Value(band))
        if high is not None
        else When(staff_count__gte=low, then=Value(band))
        for band, (low, high) in SIZE_BOUNDS.items()
    ]
    return Case(*whens, default=Value(""), output_field=CharField())


def _search(words: list[str], day: date, versions: dict[int, ProgrammeVersion]) -> Q:
    """Every word must match the name, a published description or a published measure; a word
    that names a catalogue entry also matches measures of that entry and titles in any language."""
    if not words:
        return Q()
    measures = published_measures(day=day, versions=versions)
    profile = _publishing(PublishedItem.PROFILE, day, versions)
    condition = Q()
    for word in words:
        expansion = expand(word)
        measure_match = text_match("", translated_columns("title") + translated_columns("description"), expansion.terms)
        if expansion.type_ids:
            measure_match |= Q(type_id__in=expansion.type_ids)
        word_match = (
            Q(name__icontains=word)
            | (text_match("", translated_columns("description"), expansion.terms) & profile)
            | Q(pk__in=measures.filter(measure_match).values("organisation_id"))
        )
        condition &= word_match
    return condition


def listed_organisations(
    query: DirectoryQuery, *, day: date | None = None, versions: dict[int, ProgrammeVersion] | None = None
) -> QuerySet[Organisation]:
    """The organisations the query finds (unordered)."""
    day = _today(day)
    versions = versions if versions is not None else _listed_versions()
    awards, participations = _basis(query, day)
    listed = Q(pk__in=awards.values("organisation_id"))
    if participations is not None:
        listed |= Q(pk__in=participations.values("organisation_id"))
    qs = Organisation.objects.filter(status=OrganisationStatus.APPROVED, type=OrganisationType.EMPLOYER).filter(listed)
    if query.country:
        qs = qs.filter(country__iexact=query.country)
    if query.region:
        qs = qs.filter(region=query.region)
    if query.sector:
        qs = qs.filter(sector=query.sector)
    if query.kind:
        qs = qs.filter(kind=query.kind)
    if query.size:
        low, high = SIZE_BOUNDS.get(query.size, (-1, -1))
        qs = qs.filter(staff_count__gte=low)
        if high is not None:
            qs = qs.filter(staff_count__lte=high)
    if query.measure:
        measures = published_measures(day=day, versions=versions).filter(type__key=query.measure)
        qs = qs.filter(pk__in=measures.values("organisation_id"))
    if query.q:
        qs = qs.filter(_search(search_words(query.q), day, versions))
    return qs


def _ordered(qs: QuerySet[Organisation], query: DirectoryQuery, day: date) -> QuerySet[Organisation]:
    if query.sort in ("recent", "first"):
        awards = listed_awards(day=day).filter(organisation_id=OuterRef("pk"))
        if query.sort == "recent":
            qs = qs.annotate(sort_date=awards.order_by("-issued_on").values("issued_on")[:1])
            return qs.order_by(F("sort_date").desc(nulls_last=True), "name", "pk")
        qs = qs.annotate(sort_date=awards.order_by("issued_on").values("issued_on")[:1])
        return qs.order_by(F("sort_date").asc(nulls_last=True), "name", "pk")
    if query.sort == "size":
        return qs.order_by(F("staff_count").desc(nulls_last=True), "name", "pk")
    return qs.order_by("name", "pk")


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


def _column_facet(name: str, column: str, qs: QuerySet[Organisation], labels: dict[str, str] | None) -> Facet:
    rows = qs.exclude(**{column: ""}).values(column).annotate(n=Count("pk")).order_by()
    values = [
        FacetValue(value=row[column], label=str((labels or {}).get(row[column], row[column])), count=row["n"])
        for row in rows
    ]
    if labels is not None:
        order = list(labels)
        values.sort(key=lambda v: (order.index(v.value) if v.value in order else len(order), v.label))
    else:
        values.sort(key=lambda v: v.label.casefold())
    return Facet(name=name, values=values)


def directory_facets(
    query: DirectoryQuery, *, day: date | None = None, versions: dict[int, ProgrammeVersion] | None = None
) -> dict[str, Facet]:
    """For every filter: its values with the number of organisations found if it were chosen
    (all other filters applied)."""
    day = _today(day)
    versions = versions if versions is not None else _listed_versions()

    def others(name: str) -> QuerySet[Organisation]:
        return listed_organisations(query.without(name), day=day, versions=versions)

    facets = {
        "country": _column_facet("country", "country", others("country"), None),
        "region": _column_facet("region", "region", others("region"), None),
        "sector": _column_facet("sector", "sector", others("sector"), dict(Sector.choices)),
        "kind": _column_facet("kind", "kind", others("kind"), dict(OrganisationKind.choices)),
    }
    sized = others("size").annotate(band=_size_band()).exclude(band="").values("band").annotate(n=Count("pk"))
    size_counts = {row["band"]: row["n"] for row in sized.order_by()}
    facets["size"] = Facet(
        name="size",
        values=[
            FacetValue(value=band, label=str(label), count=size_counts[band])
            for band, label in SizeBand.choices
            if band in size_counts
        ],
    )

    # Programmes: organisations listed through each, the other filters applied.
    found = others("programme").values("pk")
    unfiltered = query.without("programme")
    awards, participations = _basis(unfiltered, day)
    counts: dict[int, int] = {}
    for row in (
        awards.filter(organisation_id__in=found)
        .values("programme_id")
        .annotate(n=Count("organisation_id", distinct=True))
        .order_by()
    ):
        counts[row["programme_id"]] = row["n"]
    if participations is not None:
        same_programme_award = listed_awards(day=day).filter(
            organisation_id=OuterRef("organisation_id"), programme_id=OuterRef("programme_id")
        )
        for row in (
            participations.filter(organisation_id__in=found)
            .exclude(Exists(same_programme_award))
            .values("programme_id")
            .annotate(n=Count("organisation_id", distinct=True))
            .order_by()
        ):
            counts[row["programme_id"]] = counts.get(row["programme_id"], 0) + row["n"]
    programmes = Programme.objects.filter(pk__in=counts).select_related("current_version")
    facets["programme"] = Facet(
        name="programme",
        values=sorted(
            (FacetValue(value=p.identifier, label=_programme_title(p), count=counts[p.pk]) for p in programmes),
            key=lambda v: v.label.casefold(),
        ),
    )

    # Levels: keys across programmes, labelled by the first level carrying the key.
    level_awards, _participations = _basis(query.without("level"), day)
    level_rows = (
        level_awards.filter(organisation_id__in=others("level").values("pk"), level__isnull=False)
        .values("level__key")
        .annotate(n=Count("organisation_id", distinct=True))
        .order_by()
    )
    level_counts = {row["level__key"]: row["n"] for row in level_rows}
    level_labels: dict[str, str] = {}
    for level in Level.objects.filter(key__in=level_counts, version_id__in=list(versions)).select_related("version"):
        level_labels.setdefault(level.key, level.localised("title") or level.key)
    facets["level"] = Facet(
        name="level",
        values=sorted(
            (FacetValue(value=key, label=level_labels.get(key, key), count=n) for key, n in level_counts.items()),
            key=lambda v: v.label.casefold(),
        ),
    )

    # Measure types: organisations with a published measure of each catalogue entry.
    measure_rows = (
        published_measures(day=day, versions=versions)
        .filter(organisation_id__in=others("measure").values("pk"), type__isnull=False)
        .values("type_id")
        .annotate(n=Count("organisation_id", distinct=True))
        .order_by()
    )
    measure_counts = {row["type_id"]: row["n"] for row in measure_rows}
    types = MeasureType.objects.filter(pk__in=measure_counts).select_related("category")
    facets["measure"] = Facet(
        name="measure",
        values=[
            FacetValue(value=entry.key, label=entry.name, count=measure_counts[entry.pk])
            for entry in sorted(types, key=lambda t: (t.category.position, t.position, t.key))
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


def listings_for(organisations: Iterable[Organisation], *, day: date | None = None) -> dict[int, list[Listing]]:
    """The programmes each organisation is listed through (two queries for any number)."""
    day = _today(day)
    ids = [organisation.pk for organisation in organisations]
    out: dict[int, list[Listing]] = {pk: [] for pk in ids}
    awards = (
        listed_awards(day=day)
        .filter(organisation_id__in=ids)
        .select_related("programme", "version", "level", "stage")
        .order_by("organisation_id", "version__title", "-issued_on")
    )
    seen: set[tuple[int, int]] = set()
    for award in awards:
        if (award.organisation_id, award.programme_id) in seen:
            continue
        seen.add((award.organisation_id, award.programme_id))
        out[award.organisation_id].append(Listing(programme=award.programme, version=award.version, award=award))
    for cycle in listed_participations().filter(organisation_id__in=ids).select_related("programme", "version"):
        if (cycle.organisation_id, cycle.programme_id) in seen:
            continue
        seen.add((cycle.organisation_id, cycle.programme_id))
        out[cycle.organisation_id].append(
            Listing(programme=cycle.programme, version=cycle.version, award=None, started_on=cycle.started_on)
        )
    return out


def directory_search(query: DirectoryQuery, *, day: date | None = None, facets: bool = True) -> DirectoryResults:
    """One page of organisations found, with the total and the facet counts."""
    day = _today(day)
    versions = _listed_versions()
    qs = _ordered(listed_organisations(query, day=day, versions=versions), query, day)
    paginator = Paginator(qs, PAGE_SIZE, allow_empty_first_page=True)
    page = paginator.get_page(query.page)
    results = DirectoryResults(
        query=query,
        page=page,
        total=paginator.count,
        facets=directory_facets(query, day=day, versions=versions) if facets else {},
    )
    page.object_list = organisations = list(page.object_list)
    results.listings = listings_for(organisations, day=day)
    sizes = dict(SizeBand.choices)
    for organisation in organisations:
        organisation.listings = results.listings.get(organisation.pk, [])  # type: ignore[attr-defined]
        band = organisation.size_band
        organisation.size_label = str(sizes[band]) if band else ""  # type: ignore[attr-defined]
    return results


def directory_rows(
    query: DirectoryQuery, *, day: date | None = None
) -> tuple[list[Organisation], dict[int, list[Listing]]]:
    """Every organisation found (for exports), in the query's order, with its listings."""
    day = _today(day)
    organisations = list(_ordered(listed_organisations(query, day=day), query, day))
    return organisations, listings_for(organisations, day=day)


# --- Profile -----------------------------------------------------------------------------------


def award_chain(award: Award, earlier: list[Award]) -> list[Award]:
    """The unbroken run of awards of one programme ending with ``award``, oldest first: each
    earlier award reaches (is valid until, or was superseded on) the day before the next one's
    issue. A revoked or lapsed award breaks the chain."""
    chain = [award]
    for previous in sorted(
        (a for a in earlier if a.issued_on < award.issued_on or (a.issued_on == award.issued_on and a.pk < award.pk)),
        key=lambda a: (a.issued_on, a.pk),
        reverse=True,
    ):
        following = chain[0]
        if previous.status == "revoked":
            break
        reaches = previous.superseded_by_id is not None or (
            previous.valid_until is None or previous.valid_until >= following.issued_on - timedelta(days=1)
        )
        if not reaches:
            break
        chain.insert(0, previous)
    return chain


@dataclass
class AwardRecord:
    """An award on the public profile with its history, showing what its programme publishes."""

    listing: Listing
    chain: list[Award]
    answers: list[AssessmentAnswer]

    @property
    def show(self) -> set[str]:
        return self.listing.show

    @property
    def kind(self) -> str:
        return self.listing.version.kind

    @property
    def first_awarded_on(self) -> date | None:
        return self.chain[0].issued_on if self.chain else self.listing.started_on

    @property
    def renewals(self) -> list[date]:
        return [award.issued_on for award in self.chain[1:]]


@dataclass
class Profile:
    organisation: Organisation
    show: set[str]
    records: list[AwardRecord]
    measures: list[tuple[MeasureCategory, list[Measure]]]
    contacts: list[Contact]
    report: PracticeReport | None


def directory_profile(*, slug: str, day: date | None = None) -> Profile | None:
    """The public profile of a listed organisation, or None when it is not listed."""
    day = _today(day)
    organisation = Organisation.objects.filter(
        status=OrganisationStatus.APPROVED, type=OrganisationType.EMPLOYER, slug=slug
    ).first()
    if organisation is None:
        return None
    listings = listings_for([organisation], day=day)[organisation.pk]
    if not listings:
        return None
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
        records.append(AwardRecord(listing=listing, chain=chain, answers=list(unique.values())))
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
    return Profile(
        organisation=organisation, show=show, records=records, measures=measures, contacts=contacts, report=report
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
