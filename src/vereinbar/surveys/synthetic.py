"""Plausible made-up answers for demos, tests and benchmarks (never for real surveys).

Answers follow one latent "how well does it work for me" factor per person plus a unit
effect, so scales correlate and units differ as in real data; about 3 % of answers are
left out. Rows are written straight into the anonymous tables, in random order.
"""

from __future__ import annotations

import uuid

import numpy as np

from .encoding import DTYPE
from .models import Response, ResponseComment, Survey, SurveyUnit

# Made-up comments in the language the organisation's staff write in (its primary language).
COMMENTS = {
    "de": (
        "Flexiblere Arbeitszeiten würden helfen.",
        "Bitte informieren Sie uns über die Pflegezeit.",
        "Zwei Tage in der Woche im Homeoffice.",
        "Kinderbetreuung in den Schulferien.",
        "Eine Ansprechperson für Fragen zur Pflege.",
    ),
    "nl": (
        "Flexibelere werktijden zouden helpen.",
        "Geef ons graag informatie over zorgverlof.",
        "Twee dagen per week thuiswerken.",
        "Kinderopvang in de schoolvakanties.",
        "Een aanspreekpunt voor vragen over de zorg voor een naaste.",
    ),
    "en": (
        "More flexible working hours would help.",
        "Please give us information about carers' leave.",
        "Home office two days a week.",
        "Childcare during school holidays.",
        "A contact person for care questions.",
    ),
}


def comments_for(survey: Survey) -> tuple[str, ...]:
    return COMMENTS.get(survey.organisation.primary_language, COMMENTS["en"])


def answers_generate(
    survey: Survey, n: int, *, seed: int = 0, shifts: dict[str, float] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(answers, unit index) for n made-up people; unit index -1 when the survey has no units.
    ``shifts`` moves a scale's answers (by scale key, in answer points, positive = more
    favourable), so that a made-up organisation has strengths and weak spots."""
    spec = survey.instrument_version.spec
    rng = np.random.default_rng(seed)
    units = list(SurveyUnit.objects.filter(survey=survey).order_by("position"))
    leaves = [i for i, unit in enumerate(units) if not any(other.parent_id == unit.pk for other in units)]
    weights = rng.uniform(0.5, 2.0, len(leaves)) if leaves else np.array([])
    unit_index = (
        np.array(leaves)[rng.choice(len(leaves), size=n, p=weights / weights.sum())] if leaves else np.full(n, -1)
    )
    unit_effect = rng.normal(0, 0.5, max(len(units), 1))
    latent = rng.normal(0, 1, n) + (unit_effect[unit_index] if leaves else 0)
    answers = np.full((n, len(spec.value_items)), np.nan, dtype=DTYPE)
    scale_of = {key: scale for scale in spec.scales for key in scale.items}
    for item in spec.value_items:
        column = item.column
        if item.kind in ("likert", "yes_no") and item.key in scale_of:
            points = item.points
            sign = 1.0 if scale_of[item.key].higher_is_better != item.reverse else -1.0
            shift = (shifts or {}).get(scale_of[item.key].key, 0.0)
            raw = (points + 1) / 2 + sign * (latent * points / 5 + shift) + rng.normal(0, 0.9, n)
            answers[:, column] = np.clip(np.rint(raw), 1, points)
        elif item.kind in ("single_choice", "yes_no", "likert"):
            answers[:, column] = rng.integers(1, item.points + 1, n)
        elif item.kind == "multiple_choice":
            answers[:, column] = rng.integers(0, 1 << len(item.options), n)
        elif item.kind == "number":
            low = item.minimum or 0
            high = item.maximum if item.maximum is not None else low + 40
            answers[:, column] = np.rint(np.clip(rng.exponential((high - low) / 8, n) + low, low, high))
    answers[rng.random(answers.shape) < 0.03] = np.nan
    return answers, unit_index


def responses_create(
    survey: Survey, n: int, *, seed: int = 0, comments: int = 0, shifts: dict[str, float] | None = None
) -> int:
    """Write n made-up responses (and some comments) of the survey (``shifts``: see answers_generate)."""
    answers, unit_index = answers_generate(survey, n, seed=seed, shifts=shifts)
    unit_ids = [unit.pk for unit in SurveyUnit.objects.filter(survey=survey).order_by("position")]
    Response.objects.bulk_create(
        (
            Response(
                id=uuid.uuid4(),
                survey=survey,
                unit_id=unit_ids[index] if index >= 0 else None,
                values=row.tobytes(),
            )
            for row, index in zip(answers, unit_index.tolist(), strict=True)
        ),
        batch_size=1000,
    )
    text_items = survey.instrument_version.spec.text_items
    if comments and text_items:
        rng = np.random.default_rng(seed + 1)
        texts = comments_for(survey)
        ResponseComment.objects.bulk_create(
            ResponseComment(
                survey=survey,
                unit_id=unit_ids[unit_index[i]] if unit_index[i] >= 0 else None,
                item=text_items[0].key,
                text=str(rng.choice(texts)),
            )
            for i in rng.choice(n, size=min(comments, n), replace=False).tolist()
        )
    return n
