"""Issuers' Ed25519 keys: generated per operator, the private half encrypted with a key
derived from the installation secret (see docs/credentials.md for the trade-off), rotated by
``vereinbar credential rotate`` — retired keys stay listed so old credentials still verify."""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING

import base58
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from vereinbar.activity.services import entry_record

from .models import IssuerKey

if TYPE_CHECKING:
    from vereinbar.core.types import Actor
    from vereinbar.organisations.models import Organisation

# Multicodec prefix of an Ed25519 public key (0xed, as a varint: 0xed 0x01), see Multikey.
ED25519_PUB_PREFIX = b"\xed\x01"

VERB_KEY_CREATED = "credential.key_created"
VERB_KEY_ROTATED = "credential.key_rotated"


class KeyUnavailable(Exception):
    """The private key cannot be decrypted: the installation secret changed since it was made."""


def _fernet_of(secret: str) -> Fernet:
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"vereinbar.credentials", info=b"issuer signing keys"
    ).derive(secret.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


def _fernet() -> MultiFernet:
    """Encrypts under the installation secret; decrypts under it or an earlier one
    (``SECRET_KEY_FALLBACKS``), so a changed secret leaves the keys usable until re-encrypted."""
    return MultiFernet([_fernet_of(secret) for secret in (settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS)])


def multibase_public_key(public_key: bytes) -> str:
    """The key as Multikey ``publicKeyMultibase``: base58btc (``z``) of the multicodec key."""
    return "z" + base58.b58encode(ED25519_PUB_PREFIX + public_key).decode()


def public_key_from_multibase(value: str) -> bytes:
    if not value.startswith("z"):
        raise ValueError("not base58btc multibase")
    raw = base58.b58decode(value[1:])
    if raw[:2] != ED25519_PUB_PREFIX or len(raw) != 34:
        raise ValueError("not an Ed25519 Multikey")
    return raw[2:]


def key_private(key: IssuerKey) -> Ed25519PrivateKey:
    try:
        raw = _fernet().decrypt(key.private_key_encrypted.encode())
    except InvalidToken as exc:
        raise KeyUnavailable(str(key)) from exc
    return Ed25519PrivateKey.from_private_bytes(raw)


def keys_reencrypt() -> tuple[int, list[IssuerKey]]:
    """Every issuer key encrypted anew under the current installation secret, after a change of
    it (the earlier one among ``SECRET_KEY_FALLBACKS``): the same keys, so issued credentials and
    the DID documents stay as they are. Returns how many were re-encrypted and the keys that no
    secret given opens (those need ``credential rotate``)."""
    fernet = _fernet()
    done, unavailable = 0, []
    with transaction.atomic():
        for key in IssuerKey.objects.select_for_update().order_by("pk"):
            try:
                token = fernet.rotate(key.private_key_encrypted.encode()).decode()
            except InvalidToken:
                unavailable.append(key)
                continue
            if token != key.private_key_encrypted:
                key.private_key_encrypted = token
                key.save(update_fields=["private_key_encrypted"])
                done += 1
    return done, unavailable


def key_public(key: IssuerKey) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(bytes(key.public_key))


def _key_new(owner: Organisation | None, number: int) -> IssuerKey:
    private = Ed25519PrivateKey.generate()
    raw_private = private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    raw_public = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return IssuerKey.objects.create(
        owner=owner,
        number=number,
        public_key=raw_public,
        private_key_encrypted=_fernet().encrypt(raw_private).decode(),
    )


def keys_of(owner: Organisation | None) -> list[IssuerKey]:
    """All keys of an issuer, oldest first (retired ones included)."""
    return list(IssuerKey.objects.filter(owner=owner).order_by("number"))


def key_current(owner: Organisation | None) -> IssuerKey:
    """The issuer's signing key, made on first use."""
    with transaction.atomic():
        key = IssuerKey.objects.filter(owner=owner, retired_at__isnull=True).order_by("-number").first()
        if key is not None:
            return key
        highest = IssuerKey.objects.filter(owner=owner).order_by("-number").values_list("number", flat=True).first()
        key = _key_new(owner, (highest or 0) + 1)
        entry_record(
            actor="system",
            verb=VERB_KEY_CREATED,
            target=key,
            organisation=owner,
            after={"key": key.fragment, "public_key": multibase_public_key(bytes(key.public_key))},
        )
        return key


def key_rotate(owner: Organisation | None, *, actor: Actor = "system") -> IssuerKey:
    """A new signing key; the old one is retired but stays in the DID document for verification."""
    with transaction.atomic():
        old = list(IssuerKey.objects.select_for_update().filter(owner=owner, retired_at__isnull=True))
        now = timezone.now()
        for key in old:
            key.retired_at = now
            key.save(update_fields=["retired_at"])
        highest = IssuerKey.objects.filter(owner=owner).order_by("-number").values_list("number", flat=True).first()
        key = _key_new(owner, (highest or 0) + 1)
        entry_record(
            actor=actor,
            verb=VERB_KEY_ROTATED,
            target=key,
            organisation=owner,
            before={"keys": [k.fragment for k in old]},
            after={"key": key.fragment, "public_key": multibase_public_key(bytes(key.public_key))},
        )
        return key
