"""Announcements the operator publishes when an award is granted or a charter signed: text,
photo with caption, credit and usage terms, in German, Dutch and English."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AnnouncementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


def photo_upload_to(instance: Any, filename: str) -> str:
    # A random name: the uploader's file name is never used.
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"news/{uuid.uuid4().hex}.{extension}"


class AnnouncementQuerySet(models.QuerySet["Announcement"]):
    def published(self) -> AnnouncementQuerySet:
        return self.filter(status=AnnouncementStatus.PUBLISHED, published_at__lte=timezone.now())


AnnouncementManager = models.Manager.from_queryset(AnnouncementQuerySet)


class Announcement(models.Model):
    operator = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="announcements",
        verbose_name=_("operator"),
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="announcements",
        verbose_name=_("programme"),
    )
    award = models.ForeignKey(
        "certificates.Award",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("award"),
    )
    title = models.CharField(_("headline"), max_length=200)
    text = models.TextField(_("text"))
    photo = models.ImageField(_("photo"), upload_to=photo_upload_to, blank=True)
    photo_caption = models.CharField(_("caption"), max_length=300, blank=True)
    photo_credit = models.CharField(_("photo credit"), max_length=200, blank=True)
    photo_terms = models.CharField(
        _("usage terms"),
        max_length=300,
        blank=True,
        help_text=_("Who may reuse the photo and how, e.g. “Free for press use with credit”."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AnnouncementStatus.choices, default=AnnouncementStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AnnouncementManager()  # type: ignore[django-manager-missing]  # stubs gap: manager from from_queryset

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-published_at", "-created_at", "-id"]
        indexes = [models.Index(fields=["status", "published_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("news:detail", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.status == AnnouncementStatus.PUBLISHED
