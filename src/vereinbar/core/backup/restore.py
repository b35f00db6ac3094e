"""Restoring a backup archive into an empty installation, all or nothing."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path
from types import SimpleNamespace
from typing import IO, Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import File
from django.core.files.storage import Storage
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Model, QuerySet
from django.dispatch import Signal
from django.utils.translation import gettext as _

from .archive import (
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    BackupError,
    backup_models,
    columns_of,
    data_path,
    decode,
    label_of,
    legacy_storage_keys,
    migration_state,
    replaced_models,
    storages,
)

BATCH = 500

# Sent once a restore has committed: what processes keep of the data (the directory's index and
# kept pages) is to be dropped; rows were written in bulk, without their save signals.
restored = Signal()


def backup_read_manifest(source: str | Path | IO[bytes]) -> dict[str, Any]:
    with zipfile.ZipFile(source) as archive:
        return _manifest(archive)


def backup_restore(source: str | Path | IO[bytes], *, using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Restore the archive into this installation's empty database and file storages, in one
    transaction. Refuses a non-empty installation, a newer archive format and a different
    migration state. Returns the number of rows restored per model."""
    connection = connections[using]
    with zipfile.ZipFile(source) as archive:
        manifest = _manifest(archive)
        _check_migrations(manifest, migration_state(connection))
        models = _models_of(manifest)
        targets = storages()
        files = _files_of(manifest, targets)
        _check_files(archive, files)
        _check_empty(models, files, targets, using)

        written: list[tuple[Storage, str]] = []
        try:
            _write_files(archive, files, targets, written)
            with transaction.atomic(using=using), connection.constraint_checks_disabled():
                for label in replaced_models():
                    QuerySet(model=_model(label), using=using).delete()
                counts = {label_of(model): _load_model(archive, model, using) for model in models}
                for label, expected in manifest["counts"].items():
                    if counts.get(label) != expected:
                        raise BackupError(
                            _("The archive is damaged: %(model)s should have %(expected)s rows, it has %(found)s.")
                            % {"model": label, "expected": expected, "found": counts.get(label)}
                        )
                connection.check_constraints(table_names=[model._meta.db_table for model in models])
                with connection.cursor() as cursor:
                    for statement in connection.ops.sequence_reset_sql(no_style(), models):
                        cursor.execute(statement)
        except BaseException:
            for storage, name in written:
                storage.delete(name)
            raise
        finally:
            ContentType.objects.clear_cache()
    if connection.vendor == "postgresql":
        # The planner's statistics describe the empty tables until autovacuum next analyses
        # them; a restored installation is used at once (pg_restore's documentation advises it).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    restored.send(sender=backup_restore, using=using)
    return counts


def _manifest(archive: zipfile.ZipFile) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads(archive.read(MANIFEST))
    except (KeyError, ValueError) as error:
        raise BackupError(_("This file is not a vereinbar backup (no readable manifest.json).")) from error
    if manifest.get("format") != FORMAT:
        raise BackupError(_("This file is not a vereinbar backup (unknown format)."))
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise BackupError(
            _(
                "The backup has archive format version %(found)s; this version of vereinbar reads up to "
                "version %(supported)s. Restore it with vereinbar %(app)s or newer."
            )
            % {"found": version, "supported": FORMAT_VERSION, "app": manifest.get("app_version", "?")}
        )
    return manifest


def _check_migrations(manifest: dict[str, Any], current: dict[str, list[str]]) -> None:
    archived: dict[str, list[str]] = manifest.get("migrations", {})
    differences = []
    for app in sorted(set(archived) | set(current)):
        only_archive = sorted(set(archived.get(app, [])) - set(current.get(app, [])))
        only_here = sorted(set(current.get(app, [])) - set(archived.get(app, [])))
        if only_archive:
            differences.append(_("%(app)s: backup has %(names)s") % {"app": app, "names": ", ".join(only_archive)})
        if only_here:
            differences.append(
                _("%(app)s: this installation has %(names)s") % {"app": app, "names": ", ".join(only_here)}
            )
    if differences:
        raise BackupError(
            _(
                "The database structure differs from the backup's (taken with vereinbar %(app)s). Restore into an "
                "installation of the same version, migrated with 'vereinbar migrate'. Differences: %(differences)s"
            )
            % {"app": manifest.get("app_version", "?"), "differences": "; ".join(differences)}
        )


def _model(label: str) -> type[Model]:
    from django.apps import apps

    return apps.get_model(label)


def _models_of(manifest: dict[str, Any]) -> list[type[Model]]:
    known = {label_of(model): model for model in backup_models()}
    unknown = [label for label in manifest["models"] if label not in known]
    if unknown:
        raise BackupError(_("The backup holds tables this installation does not have: %s") % ", ".join(unknown))
    return [known[label] for label in manifest["models"]]


def _files_of(manifest: dict[str, Any], targets: dict[str, Storage]) -> list[dict[str, Any]]:
    """The manifest's files present in the archive, each with ``storage`` the alias it is restored
    into and ``path`` where the archive holds it."""
    legacy = legacy_storage_keys(targets)
    files = []
    for item in manifest["files"]:
        if item.get("missing"):
            continue
        key = item["storage"]
        alias = key if key in targets else legacy.get(key)
        if alias is None:
            raise BackupError(_("The backup holds files of a storage this installation does not have: %s") % key)
        files.append(item | {"storage": alias, "path": f"files/{key}/{item['name']}"})
    return files


def _check_files(archive: zipfile.ZipFile, files: list[dict[str, Any]]) -> None:
    for item in files:
        with archive.open(item["path"]) as stream:
            found = _sha256(stream)
        if found != item["sha256"]:
            raise BackupError(_("The archive is damaged: the file %s does not match its checksum.") % item["name"])


def _check_empty(
    models: list[type[Model]], files: list[dict[str, Any]], targets: dict[str, Storage], using: str
) -> None:
    replaced = replaced_models()
    filled = [
        label_of(model)
        for model in models
        if label_of(model) not in replaced and QuerySet(model=model, using=using).exists()
    ]
    if filled:
        raise BackupError(
            _(
                "A backup can only be restored into an empty installation, and this one has data (%(tables)s). "
                "Create a new database, run 'vereinbar migrate' and restore into it."
            )
            % {"tables": ", ".join(filled[:8]) + (" …" if len(filled) > 8 else "")}
        )
    clashes = []
    for item in files:
        storage = targets[item["storage"]]
        if not storage.exists(item["name"]):
            continue
        if _sha256_of(storage, item["name"]) == item["sha256"]:
            # The same file is there already: the installation's own files when it moves to
            # another database and keeps its data directory (docs/backup.md). Kept, not written.
            item["present"] = True
        else:
            clashes.append(item["name"])
    if clashes:
        raise BackupError(
            _(
                "A backup can only be restored into an empty installation, and these files exist already with "
                "other content: %(files)s. Restore into a new data directory (VEREINBAR_DATA_DIR) or empty "
                "storages."
            )
            % {"files": ", ".join(clashes[:5]) + (" …" if len(clashes) > 5 else "")}
        )


def _sha256_of(storage: Storage, name: str) -> str:
    with storage.open(name, "rb") as stream:
        return _sha256(stream)


def _sha256(stream: IO[bytes]) -> str:
    """The SHA-256 of a stream, read in pieces of 1 MiB (files may be large)."""
    digest = hashlib.sha256()
    while chunk := stream.read(1 << 20):
        digest.update(chunk)
    return digest.hexdigest()


def _write_files(
    archive: zipfile.ZipFile,
    files: list[dict[str, Any]],
    targets: dict[str, Storage],
    written: list[tuple[Storage, str]],
) -> None:
    for item in files:
        if item.get("present"):
            continue
        storage = targets[item["storage"]]
        with archive.open(item["path"]) as stream:
            name = storage.save(item["name"], File(io.BytesIO(stream.read()), name=item["name"]))
        written.append((storage, name))
        if name != item["name"]:
            raise BackupError(_("The file %s could not be restored under its own name.") % item["name"])


def _load_model(archive: zipfile.ZipFile, model: type[Model], using: str) -> int:
    connection = connections[using]
    columns = columns_of(model)
    queryset: QuerySet[Model] = QuerySet(model=model, using=using)
    count = 0
    batch: list[SimpleNamespace] = []
    size = max(1, min(BATCH, connection.ops.bulk_batch_size(columns, [None] * BATCH)))

    def flush() -> None:
        # A raw insert of plain objects: no save(), no signals, no auto_now, no translation
        # descriptors; the values go into the columns exactly as they were read.
        queryset._insert(batch, fields=columns, raw=True, using=using)  # type: ignore[attr-defined]
        batch.clear()

    with archive.open(data_path(model)) as stream:
        for line in io.TextIOWrapper(stream, encoding="utf-8"):
            record = json.loads(line)
            batch.append(SimpleNamespace(**{field.attname: decode(field, record[field.attname]) for field in columns}))
            count += 1
            if len(batch) >= size:
                flush()
    if batch:
        flush()
    return count
