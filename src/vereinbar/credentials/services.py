"""Issuing an award's credential (an Open Badges 3.0 ``OpenBadgeCredential``, a W3C VC 2.0)
and publishing the issuers' ``BitstringStatusListCredential``.

A credential is issued once per award — a renewal is a new award and gets its own — and kept
exactly as signed. Its revocation bit is read from the award's status whenever the status list
is published, so revoking an award flips the bit at once, with nothing to keep in step."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from vereinbar.activity.services import entry_record
from vereinbar.certificates.models import Award, AwardStatus

from .did import did_of, verification_method_id
from .jsonld import OB_V3, VC_V2
from .keys import key_current, key_private
from .models import IssuedCredential, StatusList
from .proof import proof_add

if TYPE_CHECKING:
    from vereinbar.organisations.models import Organisation

VERB_ISSUED = "credential.issued"
OB_SCHEMA_ID = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
OB_SCHEMA_TYPE = "JsonSchema"  # the VC 2.0 type; 1EdTech's own name is not in any context


def issuer_of(award: Award) -> Any:
    """The operator of the award's programme signs; without one, the platform."""
    return award.programme.operator


def platform_name() -> str:
    """The platform as issuer, for programmes without an operator: its host name."""
    return "vereinbar " + settings.SITE_URL.split("://", 1)[-1].split("/")[0]


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def credential_url(award: Award) -> str:
    return _absolute(reverse("credentials:credential", kwargs={"code": award.verification_code}))


def status_list_url(status_list: StatusList) -> str:
    if status_list.owner is None:
        return _absolute(reverse("credentials:platform_status", kwargs={"number": status_list.number}))
    return _absolute(
        reverse("credentials:operator_status", kwargs={"slug": status_list.owner.slug, "number": status_list.number})
    )


def _datetime(day: date, *, end: bool = False) -> str:
    return f"{day.isoformat()}T{'23:59:59' if end else '00:00:00'}Z"


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _languages(award: Award) -> list[str]:
    version = award.version
    ordered = [version.default_language, *[code for code in version.languages if code != version.default_language]]
    return [code for code in ordered if code in dict(settings.LANGUAGES)] or [settings.LANGUAGE_CODE]


def _title(award: Award, language: str) -> str:
    parts = [award.version.localised("title", language) or award.programme.identifier]
    parts.append(award.stage.localised("title", language) or award.stage.key)
    if award.level is not None:
        parts.append(award.level.localised("title", language) or award.level.key)
    return " – ".join(parts)


def _criteria(award: Award, languages: list[str]) -> str:
    """What the award stands for, in each of the programme's languages (Markdown sections)."""
    sections = []
    for code in languages:
        with translation.override(code):
            texts = [
                text
                for text in (
                    award.stage.localised("description", code),
                    award.level.localised("description", code) if award.level else "",
                )
                if text
            ]
            if not texts:
                texts = [
                    translation.gettext("Awarded under the programme “%(title)s” after its assessment.")
                    % {"title": _title(award, code)}
                ]
            name = translation.get_language_info(code)["name_local"]
        sections.append(f"### {name}\n\n" + "\n\n".join(texts))
    return "\n\n".join(sections)


def _achievement_id(award: Award) -> str:
    host = quote(settings.SITE_URL.split("://", 1)[-1], safe="")
    parts = [award.programme.identifier, award.version.version, award.stage.key]
    if award.level is not None:
        parts.append(award.level.key)
    return "urn:vereinbar:" + host + ":" + ":".join(quote(part, safe="") for part in parts)


def credential_unsigned(award: Award, *, status_list: StatusList, status_index: int) -> dict[str, Any]:
    """The credential of an award before it is signed."""
    issuer = issuer_of(award)
    languages = _languages(award)
    default = languages[0]
    organisation = award.organisation
    address: dict[str, Any] = {"type": ["Address"], "addressCountry": str(organisation.country)}
    if organisation.region:
        address["addressRegion"] = organisation.region
    if organisation.city:
        address["addressLocality"] = organisation.city
    issuer_profile: dict[str, Any] = {
        "id": did_of(issuer),
        "type": ["Profile"],
        "name": issuer.name if issuer is not None else platform_name(),
    }
    if issuer is not None and issuer.website:
        issuer_profile["url"] = issuer.website
    achievement: dict[str, Any] = {
        "id": _achievement_id(award),
        "type": ["Achievement"],
        "achievementType": "Award",
        "name": _title(award, default),
        "criteria": {"narrative": _criteria(award, languages)},
        "inLanguage": default,
        "version": award.version.version,
    }
    # Open Badges asks for a description: the programme's summary, else the title again.
    achievement["description"] = award.version.localised("summary", default) or achievement["name"]
    document: dict[str, Any] = {
        "@context": [VC_V2, OB_V3],
        "id": credential_url(award),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": _title(award, default),
        "issuer": issuer_profile,
        "validFrom": _datetime(award.issued_on),
        "credentialSubject": {
            # The organisation is the subject: an AchievementSubject that is also a Profile, whose
            # terms (name, address) the Open Badges context defines.
            "type": ["AchievementSubject", "Profile"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "name",
                    "hashed": False,
                    "identityHash": organisation.name,
                }
            ],
            "name": organisation.name,
            "address": address,
            "achievement": achievement,
        },
        "credentialStatus": {
            "id": f"{status_list_url(status_list)}#{status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(status_index),
            "statusListCredential": status_list_url(status_list),
        },
        "credentialSchema": [{"id": OB_SCHEMA_ID, "type": OB_SCHEMA_TYPE}],
    }
    if award.valid_until is not None:
        document["validUntil"] = _datetime(award.valid_until, end=True)
    return document


def _status_list_for(owner: Organisation | None) -> StatusList:
    """The issuer's open status list (a new one once the current one is full), locked."""
    status_list = StatusList.objects.select_for_update().filter(owner=owner).order_by("-number").first()
    if status_list is None or status_list.next_index >= status_list.size:
        number = status_list.number + 1 if status_list else 1
        StatusList.objects.create(owner=owner, number=number)
        status_list = StatusList.objects.select_for_update().get(owner=owner, number=number)
    return status_list


def credential_issue(award: Award) -> IssuedCredential:
    """The award's credential, signed and stored on first use (idempotent)."""
    existing = IssuedCredential.objects.filter(award=award).first()
    if existing is not None:
        return existing
    try:
        return _credential_new(award)
    except IntegrityError:  # another request issued it in the meantime
        return IssuedCredential.objects.get(award=award)


def _credential_new(award: Award) -> IssuedCredential:
    issuer = issuer_of(award)
    with transaction.atomic():
        key = key_current(issuer)
        status_list = _status_list_for(issuer)
        index = status_list.next_index
        status_list.next_index = index + 1
        status_list.save(update_fields=["next_index"])
        now = timezone.now()
        signed = proof_add(
            credential_unsigned(award, status_list=status_list, status_index=index),
            private_key=key_private(key),
            verification_method=verification_method_id(key),
            created=now,
        )
        issued = IssuedCredential.objects.create(
            award=award,
            key=key,
            status_list=status_list,
            status_index=index,
            text=json.dumps(signed, ensure_ascii=False, indent=2),
            issued_at=now,
        )
        entry_record(
            actor="system",
            verb=VERB_ISSUED,
            target=award,
            organisation=award.organisation,
            after={"credential": signed["id"], "key": key.fragment, "status_index": index},
        )
    return issued


def credentials_issue_all() -> int:
    """Issues the credential of every award that has none yet; returns how many."""
    count = 0
    for award in Award.objects.filter(credential__isnull=True).select_related(
        "programme__operator", "organisation", "version", "stage", "level"
    ):
        credential_issue(award)
        count += 1
    return count


# --- status lists ------------------------------------------------------------------------


def revoked_indexes(status_list: StatusList) -> list[int]:
    """Indexes whose bit is set: the credentials of revoked awards, read now."""
    return sorted(
        IssuedCredential.objects.filter(status_list=status_list, award__status=AwardStatus.REVOKED).values_list(
            "status_index", flat=True
        )
    )


def encoded_list(size: int, indexes: list[int]) -> str:
    """GZIP-compressed bitstring, base64url without padding, multibase prefix ``u``; index 0 is
    the left-most bit of the first byte (Bitstring Status List v1.0)."""
    bits = bytearray(size // 8)
    for index in indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode().rstrip("=")


def bit_set(encoded: str, index: int) -> bool:
    if not encoded.startswith("u"):
        raise ValueError("encodedList is not base64url multibase")
    raw = encoded[1:]
    bits = gzip.decompress(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
    if index // 8 >= len(bits):
        raise ValueError("status index outside the list")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def status_list_credential(status_list: StatusList) -> dict[str, Any]:
    """The signed ``BitstringStatusListCredential`` as it stands now. Signed anew whenever a
    bit or the key changed; otherwise the signed document comes from the cache."""
    key = key_current(status_list.owner)
    encoded = encoded_list(status_list.size, revoked_indexes(status_list))
    url = status_list_url(status_list)
    # The key's public half, not its row: a restored or rebuilt database may reuse row numbers.
    fingerprint = hashlib.sha256(f"{url}|{bytes(key.public_key).hex()}|{encoded}".encode()).hexdigest()
    cache_key = f"credentials:status:{fingerprint}"
    cached = cache.get(cache_key)
    if cached is not None:
        return dict(cached)
    now = timezone.now()
    document = {
        "@context": [VC_V2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": did_of(status_list.owner),
        "validFrom": _stamp(now),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded,
        },
    }
    signed = proof_add(
        document, private_key=key_private(key), verification_method=verification_method_id(key), created=now
    )
    cache.set(cache_key, signed, 24 * 3600)
    return signed
