"""The canonical form of a valid definition: fixed key order, defaults filled in, every text a
mapping of language to text. Loading the canonical form again gives the same canonical form,
so an exported file loads back to an identical definition (same content hash)."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

import yaml

FORMAT_VERSION = 2  # the newest; a file without ``format`` is format 1 and keeps exactly its meaning


_LINE_BREAKS = str.maketrans({"\r": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n"})


def _clean(text: str) -> str:
    """One kind of line break (YAML would fold the others on the way back), no outer blanks."""
    return text.replace("\r\n", "\n").translate(_LINE_BREAKS).strip()


def _num(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


class _Canon:
    def __init__(self, data: dict[str, Any]) -> None:
        self.languages: list[str] = list(data["languages"])
        self.default: str = data["default_language"]

    def text(self, value: Any) -> dict[str, str]:
        if isinstance(value, str):
            return {self.default: _clean(value)}
        return {lang: _clean(value[lang]) for lang in self.languages if lang in value}

    def optional_texts(self, item: dict[str, Any], out: dict[str, Any], *keys: str) -> None:
        for key in keys:
            if key in item:
                out[key] = self.text(item[key])

    def scale(self, scale: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {"id": scale["id"]}
        self.optional_texts(scale, out, "title")
        out["options"] = [
            {"value": option["value"], "label": self.text(option["label"]), "meets": bool(option.get("meets", False))}
            for option in scale["options"]
        ]
        return out

    @staticmethod
    def assessment(value: dict[str, Any] | None) -> dict[str, Any]:
        value = value or {"kind": "none"}
        kind = value["kind"]
        out: dict[str, Any] = {"kind": kind}
        if kind == "status":
            out["scale"] = value["scale"]
        elif kind == "score":
            out["max"] = _num(value["max"])
            out["weight"] = _num(value.get("weight", 1))
            if "pass_score" in value:
                out["pass_score"] = _num(value["pass_score"])
            if "step" in value:
                out["step"] = _num(value["step"])
        elif kind == "text":
            for key in ("min_length", "max_length"):
                if key in value:
                    out[key] = value[key]
        return out

    def criterion(self, item: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {"code": item["code"], "title": self.text(item["title"])}
        self.optional_texts(item, out, "question", "guidance")
        out["required"] = bool(item.get("required", True))
        out["evidence_required"] = bool(item.get("evidence_required", False))
        out["public"] = bool(item.get("public", False))
        out["assessment"] = self.assessment(item.get("assessment"))
        out["criteria"] = [self.criterion(child) for child in item.get("criteria") or []]
        return out

    def action_field(self, item: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {"code": item["code"], "title": self.text(item["title"])}
        self.optional_texts(item, out, "description")
        out["criteria"] = [self.criterion(child) for child in item.get("criteria") or []]
        return out

    def level(self, item: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {"id": item["id"], "title": self.text(item["title"])}
        self.optional_texts(item, out, "description")
        rule = item.get("rule") or {}
        out_rule: dict[str, Any] = {"all_required_met": bool(rule.get("all_required_met", False))}
        if "criteria_met" in rule:
            out_rule["criteria_met"] = list(rule["criteria_met"])
        for key in ("min_total_score", "min_total_percent", "min_score_each"):
            if key in rule:
                out_rule[key] = _num(rule[key])
        if "min_scores" in rule:
            out_rule["min_scores"] = {code: _num(value) for code, value in rule["min_scores"].items()}
        if "requires_level" in rule:
            out_rule["requires_level"] = rule["requires_level"]
        if "phases_accepted" in rule:
            out_rule["phases_accepted"] = list(rule["phases_accepted"])
        if isinstance(rule.get("survey"), dict):
            out_rule["survey"] = _survey_condition(rule["survey"])
        out["rule"] = out_rule
        return out

    def role(self, item: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {"id": item["id"], "title": self.text(item["title"])}
        self.optional_texts(item, out, "description")
        return out

    @staticmethod
    def gate(item: dict[str, Any], previous: str | None) -> dict[str, Any]:
        gate = item.get("gate") or {}
        default = [previous] if previous else []
        out: dict[str, Any] = {"requires": list(gate.get("requires", default))}
        if "accepted_by" in gate:
            out["accepted_by"] = gate["accepted_by"]
        return out

    def phase(self, item: dict[str, Any], previous: str | None) -> dict[str, Any]:
        out: dict[str, Any] = {"id": item["id"], "title": self.text(item["title"])}
        self.optional_texts(item, out, "description")
        out["deliverable"] = item["deliverable"]
        out["actor"] = item["actor"]
        out["gate"] = self.gate(item, previous)
        if "due" in item:
            due = item["due"]
            out_due: dict[str, Any] = {
                "anchor": due["anchor"],
                "months": due.get("months", 0),
                "days": due.get("days", 0),
            }
            for key in ("repeat_every_months", "repeat_count"):
                if key in due:
                    out_due[key] = due[key]
            out["due"] = out_due
        if "scope" in item:
            out["scope"] = list(item["scope"])
        if item.get("assesses_criteria"):  # format 2, written only when true (format 1 content is unchanged)
            out["assesses_criteria"] = True
        if item.get("optional"):  # format 2, likewise
            out["optional"] = True
        return out

    def stage(self, item: dict[str, Any], level_ids: list[str]) -> dict[str, Any]:
        out: dict[str, Any] = {"id": item["id"], "title": self.text(item["title"])}
        self.optional_texts(item, out, "description")
        if "award" in item:
            award = item["award"]
            out["award"] = {
                "validity_months": award["validity_months"],
                "levels": list(award.get("levels", level_ids)),
            }
            if "granted_on" in award:  # format 2
                out["award"]["granted_on"] = award["granted_on"]
        for key in ("duration_months", "applications_until", "survey_instrument"):
            if key in item:
                out[key] = item[key]
        repeating = bool(item.get("repeating", False))
        following = item.get("next") or (item["id"] if repeating else None)
        if following:
            out["next"] = following
        out["repeating"] = repeating
        phases = []
        previous = None
        for phase in item["phases"]:
            phases.append(self.phase(phase, previous))
            previous = phase["id"]
        out["phases"] = phases
        return out


def canonicalise(data: dict[str, Any]) -> dict[str, Any]:
    """The canonical definition of valid data (call only when the checks found no problem)."""
    canon = _Canon(data)
    out: dict[str, Any] = {
        "format": data.get("format", 1),
        "id": data["id"],
        "version": data["version"],
        "kind": data["kind"],
    }
    if data.get("operator"):
        out["operator"] = data["operator"]
    out["languages"] = list(data["languages"])
    out["default_language"] = data["default_language"]
    out["title"] = canon.text(data["title"])
    canon.optional_texts(data, out, "summary")
    if "website" in data:
        out["website"] = data["website"]
    if "applications_until" in data:  # format 2
        out["applications_until"] = data["applications_until"]
    if "roles" in data:  # format 2: roles the programme defines (a format 1 definition never has the key)
        out["roles"] = [canon.role(role) for role in data["roles"] or []]
    out["status_scales"] = [canon.scale(scale) for scale in data.get("status_scales") or []]
    out["action_fields"] = [canon.action_field(field) for field in data.get("action_fields") or []]
    if "criteria" in data:  # format 2: a flat list (a format 1 definition never has the key)
        out["criteria"] = [canon.criterion(item) for item in data["criteria"] or []]
    levels = data.get("levels") or []
    out["levels"] = [canon.level(level) for level in levels]
    level_ids = [level["id"] for level in levels]
    out["stages"] = [canon.stage(stage, level_ids) for stage in data["stages"]]
    publication = data.get("publication") or {}
    out["publication"] = {
        "directory": bool(publication.get("directory", False)),
        "show": list(publication.get("show", [])),
    }
    if "ranking" in publication:  # format 2
        out["publication"]["ranking"] = _ranking(canon, publication["ranking"])
    out["measures"] = []
    for measure in data.get("measures") or []:
        item: dict[str, Any] = {"id": measure["id"], "action_field": measure["action_field"]}
        item["title"] = canon.text(measure["title"])
        canon.optional_texts(measure, item, "description")
        out["measures"].append(item)
    return out


def content_hash(definition: dict[str, Any]) -> str:
    """SHA-256 over the canonical JSON (key order does not matter)."""
    payload = json.dumps(definition, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class _Dumper(yaml.SafeDumper):
    """Block style for multi-line texts; never aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    # Short lists of codes and keys read best on one line: [de, nl, en], ["1.1", "2.1"].
    flat = all(isinstance(item, (str, int, float, bool)) and "\n" not in str(item) for item in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flat or None)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(list, _represent_list)


def definition_yaml(definition: dict[str, Any]) -> str:
    """The canonical definition as YAML (stable key order)."""
    header = (
        f"# {definition['id']} version {definition['version']}\n"
        "# vereinbar programme definition; format: docs/programme-format.md\n"
    )
    body = yaml.dump(canonicalise(definition), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, indent=2)
    return header + body


# Characters a YAML reader refuses or folds; escaped so that the JSON export also loads as YAML.
_NOT_FOR_YAML = re.compile("[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def definition_json(definition: dict[str, Any]) -> str:
    """The canonical definition as JSON (stable key order)."""
    text = json.dumps(canonicalise(definition), ensure_ascii=False, indent=2)
    return _NOT_FOR_YAML.sub(lambda match: f"\\u{ord(match.group()):04x}", text) + "\n"


def _survey_condition(condition: dict[str, Any]) -> dict[str, Any]:
    """A level rule's survey conditions (format 2) in a fixed key order; the headcount and the
    confidence are written out when the condition they qualify is there."""
    out: dict[str, Any] = {}
    if "instrument" in condition:
        out["instrument"] = condition["instrument"]
    if "scales" in condition:
        out["scales"] = list(condition["scales"])
    for key in ("min_favourable_percent", "min_each_scale_mean", "min_answers", "min_response_rate"):
        if key in condition:
            out[key] = _num(condition[key])
    if "min_scale_means" in condition:
        out["min_scale_means"] = {key: _num(value) for key, value in condition["min_scale_means"].items()}
    if "max_margin_of_error" in condition:
        out["max_margin_of_error"] = _num(condition["max_margin_of_error"])
        out["confidence"] = _num(condition.get("confidence", 95))
    if "min_response_rate" in condition or "max_margin_of_error" in condition:
        out["headcount"] = condition.get("headcount", "staff")
    return out


def _ranking(canon: _Canon, ranking: dict[str, Any]) -> dict[str, Any]:
    """A ranking list (format 2) in a fixed key order, its size bands by their minimum staff."""
    out: dict[str, Any] = {}
    if "instrument" in ranking:
        out["instrument"] = ranking["instrument"]
    if "scales" in ranking:
        out["scales"] = list(ranking["scales"])
    out["min_answers"] = ranking.get("min_answers", 1)
    out["size_bands"] = [
        {"id": band["id"], "title": canon.text(band["title"]), "min_staff": band["min_staff"]}
        for band in sorted(ranking["size_bands"], key=lambda band: band["min_staff"])
    ]
    return out
