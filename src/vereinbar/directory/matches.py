"""Why a search found an organisation, as a result row shows it: which of its published
measures hold the search words (in its own titles, or through the catalogue entry a word
names), else where its description does, with the words marked, in the visitor's language.

Read for the page's rows only, from the read model (``ListedMeasureText``, ``ListedDescription``:
two queries) and the catalogue entries the query's words name, as the query read them
(``find.Found.words``), after ``find.directory_find`` has chosen and ordered the rows."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import translation

from vereinbar.measures.models import normalise_term

from .models import ListedDescription, ListedMeasureText
from .search import MIN_TERM_LENGTH, NamedEntry, Word

if TYPE_CHECKING:
    from .selectors import Entry

MEASURES_SHOWN = 3
EXCERPT_BEFORE, EXCERPT_AFTER = 50, 110  # characters around the first word found


@dataclass(frozen=True)
class Term:
    """A search word, normalised, with what counts as the word in a text, best first: the word
    itself, the names (any language) of the catalogue entries it names, their synonyms. A text is
    marked where it holds the first of these that it holds at all."""

    word: str
    tiers: tuple[tuple[str, ...], ...]

    @property
    def forms(self) -> list[str]:
        return [form for tier in self.tiers for form in tier]


def search_terms(words: Iterable[Word]) -> list[Term]:
    """The terms of the query's words, from the catalogue entries the query read for them (their
    names and synonyms in any language, as long as a word's expansion takes them)."""
    terms = []
    for word in words:
        normalised = word.term
        names = {normalise_term(name) for entry in word.entries for name in entry.names.values() if name}
        synonyms = {
            normalise_term(line) for entry in word.entries for lines in entry.synonyms.values() for line in lines
        }
        # Short ones are not taken; a name holding the word adds nothing: the word is marked in it.
        names = {name for name in names if len(name) >= MIN_TERM_LENGTH and normalised not in name}
        synonyms = {s for s in synonyms - names if len(s) >= MIN_TERM_LENGTH and normalised not in s}
        tiers = tuple(tuple(sorted(tier)) for tier in ({normalised}, names, synonyms) if tier)
        terms.append(Term(word=normalised, tiers=tiers))
    return terms


@dataclass(frozen=True)
class Marked:
    """A text as parts, each to be marked or not (the template wraps the marked ones in
    <mark>): no HTML is made here. ``lang``: the text's language where it is not the page's
    (a Dutch title on the German page), for its ``lang`` attribute; else ""."""

    parts: tuple[tuple[str, bool], ...]
    lang: str = ""

    @property
    def marked(self) -> bool:
        return any(marked for _text, marked in self.parts)

    @property
    def text(self) -> str:
        return "".join(text for text, _marked in self.parts)


class _Folds(dict[int, str]):
    """``str.translate``'s table of ``normalise_term`` per character, filled as texts are marked:
    a character that folds to one character other than a space maps to it, any other to two
    characters, so a text that keeps its length was folded character by character."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        parts = unicodedata.normalize("NFKD", char.casefold())
        folded = "".join(part for part in parts if not unicodedata.combining(part))
        self[code] = folded if len(folded) == 1 and not folded.isspace() and not char.isspace() else "  "
        return self[code]


_FOLDS = _Folds({ord(" "): " "})


def _folded(text: str) -> tuple[str, list[int] | range]:
    """``normalise_term`` of the text, with the index in the text of each character of it."""
    if " ".join(text.split()) == text:  # singly spaced, as most texts: no loop in Python
        folded = text.translate(_FOLDS)
        if len(folded) == len(text):
            return folded, range(len(text))
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


def _first_excerpt(texts: Iterable[tuple[str, str]], terms: list[Term], page: str) -> Marked | None:
    """A passage of the first of the (language, text) pairs that holds a word, with its language
    where it is not the ``page``'s."""
    for code, text in texts:
        found = excerpt(text or "", terms)
        if found is not None:
            return _in(found, code, page)
    return None


def _in(text: Marked, code: str, page: str) -> Marked:
    """The text marked as written in ``code`` where that is not the page's language."""
    return replace(text, lang=code) if code and code != page else text


def _holds(texts: list[str], forms: list[str]) -> bool:
    """Whether any of the texts holds any of the forms (case and accents aside)."""
    folded = [normalise_term(text) for text in texts if text]
    return any(form in text for text in folded for form in forms)


def _first_language(texts: dict[str, str], languages: list[str]) -> str:
    """The first of the languages that has a text, or ""."""
    return next((code for code in languages if texts.get(code)), "")


@dataclass(frozen=True)
class _Found:
    """A published measure that holds a search word, before its line is marked: only the
    measures shown are (marking is most of the cost of "why this matched")."""

    titles: dict[str, str]  # language → title (``ListedMeasureText``)
    descriptions: dict[str, str]
    entry: NamedEntry | None
    shown: str  # its title in the first of the visitor's languages that has one
    shown_in: str  # the language of that title
    by_title: bool


def _measure_found(
    titles: dict[str, str],
    descriptions: dict[str, str],
    entry: NamedEntry | None,
    forms: list[str],
    languages: list[str],
) -> _Found | None:
    """Whether a published measure holds a search word (``forms``: every term's forms);
    ``entry``: its catalogue entry where a search word names it."""
    by_title = entry is not None or _holds([titles.get(code) or "" for code in languages], forms)
    if not by_title and not _holds([descriptions.get(code) or "" for code in languages], forms):
        return None
    shown_in = _first_language(titles, languages)
    shown = titles[shown_in] if shown_in else ""
    return _Found(
        titles=titles, descriptions=descriptions, entry=entry, shown=shown, shown_in=shown_in, by_title=by_title
    )


def _measure_match(measure: _Found, terms: list[Term], languages: list[str]) -> MatchedMeasure:
    """How the result line shows a measure that holds a search word (``_measure_found``)."""
    entry, shown, by_title = measure.entry, measure.shown, measure.by_title
    by_entry = entry is not None
    page = languages[0]
    titles = [(code, measure.titles.get(code) or "") for code in languages]
    descriptions = [(code, measure.descriptions.get(code) or "") for code in languages]
    title = _in(mark(shown, terms), measure.shown_in, page)
    literal = any(term.word in normalise_term(shown) for term in terms)
    if title.marked and (literal or not by_entry):
        return MatchedMeasure(title=title, by_title=by_title)
    detail: Marked | None = None
    if entry is not None:
        # The entry's name or synonym in the visitor's language that holds a word says why
        # ("Vortrag Pflege" for "Vorträge und Informationsveranstaltungen").
        own = [entry.names.get(languages[0]) or "", *entry.synonyms.get(languages[0], [])]
        holding = [name.strip() for name in own if any(term.word in normalise_term(name) for term in terms)]
        named_in = _first_language(entry.names, languages)
        name = entry.names[named_in] if named_in else ""
        if holding:  # the title marks only the words themselves; the entry's term says why
            detail = mark(holding[0], terms)
            title = _in(mark(shown, [replace(term, tiers=((term.word,),)) for term in terms]), measure.shown_in, page)
        elif not title.marked and name:
            found = mark(name, terms)
            detail = _in(found if found.marked else Marked(parts=((name, True),)), named_in, page)
    elif not title.marked:
        detail = _first_excerpt([*titles, *descriptions], terms, page)
    return MatchedMeasure(title=title, detail=detail, by_title=by_title)


def matches_for(entries: Iterable[Entry], words: list[Word]) -> dict[int, Match]:
    """Why each of these results was found by the query's words (``find.Found.words``), by
    organisation id; empty without search words."""
    rows = list(entries)
    terms = search_terms(words)
    if not terms or not rows:
        return {}
    languages = _languages()
    named = {entry.pk: entry for word in words for entry in word.entries}
    forms = [form for term in terms for form in term.forms]
    with_measures = [entry.row.pk for entry in rows if entry.published_measures]
    measures: dict[int, list[_Found]] = {}
    for listed_id, type_id, titles, descriptions in (
        ListedMeasureText.objects.filter(listed_id__in=with_measures)
        .order_by("listed_id", "pk")
        .values_list("listed_id", "type_id", "titles", "descriptions")
    ):
        matched = _measure_found(titles, descriptions, named.get(type_id or 0), forms, languages)
        if matched is not None:
            measures.setdefault(listed_id, []).append(matched)
    with_profile = [entry.row.pk for entry in rows if entry.published_profile]
    descriptions = {
        pk: [(code, texts.get(code) or "") for code in languages]
        for pk, texts in ListedDescription.objects.filter(listed_id__in=with_profile).values_list("listed_id", "texts")
    }
    out: dict[int, Match] = {}
    for entry in rows:
        name = mark(entry.row.name, terms)
        found = sorted(measures.get(entry.row.pk, []), key=lambda m: (not m.by_title, m.shown.casefold()))
        text = None
        if not name.marked and not found:
            text = _first_excerpt(descriptions.get(entry.row.pk, ()), terms, languages[0])
        out[entry.row.pk] = Match(
            name=name,
            measures=[_measure_match(measure, terms, languages) for measure in found[:MEASURES_SHOWN]],
            more=max(0, len(found) - MEASURES_SHOWN),
            text=text,
        )
    return out
