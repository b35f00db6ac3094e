"""The production set-up: readiness, 503 when the database is away, JSON logs, storage by
settings, and the deployment files (systemd units, container recipe, example settings)."""

from __future__ import annotations

import json
import logging
import re
import runpy
from pathlib import Path

import pytest
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.test import RequestFactory

from vereinbar.core.logging import JsonFormatter
from vereinbar.core.middleware import DatabaseUnavailableMiddleware

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
SETTINGS = ROOT / "src" / "vereinbar" / "settings.py"


@pytest.mark.django_db
def test_ready_reports_database_and_migrations(client):
    response = client.get("/health/ready/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["migrations"] == "applied"
    assert body["tasks_waiting_seconds"] == 0
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_ready_is_503_while_migrations_are_missing(client, monkeypatch):
    from vereinbar.core import views

    monkeypatch.setattr(views, "_migrations_done", set())
    monkeypatch.setattr(
        "django.db.migrations.executor.MigrationExecutor.migration_plan",
        lambda self, targets: [(type("M", (), {"app_label": "surveys", "name": "0099_new"})(), False)],
    )
    response = client.get("/health/ready/")
    assert response.status_code == 503
    assert response.json()["pending_migrations"] == ["surveys.0099_new"]


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_database_error_in_a_view_becomes_a_503_page(error):
    def view(request):
        raise error("connection refused")

    middleware = DatabaseUnavailableMiddleware(view)
    request = RequestFactory().get("/de/s/abc/")
    response = middleware.process_exception(request, error("connection refused"))
    assert response is not None and response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "no-cache" in response["Cache-Control"]
    assert b"Temporarily unavailable" in response.content and b"connection refused" not in response.content


def test_api_clients_get_the_error_body_of_the_api():
    middleware = DatabaseUnavailableMiddleware(lambda request: HttpResponse())
    response = middleware.process_exception(RequestFactory().get("/api/v1/cycles"), OperationalError("down"))
    assert response is not None and response.status_code == 503
    assert json.loads(response.content)["code"] == "unavailable"


def test_other_errors_are_left_to_the_500_handler():
    middleware = DatabaseUnavailableMiddleware(lambda request: HttpResponse())
    assert middleware.process_exception(RequestFactory().get("/"), ValueError("bug")) is None


def test_a_database_error_while_rendering_the_500_page_is_a_503_too():
    def broken(request):
        raise OperationalError("server closed the connection")

    response = DatabaseUnavailableMiddleware(broken)(RequestFactory().get("/de/"))
    assert response.status_code == 503


def test_the_middleware_is_the_outermost():
    from django.conf import settings

    assert settings.MIDDLEWARE[0] == "vereinbar.core.middleware.DatabaseUnavailableMiddleware"


def test_json_log_lines_carry_extra_fields_and_exceptions():
    formatter = JsonFormatter()
    record = logging.LogRecord("vereinbar.x", logging.WARNING, __file__, 1, "hello %s", ("world",), None)
    record.event = "database_unavailable"
    record.path = "/de/"
    line = json.loads(formatter.format(record))
    assert line["message"] == "hello world" and line["level"] == "WARNING"
    assert line["event"] == "database_unavailable" and line["path"] == "/de/"
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    assert "RuntimeError: boom" in json.loads(formatter.format(record))["exception"]


def _settings_with(monkeypatch, **env):
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return runpy.run_path(str(SETTINGS))


def test_s3_storage_is_chosen_by_settings(monkeypatch, tmp_path):
    values = _settings_with(
        monkeypatch,
        VEREINBAR_DATA_DIR=str(tmp_path),
        VEREINBAR_STORAGE="s3",
        VEREINBAR_S3_BUCKET="files",
        VEREINBAR_S3_ENDPOINT_URL="https://s3.example.org",
        VEREINBAR_S3_PREFIX="prod",
    )
    default, private = values["STORAGES"]["default"], values["STORAGES"]["private"]
    assert default["BACKEND"] == private["BACKEND"] == "storages.backends.s3.S3Storage"
    assert default["OPTIONS"]["bucket_name"] == "files" and default["OPTIONS"]["querystring_auth"] is True
    assert (default["OPTIONS"]["location"], private["OPTIONS"]["location"]) == ("prod", "prod/private")


def test_postgresql_runs_without_its_jit_compiler_unless_the_url_says_otherwise(monkeypatch, tmp_path):
    url = "postgres://vereinbar@db.example.org:5432/vereinbar"
    values = _settings_with(monkeypatch, VEREINBAR_DATA_DIR=str(tmp_path), DATABASE_URL=url)
    assert values["DATABASES"]["default"]["OPTIONS"]["options"] == "-c jit=off"
    values = _settings_with(monkeypatch, DATABASE_URL=f"{url}?options=-c%20jit%3Don")
    assert values["DATABASES"]["default"]["OPTIONS"]["options"] == "-c jit=on"
    monkeypatch.delenv("DATABASE_URL")
    values = _settings_with(monkeypatch, PGDATABASE="vereinbar")
    assert values["DATABASES"]["default"]["OPTIONS"] == {"options": "-c jit=off"}


def test_files_stay_on_disk_by_default(monkeypatch, tmp_path):
    values = _settings_with(monkeypatch, VEREINBAR_DATA_DIR=str(tmp_path), VEREINBAR_STORAGE="")
    assert values["STORAGES"]["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert values["STORAGES"]["private"]["OPTIONS"]["location"] == str(tmp_path / "private")


def test_every_variable_of_the_example_settings_is_read_by_the_settings():
    source = SETTINGS.read_text(encoding="utf-8")
    names = re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (DEPLOY / "vereinbar.env.example").read_text(), re.MULTILINE)
    assert len(names) > 15
    for name in names:
        if name in ("VEREINBAR_WORKERS", "VEREINBAR_THREADS", "VEREINBAR_BIND"):
            assert name in (DEPLOY / "gunicorn.conf.py").read_text(), name
            continue
        base = name.removesuffix("_FILE")
        assert f'"{base}"' in source, f"{name} is not read in settings.py"


def test_every_variable_the_settings_read_is_documented():
    documented = (ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")
    source = SETTINGS.read_text(encoding="utf-8")
    for name in set(re.findall(r'env(?:str|bool|int|list)\("([A-Z0-9_]+)"', source)) - {"VEREINBAR_TESTING"}:
        short = name.removeprefix("VEREINBAR_")
        assert name in documented or f"_{short.rsplit('_', 1)[-1]}" in documented, f"{name} is not documented"


def test_gunicorn_configuration_loads():
    values = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert values["workers"] >= 2 and values["worker_class"] == "gthread"
    json.loads(
        values["access_log_format"] % {"t": "now", "m": "GET", "U": "/", "s": 200, "B": "12", "M": 3, "h": "127.0.0.1"}
    )


def test_systemd_units_and_container_recipe():
    web = (DEPLOY / "vereinbar-web.service").read_text()
    worker = (DEPLOY / "vereinbar-worker.service").read_text()
    for unit in (web, worker):
        assert "EnvironmentFile=/etc/vereinbar/vereinbar.env" in unit
        assert "migrate --check" in unit  # never start on a database behind the code
        assert re.search(r"^Restart=always$", unit, re.MULTILINE)
    assert "gunicorn -c /opt/vereinbar/deploy/gunicorn.conf.py vereinbar.wsgi:application" in web
    assert "db_worker" in worker
    container = (DEPLOY / "Containerfile").read_text()
    assert "/health/ready/" in container and "USER vereinbar" in container
    assert "collectstatic" in container and "compilemessages" in container
    assert (DEPLOY / "vereinbar-reminders.timer").exists()


def test_the_package_version_is_the_one_in_pyproject():
    import tomllib
    from pathlib import Path

    import vereinbar

    pyproject = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text(encoding="utf-8"))
    assert vereinbar.__version__ == pyproject["project"]["version"]
