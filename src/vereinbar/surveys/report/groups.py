"""The groups a report shows, and the anonymity rules applied to all of them at once."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import numpy.typing as npt
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .. import anonymity, statistics
from ..instrument import InstrumentSpec, pick
from ..models import MAX_REPORT_BREAKDOWNS
from .data import SurveyData


def breakdowns_check(spec: InstrumentSpec, chosen: Iterable[str]) -> list[str]:
    """The breakdown questions a report is to show, checked: each once, in the order chosen,
    only breakdown questions of the questionnaire, and at most ``MAX_REPORT_BREAKDOWNS``.

    Every further breakdown multiplies the small groups the anonymity rules must hide (with
    three, the audit slows down by orders of magnitude and hides most units), so more are
    refused with a message for the field where they are chosen."""
    keys = list(dict.fromkeys(chosen))
    known = {item.key for item in spec.breakdown_items}
    if not set(keys) <= known:
        raise ValidationError(_("Choose among the breakdown questions of the questionnaire."), code="unknown_breakdown")
    if len(keys) > MAX_REPORT_BREAKDOWNS:
        raise ValidationError(
            _("Choose at most %(count)s: every further breakdown creates small groups that must be hidden.")
            % {"count": MAX_REPORT_BREAKDOWNS},
            code="too_many_breakdowns",
        )
    return keys


def report_groups(
    data: SurveyData, language: str, survey_breakdowns: list[str], k: int, notes: list[str]
) -> tuple[anonymity.Groups, list[tuple[str, str, int]], list[tuple[str, str, list[tuple[str, str]]]]]:
    """All groups of the report, at once: the suppression rules must see every group a reader
    can combine. Each breakdown gets a "no answer" group, so that its groups add up to the
    total and "total minus the answered groups" is a group the rules see (and suppress).
    Returns the groups, unit labels and breakdown descriptions."""
    spec = data.spec
    groups = anonymity.total_group(data.n)
    unit_keys = [f"unit:{unit.pk}" for unit in data.units]
    units = [(key, unit.name, depth) for key, unit, depth in zip(unit_keys, data.units, data.depth, strict=True)]
    without_unit = int((data.unit_of_response < 0).sum())
    if data.units and 0 < without_unit < k:
        notes.append(
            str(
                _("No results by unit: fewer than %(k)s people gave no unit, so showing units would single them out.")
                % {"k": k}
            )
        )
        units = []
    elif data.units:
        groups = groups + anonymity.unit_groups(data.unit_of_response, data.parent_index, unit_keys)
        if without_unit:
            groups = groups + anonymity.category_groups((data.unit_of_response < 0).astype(np.int64) - 1, ["unit:none"])
            units.append(("unit:none", str(_("No unit given")), 0))
    breakdowns = []
    # Each question once; never more than the limit, even for a survey saved before it applied.
    chosen = [key for key in dict.fromkeys(survey_breakdowns) if (item := spec.items.get(key)) and item.breakdown]
    if len(chosen) > MAX_REPORT_BREAKDOWNS:
        notes.append(
            str(
                _("Results are shown by the first %(count)s of the chosen questions only: more would hide too much.")
                % {"count": MAX_REPORT_BREAKDOWNS}
            )
        )
    for key in chosen[:MAX_REPORT_BREAKDOWNS]:
        item = spec.items[key]
        column = data.column(item.key)
        skipped = int(np.isnan(column).sum())
        if 0 < skipped < k:
            # "Everyone minus the answered groups" would single out those who skipped it.
            notes.append(
                str(
                    _(
                        "No results by “%(question)s”: fewer than %(k)s people skipped this question, and results by its "
                        "answers would give away how they answered the other questions."
                    )
                    % {"question": pick(item.text, language, spec.default_language), "k": k}
                )
            )
            continue
        codes = np.where(np.isnan(column), item.points, column - 1).astype(np.int64)
        sizes = np.bincount(codes, minlength=item.points + 1)[: item.points]
        if int((sizes >= k).sum()) < 2:
            # With one group holding nearly everyone, "everyone minus that group" would single
            # out the rest, and hiding that group would hide the whole organisation.
            notes.append(
                str(
                    _(
                        "No results by “%(question)s”: fewer than two of its answers were given by at least %(k)s people."
                    )
                    % {"question": pick(item.text, language, spec.default_language), "k": k}
                )
            )
            continue
        options = [
            (f"{item.key}:{position}", item.label_of(position, language, spec.default_language))
            for position in range(1, item.points + 1)
        ] + [(f"{item.key}:none", str(_("No answer")))]
        groups = groups + anonymity.category_groups(codes, [key for key, _label in options])
        breakdowns.append((item.key, pick(item.text, language, spec.default_language), options))
    return groups, units, breakdowns


def distinct_groups(groups: anonymity.Groups) -> tuple[anonymity.Groups, npt.NDArray[np.int64]]:
    """The groups with distinct sets of members, in their first order, and for every original
    group its row among them: the anonymity rules run once per distinct set of members."""
    packed = np.packbits(groups.membership, axis=1)
    _unique, first, inverse = np.unique(packed, axis=0, return_index=True, return_inverse=True)
    inverse = inverse.reshape(-1)
    keep = np.sort(first)
    position = np.empty(len(first), dtype=np.int64)
    position[inverse[keep]] = np.arange(len(keep))
    distinct = anonymity.Groups(tuple(groups.keys[i] for i in keep.tolist()), groups.membership[keep])
    return distinct, position[inverse]


def audited_report(
    data: SurveyData,
    groups: anonymity.Groups,
    config: statistics.ReportConfig,
    wave_suppressed: npt.NDArray[np.bool_] | None = None,
) -> statistics.GroupReport:
    """Run the anonymity rules once per distinct set of members. Groups with the same members
    (a parent unit whose only answering sub-unit is one child, empty groups) show the same
    figures anyway; given twice, they can make the rules hide far more than needed.
    ``wave_suppressed`` (groups × scales): cells hidden because of another survey wave
    (``report/waves.py``); a distinct group is hidden where any of its groups is."""
    distinct, index = distinct_groups(groups)  # index: every original group's row in the distinct report
    waves = None
    if wave_suppressed is not None:
        waves = np.zeros((distinct.n_groups, wave_suppressed.shape[1]), dtype=np.bool_)
        np.logical_or.at(waves, index, wave_suppressed)
    result = statistics.group_report(
        data.scale_answers(), data.spec.questionnaire, distinct, config=config, wave_suppressed=waves
    )
    summary = result.summary
    return statistics.GroupReport(
        keys=groups.keys,
        headcount=result.headcount[index],
        group_reasons=tuple(result.group_reasons[i] for i in index.tolist()),
        summary=statistics.Summary(
            *(np.asarray(getattr(summary, f))[index] for f in ("n", "mean", "sd", "ci_low", "ci_high"))
        ),
        favourable_share=result.favourable_share[index],
        distribution=result.distribution[index],
        cell_reasons=result.cell_reasons[index],
        comments_shown=result.comments_shown[index],
        comment_reasons=tuple(result.comment_reasons[i] for i in index.tolist()),
    )
