"""The report PDF made in the background: one row per survey, language, peer group and state of
the report's data (``stamp``), with the file in the private storage once it is made."""

from __future__ import annotations

from django.core.files.storage import Storage, storages
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from .surveys import Survey


def private_storage() -> Storage:
    return storages["private"]


def report_pdf_upload_to(instance: ReportPdf, filename: str) -> str:
    return f"survey-reports/{instance.survey_id}/{filename}"


class ReportPdfStatus(models.TextChoices):
    PREPARING = "preparing", pgettext_lazy("report PDF", "being prepared")
    READY = "ready", pgettext_lazy("report PDF", "ready")
    FAILED = "failed", pgettext_lazy("report PDF", "failed")


class ReportPdf(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="report_pdfs")
    language = models.CharField(max_length=10)
    peers = models.CharField(max_length=10)
    # The report's data and the code that lays it out, hashed: a PDF is reused while it is the same.
    stamp = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=ReportPdfStatus.choices, default=ReportPdfStatus.PREPARING)
    file = models.FileField(upload_to=report_pdf_upload_to, storage=private_storage, blank=True, max_length=200)
    requested_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "language", "peers", "stamp"], name="surveys_reportpdf_unique_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.language}/{self.peers}: {self.status}"


@receiver(post_delete, sender=ReportPdf)
def _report_pdf_file_delete(sender: type[ReportPdf], instance: ReportPdf, **kwargs: object) -> None:
    """The file goes with its row, however the row goes (a survey or organisation deleted too)."""
    if instance.file:
        instance.file.storage.delete(str(instance.file.name))
