"""Reads for the public directory: who is listed, the search with filters and facet counts, and
what a listed organisation's public profile shows.

Who is listed follows the programmes' ``publication`` section: an approved employer appears
when it holds an award in force from a programme version with ``directory: true``, or, for
programmes without awards (kind ``cycle``), while it takes part in a running cycle. What its
profile shows is the union of the ``show`` items of the programmes it is listed through; the
details of each award follow its own programme's items.

The search, its facet counts, the exports and the API read the read model (``readmodel``,
queried by ``find``), written in the transaction of every change; the profile reads the data
itself. What is kept (the plain list's counts, ``counts``; a query's facets and fragment in
Django's cache) is kept under the read model's version and the day, so an award that is revoked
leaves the directory with the next request, one that runs out the day after its validity.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.utils import formats, timezone, translation

from vereinbar.certificates.models import Award, AwardStatus
from vereinbar.certificates.selectors import award_chain, awards_listed
from vereinbar.cycles.models import AssessmentAnswer
from vereinbar.measures.models import Measure, MeasureCategory, MeasureType
from vereinbar.measures.selectors import by_category, public_measures_in
from vereinbar.organisations.models import (
    Contact,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
    OrganisationType,
    Sector,
    SizeBand,
)
from vereinbar.organisations.selectors import public_contacts_of
from vereinbar.programmes.models import Level, Programme, ProgrammeVersion, PublishedItem

from . import counts as kept_counts
from .find import PAGE_SIZE, Found, directory_find
from .history import HEAVY_VERSION_FIELDS, ProgrammeHistory, has_public_history, public_history
from .matches import Match, matches_for
from .models import ListedOrganisation, ListedProgramme, PracticePhoto, PracticeReport
from .readmodel import directory_version, listed_participations
from .search import DirectoryQuery
from .suggest import Suggestion, search_suggestion


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


# --- Facets of what a query found (the query itself: find.py) --------------------------- -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int

    @property
    def text(self) -> str:
        """ "Bayern (1.234)": the option's text, the count grouped as the active language writes numbers."""
        return f"{self.label} ({formats.number_format(self.count, use_l10n=True, force_grouping=True)})"


@dataclass(frozen=True)
class Facet:
    name: str  # the GET parameter
    values: list[FacetValue]


_LABELS: dict[tuple[str, str], dict[str, Any]] = {}


def _facet_labels(version: str, language: str) -> dict[str, Any]:
    """The labels of the programme, level and measure filters in this language, read once per
    version of the read model (every change of a programme or a catalogue entry makes one) and
    process: (identifier or key → title), and the catalogue's entries in its order."""
    key = (version, language)
    labels = _LABELS.get(key)  # threads of a process share it: read and replaced whole
    if labels is None:
        programmes = {
            p.identifier: _programme_title(p)
            for p in Programme.objects.select_related("current_version").defer(
                "current_version__definition", "current_version__source_text"
            )
        }
        levels: dict[str, str] = {}
        for level in Level.objects.filter(version__directory_listed=True).defer("rule").order_by("version_id", "order"):
            levels.setdefault(level.key, level.localised("title") or level.key)
        # In the active language or the first of the fallback languages that has one.
        order = [language, *(code for code in settings.MODELTRANSLATION_FALLBACK_LANGUAGES if code != language)]
        measures = [
            (pk, value, next((name for name in names if name), ""))
            for pk, value, *names in MeasureType.objects.order_by("category__position", "position", "key").values_list(
                "pk", "key", *(f"name_{code}" for code in order)
            )
        ]
        labels = {"programme": programmes, "level": levels, "measure": measures}
        if any(kept_version != version for kept_version, _language in list(_LABELS)):
            _LABELS.clear()  # the latest version's only, in every language asked for
        _LABELS[key] = labels
    return labels


def directory_facets(found: Found, *, version: str = "") -> dict[str, Facet]:
    """For every filter: its values with the number of organisations found if it were chosen
    (all other filters applied)."""
    counts = found.counts
    language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    labels = _facet_labels(version or directory_version(), language)
    facets: dict[str, Facet] = {}
    for name in ("country", "region"):
        values = [FacetValue(value=v, label=v, count=n) for v, n in counts[name].items()]
        facets[name] = Facet(name=name, values=sorted(values, key=lambda v: v.label.casefold()))
    for name, choices in (("sector", Sector.choices), ("kind", OrganisationKind.choices), ("size", SizeBand.choices)):
        names = {value: str(label) for value, label in choices}
        order = list(names)
        values = [FacetValue(value=v, label=names.get(v, v), count=n) for v, n in counts[name].items()]
        values.sort(key=lambda v: (order.index(v.value) if v.value in order else len(order), v.label))
        facets[name] = Facet(name=name, values=values)
    for name in ("programme", "level"):
        values = [FacetValue(value=k, label=labels[name].get(k, k), count=n) for k, n in counts[name].items()]
        facets[name] = Facet(name=name, values=sorted(values, key=lambda v: v.label.casefold()))
    facets["measure"] = Facet(
        name="measure",
        values=[
            FacetValue(value=key, label=label, count=counts["measure"][pk])
            for pk, key, label in labels["measure"]
            if pk in counts["measure"]
        ],
    )
    return facets


def _programme_title(programme: Programme) -> str:
    version = programme.current_version
    return version.localised("title") if version else programme.identifier


# --- Results -----------------------------------------------------------------------------------


@dataclass
class Listing:
    """One programme an organisation is listed through, as its profile shows it."""

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


_KIND_LABELS, _SIZE_LABELS = dict(OrganisationKind.choices), dict(SizeBand.choices)  # lazy: any language


@dataclass
class Entry:
    """A listed organisation as a result row, the exports and the API show it: its read-model
    row and the programmes it is listed through today (the newest listing per programme)."""

    row: ListedOrganisation
    listings: list[ListedProgramme]
    match: Match | None = None  # why a search found it (``matches``)

    @property
    def kind_label(self) -> str:
        return str(_KIND_LABELS.get(self.row.kind, self.row.kind))

    @property
    def size_label(self) -> str:
        return str(_SIZE_LABELS.get(self.row.size, ""))

    @property
    def published_profile(self) -> bool:
        return any(PublishedItem.PROFILE in listing.show for listing in self.listings)

    @property
    def published_measures(self) -> bool:
        return any(PublishedItem.MEASURES in listing.show for listing in self.listings)

    @property
    def programmes(self) -> list[tuple[str, str]]:
        """(title, level title) of each programme in the active language."""
        language = translation.get_language() or settings.LANGUAGE_CODE
        out = []
        for listing in self.listings:
            level = ""
            if listing.award and listing.level and PublishedItem.LEVEL in listing.show:
                level = _in_language(listing.level_titles, language) or listing.level
            out.append((_in_language(listing.titles, language), level))
        return out


def _in_language(texts: dict[str, str], language: str) -> str:
    return texts.get(language[:2]) or next((text for text in texts.values() if text), "")


def entries_of(rows: Iterable[ListedOrganisation], *, day: date | None = None) -> list[Entry]:
    """The rows with their listings in force (one query)."""
    rows = list(rows)
    by_pk: dict[int, list[ListedProgramme]] = {row.pk: [] for row in rows}
    seen: set[tuple[int, int]] = set()
    in_force = Q(valid_until__isnull=True) | Q(valid_until__gte=_today(day))
    for listing in ListedProgramme.objects.filter(in_force, listed_id__in=list(by_pk)).order_by(
        "listed_id", "-award", "-day", "-pk"
    ):
        if (listing.listed_id, listing.programme_id) in seen:
            continue
        seen.add((listing.listed_id, listing.programme_id))
        by_pk[listing.listed_id].append(listing)
    return [Entry(row=row, listings=by_pk[row.pk]) for row in rows]


def _rows(ids: list[int]) -> list[ListedOrganisation]:
    """The rows of these ids, in their order (the query's, from ``directory_find``)."""
    rows = ListedOrganisation.objects.in_bulk(ids)
    return [rows[pk] for pk in ids if pk in rows]


@dataclass
class DirectoryResults:
    query: DirectoryQuery
    page: Page[int]
    total: int
    facets: dict[str, Facet]
    entries: list[Entry] = field(default_factory=list)
    # A search that found nothing: the same search with its misspelt words corrected, when that
    # finds something ("Did you mean …?", ``suggest``); else "". The language of its corrected words.
    suggestion: str = ""
    suggestion_language: str = ""


def kept_get(kind: str, *parts: object) -> tuple[str, Any]:
    """What the ``directory`` cache keeps for these parts (the read model's version among
    them), with its key; None when nothing is kept (``VEREINBAR_DIRECTORY_KEEP_SECONDS`` 0)."""
    key = f"{kind}:" + hashlib.sha256(repr(parts).encode()).hexdigest()
    if settings.VEREINBAR_DIRECTORY_KEEP_SECONDS <= 0:
        return key, None
    return key, caches["directory"].get(key)


def kept_set(key: str, value: Any) -> None:
    if settings.VEREINBAR_DIRECTORY_KEEP_SECONDS > 0:
        caches["directory"].set(key, value, settings.VEREINBAR_DIRECTORY_KEEP_SECONDS)


def directory_search(query: DirectoryQuery, *, day: date | None = None, version: str | None = None) -> DirectoryResults:
    """One page of organisations found, with the total and the facet counts: what the page,
    its htmx fragment and the API show. The total and the facets of a query (whatever its page
    and order) are kept in Django's cache under the read model's ``version``, the day and the
    language: the next change makes a new version, so nothing kept outlives it."""
    day = _today(day)
    version = directory_version() if version is None else version
    language = translation.get_language() or settings.LANGUAGE_CODE
    filters = sorted((name, value) for name, value in query.params().items() if name != "sort")
    # The counts are the same in every language (kept once), the facets' labels are not.
    key, kept = kept_get("facets", version, day, language, filters)
    found: Found | None = None
    if kept is None:
        counts_key, counted = kept_get("counts", version, day, filters)
        if counted is None:
            found = kept_counts.find(query, day=day, page=query.page, version=version)
            counted = (found.total, found.counts)
            kept_set(counts_key, counted)
        total = counted[0]
        facets = directory_facets(Found(total=total, ids=[], counts=counted[1]), version=version)
        kept_set(key, (total, facets))
    else:
        total, facets = kept
    page = Paginator(range(total), PAGE_SIZE, allow_empty_first_page=True).get_page(query.page)
    if found is None or page.number != query.page:  # kept facets, or past the last page
        found = directory_find(query, day=day, counts=False, page=page.number)
    entries = entries_of(_rows(found.ids), day=day)
    matched = matches_for(entries, found.words)
    for entry in entries:
        entry.match = matched.get(entry.row.pk)
    suggestion: Suggestion | None = None
    if total == 0 and query.q:  # asked only when nothing is found: nothing else pays for it
        suggestion_key, kept_suggestion = kept_get("suggested", version, day, language, filters)
        if kept_suggestion is None:
            suggestion = search_suggestion(query, version=version, day=day)
            kept_set(suggestion_key, (suggestion,))  # kept in a tuple: None, when there is none, too
        else:
            (suggestion,) = kept_suggestion
    return DirectoryResults(
        query=query,
        page=page,
        total=total,
        facets=facets,
        entries=entries,
        suggestion=suggestion.words if suggestion else "",
        suggestion_language=suggestion.language if suggestion else "",
    )


def directory_rows(query: DirectoryQuery, *, day: date | None = None) -> list[Entry]:
    """Every organisation found (for the exports), in the query's order."""
    day = _today(day)
    ids = directory_find(query, day=day, counts=False).ids
    entries: list[Entry] = []
    for start in range(0, len(ids), 500):
        entries += entries_of(_rows(ids[start : start + 500]), day=day)
    return entries


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
        .defer(*HEAVY_VERSION_FIELDS, "level__rule")
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
        measures = by_category(public_measures_in([organisation.pk]).select_related("category", "type"))
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


def practice_report_of(*, organisation: Organisation) -> PracticeReport | None:
    """The organisation's practice report with its photos, as its coordinator edits it (None: not
    written yet). Call after the permission check on the organisation."""
    return PracticeReport.objects.filter(organisation=organisation).prefetch_related("photos").first()
