"""JSON-LD with the contexts shipped in ``contexts/``: a document loader that never touches the
network, and RDF canonicalisation (RDFC-1.0, the algorithm formerly URDNA2015) by pyld."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from pyld import jsonld

CONTEXTS_DIR = Path(__file__).resolve().parent / "contexts"

VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
DID_V1 = "https://www.w3.org/ns/did/v1"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"
DATA_INTEGRITY_V2 = "https://w3id.org/security/data-integrity/v2"

CONTEXT_FILES = {
    VC_V2: "credentials-v2.jsonld",
    OB_V3: "ob-v3p0-context-3.0.3.jsonld",
    DID_V1: "did-v1.jsonld",
    MULTIKEY_V1: "multikey-v1.jsonld",
    DATA_INTEGRITY_V2: "data-integrity-v2.jsonld",
}


class UnknownContext(Exception):
    """A context that is not shipped: refused rather than fetched."""


@cache
def context_document(url: str) -> dict[str, Any]:
    name = CONTEXT_FILES.get(url)
    if name is None:
        raise UnknownContext(url)
    return json.loads((CONTEXTS_DIR / name).read_text(encoding="utf-8"))


def document_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """pyld's loader interface; only the shipped contexts, nothing from the network."""
    try:
        document = context_document(url)
    except UnknownContext as exc:
        raise jsonld.JsonLdError(
            f"The JSON-LD context {url} is not shipped with the platform; it is not fetched.",
            "jsonld.LoadDocumentError",
            {"url": url},
            code="loading document failed",
        ) from exc
    return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url, "document": document}


def canonical_nquads(document: dict[str, Any]) -> str:
    """The RDF dataset of the document in canonical N-Quads (RDFC-1.0)."""
    return str(
        jsonld.normalize(
            document,
            {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": document_loader},
        )
    )
