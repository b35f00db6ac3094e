"""The directory's own data: an organisation's practice report (a text with photos), written by
its coordinator in the workspace and shown on the public profile."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


def photo_upload_to(instance: Any, filename: str) -> str:
    # A random name: the uploader's file name is never used.
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"practice/{uuid.uuid4().hex}.{extension}"


class PracticeReport(models.Model):  # type: ignore[django-manager-missing]
    """How the organisation lives its measures, in its own words (one per organisation)."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="practice_report"
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    text = models.TextField(_("practice report"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = models.Manager()  # type: ignore[django-manager-missing]

    class Meta:
        verbose_name = _("practice report")
        verbose_name_plural = _("practice reports")

    def __str__(self) -> str:
        return self.title or str(self.organisation)


class PracticePhoto(models.Model):
    """A photo of the practice report, with its alternative text and the photographer's credit."""

    report = models.ForeignKey(PracticeReport, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=photo_upload_to)
    content_type = models.CharField(max_length=40)
    description = models.CharField(
        _("description"), max_length=300, help_text=_("What the photo shows, for people who cannot see it.")
    )
    credit = models.CharField(_("photo credit"), max_length=200)
    position = models.PositiveIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.description


class DirectoryState(models.Model):
    """One row: a change counter of everything the public directory shows. Every change of a
    listed organisation, award, measure, cycle or programme moves it after the change's
    transaction commits (``vereinbar.directory.freshness``), so each process knows with one primary-key
    read whether its search index and kept pages are still current. ``stamp`` is new at every
    change, so a counter value reached again after a rolled-back change never matches a stale
    index."""

    version = models.BigIntegerField(default=0)
    stamp = models.CharField(max_length=32, blank=True)

    objects = models.Manager()

    def __str__(self) -> str:
        return f"{self.version}:{self.stamp}"
