"""An installation worth backing up: the demo, a closed survey with 5,000 responses, a logo;
and snapshots of everything to compare before and after a restore. The demo as docs/backup.md's
commands make and back it up (``vereinbar migrate``, ``demo``, ``backup`` in processes of their
own) once per pass, for every module that wants it."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db.models import QuerySet
from django.test import Client
from PIL import Image

from vereinbar.accounts.models import User
from vereinbar.core.backup import backup_restore
from vereinbar.core.backup.archive import backup_models, columns_of, label_of
from vereinbar.core.backup.archive import storages as backup_storages
from vereinbar.organisations.models import Organisation
from vereinbar.site.api import api
from vereinbar.surveys.models import Survey
from vereinbar.surveys.selectors import instrument_version_find
from vereinbar.surveys.services.surveys import survey_close, survey_create, survey_open
from vereinbar.surveys.synthetic import responses_create

RESPONSES = 5000
VEREINBAR = Path(sys.executable).with_name("vereinbar")


def vereinbar(*args: str, data_dir: Path, database_url: str = "") -> str:
    """The console command, in a process of its own, in the installation of ``data_dir``."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DATABASE_URL", "PG"))}
    env |= {"DJANGO_SETTINGS_MODULE": "vereinbar.settings", "VEREINBAR_DATA_DIR": str(data_dir)}
    if database_url:
        env["DATABASE_URL"] = database_url
    done = subprocess.run([str(VEREINBAR), *args], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"vereinbar {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def new_installation(tmp_path: Path, name: str, database_url: str = "", *, blank: Path | None = None) -> Path:
    """A new installation's data directory, its database made by ``vereinbar migrate``; an
    embedded one given ``blank`` (blank_embedded) gets a copy of that database instead, which
    the same command made in the same way (about 14 s of CPU less each)."""
    data_dir = tmp_path / name
    data_dir.mkdir()
    if blank is not None and not database_url:
        shutil.copyfile(blank, data_dir / blank.name)
    else:
        vereinbar("migrate", data_dir=data_dir, database_url=database_url)
    return data_dir


def counts(archive: Path) -> dict[str, int]:
    with zipfile.ZipFile(archive) as opened:
        return json.loads(opened.read("manifest.json"))["counts"]


@pytest.fixture(scope="session")
def blank_embedded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The database file of a new embedded installation, as ``vereinbar migrate`` makes it, once
    per pass: the installations of this package's tests that need one get a copy. Only the
    database: each installation makes its own secret key. (A migrated database holds nothing
    of its installation: content types, permissions and the directory's settings rows.)"""
    data_dir = tmp_path_factory.mktemp("blank") / "installation"
    data_dir.mkdir()
    vereinbar("migrate", data_dir=data_dir)
    database = data_dir / "vereinbar.sqlite3"
    assert database.is_file() and not database.with_name(database.name + "-wal").exists()
    return database


@pytest.fixture(scope="session")
def demo_backup(tmp_path_factory: pytest.TempPathFactory, blank_embedded: Path) -> Path:
    """An embedded installation with the demo, backed up with the documented command: made once
    per pass (it takes about as long as the demo itself) for test_documented_path.py, which
    restores it with the commands, and test_round_trip.py's SQLite ↔ PostgreSQL test, which
    restores it in-process as the installation it backs up. Read only: nobody changes the file."""
    tmp_path = tmp_path_factory.mktemp("source")
    data_dir = new_installation(tmp_path, "embedded", blank=blank_embedded)
    vereinbar("demo", data_dir=data_dir)
    archive = tmp_path / "site.zip"
    vereinbar("backup", str(archive), data_dir=data_dir)
    assert counts(archive)["organisations.organisation"] > 0
    return archive


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 30, 90)).save(buffer, "PNG")
    return buffer.getvalue()


def files_removed() -> None:
    """Every file of the storages a backup holds: the media and the private files (evidence,
    signed scans), which a restore refuses to overwrite."""
    for storage in backup_storages().values():
        for path in Path(storage.location).rglob("*"):
            if path.is_file():
                path.unlink()


def installation_build(demo: Path | None = None) -> Survey:
    """The demo data plus a closed survey with 5,000 made-up responses and a logo. The demo is
    loaded with the ``demo`` command, or, given ``demo`` (a backup of an installation with the
    demo), restored from that backup into this emptied installation."""
    if demo is None:
        call_command("demo", stdout=io.StringIO())
    else:
        call_command("flush", interactive=False, verbosity=0)
        files_removed()
        backup_restore(demo)
    organisation = Organisation.objects.filter(type="employer", is_example=False).order_by("slug").first()
    assert organisation is not None
    coordinator = User.objects.filter(memberships__organisation=organisation, memberships__role="coordinator").first()
    version = instrument_version_find("urn:vereinbar:instrument:work-family-care")
    assert version is not None
    survey = survey_create(
        actor=coordinator,
        organisation=organisation,
        instrument_version=version,
        title="Staff survey",
        languages=["de", "en"],
        units="Administration\nAdministration / Personnel\nSocial services\nBuilding",
    )
    survey_open(actor=coordinator, survey=survey)
    responses_create(survey, RESPONSES, seed=7, comments=300)
    survey = survey_close(actor=coordinator, survey=survey)
    organisation.logo.save("logo.png", ContentFile(_png()), save=True)
    return survey


def rows_snapshot(using: str = "default") -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every backed-up table, by primary key, with bytes made comparable."""
    snapshot = {}
    for model in backup_models():
        names = [field.attname for field in columns_of(model)]
        rows = QuerySet(model=model, using=using).order_by("pk").values_list(*names)
        snapshot[label_of(model)] = [
            tuple(bytes(value) if isinstance(value, memoryview) else value for value in row) for row in rows
        ]
    return snapshot


# Of the ~300 made-up organisations of the directory (``is_example``) the snapshots ask about
# this many, evenly spread; of the others (the demo's own, the surveyed one) every object.
# Asking about every example organisation's every object meant ~10,000 addresses, ~70 s of
# CPU per snapshot; every table's every row is still compared by rows_snapshot.
EXAMPLE_ORGANISATIONS = 10


def _spread(items: list[Any], count: int) -> list[Any]:
    """``count`` of the items, evenly spaced, the first and the last included (always the same)."""
    if len(items) <= count:
        return items
    step = (len(items) - 1) / (count - 1)
    return [items[round(index * step)] for index in range(count)]


def api_urls() -> list[str]:
    """A GET address of the API for every operation it has, and for every object it shows of
    every organisation but the made-up ones, of which a fixed sample (EXAMPLE_ORGANISATIONS);
    the sample asks every operation that all objects would."""
    everyone = list(Organisation.objects.order_by("slug"))
    organisations = [organisation for organisation in everyone if not organisation.is_example]
    organisations += _spread(
        [organisation for organisation in everyone if organisation.is_example], EXAMPLE_ORGANISATIONS
    )
    urls = _api_urls(organisations)
    assert _operations(urls) == _operations(_api_urls(everyone))
    return urls


def _operations(urls: list[str]) -> set[str]:
    """The API's GET paths (``/api/v1/cycles/{cycle_id}``) that these addresses ask."""
    paths = [path for path, operations in api.get_openapi_schema()["paths"].items() if "get" in operations]
    patterns = {path: re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", path) + r"(\?.*)?$") for path in paths}
    return {path for url in urls for path, pattern in patterns.items() if pattern.match(url)}


def _api_urls(organisations: list[Organisation]) -> list[str]:
    from vereinbar.certificates.models import Award
    from vereinbar.cycles.models import Cycle
    from vereinbar.measures.models import Measure
    from vereinbar.programmes.models import Programme

    paths = [path for path, operations in api.get_openapi_schema()["paths"].items() if "get" in operations]
    urls = [path for path in paths if "{" not in path]
    for organisation in organisations:
        slug = organisation.slug
        for path in paths:
            if path.startswith("/api/v1/organisations/{slug}") and path.count("{") == 1:
                urls.append(path.replace("{slug}", slug))
        for contact_id in organisation.contacts.values_list("pk", flat=True):
            urls.append(f"/api/v1/organisations/{slug}/contacts/{contact_id}")
        for measure_id in Measure.objects.filter(organisation=organisation).values_list("pk", flat=True):
            urls.append(f"/api/v1/organisations/{slug}/measures/{measure_id}")
        for survey_id in Survey.objects.filter(organisation=organisation).values_list("pk", flat=True):
            urls.append(f"/api/v1/organisations/{slug}/surveys/{survey_id}/results")
        urls.append(f"/api/v1/organisations/{slug}/history?page_size=1000")
    for programme in Programme.objects.order_by("pk"):
        ident = programme.identifier
        urls += [f"/api/v1/programmes/{ident}", f"/api/v1/programmes/{ident}/versions"]
        for version in programme.versions.values_list("version", flat=True):
            urls.append(f"/api/v1/programmes/{ident}/versions/{version}")
            urls.append(f"/api/v1/programmes/{ident}/export?version={version}")
    for cycle in Cycle.objects.filter(organisation__in=organisations).order_by("pk"):
        urls += [
            f"/api/v1/cycles/{cycle.pk}",
            f"/api/v1/cycles/{cycle.pk}/level",
            f"/api/v1/cycles/{cycle.pk}/agreement",
        ]
        for run_id in cycle.phase_runs.values_list("pk", flat=True):
            urls.append(f"/api/v1/cycles/{cycle.pk}/phases/{run_id}")
    for number in Award.objects.filter(organisation__in=organisations).values_list("number", flat=True):
        urls.append(f"/api/v1/awards/{number}")
    return sorted(set(urls))


def _rounded(value: Any) -> Any:
    # Reports sum floats in the order the database returns responses, and that physical order
    # is random by design (docs/anonymity.md) and differs after a restore: the last bits of a
    # mean may differ. Twelve significant digits are still far beyond any figure shown.
    if isinstance(value, float):
        return float(f"{value:.12g}")
    if isinstance(value, list):
        return [_rounded(item) for item in value]
    if isinstance(value, dict):
        return {key: _rounded(item) for key, item in value.items()}
    return value


def api_snapshot(urls: list[str]) -> dict[str, tuple[int, Any]]:
    """The API's answer to every address, read as a platform admin."""
    client = Client()
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    client.force_login(admin)
    answers = {}
    for url in urls:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        body: Any = b"".join(response.streaming_content) if response.streaming else response.content
        if response.get("Content-Type", "").startswith("application/json"):
            body = _rounded(json.loads(body))
        answers[url] = (response.status_code, body)
    return answers


@pytest.fixture
def installation(transactional_db):
    return installation_build()


@pytest.fixture
def installation_from_demo_backup(transactional_db, demo_backup):
    """installation, its demo restored from the embedded demo's backup (demo_backup) rather than
    loaded again: the PostgreSQL pass makes the demo once for both backup modules. (The demo's
    own load on PostgreSQL is tests/scenarios' and tests/test_demo.py's.)"""
    return installation_build(demo_backup)


def archive_rewritten(archive: bytes, change, *, entry_name=lambda name: name) -> bytes:
    """A copy of the backup archive with its manifest changed by ``change(manifest)`` and each
    entry stored under ``entry_name(name)``."""
    source = zipfile.ZipFile(io.BytesIO(archive))
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "manifest.json":
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
            out.writestr(entry_name(info.filename), data)
    return target.getvalue()
