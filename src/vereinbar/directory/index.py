"""The directory's search index: every listed organisation with what filters, facets, sorting
and search need, held in the process's memory and rebuilt when the data changes.

Why: counting nine facets over 10,000 organisations with SQL subqueries took seconds per page;
over this list it takes milliseconds, and the result of a query is kept as well.

Freshness: each request reads a fingerprint of the data: the directory's change counter (one
primary-key read, moved when a change of an award, organisation,
measure, cycle or programme commits, see ``freshness``) and today's date (expiry). When it moved, the
next request of every process rebuilds the index; ``MAX_AGE`` is only a safety net.
"""

from __future__ import annotations

import re
import threading
import time
from collections import Counter, OrderedDict
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

from vereinbar.measures.models import Measure, MeasureStatus, normalise_term
from vereinbar.organisations.models import Organisation, OrganisationStatus, OrganisationType, SizeBand, Visibility
from vereinbar.programmes.models import ProgrammeVersion, PublishedItem

from .freshness import state
from .search import DirectoryQuery, expand, search_words

# The fingerprint is exact (a change counter moved in the changing transaction), so the age is
# only a safety net for changes made outside the services (e.g. by hand in the database).
MAX_AGE = 3600.0  # seconds
MAX_RESULTS_KEPT = 256


@dataclass(frozen=True)
class Via:
    """One programme an organisation is listed through."""

    programme_id: int
    level: str  # level key, "" without a level
    day: date | None  # the award's issue date, or the day a running cycle started
    award: bool


@dataclass
class Item:
    pk: int
    name: str
    sort_name: str
    kind: str
    sector: str
    country: str
    region: str
    staff_count: int | None
    size: str
    via: list[Via] = field(default_factory=list)
    types: set[int] = field(default_factory=set)
    text: str = ""  # normalised: name, published descriptions and measures

    @property
    def first_day(self) -> date | None:
        return min((v.day for v in self.via if v.award and v.day), default=None)

    @property
    def last_day(self) -> date | None:
        return max((v.day for v in self.via if v.award and v.day), default=None)


@dataclass
class Index:
    fingerprint: tuple[Any, ...]
    built: float
    items: list[Item]
    programmes: dict[str, int]  # identifier → id
    results: OrderedDict[tuple[Any, ...], Any] = field(default_factory=OrderedDict)
    labels: dict[str, dict[str, dict[Any, str]]] = field(default_factory=dict)  # language → facet → value → label
    positions: dict[str, dict[Any, set[int]]] = field(default_factory=dict)  # see ``_positions``
    words: dict[str, set[int]] = field(default_factory=dict)  # see ``_word_positions``


_lock = threading.Lock()
_current: Index | None = None


def fingerprint(day: date) -> tuple[Any, ...]:
    """What changes whenever the listing could change: the directory's change counter (one
    primary-key read, see ``freshness``) and today's date (awards run out by date)."""
    version, stamp = state()
    return (connection.alias, day.isoformat(), version, stamp)


_SIZE_LOWER_BOUNDS = ((1000, SizeBand.VERY_LARGE), (250, SizeBand.LARGE), (50, SizeBand.MEDIUM), (10, SizeBand.SMALL))


def _size_band(staff_count: int | None) -> str:
    """``Organisation.size_band`` without building a model instance (half of a rebuild's time)."""
    if staff_count is None:
        return ""
    for lower, band in _SIZE_LOWER_BOUNDS:
        if staff_count >= lower:
            return band.value
    return SizeBand.MICRO.value


def build(day: date, mark: tuple[Any, ...]) -> Index:
    """Read every listed organisation with its listings, measures and texts (a few queries)."""
    from .selectors import listed_awards, listed_participations

    versions = {v.pk: v for v in ProgrammeVersion.objects.filter(directory_listed=True)}
    via: dict[int, list[Via]] = {}
    for organisation_id, programme_id, level, issued_on in listed_awards(day=day).values_list(
        "organisation_id", "programme_id", "level__key", "issued_on"
    ):
        via.setdefault(organisation_id, []).append(Via(programme_id, level or "", issued_on, True))
    awarded = {(o, v.programme_id) for o, vs in via.items() for v in vs}
    for organisation_id, programme_id, started_on in listed_participations().values_list(
        "organisation_id", "programme_id", "started_on"
    ):
        if (organisation_id, programme_id) not in awarded:
            via.setdefault(organisation_id, []).append(Via(programme_id, "", started_on, False))

    def publishing(item: str) -> set[int]:
        showing = {pk for pk, v in versions.items() if item in (v.published_items or [])}
        found = set(listed_awards(day=day, versions=showing).values_list("organisation_id", flat=True)) | set(
            listed_participations(versions=showing).values_list("organisation_id", flat=True)
        )
        return found

    with_profile = publishing(PublishedItem.PROFILE)
    with_measures = publishing(PublishedItem.MEASURES)
    languages = [code for code, _name in settings.LANGUAGES]
    items: dict[int, Item] = {}
    texts: dict[int, list[str]] = {}
    columns = ["pk", "name", "kind", "sector", "country", "region", "staff_count"]
    columns += [f"description_{code}" for code in languages]
    for row in Organisation.objects.filter(
        pk__in=list(via), status=OrganisationStatus.APPROVED, type=OrganisationType.EMPLOYER
    ).values(*columns):
        pk = row["pk"]
        items[pk] = Item(
            pk=pk,
            name=row["name"],
            sort_name=row["name"].casefold(),
            kind=row["kind"],
            sector=row["sector"],
            country=(row["country"] or "").upper(),
            region=row["region"],
            staff_count=row["staff_count"],
            size=_size_band(row["staff_count"]),
            via=via[pk],
        )
        parts = [row["name"]]
        if pk in with_profile:
            parts += [row[f"description_{code}"] or "" for code in languages]
        texts[pk] = parts
    measure_columns = ["organisation_id", "type_id"]
    measure_columns += [f"{name}_{code}" for name in ("title", "description") for code in languages]
    for row in Measure.objects.filter(
        organisation_id__in=[pk for pk in items if pk in with_measures],
        status=MeasureStatus.IN_PLACE,
        visibility=Visibility.PUBLIC,
    ).values(*measure_columns):
        item = items[row["organisation_id"]]
        if row["type_id"]:
            item.types.add(row["type_id"])
        texts[item.pk].extend(row[column] or "" for column in measure_columns[2:])
    for pk, item in items.items():
        item.text = normalise_term("\n".join(part for part in texts[pk] if part))
    from vereinbar.programmes.models import Programme

    programmes = dict(Programme.objects.values_list("identifier", "pk"))
    ordered = sorted(items.values(), key=lambda item: (item.sort_name, item.pk))
    return Index(fingerprint=mark, built=time.monotonic(), items=ordered, programmes=programmes)


def current(day: date | None = None) -> Index:
    """The index for today's data; rebuilt when the fingerprint moved or it is too old."""
    global _current
    day = day or timezone.localdate()
    mark = fingerprint(day)
    index = _current
    if index is not None and index.fingerprint == mark and time.monotonic() - index.built < MAX_AGE:
        return index
    with _lock:
        index = _current
        if index is None or index.fingerprint != mark or time.monotonic() - index.built >= MAX_AGE:
            index = build(day, mark)
            _current = index
    return index


def forget() -> None:
    """Drop the index (tests; after bulk changes that bypass the fingerprint)."""
    global _current
    with _lock:
        _current = None


@dataclass
class Found:
    """The organisations a query finds (ids in order) and the counts per filter value."""

    ids: list[int]
    counts: dict[str, Counter[Any]]


def _word_matchers(query: str) -> list[tuple[re.Pattern[str], frozenset[int]]]:
    matchers = []
    for word in search_words(query):
        expansion = expand(word)
        terms = sorted({normalise_term(term) for term in expansion.terms if normalise_term(term)}, key=len)
        pattern = re.compile("|".join(re.escape(term) for term in terms))
        matchers.append((pattern, expansion.type_ids))
    return matchers


def find(query: DirectoryQuery, *, day: date | None = None, index: Index | None = None) -> Found:
    """Filter, count and sort over the index; the result is kept per query."""
    index = index or current(day)
    key = (replace(query, page=1),)
    with _lock:
        kept = index.results.get(key)
        if kept is not None:
            index.results.move_to_end(key)
            return kept  # type: ignore[no-any-return]
    found = _find(index, query)
    with _lock:
        index.results[key] = found
        while len(index.results) > MAX_RESULTS_KEPT:
            index.results.popitem(last=False)
    return found


ATTRIBUTES = ("country", "region", "sector", "kind", "size")
_EMPTY: frozenset[int] = frozenset()


def _positions(index: Index) -> dict[str, dict[Any, set[int]]]:
    """For every filter value the positions of the items that have it (made once per index), so
    that filtering and counting are set intersections rather than a loop over every item."""
    kept = index.positions
    if kept:
        return kept
    by: dict[str, dict[Any, set[int]]] = {name: {} for name in (*ATTRIBUTES, "measure", "programme", "level")}
    for position, item in enumerate(index.items):
        for name in ATTRIBUTES:
            value = getattr(item, name)
            if value:
                by[name].setdefault(value, set()).add(position)
        for type_id in item.types:
            by["measure"].setdefault(type_id, set()).add(position)
        for v in item.via:
            by["programme"].setdefault(v.programme_id, set()).add(position)
            if v.level:  # only awards have a level
                by["level"].setdefault(v.level, set()).add(position)
    by["all"] = {None: set(range(len(index.items)))}
    index.positions = by
    return by


def _all_of(sets: list[set[int]] | list[Any], everyone: set[int]) -> set[int]:
    if not sets:
        return everyone
    ordered = sorted(sets, key=len)
    return set(ordered[0]).intersection(*ordered[1:])


MAX_WORDS_KEPT = 2048


def _word_positions(index: Index, word: str) -> set[int]:
    """The positions of the items a search word finds (by text or by catalogue entry), looked
    for once per word and index: words repeat far more often than whole queries."""
    with _lock:
        kept = index.words.get(word)
    if kept is not None:
        return kept
    found: set[int] = set()
    for pattern, types in _word_matchers(word):
        found = {p for p, item in enumerate(index.items) if pattern.search(item.text) or (types & item.types)}
    with _lock:
        if len(index.words) >= MAX_WORDS_KEPT:
            index.words.clear()
        index.words[word] = found
    return found


def _find(index: Index, query: DirectoryQuery) -> Found:
    by = _positions(index)
    items = index.items
    everyone = by["all"][None]
    programme = index.programmes.get(query.programme, -1) if query.programme else None
    words = search_words(query.q) if query.q else []
    filters: dict[str, set[int]] = {}
    for name in ATTRIBUTES:
        value = getattr(query, name)
        if value:
            filters[name] = by[name].get(value, set())
    if query.measure:
        from .search import measure_type_by_key

        entry = measure_type_by_key(query.measure)
        filters["measure"] = by["measure"].get(entry.pk if entry else -1, set())

    # The positions that fail at most one filter: all that counting needs to look at.
    others = list(filters.values())
    if len(others) <= 1 or not (query.level or query.since or programme is not None):
        nearly = everyone  # (only needed below when the listing depends on the query)
    else:
        nearly = set().union(*(_all_of(others[:j] + others[j + 1 :], everyone) for j in range(len(others))))
    if words:
        filters["q"] = _all_of([_word_positions(index, word) for word in words], everyone)
        if nearly is not everyone:
            nearly = set().union(*(_all_of([s for n, s in filters.items() if n != skip], everyone) for skip in filters))

    def via_ok(v: Via, *, skip: str = "") -> bool:
        if skip != "programme" and programme is not None and v.programme_id != programme:
            return False
        if skip != "level" and query.level and (not v.award or v.level != query.level):
            return False
        return not (query.since and (v.day is None or v.day < query.since))

    if programme is None and not query.level and not query.since:
        listed = everyone  # every item is listed through something
    elif not query.level and not query.since:
        listed = by["programme"].get(programme, set())
    else:
        listed = {p for p in nearly if any(via_ok(v) for v in items[p].via)}

    passing = _all_of(list(filters.values()), everyone)
    hits = passing & listed if listed is not everyone else passing
    counts: dict[str, Counter[Any]] = {
        name: Counter() for name in ("country", "region", "sector", "kind", "size", "measure", "programme", "level")
    }
    for name in (*ATTRIBUTES, "measure"):
        if name in filters:
            base = _all_of([s for n, s in filters.items() if n != name], everyone)
            if listed is not everyone:
                base = base & listed
        else:
            base = hits
        if not base:
            continue
        target = counts[name]
        if len(base) * 4 < len(everyone):  # few: look at them
            for p in base:
                if name == "measure":
                    target.update(items[p].types)
                else:
                    value = getattr(items[p], name)
                    if value:
                        target[value] += 1
        else:
            for value, positions in by[name].items():
                found = len(positions & base)
                if found:
                    target[value] = found
    # Programme and level counts: over everything that passes the other filters (listed or not
    # through the chosen programme/level), each programme/level with a fitting listing.
    if not query.level and not query.since:
        for value, positions in by["programme"].items():
            found = len(positions & passing)
            if found:
                counts["programme"][value] = found
    else:
        for p in passing:
            counts["programme"].update({v.programme_id for v in items[p].via if via_ok(v, skip="programme")})
    if programme is None and not query.since:
        for value, positions in by["level"].items():
            found = len(positions & passing)
            if found:
                counts["level"][value] = found
    else:
        for p in passing:
            counts["level"].update({v.level for v in items[p].via if v.level and via_ok(v, skip="level")})
    found_items = [items[p] for p in sorted(hits)]
    if query.sort == "recent":
        found_items.sort(
            key=lambda i: (i.last_day is None, -(i.last_day.toordinal() if i.last_day else 0), i.sort_name, i.pk)
        )
    elif query.sort == "first":
        found_items.sort(
            key=lambda i: (i.first_day is None, i.first_day.toordinal() if i.first_day else 0, i.sort_name, i.pk)
        )
    elif query.sort == "size":
        found_items.sort(key=lambda i: (i.staff_count is None, -(i.staff_count or 0), i.sort_name, i.pk))
    return Found(ids=[item.pk for item in found_items], counts=counts)
