"""What remains of a survey after its raw data is deleted (retention, docs/privacy.md): its
reports as they were built from the raw data, one per language and peer group.

Kept in an app of its own rather than in ``surveys`` so that survey models stay about
collecting answers; ``surveys.retention`` writes and reads these rows.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredReport(models.Model):
    """A survey report frozen when the individual responses were deleted.

    ``data`` holds the report (``surveys.report.Report``) in the versioned JSON form of
    ``surveys.report.frozen``; ``code_version`` records the vereinbar version that wrote it.
    Scale results for trends and benchmarks are kept in ``surveys.ScaleResult`` as for every
    closed survey."""

    survey = models.ForeignKey("surveys.Survey", on_delete=models.CASCADE, related_name="stored_reports")
    language = models.CharField(max_length=8)
    peers = models.CharField(max_length=20)
    code_version = models.CharField(max_length=40)
    data = models.JSONField()
    responses = models.PositiveIntegerField(_("responses"))
    comments = models.PositiveIntegerField(_("comments"))

    class Meta:
        verbose_name = _("stored survey report")
        verbose_name_plural = _("stored survey reports")
        constraints = [
            models.UniqueConstraint(fields=["survey", "language", "peers"], name="one_stored_report_per_view")
        ]

    def __str__(self) -> str:
        return f"{self.survey_id} {self.language} {self.peers}"
