"""Evidence and signed scans are kept in the settings' ``private`` storage (a directory beside
MEDIA_ROOT unless a deployment says otherwise), under the same names as before, and a backup
takes them along and restores them."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest
from django.core.files.storage import InMemoryStorage
from django.core.management import call_command

from vereinbar.core.backup import backup_restore, backup_write
from vereinbar.core.backup.archive import storage_key
from vereinbar.cycles import services
from vereinbar.cycles.models import Evidence, Signature
from vereinbar.cycles.uploads import private_storage

from .helpers import PDF, pdf_upload

pytestmark = pytest.mark.django_db


def _fields():
    return [Evidence._meta.get_field("file"), Signature._meta.get_field("scan")]


def test_the_fields_name_the_private_storage_of_the_settings():
    for field in _fields():
        # The migration names the callable, not a storage: settings decide where files go.
        assert field.deconstruct()[3]["storage"] is private_storage
        assert field.storage.location == str(Path(private_storage().location))


def test_another_private_storage_is_a_matter_of_settings(settings):
    settings.STORAGES = {**settings.STORAGES, "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    assert isinstance(private_storage(), InMemoryStorage)


def test_files_are_kept_where_they_were_kept_before(audit, open_cycle, parties, settings):
    cycle = open_cycle(audit)
    run = cycle.phase_runs.get(phase__key="self_assessment")
    evidence = services.evidence_add(actor=parties["coordinator"], run=run, upload=pdf_upload())
    assert re.fullmatch(rf"cycles/{cycle.pk}/[0-9a-f]{{32}}", evidence.file.name)
    default = Path(settings.STORAGES["private"]["OPTIONS"]["location"])
    assert Path(evidence.file.path) == default / evidence.file.name
    assert (default / evidence.file.name).read_bytes() == PDF


@pytest.mark.django_db(transaction=True)
def test_a_backup_takes_evidence_and_signed_scans_along(audit, charter, open_cycle, parties):
    coordinator = parties["coordinator"]
    run = open_cycle(audit).phase_runs.get(phase__key="self_assessment")
    evidence = services.evidence_add(actor=coordinator, run=run, upload=pdf_upload())
    signing = open_cycle(charter).phase_runs.get(phase__key="signature")
    signature = services.signature_record(
        actor=coordinator, run=signing, signer_name="Jane Mayor", signed_on=date.today(), scan=pdf_upload()
    )
    archive = io.BytesIO()
    manifest = backup_write(archive)
    stored = {item["name"]: item for item in manifest["files"]}
    key = storage_key(private_storage())
    for name in (evidence.file.name, signature.scan.name):
        assert stored[name]["storage"] == key and not stored[name].get("missing")

    call_command("flush", interactive=False, verbosity=0)
    for field, name in zip(_fields(), (evidence.file.name, signature.scan.name), strict=True):
        field.storage.delete(name)
    backup_restore(io.BytesIO(archive.getvalue()))
    assert Evidence.objects.get(pk=evidence.pk).file.read() == PDF
    assert Signature.objects.get(pk=signature.pk).scan.read() == PDF
