"""A closed survey's whole-organisation figures as its report publishes them, kept with the survey
so that the programmes' ranking lists read them in one query instead of building every report
(``surveys.figures``, ``surveys.ranking``).

Only what the report shows for the whole organisation is kept, and only what the ranking reads:
the number of answers and each scale's share of favourable answers. Nothing below the minimum
group size: when the report hides the whole organisation (fewer than k answers), ``responses`` is
None and no scale has a figure; a scale the report hides has None. The row goes with the survey
(and so with the organisation); the retention of raw data keeps it, as it keeps the reports it is
read from (docs/privacy.md).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TotalFigures(models.Model):
    survey = models.OneToOneField(
        "surveys.Survey", on_delete=models.CASCADE, primary_key=True, related_name="total_figures"
    )
    # The survey as the figures were read: a closed survey's whole-organisation row changes only
    # with these (or when another wave of the same questionnaire closes, which refreshes them).
    closed_at = models.DateTimeField()
    k = models.PositiveSmallIntegerField()
    responses = models.PositiveIntegerField(null=True)  # None: the report does not show the organisation
    # [[scale key, favourable share 0–1 or None when hidden], …] in the report's order.
    favourable = models.JSONField(default=list)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("published survey figures")
        verbose_name_plural = _("published survey figures")

    def __str__(self) -> str:
        return f"{self.survey_id}: {self.responses}"
