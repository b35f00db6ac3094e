"""Raw-data export: individual answers for those given that right, breakdowns coarsened to
k, rows shuffled, free text left out; every export is recorded in the history."""

from __future__ import annotations

import random

import numpy as np
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vereinbar.accounts.models import User
from vereinbar.activity.services import entry_record
from vereinbar.core.exports import csv_text

from ..models import Survey, SurveyStatus
from ..permissions import SurveyAction, can
from ..report.data import survey_data_load
from ..report.exports import coarsen


def raw_data_export(*, actor: User, survey: Survey, language: str) -> bytes:
    """One shuffled row per response; a combination of unit and breakdown answers that fewer
    than k people share is coarsened (unit → parent unit, answers → blank) or left out."""
    if not can(actor, survey, SurveyAction.RAW_DATA):
        raise PermissionDenied
    if survey.status != SurveyStatus.CLOSED:
        raise ValidationError(_("Raw data can be exported once the survey is closed."))
    data = survey_data_load(survey)
    spec = data.spec
    default = spec.default_language
    breakdowns = list(spec.breakdown_items)
    columns = [data.unit_of_response] + [
        np.nan_to_num(data.column(item.key) - 1, nan=-1).astype(np.int64) for item in breakdowns
    ]
    quasi = np.column_stack(columns).astype(np.int64)
    codes, keep = coarsen(quasi, survey.min_group_size, data.parent_index)
    order_list = np.flatnonzero(keep).tolist()
    random.SystemRandom().shuffle(order_list)
    others = [item for item in spec.value_items if not item.breakdown]
    header = [_("Unit")] + [item.key for item in breakdowns] + [item.key for item in others]
    rows = []
    for r in order_list:
        unit = data.units[codes[r, 0]].name if codes[r, 0] >= 0 else ""
        row: list[object] = [unit]
        for c, item in enumerate(breakdowns, start=1):
            row.append(item.label_of(int(codes[r, c]) + 1, language, default) if codes[r, c] >= 0 else "")
        for item in others:
            value = float(data.answers[r, item.column])
            if np.isnan(value):
                row.append("")
            elif item.kind == "multiple_choice":
                row.append("|".join(o.key for i, o in enumerate(item.options) if int(value) >> i & 1))
            elif item.kind == "single_choice":
                row.append(item.options[int(value) - 1].key)
            else:
                row.append(int(value) if value.is_integer() else value)
        rows.append(row)
    with transaction.atomic():
        entry_record(
            actor=actor,
            verb="survey.raw_data_exported",
            target=survey,
            organisation=survey.organisation,
            after={"rows": len(rows), "left_out": int(data.n - len(rows)), "k": survey.min_group_size},
        )
    return csv_text(header, rows).encode("utf-8")
