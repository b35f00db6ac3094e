"""Verifiable credentials of awards: the issuers' signing keys, their status lists and the
credentials issued (each one a signed Open Badges 3.0 document, kept as issued)."""

from __future__ import annotations

import json
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

# Bits in a status list: 131,072 (16 KiB) is the minimum the Bitstring Status List
# specification asks for, so that one credential hides in the crowd.
STATUS_LIST_SIZE = 131_072


class IssuerKey(models.Model):
    """An Ed25519 key of an issuer: a programme operator, or the platform itself (owner empty)
    for programmes without an operator. Retired keys stay, so old credentials still verify."""

    owner = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issuer_keys",
        verbose_name=_("issuer"),
    )
    number = models.PositiveIntegerField(_("number"))
    public_key = models.BinaryField(_("public key"))
    # The raw private key, encrypted with a key derived from the installation secret.
    private_key_encrypted = models.TextField(_("private key (encrypted)"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

    class Meta:
        verbose_name = _("signing key")
        verbose_name_plural = _("signing keys")
        ordering = ["owner_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "number"], name="one_key_number_per_issuer"),
            models.UniqueConstraint(
                fields=["number"],
                condition=models.Q(owner__isnull=True),
                name="one_key_number_for_the_platform",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.owner.slug if self.owner else 'platform'}#key-{self.number}"

    @property
    def fragment(self) -> str:
        return f"key-{self.number}"


class StatusList(models.Model):
    """An issuer's revocation list: each credential gets the next index in it."""

    owner = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="status_lists",
        verbose_name=_("issuer"),
    )
    number = models.PositiveIntegerField(_("number"), default=1)
    size = models.PositiveIntegerField(_("size in bits"), default=STATUS_LIST_SIZE)
    next_index = models.PositiveIntegerField(_("next free index"), default=0)

    class Meta:
        verbose_name = _("status list")
        verbose_name_plural = _("status lists")
        constraints = [
            models.UniqueConstraint(fields=["owner", "number"], name="one_status_list_number_per_issuer"),
            models.UniqueConstraint(
                fields=["number"],
                condition=models.Q(owner__isnull=True),
                name="one_status_list_number_for_the_platform",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.owner.slug if self.owner else 'platform'}/status/{self.number}"


class IssuedCredential(models.Model):
    """The signed credential of one award, stored exactly as issued."""

    award = models.OneToOneField(
        "certificates.Award", on_delete=models.PROTECT, related_name="credential", verbose_name=_("award")
    )
    key = models.ForeignKey(IssuerKey, on_delete=models.PROTECT, related_name="credentials")
    status_list = models.ForeignKey(StatusList, on_delete=models.PROTECT, related_name="credentials")
    status_index = models.PositiveIntegerField(_("index in the status list"))
    # The JSON text as signed, byte for byte (a JSON column would reorder keys on PostgreSQL).
    text = models.TextField(_("credential"))
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)

    class Meta:
        verbose_name = _("verifiable credential")
        verbose_name_plural = _("verifiable credentials")
        constraints = [
            models.UniqueConstraint(fields=["status_list", "status_index"], name="one_credential_per_status_index")
        ]

    def __str__(self) -> str:
        return str(self.document.get("id", self.pk))

    @cached_property
    def document(self) -> dict[str, Any]:
        value: dict[str, Any] = json.loads(self.text)
        return value
