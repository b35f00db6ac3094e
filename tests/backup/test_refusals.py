"""Restore refuses what it cannot do completely: a non-empty installation, a newer archive
format, another migration state, a damaged archive; and a failed restore leaves nothing."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from tests.backup.conftest import archive_rewritten
from vereinbar.accounts.models import User
from vereinbar.core.backup import FORMAT_VERSION, BackupError, backup_restore, backup_write
from vereinbar.organisations.models import Organisation
from vereinbar.surveys.models import Response

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def archive(employer_org, coordinator) -> bytes:
    employer_org.logo.save("logo.png", ContentFile(b"\x89PNG not really"), save=True)
    buffer = io.BytesIO()
    backup_write(buffer)
    return buffer.getvalue()


def _empty_installation(settings) -> None:
    call_command("flush", interactive=False, verbosity=0)
    for path in settings.MEDIA_ROOT.rglob("*"):
        if path.is_file():
            path.unlink()


def test_the_manifest_says_what_the_archive_holds(archive):
    manifest = json.loads(zipfile.ZipFile(io.BytesIO(archive)).read("manifest.json"))
    assert manifest["format_version"] == FORMAT_VERSION
    assert manifest["counts"]["organisations.organisation"] == 1
    assert manifest["counts"]["accounts.user"] == 1
    assert "accounts" in manifest["migrations"] and manifest["database_vendor"]
    (logo,) = manifest["files"]
    assert logo["storage"] == "default" and len(logo["sha256"]) == 64
    # Only the day it was taken, no time: not in the manifest, not in the ZIP entries.
    assert len(manifest["created"]) == 10
    assert {info.date_time for info in zipfile.ZipFile(io.BytesIO(archive)).infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_it_refuses_an_installation_that_has_data(archive):
    with pytest.raises(BackupError, match="empty installation"):
        backup_restore(io.BytesIO(archive))


def test_it_refuses_a_newer_archive_format(archive, settings):
    _empty_installation(settings)
    newer = archive_rewritten(archive, lambda manifest: manifest.update(format_version=FORMAT_VERSION + 1))
    with pytest.raises(BackupError, match="format version"):
        backup_restore(io.BytesIO(newer))


def test_it_refuses_another_migration_state_and_names_the_difference(archive, settings):
    _empty_installation(settings)
    ahead = archive_rewritten(
        archive, lambda manifest: manifest["migrations"]["surveys"].append("9999_from_the_future")
    )
    with pytest.raises(BackupError, match="9999_from_the_future"):
        backup_restore(io.BytesIO(ahead))


def test_it_refuses_a_file_that_does_not_match_its_checksum(archive, settings):
    _empty_installation(settings)
    damaged = archive_rewritten(archive, lambda manifest: manifest["files"][0].update(sha256="0" * 64))
    with pytest.raises(BackupError, match="checksum"):
        backup_restore(io.BytesIO(damaged))


def test_a_failed_restore_leaves_neither_rows_nor_files(archive, settings):
    _empty_installation(settings)
    broken = archive_rewritten(archive, lambda manifest: manifest["counts"].update({"accounts.user": 2}))
    with pytest.raises(BackupError, match="damaged"):
        backup_restore(io.BytesIO(broken))
    assert not User.objects.exists() and not Organisation.objects.exists()
    assert not [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()]


def test_the_commands_write_and_restore_an_archive(archive, coordinator, settings, tmp_path):
    path = tmp_path / "site.zip"
    call_command("backup", str(path), stdout=io.StringIO())
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", str(path), stdout=io.StringIO())
    with pytest.raises(CommandError, match="empty installation"):
        call_command("restore", str(path), stdout=io.StringIO())
    _empty_installation(settings)
    out = io.StringIO()
    call_command("restore", str(path), stdout=out)
    assert "Restored" in out.getvalue()
    assert User.objects.get().email == coordinator.email
    assert Organisation.objects.get().logo.read() == b"\x89PNG not really"
    assert not Response.objects.exists()


def test_it_keeps_the_same_files_in_place_and_refuses_other_ones(archive, settings):
    """Moving to another database with the same data directory (docs/backup.md): the files the
    backup holds are there already, the same, and are kept; a file of the same name with other
    content is refused, and the message says what to do."""
    call_command("flush", interactive=False, verbosity=0)
    counts = backup_restore(io.BytesIO(archive))
    assert counts["organisations.organisation"] == 1
    assert Organisation.objects.get().logo.read() == b"\x89PNG not really"

    call_command("flush", interactive=False, verbosity=0)
    (logo,) = [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()]
    logo.write_bytes(b"another logo")
    with pytest.raises(BackupError, match=r"other content.*VEREINBAR_DATA_DIR"):
        backup_restore(io.BytesIO(archive))
    assert logo.read_bytes() == b"another logo"
    assert not Organisation.objects.exists()


def test_a_backup_file_is_readable_by_its_owner_only(archive, tmp_path):
    path = tmp_path / "site.zip"
    call_command("backup", str(path), stdout=io.StringIO())
    assert path.stat().st_mode & 0o777 == 0o600
