"""Rules that span several places of a definition and that a JSON Schema cannot express.

Every check is defensive: it runs even when the schema check failed, skipping parts of
the wrong shape, so that one run reports every problem in the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from vereinbar.core.definition_files import Path, Source

LANGUAGES = ("de", "nl", "en")
ASSESSMENT_FIELDS = {
    "status": {"kind", "scale"},
    "score": {"kind", "max", "weight", "pass_score", "step"},
    "text": {"kind", "min_length", "max_length"},
    "none": {"kind"},
}


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _entries(value: Any, path: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict):
                yield (*path, index), item


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return Decimal(str(value))


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def walk_criteria(data: dict[str, Any]) -> Iterator[tuple[Path, dict[str, Any], str | None]]:
    """Every criterion with its path and the code of its action field, depth first."""

    def below(items: Any, path: Path, field_code: str | None) -> Iterator[tuple[Path, dict[str, Any], str | None]]:
        for item_path, item in _entries(items, path):
            yield item_path, item, field_code
            yield from below(item.get("criteria"), (*item_path, "criteria"), field_code)

    for field_path, field in _entries(data.get("action_fields"), ("action_fields",)):
        yield from below(field.get("criteria"), (*field_path, "criteria"), _str(field.get("code")))
    yield from below(data.get("criteria"), ("criteria",), None)  # format 2: a flat list without action fields


def format_2_uses(data: dict[str, Any]) -> Iterator[Path]:
    """Every place that uses a construct of format 2 (a format 1 file may use none of them)."""
    for path, criterion, _code in walk_criteria(data):
        if "step" in _dict(criterion.get("assessment")):
            yield (*path, "assessment", "step")
    if "criteria" in data:
        yield ("criteria",)
    if "applications_until" in data:
        yield ("applications_until",)
    for stage_path, stage in _entries(data.get("stages"), ("stages",)):
        if "applications_until" in stage:
            yield (*stage_path, "applications_until")
    for level_path, level in _entries(data.get("levels"), ("levels",)):
        if "phases_accepted" in _dict(level.get("rule")):
            yield (*level_path, "rule", "phases_accepted")
    for stage_path, stage in _entries(data.get("stages"), ("stages",)):
        if "granted_on" in _dict(stage.get("award")):
            yield (*stage_path, "award", "granted_on")
        for phase_path, phase in _entries(stage.get("phases"), (*stage_path, "phases")):
            for key in ("optional", "assesses_criteria"):
                if key in phase:
                    yield (*phase_path, key)
    for level_path, level in _entries(data.get("levels"), ("levels",)):
        if "survey" in _dict(level.get("rule")):
            yield (*level_path, "rule", "survey")
    if "ranking" in _dict(data.get("publication")):
        yield ("publication", "ranking")
    if "roles" in data:
        yield ("roles",)


def text_paths(data: dict[str, Any]) -> Iterator[Path]:
    """Every place where the format expects a translatable text."""
    for key in ("title", "summary"):
        yield (key,)
    for scale_path, scale in _entries(data.get("status_scales"), ("status_scales",)):
        yield (*scale_path, "title")
        for option_path, _option in _entries(scale.get("options"), (*scale_path, "options")):
            yield (*option_path, "label")
    for field_path, _field in _entries(data.get("action_fields"), ("action_fields",)):
        yield (*field_path, "title")
        yield (*field_path, "description")
    for path, _criterion, _code in walk_criteria(data):
        for key in ("title", "question", "guidance"):
            yield (*path, key)
    for section in ("levels", "measures", "roles"):
        for path, _item in _entries(data.get(section), (section,)):
            yield (*path, "title")
            yield (*path, "description")
    for stage_path, stage in _entries(data.get("stages"), ("stages",)):
        yield (*stage_path, "title")
        yield (*stage_path, "description")
        for phase_path, _phase in _entries(stage.get("phases"), (*stage_path, "phases")):
            yield (*phase_path, "title")
            yield (*phase_path, "description")


# Who acts in a phase in every programme; a format 2 file may add roles of its own (``roles``).
BUILT_IN_ACTORS = frozenset({"coordinator", "contributor", "auditor", "board", "operator"})


def _get(data: Any, path: Path) -> Any:
    for part in path:
        if isinstance(part, int):
            data = data[part] if isinstance(data, list) and part < len(data) else None
        else:
            data = data.get(part) if isinstance(data, dict) else None
    return data


class _Checker:
    def __init__(self, source: Source) -> None:
        self.source = source
        self.data: dict[str, Any] = _dict(source.data)
        self.report = source.problem
        # A duplicate code makes totals and references unknowable: report the duplicate, not its consequences.
        self.duplicate_codes = False

    def line(self, path: Path) -> int | None:
        return self.source.locator.line(path)

    def unique(self, items: Any, path: Path, key: str, code: str) -> dict[str, tuple[Path, dict[str, Any]]]:
        """Index entries by ``key``; report the second of two entries with the same key."""
        index: dict[str, tuple[Path, dict[str, Any]]] = {}
        for item_path, item in _entries(items, path):
            value = _str(item.get(key))
            if value is None:
                continue
            if value in index:
                self.report(
                    (*item_path, key),
                    code,
                    _("“%(value)s” is already used on line %(line)s; each %(key)s must be unique.")
                    % {"value": value, "line": self.line((*index[value][0], key)), "key": key},
                )
                continue
            index[value] = (item_path, item)
        return index

    # --- format version --------------------------------------------------------------

    def format_version(self) -> None:
        """Format 1 files keep their meaning: the constructs of format 2 need ``format: 2``."""
        if self.data.get("format", 1) != 1:
            return
        for path in format_2_uses(self.data):
            self.report(
                path,
                "needs_format_2",
                _("“%(field)s” is part of format 2: write “format: 2” at the top of the file to use it.")
                % {"field": path[-1]},
            )

    # --- languages and texts -------------------------------------------------------

    def languages(self) -> None:
        declared = [lang for lang in _list(self.data.get("languages")) if isinstance(lang, str)]
        default = _str(self.data.get("default_language"))
        if default and declared and default not in declared:
            self.report(
                ("default_language",),
                "default_language_not_declared",
                _("The default language “%(lang)s” is not among the declared languages (%(declared)s).")
                % {"lang": default, "declared": ", ".join(declared)},
            )
        for path in text_paths(self.data):
            value = _get(self.data, path)
            texts = value.items() if isinstance(value, dict) else [(None, value)]
            for lang, text in texts:
                if isinstance(text, str) and text and not text.strip():
                    self.report((*path, lang) if lang else path, "text_blank", _("The text consists only of spaces."))
            if not isinstance(value, dict) or not value:
                continue
            for lang in value:
                if declared and lang in LANGUAGES and lang not in declared:
                    self.report(
                        (*path, lang),
                        "undeclared_language",
                        _("Text in “%(lang)s”, which is not among the declared languages (%(declared)s).")
                        % {"lang": lang, "declared": ", ".join(declared)},
                    )
            if default and default not in value:
                self.report(
                    path,
                    "missing_default_text",
                    _("The text in the default language “%(lang)s” is missing.") % {"lang": default},
                )

    # --- scales and criteria -------------------------------------------------------

    def scales(self) -> dict[str, dict[str, Any]]:
        scales = self.unique(self.data.get("status_scales"), ("status_scales",), "id", "duplicate_id")
        for scale_path, scale in scales.values():
            options = self.unique(scale.get("options"), (*scale_path, "options"), "value", "duplicate_id")
            if options and not any(option.get("meets") is True for _p, option in options.values()):
                self.report(
                    (*scale_path, "options"),
                    "scale_never_met",
                    _("No option of this scale has “meets: true”, so no criterion on it could ever be met."),
                )
        return {key: scale for key, (_p, scale) in scales.items()}

    def codes(self) -> tuple[dict[str, Path], dict[str, dict[str, Any]]]:
        """Action field and criterion codes (unique across both); returns fields and criteria by code."""
        seen: dict[str, Path] = {}
        fields: dict[str, Path] = {}
        criteria: dict[str, dict[str, Any]] = {}

        def claim(path: Path, code: str) -> bool:
            if code in seen:
                self.duplicate_codes = True
                self.report(
                    (*path, "code"),
                    "duplicate_code",
                    _("The code “%(code)s” is already used on line %(line)s; codes must be unique.")
                    % {"code": code, "line": self.line((*seen[code], "code"))},
                )
                return False
            seen[code] = path
            return True

        for field_path, field in _entries(self.data.get("action_fields"), ("action_fields",)):
            code = _str(field.get("code"))
            if code and claim(field_path, code):
                fields[code] = field_path
        for path, criterion, _field in walk_criteria(self.data):
            code = _str(criterion.get("code"))
            if code and claim(path, code):
                criteria[code] = criterion
        return fields, criteria

    def assessments(self, scales: dict[str, dict[str, Any]]) -> None:
        for path, criterion, _field in walk_criteria(self.data):
            assessment = criterion.get("assessment")
            if not isinstance(assessment, dict):
                continue
            a_path = (*path, "assessment")
            kind = _str(assessment.get("kind"))
            if kind not in ASSESSMENT_FIELDS:
                continue
            for key in assessment:
                if key not in ASSESSMENT_FIELDS[kind]:
                    self.report(
                        (*a_path, key),
                        "field_not_applicable",
                        _("“%(key)s” does not apply to the assessment kind “%(kind)s”.") % {"key": key, "kind": kind},
                    )
            scale = _str(assessment.get("scale"))
            if kind == "status" and scale is not None and scale not in scales:
                self.report(
                    (*a_path, "scale"),
                    "unknown_scale",
                    _("There is no status scale “%(scale)s” under status_scales.") % {"scale": scale},
                )
            maximum, passing = _number(assessment.get("max")), _number(assessment.get("pass_score"))
            if kind == "score" and maximum is not None and passing is not None and passing > maximum:
                self.report(
                    (*a_path, "pass_score"),
                    "pass_above_max",
                    _("The pass score %(pass)s is above the maximum %(max)s.") % {"pass": passing, "max": maximum},
                )
            step = _number(assessment.get("step"))
            if kind == "score" and step is not None and step > 0:
                for key, value in (("max", maximum), ("pass_score", passing)):
                    if value is not None and value % step:
                        self.report(
                            (*a_path, key),
                            "step_mismatch",
                            _("%(value)s is not a multiple of the step %(step)s, so no score could be exactly it.")
                            % {"value": value, "step": step},
                        )
            low, high = assessment.get("min_length"), assessment.get("max_length")
            if kind == "text" and isinstance(low, int) and isinstance(high, int) and low > high:
                self.report(
                    (*a_path, "min_length"),
                    "min_above_max",
                    _("The minimum length is above the maximum length."),
                )

    # --- levels --------------------------------------------------------------------

    def levels(self, criteria: dict[str, dict[str, Any]]) -> dict[str, Path]:
        levels = self.unique(self.data.get("levels"), ("levels",), "id", "duplicate_id")
        scored = {code: c for code, c in criteria.items() if _dict(c.get("assessment")).get("kind") == "score"}
        max_total = sum(
            (
                (_number(_dict(c.get("assessment")).get("max")) or Decimal(0))
                * (_number(_dict(c.get("assessment")).get("weight")) or Decimal(1))
                for c in scored.values()
            ),
            Decimal(0),
        )
        order = {key: position for position, key in enumerate(levels)}
        for key, (level_path, level) in levels.items():
            rule = level.get("rule")
            if not isinstance(rule, dict):
                continue
            r_path = (*level_path, "rule")
            for index, code in enumerate(_list(rule.get("criteria_met"))):
                if isinstance(code, str) and code not in criteria:
                    self.report(
                        (*r_path, "criteria_met", index),
                        "unknown_criterion",
                        _("The level rule names the criterion “%(code)s”, which does not exist.") % {"code": code},
                    )
            for code, minimum in _dict(rule.get("min_scores")).items():
                if code not in criteria:
                    self.report(
                        (*r_path, "min_scores", code),
                        "unknown_criterion",
                        _("The level rule names the criterion “%(code)s”, which does not exist.") % {"code": code},
                    )
                elif code not in scored:
                    self.report(
                        (*r_path, "min_scores", code),
                        "not_scored",
                        _("The criterion “%(code)s” is not assessed with a score.") % {"code": code},
                    )
                else:
                    top, wanted = _number(_dict(scored[code].get("assessment")).get("max")), _number(minimum)
                    if top is not None and wanted is not None and wanted > top:
                        self.report(
                            (*r_path, "min_scores", code),
                            "score_above_max",
                            _("The minimum %(min)s is above the criterion's maximum score %(max)s.")
                            % {"min": wanted, "max": top},
                        )
            score_rules = [k for k in ("min_total_score", "min_total_percent", "min_score_each") if k in rule]
            if score_rules and not scored:
                self.report(
                    (*r_path, score_rules[0]),
                    "no_scored_criteria",
                    _("The rule asks for a score, but no criterion is assessed with a score."),
                )
            total = _number(rule.get("min_total_score"))
            total_known = not self.duplicate_codes and all(
                _number(_dict(c.get("assessment")).get("max")) is not None for c in scored.values()
            )
            if total is not None and scored and total_known and total > max_total:
                self.report(
                    (*r_path, "min_total_score"),
                    "unreachable_total",
                    _("The minimum total %(min)s is above the highest possible total %(max)s.")
                    % {"min": total, "max": max_total},
                )
            self.survey_condition(r_path, rule.get("survey"))
            required = _str(rule.get("requires_level"))
            if required is not None:
                if required not in levels:
                    self.report(
                        (*r_path, "requires_level"),
                        "unknown_level",
                        _("There is no level “%(level)s” under levels.") % {"level": required},
                    )
                elif order[required] >= order[key]:
                    self.report(
                        (*r_path, "requires_level"),
                        "level_order",
                        _("A level can only require a level listed before it."),
                    )
        return {key: path for key, (path, _level) in levels.items()}

    def survey_condition(self, r_path: Path, condition: Any) -> None:
        """A survey condition (format 2) needs a condition to check, and a survey to read: the
        named instrument's, or that of a survey phase."""
        if not isinstance(condition, dict):
            return
        from vereinbar.programmes.levels import SURVEY_CONDITIONS

        if not any(key in condition for key in SURVEY_CONDITIONS):
            self.report(
                (*r_path, "survey"),
                "survey_no_condition",
                _("The survey condition names no condition; give at least one of %(keys)s.")
                % {"keys": ", ".join(SURVEY_CONDITIONS)},
            )
        if "instrument" in condition:
            return
        phases = (
            phase
            for _s_path, stage in _entries(self.data.get("stages"), ("stages",))
            for _p_path, phase in _entries(stage.get("phases"), ("phases",))
        )
        if not any(phase.get("deliverable") == "survey" for phase in phases):
            self.report(
                (*r_path, "survey"),
                "no_survey_phase",
                _("No stage has a survey phase whose survey the condition could read: add one or name the instrument."),
            )

    # --- stages and phases -----------------------------------------------------------

    def stages(self, levels: dict[str, Path], codes: set[str]) -> None:
        stages = self.unique(self.data.get("stages"), ("stages",), "id", "duplicate_id")
        after_expiring: set[str] = set()
        for key, (_path, stage) in stages.items():
            following = _str(stage.get("next")) or (key if stage.get("repeating") is True else None)
            award = stage.get("award")
            if following and isinstance(award, dict) and isinstance(award.get("validity_months"), int):
                after_expiring.add(following)
        for key, (stage_path, stage) in stages.items():
            following = _str(stage.get("next"))
            if following is not None and following not in stages:
                self.report(
                    (*stage_path, "next"),
                    "unknown_stage",
                    _("There is no stage “%(stage)s” under stages.") % {"stage": following},
                )
            award = stage.get("award")
            for index, level in enumerate(_list(_dict(award).get("levels"))):
                if isinstance(level, str) and level not in levels:
                    self.report(
                        (*stage_path, "award", "levels", index),
                        "unknown_level",
                        _("There is no level “%(level)s” under levels.") % {"level": level},
                    )
            self.phases(stage_path, stage, award, codes, key in after_expiring)
        self.ladder(stages)

    def ladder(self, stages: dict[str, tuple[Path, dict[str, Any]]]) -> None:
        def next_of(key: str) -> str | None:
            stage = stages[key][1]
            following = _str(stage.get("next"))
            if following is None and stage.get("repeating") is True:
                following = key
            return following if following in stages else None

        reported: set[frozenset[str]] = set()
        for start in stages:
            trail: list[str] = []
            key: str | None = start
            while key is not None and key not in trail:
                trail.append(key)
                key = next_of(key)
            if key is None:
                continue
            loop = trail[trail.index(key) :]
            if frozenset(loop) in reported:
                continue
            reported.add(frozenset(loop))
            if not any(stages[k][1].get("repeating") is True for k in loop):
                last = loop[-1]
                self.report(
                    (*stages[last][0], "next"),
                    "stage_cycle",
                    _("The stages form a cycle (%(cycle)s). Mark the stage that starts over with “repeating: true”.")
                    % {"cycle": " → ".join([*loop, loop[0]])},
                )
        if stages:
            first = next(iter(stages))
            reachable: set[str] = set()
            key = first
            while key is not None and key not in reachable:
                reachable.add(key)
                key = next_of(key)
            for key, (stage_path, _stage) in stages.items():
                if key not in reachable:
                    self.report(
                        (*stage_path, "id"),
                        "stage_unreachable",
                        _("The stage “%(stage)s” cannot be reached from the first stage “%(first)s” by following next.")
                        % {"stage": key, "first": first},
                    )

    def granted_on(self, stage_path: Path, award: Any, phases: dict[str, tuple[Path, dict[str, Any]]]) -> None:
        """``award.granted_on`` (format 2) names a phase of the stage that comes before the award."""
        key = _str(_dict(award).get("granted_on"))
        if key is None:
            return
        path = (*stage_path, "award", "granted_on")
        if key not in phases:
            self.report(
                path,
                "unknown_phase",
                _("The award is granted on the phase “%(phase)s”, which this stage does not have.") % {"phase": key},
            )
        elif any(phase.get("deliverable") == "decision" for _p, phase in phases.values()):
            self.report(
                path,
                "granted_on_with_decision",
                _("This stage has a decision phase, which grants the award; granted_on is for stages without one."),
            )
        elif _dict(phases[key][1].get("due")).get("anchor") in ("award", "expiry"):
            self.report(
                path,
                "granted_on_after_award",
                _("The phase “%(phase)s” comes after the award (its due date counts from it).") % {"phase": key},
            )

    def phases(
        self, stage_path: Path, stage: dict[str, Any], award: Any, codes: set[str], after_expiring: bool
    ) -> None:
        phases = self.unique(stage.get("phases"), (*stage_path, "phases"), "id", "duplicate_id")
        self.granted_on(stage_path, award, phases)
        order = {key: position for position, key in enumerate(phases)}
        for key, (phase_path, phase) in phases.items():
            for index, required in enumerate(_list(_dict(phase.get("gate")).get("requires"))):
                if not isinstance(required, str):
                    continue
                g_path = (*phase_path, "gate", "requires", index)
                if required not in phases:
                    self.report(
                        g_path,
                        "unknown_phase",
                        _("The gate names the phase “%(phase)s”, which this stage does not have.")
                        % {"phase": required},
                    )
                elif order[required] >= order[key]:
                    self.report(
                        g_path,
                        "gate_order",
                        _("A gate can only wait for phases listed before this one (“%(phase)s” is not).")
                        % {"phase": required},
                    )
            if phase.get("optional") is True and phase.get("deliverable") == "decision":
                self.report(
                    (*phase_path, "optional"),
                    "optional_decision",
                    _("The decision phase cannot be optional: every cycle of a stage is decided."),
                )
            if phase.get("assesses_criteria") is True and phase.get("deliverable") in ("self_assessment", "decision"):
                self.report(
                    (*phase_path, "assesses_criteria"),
                    "field_not_applicable",
                    _(
                        "“assesses_criteria” is for phases of other kinds: a self-assessment always records criteria, a decision never does."
                    ),
                )
            due = phase.get("due")
            if isinstance(due, dict):
                anchor = due.get("anchor")
                if anchor == "award" and not isinstance(award, dict):
                    self.report(
                        (*phase_path, "due", "anchor"),
                        "due_needs_award",
                        _("The due date counts from the award, but this stage gives no award."),
                    )
                elif anchor == "expiry" and not after_expiring:
                    self.report(
                        (*phase_path, "due", "anchor"),
                        "due_needs_expiry",
                        _(
                            "The due date counts from the expiry of the award held when the stage starts, "
                            "but no stage with an expiring award leads to this one."
                        ),
                    )
                if "repeat_count" in due and "repeat_every_months" not in due:
                    self.report(
                        (*phase_path, "due", "repeat_count"),
                        "repeat_count_alone",
                        _("repeat_count needs repeat_every_months."),
                    )
            for index, code in enumerate(_list(phase.get("scope"))):
                if isinstance(code, str) and code not in codes:
                    self.report(
                        (*phase_path, "scope", index),
                        "unknown_code",
                        _("There is no action field or criterion with the code “%(code)s”.") % {"code": code},
                    )

    def flat_criteria(self) -> None:
        """A flat list of criteria (format 2) stands instead of action fields, not beside them."""
        if not _list(self.data.get("criteria")):
            return
        if _list(self.data.get("action_fields")):
            self.report(
                ("criteria",),
                "criteria_and_action_fields",
                _("Write the criteria either under action_fields or as a flat list under criteria, not both."),
            )
            return
        for stage_path, stage in _entries(self.data.get("stages"), ("stages",)):
            for phase_path, phase in _entries(stage.get("phases"), (*stage_path, "phases")):
                if phase.get("deliverable") == "target_agreement":
                    self.report(
                        (*phase_path, "deliverable"),
                        "needs_action_fields",
                        _("The goals of a target agreement belong to action fields; a flat list of criteria has none."),
                    )

    def phases_accepted(self) -> None:
        """A level may ask for phases accepted (format 2): they must exist, and not be the decision."""
        kinds: dict[str, set[str]] = {}
        for _stage_path, stage in _entries(self.data.get("stages"), ("stages",)):
            for _phase_path, phase in _entries(stage.get("phases"), ()):
                if isinstance(phase.get("id"), str):
                    kinds.setdefault(phase["id"], set()).add(str(phase.get("deliverable")))
        for level_path, level in _entries(self.data.get("levels"), ("levels",)):
            for index, key in enumerate(_list(_dict(level.get("rule")).get("phases_accepted"))):
                path = (*level_path, "rule", "phases_accepted", index)
                if isinstance(key, str) and key not in kinds:
                    self.report(
                        path,
                        "unknown_phase",
                        _("There is no phase “%(phase)s” in any stage.") % {"phase": key},
                    )
                elif isinstance(key, str) and kinds[key] == {"decision"}:
                    self.report(
                        path,
                        "decision_in_rule",
                        _("The decision phase is accepted by the decision itself; a level cannot wait for it."),
                    )

    def dates(self) -> None:
        """``applications_until`` must be a real day (the schema checks only its shape)."""
        places: list[tuple[Path, Any]] = [(("applications_until",), self.data.get("applications_until"))]
        for stage_path, stage in _entries(self.data.get("stages"), ("stages",)):
            places.append(((*stage_path, "applications_until"), stage.get("applications_until")))
        for path, value in places:
            if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                try:
                    date.fromisoformat(value)
                except ValueError:
                    self.report(path, "bad_date", _("“%(value)s” is not a day of the calendar.") % {"value": value})

    def roles(self) -> None:
        """Roles a programme defines (format 2): unique ids that are not a built-in actor; a phase's
        ``actor`` is a built-in actor or one of them (the schema allows any key there)."""
        roles = self.unique(self.data.get("roles"), ("roles",), "id", "duplicate_id")
        for key, (role_path, _role) in roles.items():
            if key in BUILT_IN_ACTORS:
                self.report(
                    (*role_path, "id"),
                    "role_reserved",
                    _("“%(role)s” already names who acts in every programme; give the role another id.")
                    % {"role": key},
                )
        for stage_path, stage in _entries(self.data.get("stages"), ("stages",)):
            for phase_path, phase in _entries(stage.get("phases"), (*stage_path, "phases")):
                actor = _str(phase.get("actor"))
                if actor is None or actor in BUILT_IN_ACTORS:
                    continue
                if actor not in roles:
                    self.report(
                        (*phase_path, "actor"),
                        "unknown_role",
                        _(
                            "“%(actor)s” is neither coordinator, contributor, auditor, board nor operator, "
                            "nor a role the programme defines under roles."
                        )
                        % {"actor": actor},
                    )
                elif phase.get("deliverable") == "decision":
                    self.report(
                        (*phase_path, "actor"),
                        "role_not_allowed",
                        _("A decision is taken by the board or the operator, not by a role of the employer."),
                    )

    def measures(self, fields: dict[str, Path]) -> None:
        measures = self.unique(self.data.get("measures"), ("measures",), "id", "duplicate_id")
        for measure_path, measure in measures.values():
            field = _str(measure.get("action_field"))
            if field is not None and field not in fields:
                self.report(
                    (*measure_path, "action_field"),
                    "unknown_action_field",
                    _("There is no action field with the code “%(code)s”.") % {"code": field},
                )


def rules_check(source: Source) -> None:
    """Add a problem for every broken rule that spans several places of the definition."""
    if not isinstance(source.data, dict):
        return
    checker = _Checker(source)
    checker.format_version()
    checker.languages()
    scales = checker.scales()
    fields, criteria = checker.codes()
    checker.assessments(scales)
    levels = checker.levels(criteria)
    checker.stages(levels, set(fields) | set(criteria))
    checker.flat_criteria()
    checker.phases_accepted()
    checker.dates()
    checker.roles()
    checker.measures(fields)
