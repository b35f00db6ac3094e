"""Survey instruments (questionnaires) as loaded data: one row per instrument, one per version."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from vereinbar.surveys.instrument import InstrumentSpec, pick


class Instrument(models.Model):
    """A questionnaire, identified by its stable URN across versions."""

    urn = models.CharField(_("identifier"), max_length=200, unique=True)
    created_at = models.DateTimeField(_("loaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("survey instrument")
        verbose_name_plural = _("survey instruments")
        ordering = ["urn"]

    def __str__(self) -> str:
        return self.urn


# Specs by content hash: equal hashes mean equal definitions, so the cache never goes stale.
_SPECS: dict[str, InstrumentSpec] = {}


class InstrumentVersion(models.Model):
    """One immutable version of an instrument: the canonical definition and its content hash."""

    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="versions")
    version = models.CharField(_("version"), max_length=40)
    definition = models.JSONField(_("definition"))
    content_hash = models.CharField(max_length=64, editable=False)
    loaded_at = models.DateTimeField(_("loaded"), auto_now_add=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("instrument version")
        verbose_name_plural = _("instrument versions")
        ordering = ["instrument__urn", "-loaded_at"]
        constraints = [models.UniqueConstraint(fields=["instrument", "version"], name="one_row_per_instrument_version")]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"

    @property
    def spec(self) -> InstrumentSpec:
        """The typed view of the definition, cached per version and content."""
        spec = _SPECS.get(self.content_hash)
        if spec is None:
            spec = _SPECS[self.content_hash] = InstrumentSpec.from_definition(self.definition)
        return spec

    @property
    def title(self) -> str:
        definition: dict[str, Any] = self.definition
        return pick(definition.get("title"), get_language() or "", definition.get("default_language", ""))

    @property
    def reference(self) -> str:
        """``urn@version``, as `vereinbar instrument export` takes it."""
        return f"{self.instrument.urn}@{self.version}"
