"""The API documentation page (/api/v1/docs): Swagger UI in a page of ours."""

from __future__ import annotations

import re

import pytest

DOCS = "/api/v1/docs"


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("de", "API-Dokumentation – vereinbar"),
        ("nl", "API-documentatie – vereinbar"),
        ("en", "API documentation – vereinbar"),
    ],
)
def test_the_docs_page_names_its_language_and_has_a_title(client, language, title):
    response = client.get(DOCS, headers={"accept-language": language})
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(rf'<html lang="{language}">', html)
    assert f"<title>{title}</title>" in html


def test_the_docs_page_loads_our_stylesheet_after_swaggers(client):
    html = client.get(DOCS).content.decode()
    swagger = html.index("ninja/swagger-ui.css")
    ours = html.index("site/api-docs.css")
    assert swagger < ours, "our contrast fixes must come after Swagger UI's stylesheet to override it"


def test_the_docs_page_has_no_inline_script_that_the_csp_would_block(client):
    response = client.get(DOCS)
    html = response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    # Only external scripts and the JSON settings block (data, not executed) are in the page.
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert 'src="' in tag or 'type="application/json"' in tag, tag


def test_swagger_ui_is_configured_without_links_inside_its_buttons(client):
    html = client.get(DOCS).content.decode()
    settings = re.search(r'<script type="application/json" id="swagger-settings">(.*?)</script>', html, re.S)
    assert settings is not None
    assert '"deepLinking": false' in settings.group(1)
    assert '"url": "/api/v1/openapi.json"' in settings.group(1)
