"""The directory's search index: every listed organisation with what filters, facets, sorting,
search and the result rows need, held in the process's memory and rebuilt when the data changes.

Why: counting nine facets over 10,000 organisations with SQL subqueries took seconds per page;
over this index a query not seen before takes about a millisecond. Every filter value has the
set of organisations that have it as a bitmap (a Python integer, bit ``p`` for the organisation
at position ``p`` in name order), so filtering is ``&`` and a facet count is ``int.bit_count``;
the programmes an organisation is listed through are columns (numpy arrays) for the filters on
programme, level and award date.

Freshness: each request reads a fingerprint of the data: the directory's change counter (one
primary-key read, moved when a change of an award, organisation,
measure, cycle or programme commits, see ``freshness``) and today's date (expiry). When it moved, the
next request of every process rebuilds the index; ``MAX_AGE`` is only a safety net.
"""

from __future__ import annotations

import bisect
import itertools
import re
import threading
import time
from collections import Counter, OrderedDict
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import numpy as np
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
    version_id: int = 0  # the award's (or cycle's) programme version: its title and published items
    level_id: int | None = None


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
    slug: str = ""
    city: str = ""
    # What a result row shows: per programme the newest award in force, else the running cycle.
    shown: list[Via] = field(default_factory=list)
    example: bool = False  # made up for the demo: the row says so

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
    labels: dict[str, dict[str, dict[Any, Any]]] = field(default_factory=dict)  # language → facet → value → label
    columns: Columns | None = None  # see ``_columns``
    vocabulary: Vocabulary | None = None  # see ``_vocabulary``
    words: dict[str, int] = field(default_factory=dict)  # see ``_word_mask``
    entries: dict[str, dict[int, str]] = field(default_factory=dict)  # language → position → rendered row
    entry_labels: dict[str, Any] = field(default_factory=dict)  # language → see ``entries.Labels``
    measure_types: dict[str, int] = field(default_factory=dict)  # catalogue key → id (-1: none)


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

    versions = {v.pk: v for v in ProgrammeVersion.objects.filter(directory_listed=True).only("pk", "published_items")}
    via: dict[int, list[Via]] = {}
    # Newest first: a result row shows the newest award in force per programme (as ``listings_for``).
    for organisation_id, programme_id, level, issued_on, version_id, level_id in (
        listed_awards(day=day)
        .order_by("organisation_id", "-issued_on", "-pk")
        .values_list("organisation_id", "programme_id", "level__key", "issued_on", "version_id", "level_id")
    ):
        via.setdefault(organisation_id, []).append(
            Via(programme_id, level or "", issued_on, True, version_id=version_id, level_id=level_id)
        )
    awarded = {(o, v.programme_id) for o, vs in via.items() for v in vs}
    for organisation_id, programme_id, started_on, version_id in listed_participations().values_list(
        "organisation_id", "programme_id", "started_on", "version_id"
    ):
        if (organisation_id, programme_id) not in awarded:
            via.setdefault(organisation_id, []).append(Via(programme_id, "", started_on, False, version_id=version_id))

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
    columns = ["pk", "name", "slug", "kind", "sector", "country", "region", "city", "staff_count", "is_example"]
    columns += [f"description_{code}" for code in languages]
    for row in Organisation.objects.filter(
        pk__in=list(via), status=OrganisationStatus.APPROVED, type=OrganisationType.EMPLOYER
    ).values(*columns):
        pk = row["pk"]
        shown: list[Via] = []
        for v in via[pk]:
            if all(s.programme_id != v.programme_id for s in shown):
                shown.append(v)
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
            slug=row["slug"],
            city=row["city"] or "",
            shown=shown,
            example=row["is_example"],
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
            _columns(index)  # made here, once, rather than by the first query
            _current = index
    return index


def forget() -> None:
    """Drop the index (tests; after bulk changes that bypass the fingerprint)."""
    global _current
    with _lock:
        _current = None


@dataclass
class Found:
    """The organisations a query finds (their index positions in order) and the counts per
    filter value."""

    counts: dict[str, Counter[Any]]
    positions: np.ndarray
    pks: np.ndarray  # position → organisation id (the index's)

    @property
    def ids(self) -> list[int]:
        """The organisations' ids in order (exports and the API; a page needs only its positions)."""
        return self.pks[self.positions].tolist()  # type: ignore[no-any-return]


def _word_terms(query: str) -> list[tuple[tuple[str, ...], frozenset[int]]]:
    """Per search word: the normalised texts that find it (the word itself and the names of the
    catalogue entries it names, in every language) and those catalogue entries."""
    found = []
    for word in search_words(query):
        expansion = expand(word)
        terms = {normalise_term(term) for term in expansion.terms}
        found.append((tuple(sorted(term for term in terms if term)), expansion.type_ids))
    return found


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


@dataclass
class Columns:
    """The index in the shape queries need, made once per index (``_columns``)."""

    size: int  # number of items
    everyone: int  # the bitmap with every item
    masks: dict[str, dict[Any, int]]  # filter → value → bitmap of the items that have it
    orders: dict[str, np.ndarray]  # sort → positions in that order
    pks: np.ndarray  # position → organisation id
    # One row per listing (``Item.via``): its item's position, programme, level, day, award.
    via_position: np.ndarray
    via_programme: np.ndarray
    via_level: np.ndarray  # a code: ``level_codes``; 0 for no level
    via_day: np.ndarray  # proleptic ordinal, 0 without a day
    via_award: np.ndarray
    level_codes: dict[str, int]
    level_keys: list[str]  # code → key


def _mask(positions: Any, size: int) -> int:
    """The bitmap of these positions."""
    bits = np.zeros(size, dtype=bool)
    bits[positions] = True
    return int.from_bytes(np.packbits(bits, bitorder="little").tobytes(), "little")


def _bits(mask: int, size: int) -> np.ndarray:
    """A bitmap as a boolean array of ``size`` positions."""
    raw = np.frombuffer(mask.to_bytes((size + 7) // 8, "little"), dtype=np.uint8)
    return np.unpackbits(raw, count=size, bitorder="little").astype(bool)


def _columns(index: Index) -> Columns:
    kept = index.columns
    if kept is not None:
        return kept
    items = index.items
    size = len(items)
    lists: dict[str, dict[Any, list[int]]] = {name: {} for name in (*ATTRIBUTES, "measure", "programme", "level")}
    via_rows: list[tuple[int, int, str, int, bool]] = []
    for position, item in enumerate(items):
        for name in ATTRIBUTES:
            value = getattr(item, name)
            if value:
                lists[name].setdefault(value, []).append(position)
        for type_id in item.types:
            lists["measure"].setdefault(type_id, []).append(position)
        for v in item.via:
            lists["programme"].setdefault(v.programme_id, []).append(position)
            if v.level:  # only awards have a level
                lists["level"].setdefault(v.level, []).append(position)
            via_rows.append((position, v.programme_id, v.level, v.day.toordinal() if v.day else 0, v.award))
    masks = {
        name: {value: _mask(positions, size) for value, positions in values.items()} for name, values in lists.items()
    }
    level_keys = ["", *sorted({row[2] for row in via_rows if row[2]})]
    level_codes = {key: code for code, key in enumerate(level_keys)}

    def order(key: Any) -> np.ndarray:
        return np.array(sorted(range(size), key=key), dtype=np.int64)

    def last(p: int) -> tuple[bool, int, int]:
        day = items[p].last_day
        return (day is None, -(day.toordinal() if day else 0), p)

    def first(p: int) -> tuple[bool, int, int]:
        day = items[p].first_day
        return (day is None, day.toordinal() if day else 0, p)

    def staff(p: int) -> tuple[bool, int, int]:
        count = items[p].staff_count
        return (count is None, -(count or 0), p)

    columns = Columns(
        size=size,
        everyone=(1 << size) - 1,
        masks=masks,
        orders={
            "name": np.arange(size, dtype=np.int64),
            "recent": order(last),
            "first": order(first),
            "size": order(staff),
        },
        pks=np.array([item.pk for item in items], dtype=np.int64),
        via_position=np.array([row[0] for row in via_rows], dtype=np.int64),
        via_programme=np.array([row[1] for row in via_rows], dtype=np.int64),
        via_level=np.array([level_codes[row[2]] for row in via_rows], dtype=np.int64),
        via_day=np.array([row[3] for row in via_rows], dtype=np.int64),
        via_award=np.array([row[4] for row in via_rows], dtype=bool),
        level_codes=level_codes,
        level_keys=level_keys,
    )
    index.columns = columns
    return columns


@dataclass
class Vocabulary:
    """Every distinct word of the items' texts, one per line in ``text`` (word ``i`` starts at
    ``starts[i]``), with the positions of the items whose text has it:
    ``positions[bounds[i]:bounds[i + 1]]``. A search term is looked for once in this text rather
    than in every item's text."""

    text: str
    starts: list[int]
    positions: np.ndarray
    bounds: np.ndarray


def _vocabulary(index: Index) -> Vocabulary:
    """Made on the first search of an index (a few hundred milliseconds with 10,000 items)."""
    kept = index.vocabulary
    if kept is not None:
        return kept
    ids: dict[str, int] = {}
    word_of: list[int] = []
    position_of: list[int] = []
    for position, item in enumerate(index.items):
        for word in set(item.text.split()):
            word_of.append(ids.setdefault(word, len(ids)))
            position_of.append(position)
    words = list(ids)  # in the order of their ids
    order = np.argsort(np.array(word_of, dtype=np.int64), kind="stable")
    vocabulary = Vocabulary(
        text="\n".join(words),
        starts=list(itertools.accumulate((len(word) + 1 for word in words), initial=0))[: len(words)],
        positions=np.array(position_of, dtype=np.int64)[order],
        bounds=np.searchsorted(np.array(word_of, dtype=np.int64)[order], np.arange(len(words) + 1)),
    )
    index.vocabulary = vocabulary
    return vocabulary


def _term_positions(index: Index, vocabulary: Vocabulary, term: str) -> np.ndarray:
    """The positions of the items whose text holds ``term`` (normalised; words and spaces)."""
    parts = term.split(" ")
    probe = max(parts, key=len)  # every part is within one word of the text
    words = {
        bisect.bisect_right(vocabulary.starts, found.start()) - 1
        for found in re.finditer(re.escape(probe), vocabulary.text)
    }
    if not words:
        return np.zeros(0, dtype=np.int64)
    candidates = np.unique(
        np.concatenate([vocabulary.positions[vocabulary.bounds[word] : vocabulary.bounds[word + 1]] for word in words])
    )
    if len(parts) == 1:  # a single word is in the text exactly when it is part of one of its words
        return candidates
    items = index.items
    return np.array([p for p in candidates.tolist() if term in items[p].text], dtype=np.int64)


MAX_WORDS_KEPT = 2048


def _word_mask(index: Index, word: str) -> int:
    """The items a search word finds (by text or by catalogue entry), looked for once per word
    and index: words repeat far more often than whole queries."""
    with _lock:
        kept = index.words.get(word)
    if kept is not None:
        return kept
    mask = 0
    vocabulary = _vocabulary(index)
    by_type = _columns(index).masks["measure"]
    for terms, types in _word_terms(word):  # (one: ``word`` is a single search word)
        found = [_term_positions(index, vocabulary, term) for term in terms]
        mask = _mask(np.concatenate(found), len(index.items)) if found else 0
        for type_id in types:
            mask |= by_type.get(type_id, 0)
    with _lock:
        if len(index.words) >= MAX_WORDS_KEPT:
            index.words.clear()
        index.words[word] = mask
    return mask


def _all_of(masks: Any, start: int) -> int:
    for mask in masks:
        start &= mask
    return start


def _count_pairs(target: Counter[Any], values: np.ndarray, positions: np.ndarray, size: int) -> np.ndarray:
    """For every value, the number of distinct positions it comes with; the values found."""
    if not len(values):
        return values
    pairs = np.unique(values * max(size, 1) + positions)
    found, counts = np.unique(pairs // max(size, 1), return_counts=True)
    for value, count in zip(found.tolist(), counts.tolist(), strict=True):
        target[value] = count
    return found


def _find(index: Index, query: DirectoryQuery) -> Found:
    c = _columns(index)
    everyone = c.everyone
    programme = index.programmes.get(query.programme, -1) if query.programme else None
    filters: dict[str, int] = {}
    for name in ATTRIBUTES:
        value = getattr(query, name)
        if value:
            filters[name] = c.masks[name].get(value, 0)
    if query.measure:
        type_id = index.measure_types.get(query.measure)
        if type_id is None:
            from . import search

            entry = search.measure_type_by_key(query.measure)
            type_id = index.measure_types[query.measure] = entry.pk if entry else -1
        filters["measure"] = c.masks["measure"].get(type_id, 0)
    words = search_words(query.q) if query.q else []
    if words:
        filters["q"] = _all_of((_word_mask(index, word) for word in words), everyone)

    level_code = c.level_codes.get(query.level, -1) if query.level else 0
    since = query.since.toordinal() if query.since else 0

    def via_ok(*, skip: str = "") -> np.ndarray:
        """Which listings fit the programme, level and award-date filters (but ``skip``)."""
        ok = np.ones(len(c.via_position), dtype=bool)
        if skip != "programme" and programme is not None:
            ok &= c.via_programme == programme
        if skip != "level" and query.level:
            ok &= c.via_award & (c.via_level == level_code)
        if since:
            ok &= c.via_day >= since
        return ok

    if programme is None and not query.level and not since:
        listed = everyone  # every item is listed through something
    elif not query.level and not since:
        listed = c.masks["programme"].get(programme, 0)
    else:
        listed = _mask(c.via_position[via_ok()], c.size)

    passing = _all_of(filters.values(), everyone)
    hits = passing & listed
    counts: dict[str, Counter[Any]] = {
        name: Counter() for name in ("country", "region", "sector", "kind", "size", "measure", "programme", "level")
    }
    for name in (*ATTRIBUTES, "measure"):
        base = _all_of((m for n, m in filters.items() if n != name), everyone) & listed if name in filters else hits
        if not base:
            continue
        target = counts[name]
        for value, mask in c.masks[name].items():
            found = (mask & base).bit_count()
            if found:
                target[value] = found
    # Programme and level counts: over everything that passes the other filters (listed or not
    # through the chosen programme/level), each programme/level with a fitting listing.
    passing_bits: np.ndarray | None = None
    if not query.level and not since:
        for value, mask in c.masks["programme"].items():
            found = (mask & passing).bit_count()
            if found:
                counts["programme"][value] = found
    else:
        passing_bits = _bits(passing, c.size)
        ok = via_ok(skip="programme") & passing_bits[c.via_position]
        _count_pairs(counts["programme"], c.via_programme[ok], c.via_position[ok], c.size)
    if programme is None and not since:
        for value, mask in c.masks["level"].items():
            found = (mask & passing).bit_count()
            if found:
                counts["level"][value] = found
    else:
        if passing_bits is None:
            passing_bits = _bits(passing, c.size)
        ok = via_ok(skip="level") & (c.via_level != 0) & passing_bits[c.via_position]
        by_code: Counter[Any] = Counter()
        _count_pairs(by_code, c.via_level[ok], c.via_position[ok], c.size)
        for code, found in by_code.items():
            counts["level"][c.level_keys[code]] = found
    order = c.orders.get(query.sort, c.orders["name"])
    positions = order[_bits(hits, c.size)[order]] if hits else order[:0]
    return Found(counts=counts, positions=positions, pks=c.pks)
