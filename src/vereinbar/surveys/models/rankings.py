"""An employer's consent to appear in a programme's ranking list ("best employers by size band"):
one row per change, never changed or deleted, so the rows are the consent's history; the latest
row is the current state (``surveys.ranking``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RankingConsent(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="ranking_consents"
    )
    programme = models.ForeignKey("programmes.Programme", on_delete=models.CASCADE, related_name="ranking_consents")
    given = models.BooleanField(_("takes part in the ranking list"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        verbose_name = _("consent to the ranking list")
        verbose_name_plural = _("consents to the ranking list")
        ordering = ["-changed_at", "-pk"]
        indexes = [models.Index(fields=["programme", "organisation", "-changed_at"])]

    def __str__(self) -> str:
        return f"{self.organisation_id}/{self.programme_id}: {self.given}"
