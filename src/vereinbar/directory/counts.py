"""The plain list's counts, kept at write time.

The directory's landing page, its later pages and its sorts show the whole list (no search, no
filter) with the total and the count of every filter value. Counting them is the statement's
largest part (every listed row, five GROUP BYs, the measures joined): tens of milliseconds at
10,000 organisations, half a second at 50,000 on PostgreSQL. So they are kept in
``DirectoryCount`` and changed with the data:

- ``directory_refresh`` counts the share of the organisations it rewrites before and after
  (``share``, the same statement limited to their rows) and adds the difference
  (``difference_add``), in its transaction, after moving the read model's version (which
  holds the lock that makes concurrent changes wait for one another);
- they hold on the days ``CountsKept`` names: until the first
  day on which a counted row's listing or listing period ends (what is in force *today* is
  decided when reading, so such a day changes the counts without a write);
- a day outside them, or a rebuild of the whole read model, has them counted again by the
  next request that needs them (``kept``), under the same lock.

What a query with a search or a filter counts is read by the statement (``find``); with one
filter, only over the rows passing it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.db.models import Min, Q

from .find import ATTRIBUTES, Found, directory_find, today
from .models import CountsKept, DirectoryCount, DirectoryState, ListedOrganisation, ListedProgramme
from .search import DirectoryQuery

# More organisations than this in one change: count everything again instead of their share.
SHARE_LIMIT = 2000

Counts = dict[tuple[str, str], int]


@dataclass(frozen=True)
class Kept:
    total: int
    counts: dict[str, dict[Any, int]]


def _flat(found: Found) -> Counts:
    flat: Counts = {("total", ""): found.total}
    for facet, values in found.counts.items():
        for value, count in values.items():
            flat[(facet, str(value))] = count
    return flat


def _holds(day: date) -> bool:
    """Whether the kept counts hold on ``day`` (one primary-key read)."""
    return CountsKept.objects.filter(pk=1, holds_from__lte=day, holds_through__gte=day).exists()


def _read() -> Kept:
    total = 0
    counts: dict[str, dict[Any, int]] = {name: {} for name in (*ATTRIBUTES, "measure", "programme", "level")}
    for facet, value, count in DirectoryCount.objects.filter(count__gt=0).values_list("facet", "value", "count"):
        if facet == "total":
            total = count
        else:
            counts[facet][int(value) if facet == "measure" else value] = count
    return Kept(total=total, counts=counts)


_READ: dict[tuple[str, date], Kept] = {}


def kept(day: date | None = None, *, version: str = "") -> Kept | None:
    """The plain list's total and counts on ``day``: the kept ones, counted again first when
    they do not hold on it. None for a day other than today (the query counts those).

    Given the read model's ``version`` (its stamp), they are read once per version, day and
    process: every change of them makes a new version, in the same transaction."""
    day = today(day)
    if day != today():
        return None
    read = _READ.get((version, day)) if version else None
    if read is not None:
        return read
    if not _holds(day):
        count_all(day)
        if not _holds(day):
            return None
    read = _read()
    if version:
        _READ.clear()  # threads of a process share it: the latest version's only
        _READ[(version, day)] = read
    return read


def count_all(day: date | None = None) -> None:
    """Count the plain list on ``day`` and keep it (under the read model's lock)."""
    day = today(day)
    with transaction.atomic():
        # The read model's lock: no change of it runs while they are counted.
        if not list(DirectoryState.objects.select_for_update().filter(pk=1).values_list("pk", flat=True)):
            return  # no read model yet
        if _holds(day):
            return  # another request counted them while this one waited
        found = directory_find(DirectoryQuery(), day=day, page=1)
        DirectoryCount.objects.all().delete()
        DirectoryCount.objects.bulk_create(
            [DirectoryCount(facet=facet, value=value, count=count) for (facet, value), count in _flat(found).items()]
        )
        CountsKept.objects.update_or_create(pk=1, defaults={"holds_from": day, "holds_through": _last_day(day)})


def _last_day(day: date, ids: list[int] | None = None) -> date:
    """The last day on which the rows (of ``ids``) listed on ``day`` count as they do on it: the
    earliest last day of a listing or listing period among them (``date.max``: none ends)."""
    rows = ListedOrganisation.objects.filter(Q(listed_until__isnull=True) | Q(listed_until__gte=day))
    listings = ListedProgramme.objects.filter(valid_until__gte=day)
    if ids is not None:
        rows, listings = rows.filter(pk__in=ids), listings.filter(listed_id__in=ids)
    # A row's listings as its column holds them until the first of them ends; a row written
    # before one of them ended reads its listings (their ends are the third).
    ends = [
        rows.aggregate(end=Min("listed_until"))["end"],
        rows.filter(programme_levels_until__gte=day).aggregate(end=Min("programme_levels_until"))["end"],
        listings.aggregate(end=Min("valid_until"))["end"],
    ]
    return min((end for end in ends if end is not None), default=date.max)


def share(ids: Iterable[int]) -> tuple[list[int], date, Counts] | None:
    """What these organisations add to the kept counts today, before a change rewrites their
    rows; None when nothing is kept, or too many changed (then everything is counted again)."""
    ids = list(ids)
    day = today()
    if not _holds(day):
        return None
    if len(ids) > SHARE_LIMIT:
        forget()
        return None
    return ids, day, _flat(directory_find(DirectoryQuery(), day=day, within=ids))


def difference_add(before: tuple[list[int], date, Counts]) -> None:
    """Add to the kept counts what the change of these organisations' rows made of their share
    (``before``: what ``share`` answered before the change)."""
    ids, day, counted = before
    after = _flat(directory_find(DirectoryQuery(), day=day, within=ids))
    with connection.cursor() as cursor:
        for key in sorted(set(counted) | set(after)):
            difference = after.get(key, 0) - counted.get(key, 0)
            if not difference:
                continue
            cursor.execute(
                "UPDATE directory_directorycount SET count = count + %s WHERE facet = %s AND value = %s",
                [difference, *key],
            )
            if not cursor.rowcount:
                DirectoryCount.objects.create(facet=key[0], value=key[1], count=difference)
    last = _last_day(day, ids)
    CountsKept.objects.filter(pk=1, holds_through__gt=last).update(holds_through=last)


def forget() -> None:
    """The kept counts no longer hold (a rebuild of the whole read model): counted again when
    next needed."""
    CountsKept.objects.filter(pk=1).update(holds_from=None, holds_through=None)


def _one_filter(query: DirectoryQuery) -> str | None:
    """The one filter of a query without a search that has only one: a country, a region, a
    sector, a kind, a size, a catalogue entry, a programme, a level or "since"."""
    if query.q:
        return None
    chosen = [name for name in (*ATTRIBUTES, "measure", "programme", "level", "since") if getattr(query, name)]
    return chosen[0] if len(chosen) == 1 else None


def find(query: DirectoryQuery, *, day: date | None = None, page: int | None = None, version: str = "") -> Found:
    """``find.directory_find`` with counts. The plain list's are the kept ones. With one filter
    (``_one_filter``), only the rows passing it are counted: that filter's own facet counts
    without it, which are the plain list's, so they come from the kept ones too. "Since" has no
    facet of its own: a row without a listing from that day on adds to no programme or level,
    so the rows passing it count everything."""
    facet = _one_filter(query)
    if facet == "since":
        return directory_find(query, day=day, page=page, narrowed=True)
    counted = kept(day, version=version) if query.is_plain() or facet else None
    if counted is None:
        return directory_find(query, day=day, page=page)
    if facet is None:
        ids = directory_find(query, day=day, counts=False, page=page).ids
        return Found(
            total=counted.total, ids=ids, counts={name: dict(values) for name, values in counted.counts.items()}
        )
    found = directory_find(query, day=day, page=page, narrowed=True)
    found.counts[facet] = dict(counted.counts[facet])
    return found
