"""Reading and checking a measure catalogue file (format described in library/measures/README.md).

The file is read and its shape checked like every definition file
(:mod:`vereinbar.core.definition_files`); the rules a schema cannot express (unique keys,
a name in every language, a country for statutory rights) follow. ``catalogue_parse``
returns plain data or raises ``CatalogueInvalid`` listing every problem with its line and
field, e.g. ``catalogue.yaml:42: categories[0].measures[3].name: The text is missing in: nl.
[missing_translation]``. Writing the parsed catalogue into the database is
``services.catalogue_load``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator

from vereinbar.core.definition_files import Path as FieldPath
from vereinbar.core.definition_files import Problem, Source, schema_errors_report, schema_validator, source_parse

from .models import LifeSituation

FORMAT = "vereinbar-measure-catalogue/1"
LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
KEY_PATTERN = "^[a-z0-9][a-z0-9_-]*$"
COUNTRY_PATTERN = "^([A-Z]{2})?$"


def catalogue_file() -> Path:
    return Path(settings.VEREINBAR_LIBRARY_DIR) / "measures" / "catalogue.yaml"


class CatalogueInvalid(Exception):
    """Raised when a catalogue file cannot be loaded; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


@dataclass
class TypeEntry:
    key: str
    category: str
    names: dict[str, str]
    descriptions: dict[str, str]
    synonyms: dict[str, list[str]]
    life_situations: list[str]
    statutory: bool = False
    country: str = ""
    legal_reference: str = ""


@dataclass
class CategoryEntry:
    key: str
    names: dict[str, str]
    life_situations: list[str]
    types: list[TypeEntry] = field(default_factory=list)


# --- Shape ---------------------------------------------------------------------------------


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema of the catalogue format; the languages are those the platform offers."""
    key = {"type": "string", "maxLength": 80, "pattern": KEY_PATTERN}
    texts = {
        "type": "object",
        "properties": {code: {"type": "string"} for code in LANGUAGES},
        "additionalProperties": False,
    }
    words = {"type": "array", "items": {"type": "string"}}
    situations = {"type": "array", "items": {"enum": list(LifeSituation.values)}}
    measure = {
        "type": "object",
        "required": ["key", "name"],
        "additionalProperties": False,
        "properties": {
            "key": key,
            "name": texts,
            "description": texts,
            "synonyms": {
                "type": "object",
                "properties": dict.fromkeys(LANGUAGES, words),
                "additionalProperties": False,
            },
            "life_situations": situations,
            "statutory": {"type": "boolean"},
            "country": {"type": "string", "pattern": COUNTRY_PATTERN},
            "legal_reference": {"type": "string"},
        },
    }
    category = {
        "type": "object",
        "required": ["key", "name"],
        "additionalProperties": False,
        "properties": {
            "key": key,
            "name": texts,
            "life_situations": situations,
            "measures": {"type": "array", "items": measure},
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "required": ["format", "categories"],
        "additionalProperties": False,
        "properties": {
            "format": {"const": FORMAT},
            "categories": {"type": "array", "minItems": 1, "items": category},
        },
    }


@cache
def _validator() -> Draft202012Validator:
    return schema_validator(schema())


# --- Rules and reading ----------------------------------------------------------------------


def _entries(items: Any, path: FieldPath) -> Iterator[tuple[FieldPath, dict[str, Any]]]:
    """The mappings of a list, with their paths; anything else the schema has reported."""
    if isinstance(items, list):
        for index, item in enumerate(items):
            if isinstance(item, dict):
                yield (*path, index), item


class _Reader:
    """Turns checked data into entries; defensive, so that one run reports every problem."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.category_keys: dict[str, FieldPath] = {}
        self.type_keys: dict[str, FieldPath] = {}

    def categories(self) -> list[CategoryEntry]:
        categories: list[CategoryEntry] = []
        for path, item in _entries(self.source.data.get("categories"), ("categories",)):
            category = CategoryEntry(
                key=self.key(item, path, self.category_keys),
                names=self.texts(item, "name", path, required=True),
                life_situations=self.situations(item),
            )
            for type_path, raw_type in _entries(item.get("measures"), (*path, "measures")):
                category.types.append(self.type_entry(raw_type, type_path, category.key))
            categories.append(category)
        return categories

    def type_entry(self, item: dict[str, Any], path: FieldPath, category: str) -> TypeEntry:
        statutory = item.get("statutory") is True
        country = item.get("country", "")
        country = country if isinstance(country, str) else ""
        if statutory and not country:
            self.source.problem(
                (*path, "country"),
                "statutory_country",
                _("A statutory right needs the country where it applies."),
                at=(*path, "statutory"),
            )
        reference = item.get("legal_reference", "")
        return TypeEntry(
            key=self.key(item, path, self.type_keys),
            category=category,
            names=self.texts(item, "name", path, required=True),
            descriptions=self.texts(item, "description", path, required=False),
            synonyms=self.synonyms(item, path),
            life_situations=self.situations(item),
            statutory=statutory,
            country=country,
            legal_reference=reference.strip() if isinstance(reference, str) else "",
        )

    def key(self, item: dict[str, Any], path: FieldPath, seen: dict[str, FieldPath]) -> str:
        key = item.get("key")
        if not isinstance(key, str):
            return ""
        if key in seen:
            self.source.problem(
                (*path, "key"),
                "duplicate_key",
                _("“%(value)s” is already used on line %(line)s; each %(key)s must be unique.")
                % {"value": key, "line": self.source.locator.line((*seen[key], "key")), "key": "key"},
            )
        else:
            seen[key] = path
        return key

    def texts(self, item: dict[str, Any], name: str, path: FieldPath, *, required: bool) -> dict[str, str]:
        value = item.get(name)
        if not isinstance(value, dict):
            return {}
        texts: dict[str, str] = {}
        for language, text in value.items():
            if language not in LANGUAGES or not isinstance(text, str):
                continue
            if not text.strip():
                self.source.problem((*path, name, language), "empty_text", _("The text must not be empty."))
            else:
                texts[language] = " ".join(text.split()) if name == "name" else text.strip()
        missing = [language for language in LANGUAGES if language not in value]
        if required and missing:
            self.source.problem(
                (*path, name),
                "missing_translation",
                _("The text is missing in: %(languages)s.") % {"languages": ", ".join(missing)},
            )
        return texts

    def synonyms(self, item: dict[str, Any], path: FieldPath) -> dict[str, list[str]]:
        value = item.get("synonyms")
        if not isinstance(value, dict):
            return {}
        synonyms: dict[str, list[str]] = {}
        for language, words in value.items():
            if language not in LANGUAGES or not isinstance(words, list):
                continue
            for index, word in enumerate(words):
                if isinstance(word, str) and not word.strip():
                    self.source.problem(
                        (*path, "synonyms", language, index), "empty_text", _("The text must not be empty.")
                    )
            synonyms[language] = [" ".join(word.split()) for word in words if isinstance(word, str) and word.strip()]
        return synonyms

    def situations(self, item: dict[str, Any]) -> list[str]:
        value = item.get("life_situations", [])
        known = set(LifeSituation.values)
        return (
            list(dict.fromkeys(situation for situation in value if situation in known))
            if isinstance(value, list)
            else []
        )


def catalogue_parse(text: str | bytes, *, file: str = "catalogue.yaml") -> list[CategoryEntry]:
    """Parse and check a catalogue; raise CatalogueInvalid with every problem found."""
    source = source_parse(text, filename=file)
    if source.data is None and source.problems:
        raise CatalogueInvalid(source.problems)
    schema_errors_report(source, _validator())
    categories = _Reader(source).categories() if isinstance(source.data, dict) else []
    if source.problems:
        raise CatalogueInvalid(sorted(source.problems, key=lambda p: (p.line or 0, p.column or 0, p.path, p.code)))
    return categories
