"""Reading and checking a measure catalogue file (format described in library/measures/README.md).

``catalogue_parse`` returns plain data or raises ``CatalogueInvalid`` listing every problem
with its line and field, e.g. ``catalogue.yaml:42: categories[0].measures[3].name: nl is missing``.
Writing the parsed catalogue into the database is ``services.catalogue_load``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.utils.translation import gettext as _

from .models import LifeSituation

FORMAT = "vereinbar-measure-catalogue/1"
LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")
COUNTRY = re.compile(r"^[A-Z]{2}$")

CATEGORY_FIELDS = {"key", "name", "life_situations", "measures"}
TYPE_FIELDS = {"key", "name", "description", "synonyms", "life_situations", "statutory", "country", "legal_reference"}


def catalogue_file() -> Path:
    return Path(settings.VEREINBAR_LIBRARY_DIR) / "measures" / "catalogue.yaml"


@dataclass(frozen=True)
class CatalogueProblem:
    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class CatalogueInvalid(Exception):
    def __init__(self, problems: list[CatalogueProblem]) -> None:
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


# --- YAML with line numbers -------------------------------------------------------------


class _Mapping(dict[Any, Any]):
    """A YAML mapping that remembers where it and each of its keys stand in the file."""

    line: int = 0
    key_lines: dict[Any, int]
    duplicates: list[tuple[Any, int]]


class _Loader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> _Mapping:
    loader.flatten_mapping(node)
    mapping = _Mapping()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines, mapping.duplicates = {}, []
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)  # type: ignore[no-untyped-call]
        line = key_node.start_mark.line + 1
        if key in mapping:
            mapping.duplicates.append((key, line))
        mapping[key] = loader.construct_object(value_node, deep=True)  # type: ignore[no-untyped-call]
        mapping.key_lines[key] = line
    return mapping


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)  # type: ignore[arg-type]


# --- Checking ---------------------------------------------------------------------------


class _Checker:
    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[CatalogueProblem] = []

    def problem(self, where: Any, path: str, message: str, key: str | None = None) -> None:
        line = None
        if isinstance(where, _Mapping):
            line = where.key_lines.get(key, where.line) if key is not None else where.line
        self.problems.append(CatalogueProblem(self.file, line, path, message))

    def mapping(self, value: Any, path: str, parent: Any, key: str) -> _Mapping | None:
        if not isinstance(value, _Mapping):
            self.problem(parent, path, _("must be a mapping (key: value)"), key)
            return None
        for duplicate, line in value.duplicates:
            self.problems.append(CatalogueProblem(self.file, line, f"{path}.{duplicate}", _("appears twice")))
        return value

    def fields(self, item: _Mapping, path: str, allowed: set[str]) -> None:
        for name in item:
            if name not in allowed:
                self.problem(item, f"{path}.{name}", _("unknown field"), name)

    def key(self, item: _Mapping, path: str, seen: set[str]) -> str:
        key = item.get("key")
        if not isinstance(key, str) or not KEY.match(key):
            self.problem(item, f"{path}.key", _("a key of lower-case letters, digits, “_” and “-” is required"), "key")
            return ""
        if key in seen:
            self.problem(item, f"{path}.key", _("the key “%(key)s” is used twice") % {"key": key}, "key")
        seen.add(key)
        return key

    def texts(self, item: _Mapping, name: str, path: str, *, required: bool) -> dict[str, str]:
        value = item.get(name)
        if value is None:
            if required:
                self.problem(
                    item,
                    f"{path}.{name}",
                    _("texts in %(languages)s are required") % {"languages": ", ".join(LANGUAGES)},
                )
            return {}
        mapping = self.mapping(value, f"{path}.{name}", item, name)
        if mapping is None:
            return {}
        texts: dict[str, str] = {}
        for language, text in mapping.items():
            if language not in LANGUAGES:
                self.problem(mapping, f"{path}.{name}.{language}", _("unknown language"), language)
            elif not isinstance(text, str) or not text.strip():
                self.problem(mapping, f"{path}.{name}.{language}", _("must be a text"), language)
            else:
                texts[language] = " ".join(text.split()) if name == "name" else text.strip()
        if required:
            for language in LANGUAGES:
                if language not in mapping:
                    self.problem(mapping, f"{path}.{name}", _("%(language)s is missing") % {"language": language})
        return texts

    def synonyms(self, item: _Mapping, path: str) -> dict[str, list[str]]:
        value = item.get("synonyms")
        if value is None:
            return {}
        mapping = self.mapping(value, f"{path}.synonyms", item, "synonyms")
        if mapping is None:
            return {}
        synonyms: dict[str, list[str]] = {}
        for language, words in mapping.items():
            where = f"{path}.synonyms.{language}"
            if language not in LANGUAGES:
                self.problem(mapping, where, _("unknown language"), language)
            elif not isinstance(words, list) or not all(isinstance(word, str) and word.strip() for word in words):
                self.problem(mapping, where, _("must be a list of words"), language)
            else:
                synonyms[language] = [" ".join(word.split()) for word in words]
        return synonyms

    def situations(self, item: _Mapping, path: str) -> list[str]:
        value = item.get("life_situations", [])
        known = set(LifeSituation.values)
        if not isinstance(value, list) or any(situation not in known for situation in value):
            self.problem(
                item,
                f"{path}.life_situations",
                _("must be a list of: %(known)s") % {"known": ", ".join(LifeSituation.values)},
                "life_situations",
            )
            return []
        return list(dict.fromkeys(value))


def catalogue_parse(text: str, *, file: str = "catalogue.yaml") -> list[CategoryEntry]:
    """Parse and check a catalogue; raise CatalogueInvalid with every problem found."""
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise CatalogueInvalid(
            [CatalogueProblem(file, mark.line + 1 if mark else None, "", str(exc.problem or exc))]
        ) from None
    except yaml.YAMLError as exc:
        raise CatalogueInvalid([CatalogueProblem(file, None, "", str(exc))]) from None
    check = _Checker(file)
    if not isinstance(data, _Mapping):
        raise CatalogueInvalid([CatalogueProblem(file, None, "", _("the file must be a YAML mapping"))])
    if data.get("format") != FORMAT:
        check.problem(data, "format", _("must be “%(format)s”") % {"format": FORMAT}, "format")
    check.fields(data, "", {"format", "categories"})
    raw_categories = data.get("categories")
    if not isinstance(raw_categories, list) or not raw_categories:
        check.problem(data, "categories", _("a list of categories is required"), "categories")
        raise CatalogueInvalid(check.problems)
    category_keys: set[str] = set()
    type_keys: set[str] = set()
    categories: list[CategoryEntry] = []
    for index, raw in enumerate(raw_categories):
        path = f"categories[{index}]"
        item = check.mapping(raw, path, data, "categories")
        if item is None:
            continue
        check.fields(item, path, CATEGORY_FIELDS)
        category = CategoryEntry(
            key=check.key(item, path, category_keys),
            names=check.texts(item, "name", path, required=True),
            life_situations=check.situations(item, path),
        )
        raw_types = item.get("measures", [])
        if not isinstance(raw_types, list):
            check.problem(item, f"{path}.measures", _("must be a list"), "measures")
            raw_types = []
        for type_index, raw_type in enumerate(raw_types):
            type_path = f"{path}.measures[{type_index}]"
            entry = check.mapping(raw_type, type_path, item, "measures")
            if entry is not None:
                category.types.append(_type_entry(check, entry, type_path, category.key, type_keys))
        categories.append(category)
    if check.problems:
        raise CatalogueInvalid(check.problems)
    return categories


def _type_entry(check: _Checker, item: _Mapping, path: str, category: str, seen: set[str]) -> TypeEntry:
    check.fields(item, path, TYPE_FIELDS)
    entry = TypeEntry(
        key=check.key(item, path, seen),
        category=category,
        names=check.texts(item, "name", path, required=True),
        descriptions=check.texts(item, "description", path, required=False),
        synonyms=check.synonyms(item, path),
        life_situations=check.situations(item, path),
    )
    statutory = item.get("statutory", False)
    if not isinstance(statutory, bool):
        check.problem(item, f"{path}.statutory", _("must be true or false"), "statutory")
        statutory = False
    entry.statutory = statutory
    country = item.get("country", "")
    if country and (not isinstance(country, str) or not COUNTRY.match(country)):
        check.problem(item, f"{path}.country", _("must be a two-letter code such as DE, NL or EU"), "country")
    elif statutory and not country:
        check.problem(item, f"{path}.country", _("a statutory right needs the country where it applies"), "statutory")
    entry.country = country if isinstance(country, str) else ""
    reference = item.get("legal_reference", "")
    if not isinstance(reference, str):
        check.problem(item, f"{path}.legal_reference", _("must be a text"), "legal_reference")
        reference = ""
    entry.legal_reference = reference.strip()
    return entry
