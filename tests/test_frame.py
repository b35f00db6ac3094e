"""The interface frame: language areas, API schema, errors, health, security headers."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("language", ["de", "nl", "en"])
def test_each_language_has_its_own_url_area(client, language):
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()


def test_the_start_page_speaks_each_language(client):
    assert "Familien- und pflegefreundliche Arbeitgeber" in client.get("/de/").content.decode()
    assert "Gezins- en mantelzorgvriendelijke werkgevers" in client.get("/nl/").content.decode()
    assert "Family- and care-friendly employers" in client.get("/en/").content.decode()


def test_the_root_redirects_to_a_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 302 and response["Location"] == "/nl/"


def test_the_language_switcher_keeps_the_page(login, coordinator):
    client = login(coordinator)
    response = client.post("/i18n/setlang/", {"language": "nl", "next": "/de/workspace/kreis-musterstadt/"})
    assert response.status_code == 302
    assert response["Location"] == "/nl/workspace/kreis-musterstadt/"


def test_the_openapi_schema_is_valid(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    validate(schema)
    # Swagger UI refuses a document in which an object names a key twice (an int and a str
    # status code both serialise to "403"), and the docs page shows only a parser error.
    twice: list[list[str]] = []

    def pairs(items: list[tuple[str, object]]) -> dict[str, object]:
        keys = [key for key, _value in items]
        if len(keys) != len(set(keys)):
            twice.append(keys)
        return dict(items)

    json.loads(response.content, object_pairs_hook=pairs)
    assert not twice, twice[:3]
    assert "/api/v1/me/tokens" in schema["paths"]
    assert any("BearerAuth" in name or "TokenAuth" in name for name in schema["components"]["securitySchemes"])


def test_the_api_docs_page_uses_no_cdn(client):
    page = client.get("/api/v1/docs").content.decode()
    assert "cdn." not in page and "unpkg" not in page


def test_api_errors_have_one_body_translated_by_accept_language(client):
    response = client.get("/api/v1/me", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "not_authenticated"
    assert body["message"] != "Authentication is required, or the token is invalid."
    english = client.get("/api/v1/me", HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["message"] == "Authentication is required, or the token is invalid."


def test_a_404_page_is_translated(client):
    response = client.get("/nl/workspace/nothing-here/x/y/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_health_answers_for_load_balancers(client):
    response = client.get("/health/")
    assert response.status_code == 200 and response.json()["database"] == "up"


def test_pages_send_security_headers(client):
    response = client.get("/de/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_pages_have_a_skip_link_and_no_external_assets(client):
    page = client.get("/de/").content.decode()
    assert 'href="#main"' in page and 'id="main"' in page
    assert "http://" not in page.split("<body")[0] and "https://" not in page.split("<body")[0]


def test_check_deploy_is_clean_with_the_documented_production_variables(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "vereinbar.settings",
        "VEREINBAR_SECRET_KEY": "x" * 20 + "-production-secret-key-with-enough-entropy-0123456789",
        "VEREINBAR_HTTPS": "true",
        "VEREINBAR_ALLOWED_HOSTS": "vereinbar.example.org",
        "VEREINBAR_SITE_URL": "https://vereinbar.example.org",
        "VEREINBAR_DATA_DIR": str(tmp_path),
        "VEREINBAR_DEBUG": "false",
        "VEREINBAR_EMAIL_BACKEND": "smtp",
        "VEREINBAR_EMAIL_HOST": "mail.example.org",
        "VEREINBAR_DEFAULT_FROM_EMAIL": "vereinbar <noreply@vereinbar.example.org>",
    }
    env.pop("VEREINBAR_TESTING", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests for their own process
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_console_command_wraps_manage_py(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "vereinbar.settings", "VEREINBAR_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "vereinbar.cli", "help"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT / "src",
    )
    assert result.returncode == 0, result.stderr
    for command in ("demo", "serve", "migrate", "db_worker"):
        assert command in result.stdout
    assert json  # keep import used for future schema dumps


def test_the_language_switcher_works_whatever_the_browser_language(login, coordinator):
    client = login(coordinator)
    response = client.post(
        "/i18n/setlang/", {"language": "nl", "next": "/de/workspace/kreis-musterstadt/"}, HTTP_ACCEPT_LANGUAGE="en-US"
    )
    assert response["Location"] == "/nl/workspace/kreis-musterstadt/"
