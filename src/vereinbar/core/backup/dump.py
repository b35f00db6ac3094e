"""Writing a backup archive."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

import vereinbar

from .archive import (
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    BackupError,
    backup_models,
    columns_of,
    data_path,
    encode,
    file_fields,
    label_of,
    migration_state,
    storage_key,
)


def backup_write(target: str | Path | IO[bytes], *, using: str = DEFAULT_DB_ALIAS) -> dict[str, Any]:
    """Write the whole installation (database rows and uploaded files) to ``target`` as one ZIP
    archive, from one consistent snapshot of the database. Returns the manifest."""
    connection = connections[using]
    _check_migrated(connection)
    counts: dict[str, int] = {}
    files: list[dict[str, Any]] = []
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        outermost = not connection.in_atomic_block
        with transaction.atomic(using=using):
            if connection.vendor == "postgresql" and outermost:
                # One snapshot for every table (READ COMMITTED would take one per query).
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            models = backup_models()
            for model in models:
                columns = columns_of(model)
                # A plain QuerySet: no manager may filter rows or rewrite translated columns.
                rows = (
                    QuerySet(model=model, using=using)
                    .order_by("pk")
                    .values_list(*(field.attname for field in columns))
                    .iterator(chunk_size=2000)
                )
                count = 0
                with archive.open(_entry(data_path(model)), "w", force_zip64=True) as stream:
                    for row in rows:
                        record = {field.attname: encode(value) for field, value in zip(columns, row, strict=True)}
                        stream.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode())
                        stream.write(b"\n")
                        count += 1
                counts[label_of(model)] = count
                files.extend(_files_of(model, archive, using))
            migrations = migration_state(connection)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "app_version": vereinbar_version(),
            # Only the day: the archive need not say more about when it was taken.
            "created": timezone.now().date().isoformat(),
            "database_vendor": connection.vendor,
            "migrations": migrations,
            "models": [label_of(model) for model in models],
            "counts": counts,
            "files": files,
            "language_code": settings.LANGUAGE_CODE,
        }
        archive.writestr(_entry(MANIFEST), json.dumps(manifest, indent=2, ensure_ascii=False))
    return manifest


def _check_migrated(connection: Any) -> None:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        names = ", ".join(f"{migration.app_label}.{migration.name}" for migration, _backwards in plan[:5])
        raise BackupError(
            _("The database is not migrated to this version of vereinbar (%(names)s): run 'vereinbar migrate' first.")
            % {"names": names + (" …" if len(plan) > 5 else "")}
        )


def _entry(name: str) -> zipfile.ZipInfo:
    # A fixed date on every entry: the archive says when it was taken only in the manifest,
    # and only the day.
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _files_of(model: Any, archive: zipfile.ZipFile, using: str) -> list[dict[str, Any]]:
    written: list[dict[str, Any]] = []
    for field in file_fields(model):
        key = storage_key(field.storage)
        names: Any = (
            QuerySet(model=model, using=using)
            .exclude(**{field.attname: ""})
            .exclude(**{f"{field.attname}__isnull": True})
            .order_by(field.attname)
            .values_list(field.attname, flat=True)
            .distinct()
        )
        for name in names:
            path = f"files/{key}/{name}"
            if path in archive.NameToInfo:
                continue
            if not field.storage.exists(name):
                written.append({"storage": key, "name": name, "missing": True})
                continue
            digest = hashlib.sha256()
            size = 0
            with field.storage.open(name, "rb") as source, archive.open(_entry(path), "w", force_zip64=True) as sink:
                while chunk := source.read(1 << 20):
                    digest.update(chunk)
                    size += len(chunk)
                    sink.write(chunk)
            written.append({"storage": key, "name": name, "size": size, "sha256": digest.hexdigest()})
    return written


def vereinbar_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("vereinbar")
    except PackageNotFoundError:
        return getattr(vereinbar, "__version__", "unknown")
