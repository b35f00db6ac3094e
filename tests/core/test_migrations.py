"""Migrations write their data into the database being migrated, not into the default one.

A data migration that reads ``Model.objects`` without ``using(schema_editor.connection.alias)``
goes to the default database: migrating a second installation's database (as the backup
restore into another database does) then fails or writes the other installation's rows.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.db import connections
from django.db.utils import load_backend

from vereinbar.accounts.models import User
from vereinbar.directory.models import DirectoryState


@pytest.mark.django_db(transaction=True)
def test_migrating_a_second_database_writes_its_data_rows_there(tmp_path: Path) -> None:
    DirectoryState.objects.all().delete()
    User.objects.create_user(email="only-in-default@example.org", password="x")
    settings = connections.settings["default"] | {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(tmp_path / "other.sqlite3"),
        "HOST": "",
        "PORT": "",
        "USER": "",
        "PASSWORD": "",
        "OPTIONS": {},
    }
    connections._connections.other = load_backend(settings["ENGINE"]).DatabaseWrapper(settings, "other")
    try:
        call_command("migrate", database="other", verbosity=0, stdout=io.StringIO())
        assert list(DirectoryState.objects.using("other").values_list("pk", flat=True)) == [1]
        # accounts 0004 confirms the addresses of the accounts of the database it migrates only
        assert not EmailAddress.objects.using("other").exists()
    finally:
        connections["other"].close()
        del connections._connections.other
    assert not DirectoryState.objects.exists()  # nothing written into the default database
    assert not EmailAddress.objects.exists()
