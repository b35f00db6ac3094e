"""The index's set-based filtering and counting gives exactly what the plain loop over every
organisation gave (the reference below), for many random queries over a made-up index."""

from __future__ import annotations

import random
import time
from collections import Counter
from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest

from vereinbar.directory import index as index_module
from vereinbar.directory import search as search_module
from vereinbar.directory.index import Index, Item, Via, _find
from vereinbar.directory.search import DirectoryQuery

COUNTRIES = ["DE", "NL", ""]
REGIONS = ["Bayern", "Hessen", "Utrecht", "Zeeland", ""]
SECTORS = ["health", "public", "it", ""]
KINDS = ["company", "public", "association"]
SIZES = ["1-9", "10-49", "50-249", ""]
WORDS = ["kita", "pflege", "zorg", "teilzeit", "homeoffice", "betriebskita", "arbeitszeit"]
# What else finds a search word (as the catalogue's names would): parts of words, and terms of
# several words, also across the end of one word and the start of the next.
MORE_TERMS = {"kita": ("pflege kita",), "teilzeit": ("zeit",), "pflege": ("ege zo", "ge kit"), "zorg": ("org",)}
PROGRAMMES = {"p:a": 1, "p:b": 2, "p:c": 3}
LEVELS = ["basic", "gold", ""]


def reference_find(index: Index, query: DirectoryQuery) -> Any:
    """The directory's filtering and counting before the position sets: one loop over every item."""
    programme = index.programmes.get(query.programme, -1) if query.programme else None
    matchers = index_module._word_terms(query.q) if query.q else []
    checks: list[tuple[str, Any]] = []
    if query.country:
        checks.append(("country", lambda i: i.country == query.country))
    if query.region:
        checks.append(("region", lambda i: i.region == query.region))
    if query.sector:
        checks.append(("sector", lambda i: i.sector == query.sector))
    if query.kind:
        checks.append(("kind", lambda i: i.kind == query.kind))
    if query.size:
        checks.append(("size", lambda i: i.size == query.size))
    measure_type = None
    if query.measure:
        entry = search_module.measure_type_by_key(query.measure)
        measure_type = entry.pk if entry else -1
        checks.append(("measure", lambda i: measure_type in i.types))
    if matchers:
        checks.append(
            (
                "q",
                lambda i: all(any(term in i.text for term in terms) or (types & i.types) for terms, types in matchers),
            )
        )

    def via_ok(v: Via, *, skip: str = "") -> bool:
        if skip != "programme" and programme is not None and v.programme_id != programme:
            return False
        if skip != "level" and query.level and (not v.award or v.level != query.level):
            return False
        return not (query.since and (v.day is None or v.day < query.since))

    counts: dict[str, Counter[Any]] = {
        name: Counter() for name in ("country", "region", "sector", "kind", "size", "measure", "programme", "level")
    }
    hits: list[Item] = []
    for item in index.items:
        failed = [name for name, check in checks if not check(item)]
        if len(failed) > 1:
            continue
        listed = any(via_ok(v) for v in item.via)
        if not failed:
            if listed:
                hits.append(item)
                for name in ("country", "region", "sector", "kind", "size"):
                    value = getattr(item, name)
                    if value:
                        counts[name][value] += 1
                counts["measure"].update(item.types)
            counts["programme"].update({v.programme_id for v in item.via if via_ok(v, skip="programme")})
            counts["level"].update({v.level for v in item.via if v.level and via_ok(v, skip="level")})
        elif listed:
            name = failed[0]
            if name == "measure":
                counts["measure"].update(item.types)
            elif name != "q":
                value = getattr(item, name)
                if value:
                    counts[name][value] += 1
    if query.sort == "recent":
        hits.sort(key=lambda i: (i.last_day is None, -(i.last_day.toordinal() if i.last_day else 0), i.sort_name, i.pk))
    elif query.sort == "first":
        hits.sort(key=lambda i: (i.first_day is None, i.first_day.toordinal() if i.first_day else 0, i.sort_name, i.pk))
    elif query.sort == "size":
        hits.sort(key=lambda i: (i.staff_count is None, -(i.staff_count or 0), i.sort_name, i.pk))
    return SimpleNamespace(ids=[item.pk for item in hits], counts=counts)


def made_up_index(rng: random.Random, size: int) -> Index:
    items = []
    for pk in range(1, size + 1):
        via = []
        for programme in rng.sample([1, 2, 3], k=rng.choice((1, 1, 2, 3))):
            award = rng.random() < 0.8
            day = date(2015 + rng.randint(0, 10), rng.randint(1, 12), 1) if rng.random() < 0.9 else None
            via.append(Via(programme, rng.choice(LEVELS) if award else "", day, award))
        name = f"Org {rng.randint(0, 999):03d}"
        items.append(
            Item(
                pk=pk,
                name=name,
                sort_name=name.casefold(),
                kind=rng.choice(KINDS),
                sector=rng.choice(SECTORS),
                country=rng.choice(COUNTRIES),
                region=rng.choice(REGIONS),
                staff_count=rng.choice([None, 5, 40, 300, 2000]),
                size=rng.choice(SIZES),
                via=via,
                types=set(rng.sample(range(1, 9), k=rng.randint(0, 3))),
                text=" ".join(rng.sample(WORDS, k=rng.randint(0, 3))),
            )
        )
    items.sort(key=lambda item: (item.sort_name, item.pk))
    return Index(fingerprint=("test",), built=time.monotonic(), items=items, programmes=dict(PROGRAMMES))


def random_query(rng: random.Random) -> DirectoryQuery:
    values: dict[str, Any] = {
        "q": " ".join(rng.sample([*WORDS, "nothing"], k=rng.randint(1, 2))),
        "programme": rng.choice([*PROGRAMMES, "p:unknown"]),
        "level": rng.choice([*LEVELS[:2], "none"]),
        "country": rng.choice(COUNTRIES[:2]),
        "region": rng.choice(REGIONS[:4]),
        "sector": rng.choice(SECTORS[:3]),
        "kind": rng.choice(KINDS),
        "size": rng.choice(SIZES[:3]),
        "measure": rng.choice(["t1", "t2", "t5", "t9", "unknown"]),
        "since": date(rng.randint(2014, 2026), 1, 1),
    }
    chosen = rng.sample(list(values), k=rng.choice((0, 1, 1, 2, 2, 3, 4, 6)))
    return DirectoryQuery(
        **{name: values[name] for name in chosen}, sort=rng.choice(["name", "recent", "first", "size"])
    )


@pytest.fixture
def offline(monkeypatch):
    """Search words and measure keys without the catalogue: a word matches itself, ``tN`` is type N."""

    def terms(query: str) -> list[tuple[tuple[str, ...], frozenset[int]]]:
        return [
            ((word, *MORE_TERMS.get(word, ())), frozenset({7}) if word == "zorg" else frozenset())
            for word in query.split()
        ]

    def measure_type_by_key(key: str) -> Any:
        return SimpleNamespace(pk=int(key[1:])) if key[1:].isdigit() else None

    monkeypatch.setattr(index_module, "_word_terms", terms)
    monkeypatch.setattr(search_module, "measure_type_by_key", measure_type_by_key)


def test_sets_give_what_the_loop_gave(offline):
    rng = random.Random(20261123)
    for size in (0, 7, 300):
        index = made_up_index(rng, size)
        for _ in range(400):
            query = random_query(rng)
            expected, got = reference_find(index, query), _find(index, query)
            assert got.ids == expected.ids, query
            assert {k: +v for k, v in got.counts.items()} == {k: +v for k, v in expected.counts.items()}, query
