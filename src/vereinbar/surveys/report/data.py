"""Loading one survey's answers as columnar arrays: one query, one numpy.frombuffer.

Why one row per response with a float32 vector (and not one row per answer): a report of
2,000 responses × 38 items then reads 2,000 small rows instead of 76,000, on SQLite and on
PostgreSQL alike, and turning them into a matrix is a single join of bytes. Aggregating in
SQL would need one query per figure and could not apply the suppression rules, which
look at all groups at once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ..encoding import decode_many
from ..instrument import InstrumentSpec
from ..models import Response, Survey, SurveyUnit


@dataclass(frozen=True)
class SurveyData:
    spec: InstrumentSpec
    answers: npt.NDArray[np.float32]  # responses × value columns, NaN = not answered
    unit_of_response: npt.NDArray[np.int64]  # index into ``units``, -1 for none
    units: tuple[SurveyUnit, ...]  # in tree order (parents before children)
    depth: tuple[int, ...]
    parent_index: npt.NDArray[np.int64]  # per unit, -1 for a top-level unit

    @property
    def n(self) -> int:
        return int(self.answers.shape[0])

    def column(self, key: str) -> npt.NDArray[np.float64]:
        return self.answers[:, self.spec.items[key].column].astype(np.float64)

    def scale_answers(self) -> npt.NDArray[np.float64]:
        """Answer positions of the scale items, in the order of ``spec.questionnaire``."""
        return self.answers[:, self.spec.scale_columns].astype(np.float64)


def units_in_tree_order(units: list[SurveyUnit]) -> tuple[list[SurveyUnit], list[int]]:
    children: dict[int | None, list[SurveyUnit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    ordered: list[SurveyUnit] = []
    depths: list[int] = []

    def walk(parent: int | None, depth: int) -> None:
        for unit in sorted(children.get(parent, []), key=lambda u: (u.position, u.name)):
            ordered.append(unit)
            depths.append(depth)
            walk(unit.pk, depth + 1)

    walk(None, 0)
    return ordered, depths


def survey_data_load(survey: Survey) -> SurveyData:
    spec = survey.instrument_version.spec
    units, depths = units_in_tree_order(list(SurveyUnit.objects.filter(survey=survey)))
    index = {unit.pk: i for i, unit in enumerate(units)}
    rows = list(Response.objects.filter(survey=survey).values_list("unit_id", "values"))
    answers = decode_many(spec, (values for _unit, values in rows))
    unit_of_response = np.fromiter(
        (index.get(unit_id, -1) for unit_id, _values in rows), dtype=np.int64, count=len(rows)
    )
    parent_index = np.array([index.get(unit.parent_id, -1) if unit.parent_id else -1 for unit in units], dtype=np.int64)
    return SurveyData(spec, answers, unit_of_response, tuple(units), tuple(depths), parent_index)
