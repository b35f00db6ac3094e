"""The canonical form of a valid instrument: fixed key order, defaults filled in. Loading the
canonical form again gives the same canonical form, so an exported file loads back to an
identical definition (same content hash)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import yaml

FORMAT_VERSION = 1
DEFAULT_MIN_ANSWERED = 0.5
DEFAULT_THRESHOLD = 50


def _num(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _text(value: dict[str, str], languages: list[str]) -> dict[str, str]:
    return {lang: value[lang].strip() for lang in languages if lang in value}


def _item(item: dict[str, Any], languages: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {"key": item["key"], "kind": item["kind"], "text": _text(item["text"], languages)}
    if "help" in item:
        out["help"] = _text(item["help"], languages)
    kind = item["kind"]
    if kind == "likert":
        out["answers"] = item["answers"]
    if kind in ("likert", "yes_no"):
        out["reverse"] = bool(item.get("reverse", False))
    if kind in ("single_choice", "multiple_choice"):
        out["options"] = [
            {"key": option["key"], "label": _text(option["label"], languages)} for option in item["options"]
        ]
    if kind in ("single_choice", "yes_no"):
        out["breakdown"] = bool(item.get("breakdown", False))
    if kind == "number":
        for key in ("min", "max"):
            if key in item:
                out[key] = _num(item[key])
        out["decimals"] = int(item.get("decimals", 0))
    if kind == "free_text":
        out["max_length"] = int(item.get("max_length", 2000))
    return out


def canonicalise(data: dict[str, Any]) -> dict[str, Any]:
    """The canonical form of a checked instrument definition."""
    languages = list(data["languages"])
    out: dict[str, Any] = {
        "format": FORMAT_VERSION,
        "id": data["id"],
        "version": str(data["version"]),
        "languages": languages,
        "default_language": data["default_language"],
        "title": _text(data["title"], languages),
    }
    for key in ("description",):
        if key in data:
            out[key] = _text(data[key], languages)
    for key in ("licence", "authors"):
        if key in data:
            out[key] = data[key].strip()
    out["min_answered"] = _num(float(data.get("min_answered", DEFAULT_MIN_ANSWERED)))
    out["consent"] = _text(data["consent"], languages)
    if "thanks" in data:
        out["thanks"] = _text(data["thanks"], languages)
    out["answer_sets"] = {
        name: {
            **({"title": _text(answer_set["title"], languages)} if "title" in answer_set else {}),
            "labels": {
                lang: [label.strip() for label in answer_set["labels"][lang]]
                for lang in languages
                if lang in answer_set["labels"]
            },
            # Left out when not given, so that a definition without it keeps its content hash.
            **({"favourable": sorted(answer_set["favourable"])} if answer_set.get("favourable") else {}),
        }
        for name, answer_set in (data.get("answer_sets") or {}).items()
    }
    out["sections"] = [
        {
            "key": section["key"],
            "title": _text(section["title"], languages),
            **({"intro": _text(section["intro"], languages)} if "intro" in section else {}),
            "items": [_item(item, languages) for item in section["items"]],
        }
        for section in data["sections"]
    ]
    out["scales"] = [
        {
            "key": scale["key"],
            "title": _text(scale["title"], languages),
            **({"description": _text(scale["description"], languages)} if "description" in scale else {}),
            "items": list(scale["items"]),
            "higher_is_better": bool(scale.get("higher_is_better", True)),
            "threshold": _num(float(scale.get("threshold", DEFAULT_THRESHOLD))),
            # Written only when given, so that definitions without them keep their content hash.
            **({"measure_categories": list(scale["measure_categories"])} if scale.get("measure_categories") else {}),
            **(
                {
                    "programme_action_fields": {
                        urn: [str(code) for code in codes]
                        for urn, codes in sorted(scale["programme_action_fields"].items())
                    }
                }
                if scale.get("programme_action_fields")
                else {}
            ),
        }
        for scale in data["scales"]
    ]
    return out


def definition_json(definition: dict[str, Any]) -> str:
    return json.dumps(definition, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def content_hash(definition: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON: equal exactly when two definitions say the same."""
    return hashlib.sha256(definition_json(definition).encode("utf-8")).hexdigest()


class _Dumper(yaml.SafeDumper):
    pass


def _str_presenter(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_presenter)


def definition_yaml(definition: dict[str, Any]) -> str:
    """The canonical definition as YAML, as `vereinbar instrument export` writes it."""
    header = f"# {definition['id']} version {definition['version']} (exported by vereinbar)\n"
    body = yaml.dump(definition, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    return header + body
