"""A backup restored into an empty installation (with the same secret key) keeps the
credentials working: old ones verify against the restored DID document and status list, and
the restored keys still sign."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.management import call_command

from vereinbar.certificates.models import Award
from vereinbar.core.backup import backup_restore, backup_write
from vereinbar.credentials.did import did_document
from vereinbar.credentials.keys import key_current, key_private
from vereinbar.credentials.models import IssuedCredential
from vereinbar.credentials.services import credential_issue, status_list_credential
from vereinbar.credentials.verify import credential_verify

pytestmark = pytest.mark.django_db(transaction=True)

DURING = datetime(2026, 1, 1, 12, tzinfo=UTC)


def test_credentials_and_keys_survive_a_backup_and_restore(award, tmp_path):
    issued = credential_issue(award)
    operator = award.programme.operator
    public_before = bytes(key_current(operator).public_key)
    backup_write(tmp_path / "backup.zip")

    call_command("flush", interactive=False, verbosity=0)
    assert not IssuedCredential.objects.exists()
    backup_restore(tmp_path / "backup.zip")

    restored = Award.objects.get(pk=award.pk)
    key = key_current(restored.programme.operator)
    assert bytes(key.public_key) == public_before
    key_private(key)  # still decrypts with the installation's secret
    status = status_list_credential(IssuedCredential.objects.get(award=restored).status_list)
    did = did_document(restored.programme.operator)
    result = credential_verify(
        issued.document, did_documents={did["id"]: did}, status_lists={status["id"]: status}, now=DURING
    )
    assert result.valid, result.reasons
    assert credential_issue(restored).document == issued.document
