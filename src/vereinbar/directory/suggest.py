""" "Did you mean …?" for a directory search that finds nothing ("Kinderbetreung" → Kinderbetreuung).

A word of the search found nowhere (no listed organisation's text holds it, it names no catalogue
entry) is replaced by the closest word the directory can find, by difflib's ratio: a word of the
catalogue's names and synonyms in any language, or of a listed organisation's name. The corrected
search is offered only when it finds something. A search that finds anything is left alone, and
costs nothing: it finds the rows holding all of its words, so each of them is found somewhere.

The same on SQLite and PostgreSQL: the words are read from the catalogue and the read model once
per version of the read model and process (a few thousand, even with ten thousand organisations),
compared in Python; the databases are asked only whether a word and the corrected search find
anything, through the search's own query (``find``)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace
from datetime import date

from django.conf import settings
from django.db import connection
from django.utils import translation

from vereinbar.measures.models import MeasureType, normalise_term

from .find import directory_find, search_sql
from .models import ListedOrganisation
from .search import DirectoryQuery, Word, words_of

# Shorter words are not corrected: too many words are one letter away from them.
MIN_LENGTH = 4
# difflib's ratio a correction needs: "pflgee" → "pflege" 0.83, "kinderopvnag" → "kinderopvang" 0.92.
CUTOFF = 0.8
# A correction is at most this many letters longer or shorter than the word (a typo's).
MAX_LENGTH_CHANGE = 2
# The corrected searches tried, the closest first (each one query), before giving up.
TRIES = 3
_WORD = re.compile(r"\w+")
_PUNCTUATION = ".,;:!?\"'()"  # what ``search.search_words`` strips from a word


@dataclass(frozen=True)
class Suggestion:
    """A corrected search and the language of its corrected words (an English word offered on a
    German page is read out in English: the link carries it as its ``lang``)."""

    words: str
    language: str


@dataclass(frozen=True)
class Vocabulary:
    """The words the directory can find, normalised, with their written form and the languages
    of the catalogue they are a word of (none for the words of organisations' names only); to
    compare, the catalogue's by length, the names' (thousands) by first letter and length."""

    written: dict[str, str]
    languages: dict[str, frozenset[str]]
    catalogue: dict[int, list[str]]
    names: dict[tuple[str, int], list[str]]


_kept: tuple[str, Vocabulary] | None = None  # the latest version's, replaced whole (threads share it)


def vocabulary(version: str) -> Vocabulary:
    """The words to suggest from, read once per version of the read model (``directory_version``)."""
    global _kept
    kept = _kept
    if kept is None or kept[0] != version:
        kept = (version, _read_vocabulary())
        _kept = kept
    return kept[1]


def _read_vocabulary() -> Vocabulary:
    written: dict[str, str] = {}
    languages: dict[str, set[str]] = {}

    def add(text: str, language: str = "") -> None:
        for word in _WORD.findall(text):
            if len(word) < MIN_LENGTH or word.isdigit():
                continue
            term = word.casefold()
            if not term.isascii():  # the rest is as normalise_term leaves it (no spaces in a word)
                term = normalise_term(word)
            # The catalogue is read first: its form is kept, but "childcare" before "Childcare"
            # (a word is capitalised as the first of a name; a German noun always is).
            if term not in written or (word.islower() and not written[term].islower()):
                written[term] = word
            if language:
                languages.setdefault(term, set()).add(language)

    codes = [code for code, _name in settings.LANGUAGES]
    columns = [f"{kind}_{code}" for code in codes for kind in ("name", "synonyms")]
    for texts in MeasureType.objects.filter(is_active=True).values_list(*columns):
        for index, code in enumerate(codes):
            add(f"{texts[2 * index] or ''} {texts[2 * index + 1] or ''}", code)
    for name in ListedOrganisation.objects.values_list("name", flat=True).iterator(chunk_size=2000):
        add(name)
    catalogue: dict[int, list[str]] = {}
    names: dict[tuple[str, int], list[str]] = {}
    for term in sorted(written):
        if term in languages:
            catalogue.setdefault(len(term), []).append(term)
        else:
            names.setdefault((term[0], len(term)), []).append(term)
    return Vocabulary(
        written=written,
        languages={term: frozenset(codes) for term, codes in languages.items()},
        catalogue=catalogue,
        names=names,
    )


def closest_words(term: str, words: Vocabulary, *, language: str) -> list[str]:
    """The normalised words of the vocabulary closest to ``term`` (at most TRIES), the closest
    first; of equally close ones, the words of the catalogue in ``language``, then of the catalogue."""
    # A typo adds or drops a letter or two: only the words of such lengths are compared; of the
    # names' words only those of the same first letter, which a typo seldom hits (a word of the
    # catalogue is compared whatever its first letter: "vhildcare" is corrected, "Jildesheim" not).
    sizes = range(len(term) - MAX_LENGTH_CHANGE, len(term) + MAX_LENGTH_CHANGE + 1)
    candidates = [word for size in sizes for word in words.catalogue.get(size, ())]
    candidates += [word for size in sizes for word in words.names.get((term[0], size), ())]
    close = [word for word in difflib.get_close_matches(term, candidates, n=TRIES * 3, cutoff=CUTOFF) if word != term]

    def order(word: str) -> tuple[float, int, str]:
        known_in = words.languages.get(word, frozenset())
        preference = 0 if language in known_in else 1 if known_in else 2
        return (-difflib.SequenceMatcher(None, word, term).ratio(), preference, word)

    return sorted(close, key=order)[:TRIES]


def _found_alone(word: Word) -> bool:
    """Whether a search for this word alone finds anything (filters aside): it names a catalogue
    entry, or a listed organisation's search text holds it."""
    if word.entries:
        return True
    sql, params = search_sql(word.term)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 WHERE EXISTS ({sql})", params)  # the search's own SQL
        return cursor.fetchone() is not None


def suggestion_language(chosen: list[str], words: Vocabulary, *, language: str) -> str:
    """The language of the corrected words ``chosen``: the page's ``language`` when each is a word
    of its catalogue or of names only; else one language all the others are words of (the first
    in ``settings.LANGUAGES``), or that of the first of them. The link has one language: words
    corrected to two other languages at once are rare enough not to split it."""
    foreign = [words.languages[word] for word in chosen if word in words.languages]
    foreign = [codes for codes in foreign if language not in codes]
    if not foreign:
        return language
    common = frozenset.intersection(*foreign) or foreign[0]
    return next(code for code, _name in settings.LANGUAGES if code in common)


def search_suggestion(query: DirectoryQuery, *, version: str, day: date | None = None) -> Suggestion | None:
    """For a search that found nothing: its words, those found nowhere replaced by the closest
    words the directory can find (as written there), when that search with the same filters
    finds something, with the language of the words put in; None otherwise."""
    if not query.q:
        return None
    unknown = [word for word in words_of(query.q) if not _found_alone(word)]
    if not unknown or any(len(word.term) < MIN_LENGTH for word in unknown):
        return None
    words = vocabulary(version)
    language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    options = {word.term: closest_words(word.term, words, language=language) for word in unknown}
    if not all(options.values()):
        return None
    tried: set[str] = set()
    for attempt in range(TRIES):
        chosen = {term: close[min(attempt, len(close) - 1)] for term, close in options.items()}
        corrected = _corrected(query.q, {term: words.written[word] for term, word in chosen.items()})
        if corrected in tried:
            continue
        tried.add(corrected)
        # The name order: whether anything is found, without the relevance of every row found.
        candidate = replace(query, q=corrected, sort="name", page=1)
        if directory_find(candidate, day=day, counts=False, page=1).ids:
            return Suggestion(corrected, suggestion_language(list(chosen.values()), words, language=language))
    return None


def _corrected(q: str, corrections: dict[str, str]) -> str:
    """The search as typed, each word in ``corrections`` (by its normalised form) replaced."""
    out = []
    for token in q.split():
        word = token.strip(_PUNCTUATION)
        written = corrections.get(normalise_term(word)) if word else None
        out.append(token.replace(word, written, 1) if written else token)
    return " ".join(out)
