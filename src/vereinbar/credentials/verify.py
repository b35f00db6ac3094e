"""Checking a credential offline, against the DID documents and status lists given to it: the
``vereinbar credential verify`` command and the pasted-credential check on /verify/ use this.
Each refusal comes with a reason a person can read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.utils.translation import gettext as _
from pyld import jsonld

from .keys import public_key_from_multibase
from .proof import ProofInvalid, proof_check
from .services import bit_set


@dataclass
class Verification:
    valid: bool = False
    reasons: list[str] = field(default_factory=list)  # why it is refused
    notes: list[str] = field(default_factory=list)  # what was not checked
    issuer: str = ""
    subject: str = ""
    achievement: str = ""
    valid_from: str = ""
    valid_until: str = ""

    @property
    def valid_from_day(self) -> date | None:
        return _day(self.valid_from)

    @property
    def valid_until_day(self) -> date | None:
        return _day(self.valid_until)


def _day(value: str) -> date | None:
    """The day of an ISO 8601 date-time in UTC, for display; None if it is none."""
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC).date()
    except ValueError:
        return None


class Refused(Exception):
    pass


def _parse_time(value: Any, name: str) -> datetime:
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError as exc:
        raise Refused(_("The date “%(name)s” is not a valid date and time.") % {"name": name}) from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _issuer_id(document: dict[str, Any]) -> str:
    issuer = document.get("issuer")
    return str(issuer.get("id", "")) if isinstance(issuer, dict) else str(issuer or "")


def _public_key(document: dict[str, Any], did_documents: dict[str, Any]) -> Ed25519PublicKey:
    """The key the proof names, if the issuer's DID document lists it for assertions."""
    issuer = _issuer_id(document)
    proof = document.get("proof")
    method = str(proof.get("verificationMethod", "")) if isinstance(proof, dict) else ""
    if not method.startswith(issuer + "#"):
        raise Refused(_("The signing key does not belong to the issuer %(issuer)s.") % {"issuer": issuer})
    did_document = did_documents.get(issuer)
    if did_document is None:
        raise Refused(_("No DID document of the issuer %(issuer)s was given.") % {"issuer": issuer})
    relative = "#" + method.split("#", 1)[1]
    if not any(ref in (method, relative) for ref in did_document.get("assertionMethod", [])):
        raise Refused(_("The issuer's DID document does not list the signing key %(key)s.") % {"key": method})
    for entry in did_document.get("verificationMethod", []):
        if entry.get("id") in (method, relative):
            try:
                return Ed25519PublicKey.from_public_bytes(public_key_from_multibase(entry["publicKeyMultibase"]))
            except (KeyError, ValueError) as exc:
                raise Refused(_("The signing key in the DID document is not an Ed25519 key.")) from exc
    raise Refused(_("The issuer's DID document does not list the signing key %(key)s.") % {"key": method})


def _signature(document: dict[str, Any], did_documents: dict[str, Any]) -> None:
    key = _public_key(document, did_documents)
    try:
        proof_check(document, key)
    except ProofInvalid as exc:
        raise Refused(_("The signature does not match the content: the credential was changed.")) from exc
    except jsonld.JsonLdError as exc:
        raise Refused(_("The credential uses a JSON-LD context that is not known here.")) from exc


# RDF canonicalisation can take very long on crafted graphs (many alike blank nodes); a
# credential of this platform has about 15 objects, so anything far larger is refused unread.
MAX_OBJECTS = 300
MAX_DEPTH = 12


def _too_large(value: Any, depth: int = 0, seen: list[int] | None = None) -> bool:
    seen = seen if seen is not None else [0]
    if depth > MAX_DEPTH:
        return True
    if isinstance(value, dict):
        seen[0] += 1
        if seen[0] > MAX_OBJECTS:
            return True
        return any(_too_large(item, depth + 1, seen) for item in value.values())
    if isinstance(value, list):
        return any(_too_large(item, depth + 1, seen) for item in value)
    return False


def credential_verify(
    document: Any,
    *,
    did_documents: dict[str, Any],
    status_lists: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> Verification:
    result = Verification()
    now = now or datetime.now(UTC)
    try:
        if not isinstance(document, dict) or "VerifiableCredential" not in (document.get("type") or []):
            raise Refused(_("This is not a verifiable credential."))
        if _too_large(document):
            raise Refused(_("This is far larger than a credential of this platform; it is not checked."))
        subject = document.get("credentialSubject") or {}
        achievement = subject.get("achievement") or {} if isinstance(subject, dict) else {}
        issuer = document.get("issuer")
        result.issuer = str(issuer.get("name", "")) if isinstance(issuer, dict) else str(issuer or "")
        result.subject = str(subject.get("name", "")) if isinstance(subject, dict) else ""
        result.achievement = str(achievement.get("name", "")) if isinstance(achievement, dict) else ""
        result.valid_from = str(document.get("validFrom", ""))
        result.valid_until = str(document.get("validUntil", ""))
        _signature(document, did_documents)
        if "validFrom" in document and now < _parse_time(document["validFrom"], "validFrom"):
            raise Refused(_("The credential is not valid yet (valid from %(date)s).") % {"date": document["validFrom"]})
        if "validUntil" in document and now > _parse_time(document["validUntil"], "validUntil"):
            raise Refused(_("The credential has expired (valid until %(date)s).") % {"date": document["validUntil"]})
        _status(document, did_documents, status_lists, result)
    except Refused as refusal:
        result.reasons.append(str(refusal))
        return result
    result.valid = True
    return result


def _status(
    document: dict[str, Any],
    did_documents: dict[str, Any],
    status_lists: dict[str, Any] | None,
    result: Verification,
) -> None:
    entry = document.get("credentialStatus")
    if not entry:
        return
    if not isinstance(entry, dict) or entry.get("type") != "BitstringStatusListEntry":
        raise Refused(_("The credential's status entry is not a Bitstring Status List entry."))
    url = str(entry.get("statusListCredential", ""))
    status_list = (status_lists or {}).get(url)
    if status_list is None:
        result.notes.append(_("Revocation not checked: the status list %(url)s was not given.") % {"url": url})
        return
    if _issuer_id(status_list) != _issuer_id(document):
        raise Refused(_("The status list was not issued by the credential's issuer."))
    try:
        _signature(status_list, did_documents)
    except Refused as refusal:
        raise Refused(_("The status list is not genuine: %(reason)s") % {"reason": refusal}) from refusal
    list_subject = status_list.get("credentialSubject") or {}
    if list_subject.get("statusPurpose") != entry.get("statusPurpose"):
        raise Refused(_("The status list is for another purpose than the credential's entry."))
    try:
        revoked = bit_set(str(list_subject.get("encodedList", "")), int(entry.get("statusListIndex", -1)))
    except (ValueError, OSError) as exc:
        raise Refused(_("The status list cannot be read.")) from exc
    if revoked:
        raise Refused(_("The credential has been revoked by its issuer."))


def credential_verify_here(document: Any, *, now: datetime | None = None) -> Verification:
    """Checks a credential against this installation's issuers, keys and status lists."""
    from .did import did_document, did_of
    from .models import IssuerKey, StatusList
    from .services import status_list_credential, status_list_url

    issuer = _issuer_id(document) if isinstance(document, dict) else ""
    owners = {key.owner for key in IssuerKey.objects.select_related("owner")}
    did_documents = {did_of(owner): did_document(owner) for owner in owners if did_of(owner) == issuer}
    status_lists = {
        status_list_url(status_list): status_list_credential(status_list)
        for status_list in StatusList.objects.select_related("owner")
        if did_of(status_list.owner) == issuer
    }
    result = credential_verify(document, did_documents=did_documents, status_lists=status_lists, now=now)
    if issuer and not did_documents and result.issuer:
        result.reasons = [_("The issuer %(issuer)s does not issue credentials on this platform.") % {"issuer": issuer}]
    return result
