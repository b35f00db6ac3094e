"""Data Integrity proofs with the ``eddsa-rdfc-2022`` cryptosuite (W3C VC Data Integrity EdDSA
Cryptosuites v1.0): RDFC-1.0 canonical N-Quads of the document and of the proof options,
each hashed with SHA-256, the two hashes concatenated and signed with Ed25519."""

from __future__ import annotations

import copy
import hashlib
from datetime import datetime
from typing import Any

import base58
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from .jsonld import canonical_nquads

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"


def _hash_data(unsecured: dict[str, Any], options: dict[str, Any]) -> bytes:
    config = {key: value for key, value in options.items() if key != "proofValue"}
    config["@context"] = unsecured["@context"]
    config_hash = hashlib.sha256(canonical_nquads(config).encode()).digest()
    document_hash = hashlib.sha256(canonical_nquads(unsecured).encode()).digest()
    return config_hash + document_hash


def proof_add(
    document: dict[str, Any], *, private_key: Ed25519PrivateKey, verification_method: str, created: datetime
) -> dict[str, Any]:
    """The document with an ``assertionMethod`` proof by the key at ``verification_method``."""
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    options = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "verificationMethod": verification_method,
        "proofPurpose": "assertionMethod",
    }
    signature = private_key.sign(_hash_data(unsecured, options))
    secured = copy.deepcopy(unsecured)
    secured["proof"] = {**options, "proofValue": "z" + base58.b58encode(signature).decode()}
    return secured


class ProofInvalid(Exception):
    """The proof does not hold; the message says why (in English, for logs and the CLI)."""


def proof_check(document: dict[str, Any], public_key: Ed25519PublicKey) -> dict[str, Any]:
    """Checks the document's single proof against ``public_key``; returns the proof."""
    proof = document.get("proof")
    if not isinstance(proof, dict):
        raise ProofInvalid("the document has no single embedded proof")
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        raise ProofInvalid(f"unsupported proof {proof.get('type')}/{proof.get('cryptosuite')}")
    if proof.get("proofPurpose") != "assertionMethod":
        raise ProofInvalid("the proof is not made for assertionMethod")
    value = proof.get("proofValue", "")
    if not isinstance(value, str) or not value.startswith("z"):
        raise ProofInvalid("the proof value is not base58btc multibase")
    try:
        signature = base58.b58decode(value[1:])
    except ValueError as exc:
        raise ProofInvalid("the proof value is not base58btc multibase") from exc
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    try:
        public_key.verify(signature, _hash_data(unsecured, proof))
    except InvalidSignature as exc:
        raise ProofInvalid("the signature does not match the content") from exc
    return proof
