"""A typed, read-only view of a canonical instrument definition, used by the answering pages,
the encoding of answers and the report. Built once per instrument version and cached."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from vereinbar.surveys.statistics import Questionnaire

Text = dict[str, str]


def pick(text: Text | None, language: str, fallback: str = "") -> str:
    """The text in this language, else in the first language it exists in."""
    if not text:
        return ""
    return text.get(language) or text.get(fallback) or next(iter(text.values()))


def language_of(text: Text | None, language: str, fallback: str = "") -> str:
    """The language ``pick`` takes the text from when it is not ``language`` ("" when it is, or
    there is no text): a page marks such a text with ``lang``, so that a screen reader reads a
    German question to a Dutch respondent in German."""
    if not text or text.get(language):
        return ""
    if text.get(fallback):
        return fallback
    return next(iter(text))


@dataclass(frozen=True)
class Option:
    key: str
    label: Text


@dataclass(frozen=True)
class Item:
    key: str
    kind: str
    text: Text
    section: str
    help: Text | None = None
    labels: dict[str, list[str]] | None = None  # likert: the answer labels per language
    options: tuple[Option, ...] = ()
    reverse: bool = False
    breakdown: bool = False
    minimum: float | None = None
    maximum: float | None = None
    decimals: int = 0
    max_length: int = 2000
    column: int = -1  # position in the encoded answer vector; -1 for free text

    @property
    def points(self) -> int:
        """Number of answer positions (likert points, 2 for yes/no, options for a single choice)."""
        if self.kind == "likert" and self.labels:
            return len(next(iter(self.labels.values())))
        if self.kind == "yes_no":
            return 2
        return len(self.options)

    def labels_language(self, language: str, default: str) -> str:
        """The language of the answer labels ``label_of`` gives, when it is not ``language``."""
        if self.kind == "likert" and self.labels:
            return "" if self.labels.get(language) else default
        if self.kind == "single_choice" and self.options:
            return language_of(self.options[0].label, language, default)
        return ""

    def label_of(self, position: int, language: str, default: str) -> str:
        """Label of an answer position (1-based) for likert, yes/no and single-choice items."""
        if self.kind == "likert" and self.labels:
            return (self.labels.get(language) or self.labels[default])[position - 1]
        if self.kind == "yes_no":
            from django.utils.translation import gettext

            return gettext("Yes") if position == 2 else gettext("No")
        return pick(self.options[position - 1].label, language, default)


@dataclass(frozen=True)
class Section:
    key: str
    title: Text
    intro: Text | None
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Scale:
    key: str
    title: Text
    description: Text | None
    items: tuple[str, ...]
    higher_is_better: bool
    threshold: float
    measure_categories: tuple[str, ...] = ()  # keys of measure catalogue categories
    programme_action_fields: dict[str, tuple[str, ...]] = field(default_factory=dict)  # programme URN → codes
    # Score points (1 = lowest score, in the scored direction like the report's distribution)
    # whose answers are favourable: the answer set's favourable positions, mirrored on a strain scale.
    favourable_points: tuple[int, ...] = ()


def _favourable_points(definition: dict[str, Any], scale: dict[str, Any], items: dict[str, Item]) -> tuple[int, ...]:
    """The scale's favourable score points. A reversed item's favourable answers (disagreeing with
    a negatively worded statement) score like the favourable answers of a positively worded one,
    so in the scored direction one set serves every item; a strain scale mirrors it."""
    from .checks import favourable_positions

    raw_items = {raw["key"]: raw for section in definition["sections"] for raw in section["items"]}
    if not scale["items"] or scale["items"][0] not in raw_items:
        return ()
    first = scale["items"][0]
    positions = favourable_positions(definition, raw_items[first])
    points = items[first].points
    if scale.get("higher_is_better", True):
        return positions
    return tuple(sorted(points + 1 - p for p in positions))


@dataclass(frozen=True)
class InstrumentSpec:
    """Items, sections and scales of one instrument version."""

    id: str
    version: str
    languages: tuple[str, ...]
    default_language: str
    title: Text
    consent: Text
    thanks: Text | None
    sections: tuple[Section, ...]
    scales: tuple[Scale, ...]
    min_answered: float = 0.5
    items: dict[str, Item] = field(default_factory=dict)

    def fallback_texts(self, language: str) -> dict[str, str]:
        """Every text shown for ``language`` that comes from another language, with that language
        (the report marks these with ``lang``; its figures carry only the texts themselves)."""
        default = self.default_language
        texts: list[Text | None] = [self.title]
        texts += [text for scale in self.scales for text in (scale.title, scale.description)]
        texts += [text for section in self.sections for text in (section.title, section.intro)]
        for item in self.items.values():
            texts += [item.text, item.help, *(option.label for option in item.options)]
        found = {
            pick(text, language, default): lang for text in texts if (lang := language_of(text, language, default))
        }
        for item in self.items.values():
            if item.kind == "likert" and (lang := item.labels_language(language, default)):
                found |= dict.fromkeys((item.labels or {})[default], lang)
        return found

    @classmethod
    def from_definition(cls, definition: dict[str, Any]) -> InstrumentSpec:
        answer_sets = definition.get("answer_sets") or {}
        sections = []
        items: dict[str, Item] = {}
        column = 0
        for section in definition["sections"]:
            section_items = []
            for raw in section["items"]:
                kind = raw["kind"]
                item = Item(
                    key=raw["key"],
                    kind=kind,
                    text=raw["text"],
                    section=section["key"],
                    help=raw.get("help"),
                    labels=answer_sets[raw["answers"]]["labels"] if kind == "likert" else None,
                    options=tuple(Option(o["key"], o["label"]) for o in raw.get("options", [])),
                    reverse=bool(raw.get("reverse", False)),
                    breakdown=bool(raw.get("breakdown", False)),
                    minimum=raw.get("min"),
                    maximum=raw.get("max"),
                    decimals=int(raw.get("decimals", 0)),
                    max_length=int(raw.get("max_length", 2000)),
                    column=-1 if kind == "free_text" else column,
                )
                if kind != "free_text":
                    column += 1
                items[item.key] = item
                section_items.append(item)
            sections.append(Section(section["key"], section["title"], section.get("intro"), tuple(section_items)))
        scales = tuple(
            Scale(
                key=s["key"],
                title=s["title"],
                description=s.get("description"),
                items=tuple(s["items"]),
                higher_is_better=bool(s.get("higher_is_better", True)),
                threshold=float(s.get("threshold", 50)),
                measure_categories=tuple(s.get("measure_categories") or ()),
                programme_action_fields={
                    urn: tuple(str(code) for code in codes)
                    for urn, codes in (s.get("programme_action_fields") or {}).items()
                },
                favourable_points=_favourable_points(definition, s, items),
            )
            for s in definition["scales"]
        )
        return cls(
            id=definition["id"],
            version=definition["version"],
            languages=tuple(definition["languages"]),
            default_language=definition["default_language"],
            title=definition["title"],
            consent=definition["consent"],
            thanks=definition.get("thanks"),
            sections=tuple(sections),
            scales=scales,
            min_answered=float(definition.get("min_answered", 0.5)),
            items=items,
        )

    @cached_property
    def value_items(self) -> tuple[Item, ...]:
        """Items stored in the encoded answer vector, in column order (all but free text)."""
        return tuple(item for item in self.items.values() if item.column >= 0)

    @cached_property
    def text_items(self) -> tuple[Item, ...]:
        return tuple(item for item in self.items.values() if item.kind == "free_text")

    @cached_property
    def breakdown_items(self) -> tuple[Item, ...]:
        return tuple(item for item in self.items.values() if item.breakdown)

    @cached_property
    def scale_columns(self) -> np.ndarray:
        """Columns of the answer vector that belong to a scale, in scale order."""
        return np.array([self.items[key].column for scale in self.scales for key in scale.items], dtype=np.int64)

    @cached_property
    def questionnaire(self) -> Questionnaire:
        """The statistics module's view of the scale items (columns as in ``scale_columns``)."""
        levels, scale_of_item, reverse = [], [], []
        for index, scale in enumerate(self.scales):
            for key in scale.items:
                item = self.items[key]
                levels.append(item.points)
                scale_of_item.append(index)
                reverse.append(item.reverse)
        return Questionnaire.create(
            levels=np.array(levels),
            scale_of_item=np.array(scale_of_item),
            reverse=np.array(reverse),
            higher_is_better=np.array([scale.higher_is_better for scale in self.scales]),
        )

    def page_count(self) -> int:
        return len(self.sections)
