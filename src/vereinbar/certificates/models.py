"""Awards: what a granted cycle gives (certificate, recognition, charter signature), with level,
validity, status and a public verification code."""

from __future__ import annotations

import secrets
from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# RFC 4648 base32 alphabet: no 0/1/8/9, so codes survive being read aloud or typed.
CODE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
CODE_LENGTH = 16  # 80 random bits


def verification_code_new() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def verification_code_normalise(code: str) -> str:
    """What people type (lower case, spaces, dashes) back to the stored form."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


class AwardStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")
    SUPERSEDED = "superseded", _("Superseded")


class AwardQuerySet(models.QuerySet["Award"]):
    def valid_on(self, day: date) -> AwardQuerySet:
        """Awards in force on ``day``: not revoked or superseded, and not past their validity."""
        return self.filter(status=AwardStatus.VALID).filter(
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=day)
        )

    def in_status_on(self, status: str, day: date) -> AwardQuerySet:
        """Awards whose status on ``day`` is ``status`` (``Award.status_on``): a valid award past
        its validity is expired, even before the daily task has marked it."""
        if status == AwardStatus.VALID:
            return self.valid_on(day)
        if status == AwardStatus.EXPIRED:
            lapsed = models.Q(status=AwardStatus.VALID, valid_until__lt=day)
            return self.filter(models.Q(status=AwardStatus.EXPIRED) | lapsed)
        return self.filter(status=status)


class Award(models.Model):
    number = models.CharField(_("number"), max_length=40, unique=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="awards", verbose_name=_("organisation")
    )
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.PROTECT, related_name="awards", verbose_name=_("programme")
    )
    version = models.ForeignKey("programmes.ProgrammeVersion", on_delete=models.PROTECT, related_name="awards")
    stage = models.ForeignKey(
        "programmes.Stage", on_delete=models.PROTECT, related_name="awards", verbose_name=_("stage")
    )
    level = models.ForeignKey(
        "programmes.Level",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="awards",
        verbose_name=_("level"),
    )
    cycle = models.OneToOneField(
        "cycles.Cycle", on_delete=models.PROTECT, null=True, blank=True, related_name="award", verbose_name=_("cycle")
    )
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=AwardStatus.choices, default=AwardStatus.VALID)
    verification_code = models.CharField(
        _("verification code"), max_length=32, unique=True, default=verification_code_new
    )
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason for the revocation"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    superseded_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="supersedes"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = AwardQuerySet.as_manager()

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-issued_on", "-id"]
        indexes = [models.Index(fields=["status", "valid_until"])]

    def __str__(self) -> str:
        return self.number

    def status_on(self, day: date | None = None) -> str:
        """The status as of ``day`` (today): a valid award past its validity is expired, even
        before the daily task has marked it."""
        day = day or timezone.localdate()
        if self.status == AwardStatus.VALID and self.valid_until is not None and self.valid_until < day:
            return AwardStatus.EXPIRED
        return self.status

    @property
    def current_status(self) -> str:
        return self.status_on()

    @property
    def current_status_label(self) -> str:
        return str(AwardStatus(self.current_status).label)

    @property
    def is_valid(self) -> bool:
        return self.current_status == AwardStatus.VALID

    @property
    def is_open_ended(self) -> bool:
        return self.valid_until is None
