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
from dataclasses import field as dataclass_field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from vereinbar.core.quotes import nested_quotes, quoted
from vereinbar.core.sampling import margin_of_error


@dataclass(frozen=True)
class Answer:
    """An organisation's answer to one criterion."""

    status: str | None = None
    score: Decimal | int | float | None = None
    text: str | None = None
    accepted: bool | None = None  # the assessor's verdict; None means not (yet) judged


@dataclass(frozen=True)
class Reason:
    """One condition of a level's rule and whether it holds.

    ``text`` (the sentence untranslated) and ``params`` (JSON values: see ``reason_text``) say it
    again later in any language; ``message`` is it in the language active when it was checked."""

    code: str
    satisfied: bool
    message: str
    criterion: str | None = None
    text: str = dataclass_field(default="", compare=False)
    params: Mapping[str, Any] = dataclass_field(default_factory=dict, compare=False)


def reason_text(text: str, params: Mapping[str, Any]) -> str:
    """A reason's sentence in the active language, with its values: ``{"figure": "68.4"}`` a survey
    figure and ``{"number": "65"}`` a threshold (both in the language's number format), ``{"texts":
    {"de": …}}`` a title in the language, ``{"scales": [[title, figure], …]}`` a list of scales with
    their figures; the counts of people ``n`` and ``headcount`` grouped ("1.050" or "1,050"); a
    rule's scores and percentages (``total``, ``max``, ``min``, ``percent``, ``score``) in the
    language's number format ("52.5" or "52,5"); any other value as it is."""
    return _(text) % {key: _spoken(key, value) for key, value in params.items()}


# Keys whose values are counts of people (answers, staff, invited): stored plain (as decisions
# have always stored them, compared and given by the API), said grouped in the reader's language.
_COUNTS = frozenset({"n", "headcount"})


# Keys whose values are scores, totals and percentages of a rule, stored plain ("52.5"), said
# in the reader's number format ("52,5" in German and Dutch).
_NUMBERS = frozenset({"total", "max", "min", "percent", "score"})


def _spoken(key: str, value: Any) -> Any:
    if key in _COUNTS:
        return _count(value)
    if key in _NUMBERS and isinstance(value, str):
        try:
            return _shown(Decimal(value))
        except InvalidOperation:  # "–" for a criterion not scored yet
            return value
    return _said(value)


def _count(value: Any) -> Any:
    try:
        return formats.number_format(int(value), use_l10n=True, force_grouping=True)
    except (TypeError, ValueError):
        return value


def _said(value: Any) -> Any:
    """A value as the sentence says it; a title (``texts``), which the sentences set inside their
    quotation marks, with its own ones turned into the inner pair (In der Stufe
    „Re-Auditierung ‚Optimierung‘“)."""
    if not isinstance(value, Mapping):
        return value
    if "figure" in value:
        return _figure(Decimal(str(value["figure"])))
    if "number" in value:
        return _shown(Decimal(str(value["number"])))
    if "texts" in value:
        texts = value["texts"] or {}
        language = (translation.get_language() or "")[:2]
        return nested_quotes(texts.get(language) or next(iter(texts.values()), ""))
    if "scales" in value:
        return ", ".join(f"{quoted(_said(title))} {_said(figure)}" for title, figure in value["scales"])
    return value


# The sentence of decisions stored before the stage was named in it: still translated on their pages.
EARLIER_SENTENCES = (gettext_noop("This stage does not award this level."),)


def _reason(
    code: str, satisfied: bool, text: str, params: Mapping[str, Any] | None = None, criterion: str | None = None
) -> Reason:
    """A reason whose sentence ``text`` (marked with ``gettext_noop``) is filled with ``params``."""
    values = dict(params or {})
    return Reason(code, satisfied, reason_text(text, values), criterion, text, values)


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


@dataclass(frozen=True)
class SurveyScale:
    """One scale of a staff survey, as the survey's report shows it for the whole organisation."""

    key: str
    title: str
    higher_is_better: bool = True
    mean: float | None = None  # None: the report does not show the scale
    favourable: float | None = None  # share 0–1 of the scale's answers on favourable categories
    titles: Mapping[str, str] | None = None  # the title in each of the questionnaire's languages


@dataclass(frozen=True)
class SurveyFigures:
    """What survey conditions may read: the whole-organisation figures the survey's report shows.

    ``responses`` is None when the report shows no figures (fewer answers than the minimum group
    size ``k``); then every scale is empty as well."""

    title: str
    k: int
    responses: int | None
    scales: tuple[SurveyScale, ...] = ()
    staff: int | None = None  # the organisation's staff count
    invited: int | None = None  # people invited, as the report shows it (None: not shown or no invitations)


SURVEY_CONDITIONS = (
    "min_favourable_percent",
    "min_scale_means",
    "min_each_scale_mean",
    "min_answers",
    "min_response_rate",
    "max_margin_of_error",
)


def survey_sources(definition: Mapping[str, Any]) -> set[str]:
    """The surveys the definition's level rules read: an instrument's identifier, or "" for the
    survey of the cycle's survey phase."""
    return {
        str(level.get("rule", {})["survey"].get("instrument") or "")
        for level in definition.get("levels", [])
        if isinstance(level.get("rule", {}).get("survey"), Mapping)
    }


def _shown(value: Decimal) -> str:
    """A threshold in the active language's number format (65, 67.5 or 67,5; 1,000 or 1.000)."""
    shown = value.normalize() if value == value.to_integral() else value
    return formats.number_format(shown, use_l10n=True, force_grouping=True)


def _figure(value: Decimal) -> str:
    """A survey figure, with its one decimal, in the active language's number format (68.4 or 68,4)."""
    return formats.number_format(value, decimal_pos=1, use_l10n=True)


def _one(value: float | Decimal) -> Decimal:
    """A survey figure as it is shown and compared: rounded to one decimal (half up)."""
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


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


def definition_text(texts: Mapping[str, str] | None, definition: Mapping[str, Any]) -> dict[str, Any] | None:
    """A text of the definition as a reason's value (``reason_text``), the default language first."""
    if not texts:
        return None
    default = definition.get("default_language", "")
    ordered = {default: texts[default]} if default in texts else {}
    return {"texts": ordered | dict(texts)}


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
            yield _reason(
                "all_required_met",
                False,
                gettext_noop("Required criteria not met: %(codes)s."),
                {"codes": ", ".join(missing)},
            )
        else:
            yield _reason("all_required_met", True, gettext_noop("All required criteria are met."))
    for code in rule.get("criteria_met", []):
        met = code in criteria and criterion_met(criteria[code], _answer(answers, code), definition)
        text = gettext_noop("Criterion %(code)s is met.") if met else gettext_noop("Criterion %(code)s is not met.")
        yield _reason("criterion_met", met, text, {"code": code}, code)
    total, maximum = totals
    if "min_total_score" in rule:
        wanted = _decimal(rule["min_total_score"]) or Decimal(0)
        values = {"total": _fmt(total), "max": _fmt(maximum), "min": _fmt(wanted)}
        if total >= wanted:
            yield _reason(
                "min_total_score",
                True,
                gettext_noop("Total score %(total)s of %(max)s reaches the minimum %(min)s."),
                values,
            )
        else:
            yield _reason(
                "min_total_score",
                False,
                gettext_noop("Total score %(total)s of %(max)s is below the minimum %(min)s."),
                values,
            )
    if "min_total_percent" in rule:
        wanted = _decimal(rule["min_total_percent"]) or Decimal(0)
        percent = total * 100 / maximum if maximum else Decimal(0)
        values = {"percent": _fmt(percent), "min": _fmt(wanted)}
        if percent >= wanted:
            yield _reason(
                "min_total_percent",
                True,
                gettext_noop("%(percent)s %% of the possible total reaches the minimum %(min)s %%."),
                values,
            )
        else:
            yield _reason(
                "min_total_percent",
                False,
                gettext_noop("%(percent)s %% of the possible total is below the minimum %(min)s %%."),
                values,
            )
    if "min_score_each" in rule:
        wanted = _decimal(rule["min_score_each"]) or Decimal(0)
        below, unscored = [], []
        for code, criterion in criteria.items():
            if criterion.get("assessment", {}).get("kind") != "score":
                continue
            score = _decimal(_answer(answers, code).score)
            if score is None:
                unscored.append(code)
            elif score < wanted:
                below.append(f"{code} ({_fmt(score)})")
        if below:
            yield _reason(
                "min_score_each",
                False,
                gettext_noop("Below the minimum %(min)s: %(list)s."),
                {"min": _fmt(wanted), "list": ", ".join(below)},
            )
        if unscored:
            yield _reason(
                "min_score_each",
                False,
                gettext_noop("Not scored yet, so not at the minimum %(min)s: %(list)s."),
                {"min": _fmt(wanted), "list": ", ".join(unscored)},
            )
        if not below and not unscored:
            yield _reason(
                "min_score_each",
                True,
                gettext_noop("Every scored criterion reaches at least %(min)s."),
                {"min": _fmt(wanted)},
            )
    for code, minimum in rule.get("min_scores", {}).items():
        wanted = _decimal(minimum) or Decimal(0)
        score = _decimal(_answer(answers, code).score)
        values = {"code": code, "score": _fmt(score) if score is not None else "–", "min": _fmt(wanted)}
        if score is None:
            yield _reason(
                "min_score",
                False,
                gettext_noop("Criterion %(code)s is not scored yet; the minimum is %(min)s."),
                values,
                code,
            )
        elif score >= wanted:
            yield _reason(
                "min_score",
                True,
                gettext_noop("Criterion %(code)s scores %(score)s; the minimum is %(min)s."),
                values,
                code,
            )
        else:
            yield _reason(
                "min_score",
                False,
                gettext_noop("Criterion %(code)s scores %(score)s, below the minimum %(min)s."),
                values,
                code,
            )


def _scale_title(scale: SurveyScale) -> Any:
    return {"texts": dict(scale.titles)} if scale.titles else scale.title


def _survey_reasons(condition: Mapping[str, Any], figures: SurveyFigures | None) -> Iterator[Reason]:
    """The survey conditions of a rule, over the report's whole-organisation figures only."""
    if figures is None:
        instrument = condition.get("instrument")
        if instrument:
            yield _reason(
                "survey_missing",
                False,
                gettext_noop("This cycle has no closed staff survey with the questionnaire “%(instrument)s” yet."),
                {"instrument": instrument},
            )
        else:
            yield _reason(
                "survey_missing", False, gettext_noop("The survey phase of this cycle has no closed staff survey yet.")
            )
        return
    if figures.responses is None:
        yield _reason(
            "survey_no_results",
            False,
            gettext_noop(
                "The staff survey “%(title)s” has fewer than %(k)s answers, so it shows no figures and its "
                "conditions cannot be met."
            ),
            {"title": figures.title, "k": figures.k},
        )
        return
    by_key = {scale.key: scale for scale in figures.scales}
    chosen = [by_key[key] for key in condition.get("scales", []) if key in by_key] or list(figures.scales)
    unknown = [
        key for key in [*condition.get("scales", []), *condition.get("min_scale_means", {})] if key not in by_key
    ]
    if unknown:
        yield _reason(
            "survey_unknown_scale",
            False,
            gettext_noop("The questionnaire of “%(title)s” has no scale %(scales)s."),
            {"title": figures.title, "scales": ", ".join(f"“{key}”" for key in unknown)},
        )

    def hidden(scale: SurveyScale) -> Reason:
        return _reason(
            "survey_scale_hidden",
            False,
            gettext_noop(
                "The report of “%(title)s” does not show “%(scale)s” for the whole organisation, "
                "so this condition cannot be checked."
            ),
            {"title": figures.title, "scale": _scale_title(scale)},
        )

    def favourable_direction(scale: SurveyScale) -> Decimal:
        mean = _one(scale.mean or 0)
        return mean if scale.higher_is_better else Decimal(100) - mean

    if "min_favourable_percent" in condition:
        wanted = _decimal(condition["min_favourable_percent"]) or Decimal(0)
        missing = next((scale for scale in chosen if scale.favourable is None), None)
        if missing is not None:
            yield hidden(missing)
        else:
            # Every scale weighs the same: the mean of the scales' favourable shares.
            value = _one(sum(Decimal(str(scale.favourable)) for scale in chosen) * 100 / len(chosen))
            values: dict[str, Any] = {"value": {"figure": str(value)}, "min": {"number": str(wanted)}}
            if value >= wanted:
                yield _reason(
                    "survey_favourable", True, gettext_noop("Favourable answers %(value)s %% ≥ %(min)s %%."), values
                )
            else:
                yield _reason(
                    "survey_favourable", False, gettext_noop("Favourable answers %(value)s %% < %(min)s %%."), values
                )
    for key, minimum in condition.get("min_scale_means", {}).items():
        scale = by_key.get(key)
        if scale is None:
            continue
        if scale.mean is None:
            yield hidden(scale)
            continue
        wanted = _decimal(minimum) or Decimal(0)
        value = favourable_direction(scale)
        values = {
            "scale": _scale_title(scale),
            "value": {"figure": str(value)},
            "mean": {"figure": str(_one(scale.mean))},
            "min": {"number": str(wanted)},
        }
        met = value >= wanted
        if scale.higher_is_better:
            text = (
                gettext_noop("“%(scale)s”: mean %(value)s ≥ %(min)s.")
                if met
                else gettext_noop("“%(scale)s”: mean %(value)s < %(min)s.")
            )
        elif met:
            text = gettext_noop("“%(scale)s” (a strain scale): 100 − mean %(mean)s = %(value)s ≥ %(min)s.")
        else:
            text = gettext_noop("“%(scale)s” (a strain scale): 100 − mean %(mean)s = %(value)s < %(min)s.")
        yield _reason("survey_scale_mean", met, text, values)
    if "min_each_scale_mean" in condition:
        wanted = _decimal(condition["min_each_scale_mean"]) or Decimal(0)
        missing = next((scale for scale in chosen if scale.mean is None), None)
        if missing is not None:
            yield hidden(missing)
        else:
            below = [scale for scale in chosen if favourable_direction(scale) < wanted]
            if below:
                listed = [[_scale_title(scale), {"figure": str(favourable_direction(scale))}] for scale in below]
                yield _reason(
                    "survey_each_scale_mean",
                    False,
                    gettext_noop("Scales below %(min)s: %(list)s."),
                    {"min": {"number": str(wanted)}, "list": {"scales": listed}},
                )
            else:
                lowest = min(chosen, key=favourable_direction)
                yield _reason(
                    "survey_each_scale_mean",
                    True,
                    gettext_noop("No scale below %(min)s; the lowest is “%(scale)s” with %(value)s."),
                    {
                        "min": {"number": str(wanted)},
                        "scale": _scale_title(lowest),
                        "value": {"figure": str(favourable_direction(lowest))},
                    },
                )
    n = figures.responses
    if "min_answers" in condition:
        wanted = _decimal(condition["min_answers"]) or Decimal(0)
        values = {"n": str(n), "min": {"number": str(wanted)}}
        if n >= wanted:
            yield _reason("survey_answers", True, gettext_noop("%(n)s answers ≥ %(min)s."), values)
        else:
            yield _reason("survey_answers", False, gettext_noop("%(n)s answers < %(min)s."), values)
    if "min_response_rate" not in condition and "max_margin_of_error" not in condition:
        return
    invited = condition.get("headcount", "staff") == "invited"
    headcount = figures.invited if invited else figures.staff
    if headcount is None:
        text = (
            gettext_noop("The survey report shows no number of invited people, so the response rate cannot be checked.")
            if invited
            else gettext_noop("The organisation's staff count is not known, so the response rate cannot be checked.")
        )
        yield _reason("survey_headcount", False, text)
        return
    if headcount < n:
        text = (
            gettext_noop(
                "%(headcount)s people were invited, fewer than the %(n)s answers: the sample cannot be checked."
            )
            if invited
            else gettext_noop(
                "The staff count %(headcount)s is below the %(n)s answers: update the organisation's staff count "
                "to check the sample."
            )
        )
        yield _reason("survey_headcount", False, text, {"headcount": headcount, "n": n})
        return
    if "min_response_rate" in condition:
        wanted = _decimal(condition["min_response_rate"]) or Decimal(0)
        rate = _one(Decimal(n) * 100 / Decimal(headcount))
        values = {
            "rate": {"figure": str(rate)},
            "n": str(n),
            "headcount": str(headcount),
            "min": {"number": str(wanted)},
        }
        met = rate >= wanted
        if invited:
            text = (
                gettext_noop("Response rate %(rate)s %% (%(n)s of %(headcount)s invited) ≥ %(min)s %%.")
                if met
                else gettext_noop("Response rate %(rate)s %% (%(n)s of %(headcount)s invited) < %(min)s %%.")
            )
        else:
            text = (
                gettext_noop("Response rate %(rate)s %% (%(n)s of %(headcount)s staff) ≥ %(min)s %%.")
                if met
                else gettext_noop("Response rate %(rate)s %% (%(n)s of %(headcount)s staff) < %(min)s %%.")
            )
        yield _reason("survey_response_rate", met, text, values)
    if "max_margin_of_error" in condition:
        wanted = _decimal(condition["max_margin_of_error"]) or Decimal(0)
        confidence = _decimal(condition.get("confidence", 95)) or Decimal(95)
        error = _one(margin_of_error(n, headcount, confidence=float(confidence) / 100))
        values = {
            "error": {"figure": str(error)},
            "max": {"number": str(wanted)},
            "confidence": {"number": str(confidence)},
        }
        if error <= wanted:
            yield _reason(
                "survey_margin_of_error",
                True,
                gettext_noop("Margin of error %(error)s %% ≤ %(max)s %% at %(confidence)s %% confidence."),
                values,
            )
        else:
            yield _reason(
                "survey_margin_of_error",
                False,
                gettext_noop("Margin of error %(error)s %% > %(max)s %% at %(confidence)s %% confidence."),
                values,
            )


def level_evaluate(
    definition: Mapping[str, Any],
    answers: Mapping[str, Answer | Mapping[str, Any]],
    *,
    held_levels: Iterable[str] = (),
    stage: str | None = None,
    accepted_phases: Iterable[str] = (),
    surveys: Mapping[str, SurveyFigures | None] | None = None,
) -> LevelOutcome:
    """Check every level's rule against the answers; the outcome is the highest level reached.

    ``held_levels``: levels the organisation held before (for ``requires_level``).
    ``stage``: only levels this stage may award can be reached.
    ``accepted_phases``: keys of the cycle's phases accepted so far (for ``phases_accepted``, format 2).
    ``surveys``: for survey conditions, the figures of each survey ``survey_sources`` names
    (missing or None: there is no closed survey).
    """
    accepted = set(accepted_phases)
    phase_texts = {
        phase["id"]: definition_text(phase.get("title"), definition) or phase["id"]
        for stage_def in definition.get("stages", [])
        for phase in stage_def.get("phases", [])
    }
    held = set(held_levels)
    totals = score_total(definition, answers)
    levels = definition.get("levels", [])
    titles = {level["id"]: text_in(level.get("title"), definition) or level["id"] for level in levels}
    level_texts = {level["id"]: definition_text(level.get("title"), definition) or level["id"] for level in levels}
    awardable: set[str] | None = None
    stage_text: dict[str, Any] | str = ""
    if stage is not None:
        stage_def = next((s for s in definition.get("stages", []) if s["id"] == stage), None)
        award = (stage_def or {}).get("award")
        awardable = set(award.get("levels", [])) if award else set()
        stage_text = definition_text((stage_def or {}).get("title"), definition) or stage
    rank = {level["id"]: position for position, level in enumerate(levels)}
    ladder = definition.get("format", 1) >= 2  # format 2: "this level or a higher one"; format 1: exactly it
    checks = []
    for level in levels:
        rule = level.get("rule", {})
        reasons = list(_rule_reasons(rule, definition, answers, totals))
        condition = rule.get("survey")
        if isinstance(condition, Mapping):
            source = str(condition.get("instrument") or "")
            reasons.extend(_survey_reasons(condition, (surveys or {}).get(source)))
        required = rule.get("requires_level")
        if required:
            values: dict[str, Any] = {"level": level_texts.get(required, required)}
            higher = [key for key in held if ladder and rank.get(key, -1) > rank.get(required, len(rank))]
            if required in held:
                reasons.append(
                    _reason("requires_level", True, gettext_noop("The level “%(level)s” was held before."), values)
                )
            elif higher:
                values["higher"] = level_texts.get(higher[0], higher[0])
                reasons.append(
                    _reason(
                        "requires_level",
                        True,
                        gettext_noop("The higher level “%(higher)s” was held before, which counts for “%(level)s”."),
                        values,
                    )
                )
            else:
                reasons.append(
                    _reason(
                        "requires_level",
                        False,
                        gettext_noop("Requires the level “%(level)s” to have been held before."),
                        values,
                    )
                )
        for key in rule.get("phases_accepted", []):
            values = {"phase": phase_texts.get(key, key)}
            if key in accepted:
                reasons.append(
                    _reason("phase_accepted", True, gettext_noop("The phase “%(phase)s” is accepted."), values)
                )
            else:
                reasons.append(
                    _reason("phase_accepted", False, gettext_noop("The phase “%(phase)s” is not accepted."), values)
                )
        if awardable is not None and level["id"] not in awardable:
            reasons.append(
                _reason(
                    "stage_level",
                    False,
                    gettext_noop("The stage “%(stage)s” does not award this level."),
                    {"stage": stage_text},
                )
            )
        checks.append(
            LevelCheck(level["id"], titles[level["id"]], all(reason.satisfied for reason in reasons), tuple(reasons))
        )
    reached = [check.level for check in checks if check.reached]
    return LevelOutcome(reached[-1] if reached else None, tuple(checks), totals[0], totals[1])
