"""The backup archive format (version 1) and what both directions share.

A backup is a ZIP file::

    manifest.json                  format, versions, migration state, vendor, counts, files
    data/<app_label>.<model>.jsonl one JSON object per row, column attname → value, by primary key
    files/<storage>/<name>         every uploaded file a row refers to (checksum in the manifest),
                                   <storage> its alias in settings.STORAGES

Rows are written in primary-key order. Survey responses and comments have random UUIDs as
keys, so that order is random and says nothing about when or by whom they were given; the
archive holds no field the database does not hold (see docs/backup.md and docs/anonymity.md).
"""

from __future__ import annotations

import base64
import datetime
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.files.storage import Storage, default_storage
from django.core.files.storage import storages as django_storages
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.recorder import MigrationRecorder
from django.utils.dateparse import parse_duration
from django.utils.duration import duration_iso_string

FORMAT = "vereinbar-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"

# Not content: login sessions and the login-throttling records (people log in again on the
# restored installation; lock-outs and failed attempts are not worth carrying over).
EXCLUDED_APPS = frozenset({"sessions", "axes"})
# Created by ``migrate`` in every installation with ids of its own: replaced by the archive's
# rows on restore, so that every reference to them (history entries, permissions) stays intact.
REPLACED_MODELS = ("auth.permission", "contenttypes.contenttype")


def replaced_models() -> tuple[str, ...]:
    """The models whose rows ``migrate`` writes itself: Django's, and those an app names in its
    AppConfig's ``backup_replaces`` (a data migration's rows, such as the directory's state). A
    new installation has them, so a restore replaces them rather than calling it "not empty"."""
    declared = (
        f"{config.label}.{name.lower()}"
        for config in apps.get_app_configs()
        for name in getattr(config, "backup_replaces", ())
    )
    return (*REPLACED_MODELS, *declared)


class BackupError(Exception):
    """A backup cannot be written or restored; the message says why and what to do."""


def backup_models() -> list[type[models.Model]]:
    """Every table with content, parents before the tables that refer to them. Not the tables
    an app names in its AppConfig's ``backup_derived``: rows made from the others, which the app
    makes again after a restore (the directory's read model)."""
    candidates = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and not model._meta.swapped
        and model._meta.app_label not in EXCLUDED_APPS
        and model._meta.object_name not in getattr(apps.get_app_config(model._meta.app_label), "backup_derived", ())
    ]
    return _dependency_order(candidates)


def _dependency_order(candidates: list[type[models.Model]]) -> list[type[models.Model]]:
    # Foreign keys are checked at commit only (deferred on PostgreSQL, checked after loading on
    # SQLite), so the order is for readability and restoring into other tools; cycles are fine.
    remaining = list(candidates)
    ordered: list[type[models.Model]] = []
    placed: set[type[models.Model]] = set()
    while remaining:
        progress = False
        for model in list(remaining):
            needs = {
                field.related_model
                for field in model._meta.concrete_fields
                if field.is_relation and field.related_model is not model
            }
            if all(need in placed or need not in remaining for need in needs):
                ordered.append(model)
                placed.add(model)
                remaining.remove(model)
                progress = True
        if not progress:  # a cycle: take the first one left and go on
            model = remaining.pop(0)
            ordered.append(model)
            placed.add(model)
    return ordered


def label_of(model: type[models.Model]) -> str:
    return model._meta.label_lower


def data_path(model: type[models.Model]) -> str:
    return f"data/{label_of(model)}.jsonl"


def columns_of(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return list(model._meta.concrete_fields)


def encode(value: Any) -> Any:
    """A database value as JSON (JSON fields pass through unchanged)."""
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    if isinstance(value, memoryview | bytes | bytearray):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return duration_iso_string(value)
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    raise BackupError(f"cannot store a value of type {type(value).__name__}")


def decode(field: models.Field[Any, Any], value: Any) -> Any:
    """The Python value of a column from its JSON form."""
    if value is None or isinstance(field, models.JSONField):
        return value
    if isinstance(field, models.ForeignKey):
        return decode(field.target_field, value)
    if isinstance(field, models.DurationField):
        return parse_duration(value)
    return field.to_python(value)


def migration_state(connection: BaseDatabaseWrapper) -> dict[str, list[str]]:
    """The applied migrations per app."""
    state: dict[str, list[str]] = {}
    for app_label, name in MigrationRecorder(connection).applied_migrations():
        state.setdefault(app_label, []).append(name)
    return {app: sorted(names) for app, names in sorted(state.items())}


def storage_key(storage: Storage) -> str:
    """The alias in ``settings.STORAGES`` of a file field's storage ("default", "private"), which
    names it in the archive: the same whatever backend a deployment configures."""
    if storage is default_storage:
        return "default"
    for alias in settings.STORAGES:
        if django_storages[alias] is storage:
            return alias
    # A field calls a callable storage once, at import; when the settings changed since (tests do),
    # it keeps an instance made the same way as the alias's, but not the same object.
    made = _made_as(storage)
    for alias in settings.STORAGES:
        if made is not None and _made_as(django_storages[alias]) == made:
            return alias
    raise BackupError(
        f"a file field keeps its files in a storage that is none of settings.STORAGES ({type(storage).__name__})"
    )


def _made_as(storage: Storage) -> tuple[Any, ...] | None:
    deconstruct = getattr(storage, "deconstruct", None)
    return tuple(deconstruct()) if deconstruct else None


# Archives written before storages were named by alias named the evidence storage by its class.
LEGACY_STORAGE_KEYS = {"vereinbar.cycles.uploads.PrivateStorage": "private"}


def legacy_storage_keys(targets: dict[str, Storage]) -> dict[str, str]:
    """The names older archives gave a storage → its alias, for reading them: the earlier class
    of the evidence storage, and the dotted class path of each storage as configured now."""
    found = {name: alias for name, alias in LEGACY_STORAGE_KEYS.items() if alias in targets}
    found.update(
        {
            f"{type(storage).__module__}.{type(storage).__qualname__}": alias
            for alias, storage in targets.items()
            if alias != "default"
        }
    )
    return found


def file_fields(model: type[models.Model]) -> list[models.FileField]:
    return [field for field in model._meta.concrete_fields if isinstance(field, models.FileField)]


def storages() -> dict[str, Storage]:
    """The storages the models keep files in, by the key the archive names them with."""
    found: dict[str, Storage] = {}
    for model in backup_models():
        for field in file_fields(model):
            found.setdefault(storage_key(field.storage), field.storage)
    return found


def chunked(rows: Iterable[Any], size: int) -> Iterable[list[Any]]:
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
