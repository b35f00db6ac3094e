"""The archive names a file's storage by its alias in settings.STORAGES ("default", "private"),
whatever backend a deployment configures; archives that named it by its class are still read."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command

from tests.backup.conftest import archive_rewritten
from tests.cycles.conftest import PROGRAMMES, programme_from_file
from tests.cycles.helpers import PDF, pdf_upload
from vereinbar.core.backup import BackupError, backup_restore, backup_write
from vereinbar.core.backup.archive import storage_key
from vereinbar.cycles import services
from vereinbar.cycles.models import Evidence
from vereinbar.organisations.models import Organisation

pytestmark = pytest.mark.django_db(transaction=True)

CLASS_NAME = "vereinbar.cycles.uploads.PrivateStorage"  # what archives before the aliases said


@pytest.fixture
def evidence(operator_org, employer_org, coordinator, operator_admin, auditor) -> Evidence:
    cycle = services.cycle_apply(
        actor=coordinator,
        organisation=employer_org,
        programme=programme_from_file(PROGRAMMES / "audit.yaml", operator_org),
    )
    cycle = services.cycle_accept(actor=operator_admin, cycle=cycle, auditor=auditor)
    run = cycle.phase_runs.get(phase__key="self_assessment")
    employer_org.logo.save("logo.png", ContentFile(b"\x89PNG not really"), save=True)
    return services.evidence_add(actor=coordinator, run=run, upload=pdf_upload())


@pytest.fixture
def archive(evidence) -> bytes:
    buffer = io.BytesIO()
    backup_write(buffer)
    return buffer.getvalue()


def _renamed(archive: bytes, old: str, new: str) -> bytes:
    """The archive as if it had named storage ``old`` ``new``: in the manifest and in its entries."""

    def change(manifest: dict) -> None:
        for item in manifest["files"]:
            if item["storage"] == old:
                item["storage"] = new

    return archive_rewritten(archive, change, entry_name=lambda name: name.replace(f"files/{old}/", f"files/{new}/"))


def _emptied(evidence: Evidence) -> None:
    logo = Organisation.objects.get(pk=evidence.cycle.organisation_id).logo
    call_command("flush", interactive=False, verbosity=0)
    logo.storage.delete(logo.name)
    evidence.file.storage.delete(evidence.file.name)


def test_the_archive_names_storages_by_their_alias(archive, evidence):
    entries = zipfile.ZipFile(io.BytesIO(archive))
    manifest = json.loads(entries.read("manifest.json"))
    storages = {item["name"]: item["storage"] for item in manifest["files"]}
    assert storages[evidence.file.name] == "private"
    assert set(storages.values()) == {"default", "private"}
    assert entries.read(f"files/private/{evidence.file.name}") == PDF


def test_it_restores_an_archive_that_named_a_storage_by_its_class(archive, evidence):
    _emptied(evidence)
    backup_restore(io.BytesIO(_renamed(archive, "private", CLASS_NAME)))
    restored = Evidence.objects.get(pk=evidence.pk)
    assert restored.file.storage.exists(restored.file.name)
    assert restored.file.read() == PDF


def test_it_refuses_an_archive_with_a_storage_it_does_not_have(archive, evidence):
    _emptied(evidence)
    with pytest.raises(BackupError, match="storage this installation does not have: elsewhere"):
        backup_restore(io.BytesIO(_renamed(archive, "private", "elsewhere")))
    assert not Evidence.objects.exists()


def test_a_storage_made_before_the_settings_changed_keeps_its_alias(settings):
    field = Evidence._meta.get_field("file")
    settings.STORAGES = {**settings.STORAGES}  # the storages are made anew; the field keeps its own
    assert storage_key(field.storage) == "private"


def test_a_storage_outside_the_settings_is_refused():
    with pytest.raises(BackupError, match=r"none of settings\.STORAGES"):
        storage_key(FileSystemStorage(location="/nowhere"))
