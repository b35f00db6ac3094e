"""The directory's query: parsed from GET parameters (the same for pages, exports and the API),
and the expansion of search words through the measure catalogue's names and synonyms."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Any

from django.conf import settings

from vereinbar.measures.models import MeasureType, normalise_term
from vereinbar.measures.selectors import catalogue_types_matching
from vereinbar.programmes.keys import programme_from_param

MAX_QUERY_LENGTH = 100
MAX_WORDS = 6
MIN_WORD_LENGTH = 2
# A word names at most this many catalogue entries; their names and synonyms of 4+ letters count.
MAX_TYPES = 8
MIN_TERM_LENGTH = 4
# "relevance" orders a search (``find.relevance_sql``); without words it is the name order.
SORTS = ("relevance", "name", "recent", "first", "size")
FILTERS = ("programme", "level", "country", "region", "sector", "kind", "size", "measure", "since")


@dataclass(frozen=True)
class DirectoryQuery:
    """What someone asked the directory for. Empty strings mean "no filter"."""

    q: str = ""
    programme: str = ""  # a programme's identifier
    # ... and its key in addresses (``programme_keys``); the identifier when not given
    programme_key: str = field(default="", compare=False, repr=False)
    level: str = ""  # a level key
    country: str = ""
    region: str = ""
    sector: str = ""
    kind: str = ""  # the organisation's kind
    size: str = ""  # a size band value ("50-249")
    measure: str = ""  # a catalogue entry's key
    since: date | None = None  # awarded on or after
    sort: str = ""  # one of SORTS; empty: the default (``order``)
    page: int = 1

    @classmethod
    def from_params(cls, params: Any) -> DirectoryQuery:
        """From a QueryDict or a dict; unknown or malformed values are dropped, never an error."""

        def text(name: str, limit: int = 200) -> str:
            value = params.get(name) or ""
            return " ".join(str(value).split())[:limit]

        since: date | None = None
        raw_since = text("since", 10)
        if raw_since:
            try:
                since = date.fromisoformat(raw_since) if len(raw_since) > 4 else date(int(raw_since), 1, 1)
            except ValueError:
                since = None
        try:
            page = max(1, int(params.get("page") or 1))
        except (TypeError, ValueError):
            page = 1
        sort = text("sort", 20)
        programme, programme_key = programme_from_param(text("programme"))
        return cls(
            q=text("q", MAX_QUERY_LENGTH),
            programme=programme,
            programme_key=programme_key,
            level=text("level", 60),
            country=text("country", 2).upper(),
            region=text("region", 120),
            sector=text("sector", 40),
            kind=text("kind", 40),
            size=text("size", 10),
            measure=text("measure", 80),
            since=since,
            sort=sort if sort in SORTS else "",
            page=min(page, 100_000),
        )

    def is_plain(self) -> bool:
        """No search words and no filter: the whole list (in any order, on any page)."""
        return not self.q and not any(getattr(self, name) for name in FILTERS)

    def without(self, *names: str) -> DirectoryQuery:
        """The same query with these filters cleared (for the counts of a facet)."""
        cleared: dict[str, Any] = {name: (None if name == "since" else "") for name in names}
        return replace(self, **cleared)

    def params(self, *, page: bool = False) -> dict[str, str]:
        """The query as GET parameters (defaults left out), for links and exports."""
        out: dict[str, str] = {}
        for item in fields(self):
            value = getattr(self, item.name)
            if item.name == "programme_key":
                continue
            if item.name == "programme":
                if value:
                    out["programme"] = self.programme_key or value
            elif item.name == "page":
                if page and value > 1:
                    out["page"] = str(value)
            elif item.name == "sort":
                if value and self.order != self.default_order:
                    out["sort"] = self.order
            elif item.name == "since":
                if value:
                    out["since"] = value.isoformat()
            elif value:
                out[item.name] = value
        return out

    @property
    def default_order(self) -> str:
        """A search is ordered by relevance, the whole list by name."""
        return "relevance" if self.q else "name"

    @property
    def order(self) -> str:
        """The order asked for, else the default; relevance without search words is by name."""
        if self.sort not in SORTS or (self.sort == "relevance" and not self.q):
            return self.default_order
        return self.sort

    @property
    def has_filters(self) -> bool:
        return bool(self.q or any(getattr(self, name) for name in FILTERS))


def search_words(query: str) -> list[str]:
    """The words of a search, at most MAX_WORDS, too short ones dropped."""
    words = [word.strip(".,;:!?\"'()") for word in query.split()]
    return [word for word in words if len(word) >= MIN_WORD_LENGTH][:MAX_WORDS]


@dataclass(frozen=True)
class NamedEntry:
    """A catalogue entry a search word names, with its name and synonyms per language."""

    pk: int
    names: dict[str, str]
    synonyms: dict[str, list[str]]


@dataclass(frozen=True)
class Word:
    """A search word, normalised, with the catalogue entries it names (by primary key)."""

    term: str
    entries: tuple[NamedEntry, ...] = ()

    @property
    def type_ids(self) -> list[int]:
        return [entry.pk for entry in self.entries]


def words_of(query: str) -> list[Word]:
    """The search's words, each with every catalogue entry whose name or synonym in any language
    holds it ("kinderopvang" names the entry whose German name is "Kinderbetreuung"): one query
    per word, read once for the search and for why its rows matched (``matches``)."""
    codes = [code for code, _name in settings.LANGUAGES]
    out = []
    for word in search_words(query):
        rows = (
            catalogue_types_matching(query=word)
            .order_by("pk")
            .values_list("pk", *(f"name_{code}" for code in codes), *(f"synonyms_{code}" for code in codes))
        )
        entries = tuple(
            NamedEntry(
                pk=pk,
                names={code: name or "" for code, name in zip(codes, texts[: len(codes)], strict=True)},
                synonyms={
                    code: [line.strip() for line in (text or "").splitlines() if line.strip()]
                    for code, text in zip(codes, texts[len(codes) :], strict=True)
                },
            )
            for pk, *texts in rows
        )
        out.append(Word(term=normalise_term(word), entries=entries))
    return out


def measure_type_by_key(key: str) -> MeasureType | None:
    return MeasureType.objects.filter(key=key).first() if key else None
