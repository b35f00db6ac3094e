"""Which level an assessment reaches, and why: computed from the definition's rules alone.

Pure functions over a canonical definition (``ProgrammeVersion.definition``) and answers
by criterion code; no database. Every condition of every level becomes a ``Reason`` that
says whether it holds, so pages can explain a result and later rules can be audited.

When is a criterion met?
- assessment ``none``: always (nothing to assess);
- ``status``: the chosen option has ``meets: true``;
- ``score``: a score is given and reaches ``pass_score`` when the criterion has one;
- ``text``: an answer of at least ``min_length`` characters (at least one) is given;
and, for every kind, the answer was not rejected by the assessor (``accepted=False``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Answer:
    """An organisation's answer to one criterion."""

    status: str | None = None
    score: Decimal | int | float | None = None
    text: str | None = None
    accepted: bool | None = None  # the assessor's verdict; None means not (yet) judged


@dataclass(frozen=True)
class Reason:
    """One condition of a level's rule and whether it holds."""

    code: str
    satisfied: bool
    message: str
    criterion: str | None = None


@dataclass(frozen=True)
class LevelCheck:
    level: str
    title: str
    reached: bool
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class LevelOutcome:
    """The highest level reached (None: no level) and the check of every level."""

    level: str | None
    checks: tuple[LevelCheck, ...]
    total_score: Decimal
    max_total_score: Decimal

    def check(self, level: str) -> LevelCheck:
        """The check of one level; KeyError for a level the definition does not have."""
        for check in self.checks:
            if check.level == level:
                return check
        raise KeyError(level)


def _decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _fmt(value: Decimal) -> str:
    text = format(value.quantize(Decimal("0.01")).normalize(), "f")
    return text


def text_in(texts: Mapping[str, str] | None, definition: Mapping[str, Any]) -> str:
    """A text of the definition in the active language, else in the definition's default language."""
    texts = texts or {}
    language = (translation.get_language() or "")[:2]
    return texts.get(language) or texts.get(definition.get("default_language", "")) or next(iter(texts.values()), "")


def criteria_of(definition: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """Every criterion of the definition, depth first."""

    def below(items: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for item in items:
            yield item
            yield from below(item.get("criteria", []))

    for field in definition.get("action_fields", []):
        yield from below(field.get("criteria", []))
    yield from below(definition.get("criteria", []))  # format 2: a flat list


def _answer(answers: Mapping[str, Answer | Mapping[str, Any]], code: str) -> Answer:
    value = answers.get(code)
    if value is None:
        return Answer()
    if isinstance(value, Answer):
        return value
    return Answer(**{key: value.get(key) for key in ("status", "score", "text", "accepted")})


def criterion_met(criterion: Mapping[str, Any], answer: Answer, definition: Mapping[str, Any]) -> bool:
    """Whether the answer meets the criterion (see the module docstring)."""
    if answer.accepted is False:
        return False
    assessment = criterion.get("assessment", {"kind": "none"})
    kind = assessment["kind"]
    if kind == "none":
        return True
    if kind == "status":
        scale = next((s for s in definition.get("status_scales", []) if s["id"] == assessment["scale"]), None)
        meeting = {option["value"] for option in (scale or {}).get("options", []) if option.get("meets")}
        return answer.status in meeting
    if kind == "score":
        score, passing = _decimal(answer.score), _decimal(assessment.get("pass_score"))
        return score is not None and (passing is None or score >= passing)
    text = (answer.text or "").strip()
    return len(text) >= max(1, int(assessment.get("min_length") or 0))


def score_total(
    definition: Mapping[str, Any], answers: Mapping[str, Answer | Mapping[str, Any]]
) -> tuple[Decimal, Decimal]:
    """Weighted total of the scored criteria and the highest possible total (scores capped at max)."""
    total, maximum = Decimal(0), Decimal(0)
    for criterion in criteria_of(definition):
        assessment = criterion.get("assessment", {})
        if assessment.get("kind") != "score":
            continue
        weight = _decimal(assessment.get("weight", 1)) or Decimal(1)
        top = _decimal(assessment["max"]) or Decimal(0)
        score = _decimal(_answer(answers, criterion["code"]).score) or Decimal(0)
        total += weight * min(max(score, Decimal(0)), top)
        maximum += weight * top
    return total, maximum


def _rule_reasons(
    rule: Mapping[str, Any],
    definition: Mapping[str, Any],
    answers: Mapping[str, Answer | Mapping[str, Any]],
    totals: tuple[Decimal, Decimal],
) -> Iterator[Reason]:
    criteria = {criterion["code"]: criterion for criterion in criteria_of(definition)}
    if rule.get("all_required_met"):
        missing = [
            code
            for code, criterion in criteria.items()
            if criterion.get("required", True) and not criterion_met(criterion, _answer(answers, code), definition)
        ]
        if missing:
            yield Reason(
                "all_required_met", False, _("Required criteria not met: %(codes)s.") % {"codes": ", ".join(missing)}
            )
        else:
            yield Reason("all_required_met", True, _("All required criteria are met."))
    for code in rule.get("criteria_met", []):
        met = code in criteria and criterion_met(criteria[code], _answer(answers, code), definition)
        message = _("Criterion %(code)s is met.") if met else _("Criterion %(code)s is not met.")
        yield Reason("criterion_met", met, message % {"code": code}, code)
    total, maximum = totals
    if "min_total_score" in rule:
        wanted = _decimal(rule["min_total_score"]) or Decimal(0)
        values = {"total": _fmt(total), "max": _fmt(maximum), "min": _fmt(wanted)}
        if total >= wanted:
            yield Reason(
                "min_total_score", True, _("Total score %(total)s of %(max)s reaches the minimum %(min)s.") % values
            )
        else:
            yield Reason(
                "min_total_score", False, _("Total score %(total)s of %(max)s is below the minimum %(min)s.") % values
            )
    if "min_total_percent" in rule:
        wanted = _decimal(rule["min_total_percent"]) or Decimal(0)
        percent = total * 100 / maximum if maximum else Decimal(0)
        values = {"percent": _fmt(percent), "min": _fmt(wanted)}
        if percent >= wanted:
            yield Reason(
                "min_total_percent",
                True,
                _("%(percent)s %% of the possible total reaches the minimum %(min)s %%.") % values,
            )
        else:
            yield Reason(
                "min_total_percent",
                False,
                _("%(percent)s %% of the possible total is below the minimum %(min)s %%.") % values,
            )
    if "min_score_each" in rule:
        wanted = _decimal(rule["min_score_each"]) or Decimal(0)
        below = []
        for code, criterion in criteria.items():
            if criterion.get("assessment", {}).get("kind") != "score":
                continue
            score = _decimal(_answer(answers, code).score)
            if score is None or score < wanted:
                below.append(f"{code} ({_fmt(score) if score is not None else '–'})")
        if below:
            yield Reason(
                "min_score_each",
                False,
                _("Below the minimum %(min)s: %(list)s.") % {"min": _fmt(wanted), "list": ", ".join(below)},
            )
        else:
            yield Reason(
                "min_score_each", True, _("Every scored criterion reaches at least %(min)s.") % {"min": _fmt(wanted)}
            )
    for code, minimum in rule.get("min_scores", {}).items():
        wanted = _decimal(minimum) or Decimal(0)
        score = _decimal(_answer(answers, code).score)
        values = {"code": code, "score": _fmt(score) if score is not None else "–", "min": _fmt(wanted)}
        if score is not None and score >= wanted:
            yield Reason(
                "min_score", True, _("Criterion %(code)s scores %(score)s; the minimum is %(min)s.") % values, code
            )
        else:
            yield Reason(
                "min_score", False, _("Criterion %(code)s scores %(score)s, below the minimum %(min)s.") % values, code
            )


def level_evaluate(
    definition: Mapping[str, Any],
    answers: Mapping[str, Answer | Mapping[str, Any]],
    *,
    held_levels: Iterable[str] = (),
    stage: str | None = None,
    accepted_phases: Iterable[str] = (),
) -> LevelOutcome:
    """Check every level's rule against the answers; the outcome is the highest level reached.

    ``held_levels``: levels the organisation held before (for ``requires_level``).
    ``stage``: only levels this stage may award can be reached.
    ``accepted_phases``: keys of the cycle's phases accepted so far (for ``phases_accepted``, format 2).
    """
    accepted = set(accepted_phases)
    phase_titles = {
        phase["id"]: text_in(phase.get("title"), definition) or phase["id"]
        for stage_def in definition.get("stages", [])
        for phase in stage_def.get("phases", [])
    }
    held = set(held_levels)
    totals = score_total(definition, answers)
    levels = definition.get("levels", [])
    titles = {level["id"]: text_in(level.get("title"), definition) or level["id"] for level in levels}
    awardable: set[str] | None = None
    if stage is not None:
        stage_def = next((s for s in definition.get("stages", []) if s["id"] == stage), None)
        award = (stage_def or {}).get("award")
        awardable = set(award.get("levels", [])) if award else set()
    rank = {level["id"]: position for position, level in enumerate(levels)}
    ladder = definition.get("format", 1) >= 2  # format 2: "this level or a higher one"; format 1: exactly it
    checks = []
    for level in levels:
        rule = level.get("rule", {})
        reasons = list(_rule_reasons(rule, definition, answers, totals))
        required = rule.get("requires_level")
        if required:
            values = {"level": titles.get(required, required)}
            higher = [key for key in held if ladder and rank.get(key, -1) > rank.get(required, len(rank))]
            if required in held:
                reasons.append(Reason("requires_level", True, _("The level “%(level)s” was held before.") % values))
            elif higher:
                values["higher"] = titles.get(higher[0], higher[0])
                reasons.append(
                    Reason(
                        "requires_level",
                        True,
                        _("The higher level “%(higher)s” was held before, which counts for “%(level)s”.") % values,
                    )
                )
            else:
                reasons.append(
                    Reason(
                        "requires_level", False, _("Requires the level “%(level)s” to have been held before.") % values
                    )
                )
        for key in rule.get("phases_accepted", []):
            values = {"phase": phase_titles.get(key, key)}
            if key in accepted:
                reasons.append(Reason("phase_accepted", True, _("The phase “%(phase)s” is accepted.") % values))
            else:
                reasons.append(Reason("phase_accepted", False, _("The phase “%(phase)s” is not accepted.") % values))
        if awardable is not None and level["id"] not in awardable:
            reasons.append(Reason("stage_level", False, _("This stage does not award this level.")))
        checks.append(
            LevelCheck(level["id"], titles[level["id"]], all(reason.satisfied for reason in reasons), tuple(reasons))
        )
    reached = [check.level for check in checks if check.reached]
    return LevelOutcome(reached[-1] if reached else None, tuple(checks), totals[0], totals[1])
