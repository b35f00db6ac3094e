"""The platform's legal pages: imprint, privacy statement, accessibility statement. One row per
kind, its text in German, Dutch and English (django-modeltranslation); a kind without a row,
or a language left empty, shows the text shipped in ``defaults/``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalPageKind(models.TextChoices):
    IMPRINT = "imprint", _("Imprint")
    PRIVACY = "privacy", _("Privacy statement")
    ACCESSIBILITY = "accessibility", _("Accessibility statement")


class LegalPage(models.Model):
    kind = models.CharField(_("page"), max_length=20, choices=LegalPageKind.choices, unique=True)
    body = models.TextField(
        _("text"), blank=True, help_text=_("Markdown: ## for a heading, a blank line between paragraphs.")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects: models.Manager[LegalPage] = models.Manager()

    class Meta:
        verbose_name = _("legal page")
        verbose_name_plural = _("legal pages")

    def __str__(self) -> str:
        return str(self.get_kind_display())
