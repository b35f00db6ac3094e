"""``did:web`` identifiers of issuers and their DID documents with the whole key history.

An operator is ``did:web:<host>:operators:<slug>``, resolved (did:web path rules) to
``https://<host>/operators/<slug>/did.json``; the platform itself, which signs for programmes
without an operator, is ``did:web:<host>``, resolved to ``https://<host>/.well-known/did.json``.
The host is that of ``VEREINBAR_SITE_URL``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urlsplit

from django.conf import settings

from .jsonld import DID_V1, MULTIKEY_V1
from .keys import key_current, keys_of, multibase_public_key
from .models import IssuerKey

if TYPE_CHECKING:
    from vereinbar.organisations.models import Organisation


def _site() -> tuple[str, list[str]]:
    parts = urlsplit(settings.SITE_URL)
    host = quote(parts.netloc, safe="")  # a port's colon becomes %3A, as did:web asks
    segments = [segment for segment in parts.path.split("/") if segment]
    return host, segments


def did_of(owner: Organisation | None) -> str:
    host, segments = _site()
    path = [*segments, "operators", owner.slug] if owner is not None else segments
    return ":".join(["did", "web", host, *path])


def did_document_url(did: str) -> str:
    """Where a did:web document lives (https, as the method requires)."""
    if not did.startswith("did:web:"):
        raise ValueError(f"not a did:web identifier: {did}")
    host, *path = did[len("did:web:") :].split("#")[0].split(":")
    base = f"https://{unquote(host)}"
    if not path:
        return f"{base}/.well-known/did.json"
    return base + "".join(f"/{unquote(segment)}" for segment in path) + "/did.json"


def verification_method_id(key: IssuerKey) -> str:
    return f"{did_of(key.owner)}#{key.fragment}"


def did_document(owner: Organisation | None) -> dict[str, Any]:
    """Every key the issuer ever had is an assertion method: a credential signed before a
    rotation still verifies. (A key that leaked would be removed from this list by hand.)"""
    key_current(owner)  # an issuer without a key gets one, so the document is never empty
    did = did_of(owner)
    methods = [
        {
            "id": f"{did}#{key.fragment}",
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": multibase_public_key(bytes(key.public_key)),
        }
        for key in keys_of(owner)
    ]
    return {
        "@context": [DID_V1, MULTIKEY_V1],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }
