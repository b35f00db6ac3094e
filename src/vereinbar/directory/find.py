"""The directory's one query: what a search with filters finds in the read model, in one SQL
statement (``directory_find``), and the search by the database's own full-text engine behind one
function (``search_sql``). The page, its htmx fragment, the exports, the API and the counts kept
at write time (``counts``) all read through it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection
from django.utils import timezone

from .search import MAX_TYPES, DirectoryQuery, Word, measure_type_by_key, words_of

PAGE_SIZE = 20
SEARCH_TABLE = "directory_search"  # SQLite FTS5 (trigram) over directory_listedtext: rowid = organisation id

ATTRIBUTES = ("country", "region", "sector", "kind", "size")
# The orders as SQL over the rows ``{t}`` with the id ``{id}`` (NULLs last in both databases).
ORDERS = {
    "recent": "{t}.last_day IS NULL, {t}.last_day DESC, {t}.sort_name, {id}",
    "first": "{t}.first_day IS NULL, {t}.first_day, {t}.sort_name, {id}",
    "size": "{t}.staff_count IS NULL, {t}.staff_count DESC, {t}.sort_name, {id}",
    "name": "{t}.sort_name, {id}",
    # Ties (a broad word names many entries): the more of its measures match, then the latest award.
    "relevance": "{score} DESC, {matching} DESC, {t}.last_day IS NULL, {t}.last_day DESC, {t}.sort_name, {id}",
}
# Where a search word is found in a listed organisation's search text (``ListedText.body``: its
# name, then NAME_END, its measures' titles, then TITLES_END, its descriptions), a score: the
# name before a measure's title (or a measure of a catalogue entry the word names) before the
# rest. The separators are whitespace, which the normalised texts hold as single spaces only.
NAME_END, TITLES_END = "\n", "\t"
IN_NAME, IN_TITLES, IN_TEXT = 3, 2, 1


def today(day: date | None = None) -> date:
    return day or timezone.localdate()


@dataclass
class Found:
    """What a query finds: how many (counted; without counts, the number of ids), the ids of the
    page asked for (or of all, in the query's order), the counts per filter value and the search
    words with the catalogue entries they name (what ``matches`` reads again)."""

    total: int
    ids: list[int]
    counts: dict[str, dict[Any, int]]
    words: list[Word] = field(default_factory=list)


def _marks(values: list[Any]) -> str:
    return ", ".join(["%s"] * len(values))


def _programme_levels_sql(query: DirectoryQuery, day: date) -> tuple[str, list[Any]]:
    """SQL of a row ``o``'s listings in force on ``day`` (from ``since`` on, when asked) as
    "|programme#level|…|": its column while none of them has ended since the row was written
    and ``since`` takes all or none of them, else read from its ``ListedProgramme`` rows."""
    concat = "group_concat" if connection.vendor == "sqlite" else "string_agg"
    conditions = "l.listed_id = o.organisation_id AND (l.valid_until IS NULL OR l.valid_until >= %s)"
    params: list[Any] = [day]
    if query.since:
        conditions += " AND l.day >= %s"
        params.append(query.since)
    exact = (
        f"COALESCE((SELECT '|' || {concat}(l.programme || '#' || l.level, '|') || '|'"  # noqa: S608 - constants
        f" FROM directory_listedprogramme l WHERE {conditions}), '')"
    )
    fresh, fresh_params = "COALESCE(o.programme_levels_until, %s) >= %s", [date.max, day]
    if not query.since:
        return f"CASE WHEN {fresh} THEN o.programme_levels ELSE {exact} END", [*fresh_params, *params]
    return (
        f"CASE WHEN COALESCE(o.programme_levels_to, %s) < %s THEN ''"
        f" WHEN {fresh} AND COALESCE(o.programme_levels_from, %s) >= %s THEN o.programme_levels ELSE {exact} END"
    ), [date.min, query.since, *fresh_params, date.min, query.since, *params]


def directory_find(
    query: DirectoryQuery,
    *,
    day: date | None = None,
    counts: bool = True,
    page: int | None = None,
    within: list[int] | None = None,
    narrowed: bool = False,
) -> Found:
    """The organisations listed on ``day`` that the query finds, in one statement over the read
    model: the rows passing the search and listed today are taken once (a materialised CTE with
    a flag per filter); the total, every facet's counts (each with all filters but its own) and
    the ids of the page (of all, in order, when ``page`` is None) are read from them.
    ``within`` limits the rows to these organisations (how ``counts`` finds a change's share).
    ``narrowed`` takes only the rows passing the filters: every facet's counts but those of the
    filters' own facets stay right (the caller takes those from the plain list's, ``counts``).
    With two filters or more, only the rows failing at most one of them are taken: that is all
    any count reads."""
    day = today(day)
    flags: dict[str, tuple[str, list[Any]]] = {}
    for name in ATTRIBUTES:
        value = getattr(query, name)
        if value:
            flags[name] = (f"o.{name} = %s", [value])
    if query.measure:
        entry = measure_type_by_key(query.measure)
        flags["measure"] = (
            "EXISTS (SELECT 1 FROM directory_listedmeasure m WHERE m.listed_id = o.organisation_id AND m.type_id = %s)",
            [entry.pk if entry else -1],
        )
    listed_in, listed_in_params = _programme_levels_sql(query, day)
    if query.programme or query.level or query.since:
        # One listing with the programme and the level asked for (any, when not asked).
        wanted = f"|{query.programme}#" if query.programme else "#"
        wanted += f"{query.level}|" if query.level else ""
        position = "instr" if connection.vendor == "sqlite" else "strpos"
        flags["listing"] = (f"{position}({listed_in}, %s) > 0", [*listed_in_params, wanted])
    # Listed today. COALESCE: the narrow table is read whole, faster than through the index.
    where = ["COALESCE(o.listed_until, %s) >= %s"]
    where_params: list[Any] = [date.max, day]
    if within is not None:
        where.append(f"o.organisation_id IN ({', '.join(['%s'] * len(within)) or 'NULL'})")
        where_params += within
    if narrowed:
        for sql, values in flags.values():
            where.append(sql)
            where_params += values
    # A word is found in the search text (as part of a word), or through the catalogue entries
    # it names: the organisations with a measure of one of them (ListedMeasure), and those whose
    # texts mention one of the first MAX_TYPES by a name or synonym in any language (ListedMention).
    words = words_of(query.q)
    for word in words:
        sql, values = search_sql(word.term)
        type_ids = word.type_ids
        if type_ids:
            mentioned = type_ids[:MAX_TYPES]
            sql += (
                f" UNION SELECT listed_id FROM directory_listedmeasure WHERE type_id IN ({_marks(type_ids)})"  # noqa: S608
                f" UNION SELECT listed_id FROM directory_listedmention WHERE type_id IN ({_marks(mentioned)})"
            )
            values = [*values, *type_ids, *mentioned]
        where.append(f"o.organisation_id IN ({sql})")
        where_params += values
    columns = "".join(f", {sql} AS f_{name}" for name, (sql, _values) in flags.items())
    base = (
        "SELECT o.organisation_id AS id, o.country, o.region, o.sector, o.kind, o.size, o.sort_name,"  # noqa: S608
        f" o.last_day, o.first_day, o.staff_count, {listed_in} AS programme_levels{columns}"
        f" FROM directory_listedorganisation o WHERE {' AND '.join(where)}"
    )
    params: list[Any] = [
        *listed_in_params,
        *(value for _sql, values in flags.values() for value in values),
        *where_params,
    ]

    if len(flags) >= 2 and not narrowed:
        # Every count reads the rows passing all filters, or all but one (its facet's own):
        # the rest need not be taken. The inner query keeps the flags computed once (OFFSET 0
        # and LIMIT -1 keep the databases from merging it into this one).
        failures = " + ".join(f"CASE WHEN x.f_{name} THEN 0 ELSE 1 END" for name in flags)
        keep_apart = " OFFSET 0" if connection.vendor == "postgresql" else " LIMIT -1 OFFSET 0"
        base = f"SELECT * FROM ({base}{keep_apart}) x WHERE {failures} <= 1"  # noqa: S608 - constants

    limit = "" if page is None else " LIMIT %s OFFSET %s"
    limits = [] if page is None else [PAGE_SIZE, (page - 1) * PAGE_SIZE]
    order = ORDERS[query.order]
    score_params: list[Any] = []
    if query.order == "relevance":
        score, score_params = relevance_sql(words, "{id}")
        matching, matching_params = matching_sql(words, "{id}")
        order = order.replace("{score}", score).replace("{matching}", matching)
        score_params += matching_params
    if not counts:  # the ids alone: one plain query (the name order is the index's)
        conditions = where + [sql for sql, _values in flags.values()]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT o.organisation_id FROM directory_listedorganisation o WHERE {' AND '.join(conditions)}"  # noqa: S608
                f" ORDER BY {order.format(t='o', id='o.organisation_id')}{limit}",
                where_params + [value for _sql, values in flags.values() for value in values] + score_params + limits,
            )
            ids = [int(row[0]) for row in cursor.fetchall()]
        return Found(total=len(ids), ids=ids, counts={}, words=words)

    def passing(but: str = "") -> str:
        return " AND ".join([f"b.f_{name}" for name in flags if name != but] or ["1 = 1"])

    parts = [f"SELECT 'total', '', COUNT(*) FROM base b WHERE {passing()}"]  # noqa: S608
    for name in ATTRIBUTES:
        parts.append(
            f"SELECT '{name}', b.{name}, COUNT(*) FROM base b WHERE {passing(name)} AND b.{name} <> ''"  # noqa: S608
            f" GROUP BY b.{name}"
        )
    # SQLite reads "CROSS JOIN … ON" as an inner join in the written order (its planner hint);
    # PostgreSQL, like the standard, allows ON only after JOIN.
    join = "CROSS JOIN" if connection.vendor == "sqlite" else "JOIN"
    parts.append(
        f"SELECT 'measure', CAST(m.type_id AS TEXT), COUNT(*) FROM base b {join} directory_listedmeasure m"  # noqa: S608
        f" ON m.listed_id = b.id WHERE {passing('measure')} GROUP BY m.type_id"
    )
    # Programme and level counts from each combination of listings found (a few), split below.
    parts.append(
        f"SELECT 'listings', b.programme_levels, COUNT(*) FROM base b WHERE {passing('listing')}"  # noqa: S608
        " GROUP BY b.programme_levels"
    )
    parts.append(
        "SELECT 'id', CAST(p.id AS TEXT), 0 FROM (SELECT b.id FROM base b"  # noqa: S608
        f" WHERE {passing()} ORDER BY {order.format(t='b', id='b.id')}{limit}) p"
    )
    params += score_params + limits
    sql = f"WITH base AS MATERIALIZED ({base}) " + " UNION ALL ".join(parts)
    found: dict[str, dict[Any, int]] = {name: {} for name in (*ATTRIBUTES, "measure", "programme", "level")}
    total, ids = 0, []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for kind, value, count in cursor.fetchall():
            if kind == "id":
                ids.append(int(value))
            elif kind == "total":
                total = int(count)
            elif kind == "measure":
                found[kind][int(value)] = int(count)
            elif kind == "listings":
                pairs = [pair.partition("#")[::2] for pair in value.strip("|").split("|") if pair]
                for programme in {p for p, level in pairs if not query.level or level == query.level}:
                    found["programme"][programme] = found["programme"].get(programme, 0) + int(count)
                for level in {level for p, level in pairs if level and (not query.programme or p == query.programme)}:
                    found["level"][level] = found["level"].get(level, 0) + int(count)
            elif value not in ("", None):
                found[kind][value] = int(count)
    return Found(total=total, ids=ids, counts=found, words=words)


def relevance_sql(words: list[Word], organisation: str) -> tuple[str, list[Any]]:
    """SQL of a found organisation's relevance to the search words, with its parameters: per
    word, IN_NAME where its search text has the word in the name, IN_TITLES in a measure's title
    or where it has a measure of a catalogue entry the word names, else IN_TEXT (the row was
    found, so the word is somewhere); summed. The same arithmetic on both databases, so both
    give the same order. ``organisation``: the SQL of the row's organisation id."""
    if not words:
        return "0", []
    position = "instr" if connection.vendor == "sqlite" else "strpos"
    cases, params = [], []
    for word in words:
        term, type_ids = word.term, word.type_ids
        found = f"{position}(t.body, %s)"
        through = ""
        if type_ids:
            through = (
                " OR EXISTS (SELECT 1 FROM directory_listedmeasure m"  # noqa: S608 - constants
                f" WHERE m.listed_id = t.listed_id AND m.type_id IN ({_marks(type_ids)}))"
            )
        cases.append(
            f"CASE WHEN {found} BETWEEN 1 AND {position}(t.body, %s) THEN {IN_NAME}"
            f" WHEN {found} BETWEEN 1 AND {position}(t.body, %s){through} THEN {IN_TITLES} ELSE {IN_TEXT} END"
        )
        params += [term, NAME_END, term, TITLES_END, *type_ids]
    sql = f"(SELECT {' + '.join(cases)} FROM directory_listedtext t WHERE t.listed_id = {organisation})"  # noqa: S608
    return sql, params


def matching_sql(words: list[Word], organisation: str) -> tuple[str, list[Any]]:
    """SQL of how many of a found organisation's published measures match the search words, with
    its parameters: per word, its measures whose titles (any language) hold the word or whose
    catalogue entry the word names (``ListedMeasureText``), summed. What breaks ties of
    relevance: "Pflege" names many entries, and an employer with three such measures comes
    before one with one."""
    if not words:
        return "0", []
    position = "instr" if connection.vendor == "sqlite" else "strpos"
    counts, params = [], []
    for word in words:
        through = f" OR w.type_id IN ({_marks(word.type_ids)})" if word.type_ids else ""
        counts.append(
            "(SELECT COUNT(*) FROM directory_listedmeasuretext w"  # noqa: S608 - constants
            f" WHERE w.listed_id = {organisation} AND ({position}(w.words, %s) > 0{through}))"
        )
        params += [word.term, *word.type_ids]
    return "(" + " + ".join(counts) + ")", params


def search_sql(term: str) -> tuple[str, list[Any]]:
    """SQL selecting the ids of the organisations whose search text holds this normalised term
    (as a part of a word, or across words), with its parameters: the database's own full-text
    engine behind one function.

    SQLite: the FTS5 table with the trigram tokenizer (a quoted term matches any text holding
    it; terms under three characters are looked for with LIKE). PostgreSQL: ``LIKE`` on the
    text, answered by its pg_trgm GIN index."""
    if not term:
        return "SELECT listed_id FROM directory_listedtext WHERE 1 = 0", []
    if connection.vendor == "sqlite" and len(term) >= 3:
        sql = f"SELECT rowid FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH %s"  # noqa: S608 - a constant
        return sql, ['"' + term.replace('"', '""') + '"']
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return "SELECT listed_id FROM directory_listedtext WHERE body LIKE %s ESCAPE '\\'", [f"%{escaped}%"]
