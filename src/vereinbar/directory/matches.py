"""Why a search found an organisation, as a result row shows it: which of its published
measures hold the search words (in its own titles, or through the catalogue entry a word
names), else where its description does, with the words marked, in the visitor's language.

Read for the page's rows only (two queries), after ``find.directory_find`` has chosen and
ordered them; the order itself is the database's (``find.relevance_sql``)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import translation

from vereinbar.measures.models import MeasureType, normalise_term
from vereinbar.measures.selectors import public_measures_in
from vereinbar.organisations.models import Organisation

from .search import MIN_TERM_LENGTH, DirectoryQuery, catalogue_entries_named, search_words

if TYPE_CHECKING:
    from .selectors import Entry

MEASURES_SHOWN = 3
EXCERPT_BEFORE, EXCERPT_AFTER = 50, 110  # characters around the first word found


@dataclass(frozen=True)
class Term:
    """A search word, normalised, with the catalogue entries it names and what counts as the
    word in a text, best first: the word itself, those entries' names (any language), their
    synonyms. A text is marked where it holds the first of these that it holds at all."""

    word: str
    type_ids: frozenset[int]
    tiers: tuple[tuple[str, ...], ...]

    @property
    def forms(self) -> list[str]:
        return [form for tier in self.tiers for form in tier]


def _entry_names(type_ids: list[int]) -> tuple[set[str], set[str]]:
    """The normalised names and synonyms (any language) of these catalogue entries, as a
    search word's expansion takes them (at least MIN_TERM_LENGTH letters)."""
    codes = [code for code, _name in settings.LANGUAGES]
    names: set[str] = set()
    synonyms: set[str] = set()
    rows = MeasureType.objects.filter(pk__in=type_ids, is_active=True).values_list(
        *(f"name_{code}" for code in codes), *(f"synonyms_{code}" for code in codes)
    )
    for row in rows:
        names |= {normalise_term(name) for name in row[: len(codes)] if name}
        synonyms |= {normalise_term(line) for text in row[len(codes) :] for line in (text or "").splitlines()}
    return {n for n in names if len(n) >= MIN_TERM_LENGTH}, {n for n in synonyms if len(n) >= MIN_TERM_LENGTH}


def search_terms(query: DirectoryQuery) -> list[Term]:
    terms = []
    for word in search_words(query.q):
        normalised = normalise_term(word)
        type_ids = catalogue_entries_named(word)
        names, synonyms = _entry_names(type_ids) if type_ids else (set(), set())
        # A name holding the word adds nothing: the word is marked in it.
        names = {name for name in names if normalised not in name}
        synonyms = {synonym for synonym in synonyms - names if normalised not in synonym}
        tiers = tuple(tuple(sorted(tier)) for tier in ({normalised}, names, synonyms) if tier)
        terms.append(Term(word=normalised, type_ids=frozenset(type_ids), tiers=tiers))
    return terms


@dataclass(frozen=True)
class Marked:
    """A text as parts, each to be marked or not (the template wraps the marked ones in
    <mark>): no HTML is made here."""

    parts: tuple[tuple[str, bool], ...]

    @property
    def marked(self) -> bool:
        return any(marked for _text, marked in self.parts)

    @property
    def text(self) -> str:
        return "".join(text for text, _marked in self.parts)


def _folded(text: str) -> tuple[str, list[int]]:
    """``normalise_term`` of the text, with the index in the text of each character of it."""
    out: list[str] = []
    owners: list[int] = []
    for index, char in enumerate(text):
        if char.isspace():
            if out and out[-1] != " ":
                out.append(" ")
                owners.append(index)
            continue
        for part in unicodedata.normalize("NFKD", char.casefold()):
            if not unicodedata.combining(part):
                out.append(part)
                owners.append(index)
    return "".join(out), owners


def mark(text: str, terms: Iterable[Term]) -> Marked:
    """The text with every place marked that holds a search word (case and accents aside),
    each word by the best of its forms the text holds (``Term.tiers``)."""
    folded, owners = _folded(text)
    spans: list[tuple[int, int]] = []
    for term in terms:
        for tier in term.tiers:
            found = len(spans)
            for form in tier:
                start = folded.find(form)
                while start != -1:
                    spans.append((owners[start], owners[start + len(form) - 1] + 1))
                    start = folded.find(form, start + len(form))
            if len(spans) > found:
                break
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    parts: list[tuple[str, bool]] = []
    position = 0
    for start, end in merged:
        if start > position:
            parts.append((text[position:start], False))
        parts.append((text[start:end], True))
        position = end
    if position < len(text):
        parts.append((text[position:], False))
    return Marked(parts=tuple(parts))


def excerpt(text: str, terms: Iterable[Term]) -> Marked | None:
    """A short passage of the text around the first word found in it, marked; None if none is."""
    whole = mark(" ".join(text.split()), terms)
    if not whole.marked:
        return None
    flat = whole.text
    first = 0
    for text_part, marked in whole.parts:
        if marked:
            break
        first += len(text_part)
    start, end = max(0, first - EXCERPT_BEFORE), min(len(flat), first + EXCERPT_AFTER)
    if start > 0:  # from the start of a word
        space = flat.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    if end < len(flat):
        space = flat.rfind(" ", first, end)
        end = space if space > first else end
    parts: list[tuple[str, bool]] = [("… ", False)] if start > 0 else []
    position = 0
    for text_part, marked in whole.parts:
        low, high = max(position, start), min(position + len(text_part), end)
        if low < high:
            parts.append((flat[low:high], marked))
        position += len(text_part)
    if end < len(flat):
        parts.append((" …", False))
    return Marked(parts=tuple(parts))


@dataclass(frozen=True)
class MatchedMeasure:
    """A published measure that holds a search word. ``detail`` says why where its title in the
    visitor's language does not show the word: the name of its catalogue entry, or the passage
    of its text (another language's title, a description) that holds it."""

    title: Marked
    detail: Marked | None = None
    by_title: bool = True  # in a title or through the catalogue, not in its description only


@dataclass(frozen=True)
class Match:
    """Why a result was found: its name with the words marked, the measures that hold them (the
    first MEASURES_SHOWN, ``more`` not shown) and, where neither shows a word, a passage of its
    description."""

    name: Marked
    measures: list[MatchedMeasure] = field(default_factory=list)
    more: int = 0
    text: Marked | None = None


def _languages() -> list[str]:
    """The visitor's language first, then the others."""
    active = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    codes = [code for code, _name in settings.LANGUAGES]
    return [active, *(code for code in codes if code != active)]


def _first_excerpt(texts: Iterable[str], terms: list[Term]) -> Marked | None:
    for text in texts:
        found = excerpt(text or "", terms)
        if found is not None:
            return found
    return None


def _holds(texts: list[str], forms: list[str]) -> bool:
    """Whether any of the texts holds any of the forms (case and accents aside)."""
    folded = [normalise_term(text) for text in texts if text]
    return any(form in text for text in folded for form in forms)


def _first(row: dict[str, Any], field: str, languages: list[str]) -> str:
    """A translated column of the row in the first of the languages that has it."""
    return next((row[f"{field}_{code}"] for code in languages if row[f"{field}_{code}"]), "")


def _measure_match(row: dict[str, Any], terms: list[Term], languages: list[str]) -> MatchedMeasure | None:
    """Whether a published measure (a row of ``MEASURE_COLUMNS``) holds a search word, and how
    its result line shows it."""
    forms = [form for term in terms for form in term.forms]
    titles = [row[f"title_{code}"] or "" for code in languages]
    descriptions = [row[f"description_{code}"] or "" for code in languages]
    by_entry = any(row["type_id"] in term.type_ids for term in terms)
    by_title = by_entry or _holds(titles, forms)
    if not by_title and not _holds(descriptions, forms):
        return None
    shown = _first(row, "title", languages)
    title = mark(shown, terms)
    literal = any(term.word in normalise_term(shown) for term in terms)
    if title.marked and (literal or not by_entry):
        return MatchedMeasure(title=title, by_title=by_title)
    detail: Marked | None = None
    if by_entry:
        # The entry's name or synonym in the visitor's language that holds a word says why
        # ("Vortrag Pflege" for "Vorträge und Informationsveranstaltungen").
        own = [row[f"type__name_{languages[0]}"] or "", *(row[f"type__synonyms_{languages[0]}"] or "").splitlines()]
        holding = [name.strip() for name in own if any(term.word in normalise_term(name) for term in terms)]
        entry = _first(row, "type__name", languages)
        if holding:  # the title marks only the words themselves; the entry's term says why
            detail = mark(holding[0], terms)
            title = mark(shown, [replace(term, tiers=((term.word,),)) for term in terms])
        elif not title.marked and entry:
            found = mark(entry, terms)
            detail = found if found.marked else Marked(parts=((entry, True),))
    elif not title.marked:
        detail = _first_excerpt([*titles, *descriptions], terms)
    return MatchedMeasure(title=title, detail=detail, by_title=by_title)


def matches_for(entries: Iterable[Entry], query: DirectoryQuery) -> dict[int, Match]:
    """Why each of these results was found by the query's words, by organisation id; empty
    without search words."""
    rows = list(entries)
    terms = search_terms(query)
    if not terms or not rows:
        return {}
    languages = _languages()
    with_measures = [entry.row.pk for entry in rows if entry.published_measures]
    measures: dict[int, list[MatchedMeasure]] = {}
    columns = [
        f"{name}_{code}" for name in ("title", "description", "type__name", "type__synonyms") for code in languages
    ]
    # Plain rows, not model instances: a page's hundred measures and their entries.
    for row in (
        public_measures_in(with_measures)
        .order_by("organisation_id", "pk")
        .values("organisation_id", "type_id", *columns)
    ):
        matched = _measure_match(row, terms, languages)
        if matched is not None:
            measures.setdefault(row["organisation_id"], []).append(matched)
    with_profile = [entry.row.pk for entry in rows if entry.published_profile]
    descriptions = {
        row[0]: row[1:]
        for row in Organisation.objects.filter(pk__in=with_profile).values_list(
            "pk", *(f"description_{code}" for code in languages)
        )
    }
    out: dict[int, Match] = {}
    for entry in rows:
        name = mark(entry.row.name, terms)
        found = sorted(measures.get(entry.row.pk, []), key=lambda m: (not m.by_title, m.title.text.casefold()))
        text = None
        if not name.marked and not found:
            text = _first_excerpt(descriptions.get(entry.row.pk, ()), terms)
        out[entry.row.pk] = Match(
            name=name, measures=found[:MEASURES_SHOWN], more=max(0, len(found) - MEASURES_SHOWN), text=text
        )
    return out
