"""A programme definition prepared for reading: texts in the chosen language, labels, sentences.

Works on the canonical definition, so the operator reads exactly what was loaded. A text
missing in the chosen language falls back to the programme's default language and keeps
its language code, so pages can mark it with ``lang``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from vereinbar.core.hooks import Hook

from .definition.diff import SEGMENT_LABELS, Segment
from .models import ActorRole, DeliverableKind, DueAnchor, ProgrammeKind, PublishedItem

InstrumentTitle = Callable[[str], str]

# The title of a questionnaire by its identifier: surveys, above programmes in the layers
# (docs/architecture.md), registers it from its ``AppConfig.ready()``.
INSTRUMENT_TITLES: Hook[InstrumentTitle] = Hook("the title of a questionnaire by its identifier")


def instrument_title_register(lookup: InstrumentTitle) -> None:
    """Register ``lookup``: the title of the latest loaded version of a questionnaire by its
    identifier, or "" when none is loaded."""
    INSTRUMENT_TITLES.register(lookup)


def number(value: float | int | str) -> str:
    """A figure of the file as the page's language writes it: 1.000.000 and 0,5 in German and
    Dutch, never 1000000.0 or 1e-06."""
    figure = Decimal(str(value))
    if figure == figure.to_integral_value():
        figure = figure.quantize(Decimal(1))
    return number_format(Decimal(format(figure, "f")), force_grouping=True)


@dataclass(frozen=True)
class Text:
    text: str
    lang: str
    is_fallback: bool

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


# Fields of a definition named in words where a comparison says what changed.
FIELD_LABELS = {
    "title": gettext_lazy("Title"),
    "summary": gettext_lazy("Summary"),
    "description": gettext_lazy("Description"),
    "question": gettext_lazy("Question"),
    "guidance": gettext_lazy("Guidance"),
    "version": gettext_lazy("Version"),
    "kind": gettext_lazy("Kind"),
    "website": gettext_lazy("Website"),
    "languages": gettext_lazy("Languages"),
}


def change_place(path: tuple[Segment, ...]) -> str:
    """Where a change between two versions is, in words: "Criterion 1.1 › Title › German"."""
    languages = dict(settings.LANGUAGES)
    parts = []
    for segment in path:
        if isinstance(segment, tuple):
            parts.append(f"{SEGMENT_LABELS.get(segment[0], segment[0])} {segment[1]}")
        else:
            parts.append(str(FIELD_LABELS.get(segment) or languages.get(segment) or segment))
    return " › ".join(parts)


def _folded(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def deliverable_label(kind: str, title: dict[str, str] | None) -> str:
    """The deliverable kind's label, or "" when it only repeats the phase title.

    A phase "Zielvereinbarung" whose deliverable is a target agreement says the same twice;
    the comparison ignores case and language (the title in any of its languages against the
    kind's label in any of the site's languages).
    """
    label = str(DeliverableKind(kind).label)
    labels = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            labels.add(_folded(str(DeliverableKind(kind).label)))
    titles = {_folded(text) for text in (title or {}).values() if text}
    return "" if titles & labels else label


class Outline:
    """Builds the readable outline of one definition in one language."""

    def __init__(self, definition: dict[str, Any], language: str) -> None:
        self.definition = definition
        self.language = language[:2]
        self.default = definition["default_language"]

    def text(self, value: dict[str, str] | None) -> Text | None:
        if not value:
            return None
        for code in (self.language, self.default, *value):
            if value.get(code):
                return Text(value[code], code, code != self.language)
        return None

    def months(self, months: int) -> str:
        if months % 12 == 0:
            years = months // 12
            return ngettext("%(count)s year", "%(count)s years", years) % {"count": number(years)}
        return ngettext("%(count)s month", "%(count)s months", months) % {"count": number(months)}

    def every(self, months: int) -> str:
        # "then every 1 year" reads as a form letter; German "alle 1 Jahr" is not German at all
        if months == 12:
            return _("then every year")
        if months == 1:
            return _("then every month")
        return _("then every %(period)s") % {"period": self.months(months)}

    def assessment(self, assessment: dict[str, Any]) -> str:
        kind = assessment["kind"]
        if kind == "status":
            scale = next(s for s in self.definition["status_scales"] if s["id"] == assessment["scale"])
            options = ", ".join(str(self.text(option["label"])) for option in scale["options"])
            return _("Status: %(options)s") % {"options": options}
        if kind == "score":
            values = {"max": number(assessment["max"]), "weight": number(assessment["weight"])}
            text = _("Score 0–%(max)s, weight %(weight)s") % values
            if "pass_score" in assessment:
                text += ", " + _("met from %(pass)s") % {"pass": number(assessment["pass_score"])}
            if assessment.get("step"):
                text += ", " + _("in steps of %(step)s") % {"step": number(assessment["step"])}
            return text
        if kind == "text":
            text = _("Answer in text")
            if assessment.get("min_length"):
                count = assessment["min_length"]
                text += ", " + ngettext("at least %(count)s character", "at least %(count)s characters", count) % {
                    "count": number(count)
                }
            if assessment.get("max_length"):
                count = assessment["max_length"]
                text += ", " + ngettext("at most %(count)s character", "at most %(count)s characters", count) % {
                    "count": number(count)
                }
            return text
        return _("Not assessed")

    def criterion(self, item: dict[str, Any], depth: int = 0) -> dict[str, Any]:
        return {
            "code": item["code"],
            "anchor": "criterion-" + item["code"].replace(".", "_"),
            "heading": min(6, 4 + depth),
            "title": self.text(item["title"]),
            "question": self.text(item.get("question")),
            "guidance": self.text(item.get("guidance")),
            "required": item["required"],
            "evidence_required": item["evidence_required"],
            "public": item["public"],
            "assessment": self.assessment(item["assessment"]),
            "criteria": [self.criterion(child, depth + 1) for child in item["criteria"]],
        }

    def level_conditions(self, rule: dict[str, Any]) -> list[str]:
        conditions = []
        if rule.get("all_required_met"):
            conditions.append(_("All required criteria are met."))
        if rule.get("criteria_met"):
            conditions.append(_("These criteria are met: %(codes)s.") % {"codes": ", ".join(rule["criteria_met"])})
        if "min_total_score" in rule:
            conditions.append(_("Total score at least %(min)s.") % {"min": number(rule["min_total_score"])})
        if "min_total_percent" in rule:
            conditions.append(
                _("At least %(min)s %% of the possible total score.") % {"min": number(rule["min_total_percent"])}
            )
        if "min_score_each" in rule:
            conditions.append(_("Every scored criterion at least %(min)s.") % {"min": number(rule["min_score_each"])})
        for code, minimum in rule.get("min_scores", {}).items():
            conditions.append(_("Criterion %(code)s at least %(min)s.") % {"code": code, "min": number(minimum)})
        if "requires_level" in rule:
            level = next(lv for lv in self.definition["levels"] if lv["id"] == rule["requires_level"])
            if self.definition.get("format", 1) >= 2:
                conditions.append(
                    _("The level “%(level)s” or a higher one was held before.") % {"level": self.text(level["title"])}
                )
            else:
                conditions.append(_("The level “%(level)s” was held before.") % {"level": self.text(level["title"])})
        titles = {phase["id"]: phase["title"] for stage in self.definition["stages"] for phase in stage["phases"]}
        for key in rule.get("phases_accepted", []):
            conditions.append(_("The phase “%(phase)s” is accepted.") % {"phase": self.text(titles.get(key)) or key})
        return conditions or [_("Granted by decision; no further conditions.")]

    def due(self, due: dict[str, Any] | None) -> str:
        if not due:
            return ""
        anchor = str(ANCHOR_BY_KIND.get((due["anchor"], self.definition.get("kind")), DueAnchor(due["anchor"]).label))
        months, days = due["months"], due["days"]
        parts = []
        if months:
            parts.append(self.months(abs(months)))
        if days:
            parts.append(ngettext("%(count)s day", "%(count)s days", abs(days)) % {"count": number(abs(days))})
        if not parts:
            text = _("due at the %(anchor)s") % {"anchor": anchor}
        elif months < 0 or days < 0:
            text = _("due %(offset)s before the %(anchor)s") % {"offset": " ".join(parts), "anchor": anchor}
        else:
            text = _("due %(offset)s after the %(anchor)s") % {"offset": " ".join(parts), "anchor": anchor}
        if "repeat_every_months" in due:
            text += ", " + self.every(due["repeat_every_months"])
            if "repeat_count" in due:
                count = due["repeat_count"]
                text += " " + ngettext("(%(count)s time)", "(%(count)s times)", count) % {"count": count}
        return text

    def stage(self, item: dict[str, Any], stages: dict[str, dict[str, Any]]) -> dict[str, Any]:
        phases = {phase["id"]: phase for phase in item["phases"]}
        award = item.get("award")
        # the award is named after the programme's kind by the template (certificates' award_wording)
        award_period = self.months(award["validity_months"]) if award and award["validity_months"] else ""
        levels = {level["id"]: level for level in self.definition["levels"]}
        following = stages.get(item.get("next", ""))
        return {
            "id": item["id"],
            "title": self.text(item["title"]),
            "description": self.text(item.get("description")),
            "award": award is not None,
            "award_period": award_period,
            "award_levels": [self.text(levels[key]["title"]) for key in (award or {}).get("levels", [])],
            "duration": self.months(item["duration_months"]) if "duration_months" in item else "",
            "survey_instrument": self.instrument(item.get("survey_instrument", "")),
            "next": self.text(following["title"]) if following else None,
            "repeating": item["repeating"],
            "phases": [
                {
                    "id": phase["id"],
                    "title": self.text(phase["title"]),
                    "description": self.text(phase.get("description")),
                    "deliverable": deliverable_label(phase["deliverable"], phase["title"]),
                    "actor": self.actor(phase["actor"]),
                    "accepted_by": ActorRole(phase["gate"]["accepted_by"]).label
                    if "accepted_by" in phase["gate"]
                    else "",
                    "requires": [self.text(phases[key]["title"]) for key in phase["gate"]["requires"]],
                    "due": self.due(phase.get("due")),
                    "scope": [self.scope_item(code) for code in phase.get("scope", [])],
                    "optional": phase.get("optional", False),
                    "assesses_criteria": phase.get("assesses_criteria", False),
                }
                for phase in item["phases"]
            ],
            "applications_until": self.day(item.get("applications_until")),
            "granted_on": self.text(phases[award["granted_on"]]["title"]) if award and "granted_on" in award else None,
        }

    def scope_item(self, code: str) -> dict[str, Any]:
        """An action field or criterion a phase covers: its code and title."""
        titles: dict[str, Any] = {}

        def walk(items: list[dict[str, Any]]) -> None:
            for item in items:
                titles[item["code"]] = item["title"]
                walk(item.get("criteria", []))

        walk(self.definition["action_fields"])
        walk(self.definition.get("criteria", []))
        return {"code": code, "title": self.text(titles.get(code))}

    def instrument(self, urn: str) -> dict[str, Any] | None:
        """The questionnaire a stage asks for: its title when it is loaded here, and its identifier."""
        if not urn:
            return None
        title = next((found for lookup in INSTRUMENT_TITLES if (found := lookup(urn))), "")
        return {"urn": urn, "title": title}

    def actor(self, key: str) -> Any:
        """A built-in actor's label, or the title of the programme's role (format 2)."""
        roles = {role["id"]: role for role in self.definition.get("roles", [])}
        if key in roles:
            return self.text(roles[key]["title"])
        return ActorRole(key).label

    @staticmethod
    def day(value: str | None) -> str:
        return date_format(date.fromisoformat(value), "DATE_FORMAT") if value else ""

    def build(self) -> dict[str, Any]:
        d = self.definition
        stages = {stage["id"]: stage for stage in d["stages"]}
        fields = {field["code"]: field for field in d["action_fields"]}
        measures: dict[str, list[dict[str, Any]]] = {}
        for measure in d["measures"]:
            measures.setdefault(measure["action_field"], []).append(
                {"title": self.text(measure["title"]), "description": self.text(measure.get("description"))}
            )
        built_stages = [self.stage(stage, stages) for stage in d["stages"]]
        instruments = {
            s["survey_instrument"]["urn"]: s["survey_instrument"] for s in built_stages if s["survey_instrument"]
        }
        return {
            "title": self.text(d["title"]),
            "summary": self.text(d.get("summary")),
            "kind": ProgrammeKind(d["kind"]).label,
            "award_kind": d["kind"],  # names its awards (certificates.wording)
            "website": d.get("website", ""),
            "applications_until": self.day(d.get("applications_until")),
            "action_fields": [
                {
                    "code": field["code"],
                    "anchor": "field-" + field["code"].replace(".", "_"),
                    "title": self.text(field["title"]),
                    "description": self.text(field.get("description")),
                    "criteria": [self.criterion(item) for item in field["criteria"]],
                }
                for field in [
                    *d["action_fields"],
                    *([{"code": "", "title": {}, "criteria": d["criteria"]}] if d.get("criteria") else []),
                ]
            ],
            "levels": [
                {
                    "id": level["id"],
                    "title": self.text(level["title"]),
                    "description": self.text(level.get("description")),
                    "conditions": self.level_conditions(level["rule"]),
                }
                for level in d["levels"]
            ],
            "stages": built_stages,
            "instruments": list(instruments.values()),
            "roles": [
                {"id": role["id"], "title": self.text(role["title"]), "description": self.text(role.get("description"))}
                for role in d.get("roles", [])
            ],
            "measures": [
                {"code": code, "title": self.text(fields[code]["title"]), "items": items}
                for code, items in measures.items()
            ],
            "directory": d["publication"]["directory"],
            # an item that names the award is worded by the template after the programme's kind
            # (certificates' award_wording "published_<item>"), the others by their own label
            "published": [
                {
                    "label": PublishedItem(item).label,
                    "wording": f"published_{item}" if item in AWARD_ITEMS else "",
                }
                for item in d["publication"]["show"]
            ],
        }


# A due date counted from the award or its expiry names the award after the programme's kind, as
# the rest of the page does (the neutral label of DueAnchor for a kind without a word of its own).
ANCHOR_BY_KIND: dict[tuple[str, str | None], Any] = {
    (DueAnchor.AWARD, ProgrammeKind.CERTIFICATION): gettext_lazy("issue of the certificate"),
    (DueAnchor.AWARD, ProgrammeKind.RECOGNITION): gettext_lazy("recognition"),
    (DueAnchor.AWARD, ProgrammeKind.CHARTER): gettext_lazy("signing of the charter"),
    (DueAnchor.EXPIRY, ProgrammeKind.CERTIFICATION): gettext_lazy(
        "expiry of the certificate held at the start of the stage"
    ),
    (DueAnchor.EXPIRY, ProgrammeKind.RECOGNITION): gettext_lazy(
        "expiry of the recognition held at the start of the stage"
    ),
    (DueAnchor.EXPIRY, ProgrammeKind.CHARTER): gettext_lazy(
        "end of the charter signature held at the start of the stage"
    ),
}
AWARD_ITEMS = {PublishedItem.AWARD, PublishedItem.AWARDED_ON, PublishedItem.FIRST_AWARDED_ON}


def definition_outline(definition: dict[str, Any], language: str) -> dict[str, Any]:
    """The definition as nested data for the operator pages, in ``language``."""
    return Outline(definition, language).build()
