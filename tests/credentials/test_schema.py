"""Every credential validates against 1EdTech's Open Badges 3.0 JSON Schema for the
AchievementCredential class, shipped in src/vereinbar/credentials/schemas/."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from jsonschema import Draft201909Validator

import vereinbar.credentials
from vereinbar.credentials.services import credential_issue

pytestmark = pytest.mark.django_db

SCHEMA = Path(vereinbar.credentials.__file__).parent / "schemas" / "ob_v3p0_achievementcredential_schema.json"


def validator() -> Draft201909Validator:
    """The shipped schema is the spec repository's last version written for VC 1.1, which names
    the issue date ``issuanceDate``; VC 2.0 (and Open Badges 3.0 on it) calls it ``validFrom``
    (and ``expirationDate`` ``validUntil``). Only that name in ``required`` is swapped."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    schema["required"] = ["validFrom" if name == "issuanceDate" else name for name in schema["required"]]
    Draft201909Validator.check_schema(schema)
    return Draft201909Validator(schema, format_checker=Draft201909Validator.FORMAT_CHECKER)


def test_the_credential_validates_against_the_open_badges_schema(award):
    errors = sorted(validator().iter_errors(credential_issue(award).document), key=str)

    assert errors == []


def test_the_schema_catches_a_credential_without_an_achievement(award):
    broken = copy.deepcopy(credential_issue(award).document)
    del broken["credentialSubject"]["achievement"]["criteria"]

    assert [error.message for error in validator().iter_errors(broken)] == ["'criteria' is a required property"]
