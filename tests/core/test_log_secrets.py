"""Links with a secret in them (a password reset, an e-mail confirmation, an invitation, the
staff offers page) are logged with only the secret replaced: gunicorn's access and error logs,
Django's records, error mails to administrators. Survey paths keep their stronger rule
(tests/ops/test_log_anonymity.py)."""

from __future__ import annotations

import io
import json
import logging
import re
import runpy
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.urls.resolvers import LocalePrefixPattern, RoutePattern
from django.utils import translation

from vereinbar.core.logging import (
    HIDDEN,
    PUBLIC_ROUTE_PARAMETERS,
    AnonymityFilter,
    JsonFormatter,
    is_secret_parameter,
    redact,
    walk_routes,
)

TOKEN = "Zq7Xk2Pw9Lm4Rt"
OTHER = "Hb5Vn8Cy3Qd6Js"
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"Not Found: /de/offers/{TOKEN}/", "Not Found: /de/offers/[secret]/"),
        (f"/nl/accounts/password/reset/MQ/{TOKEN}/", "/nl/accounts/password/reset/[secret]/[secret]/"),
        ("/de/accounts/password/reset/MQ/set-password/", "/de/accounts/password/reset/[secret]/[secret]/"),
        (f"/en/accounts/confirm-email/Mg:1vR:{TOKEN}/", "/en/accounts/confirm-email/[secret]/"),
        (
            f"https://vb.example/de/accounts/invitation/{TOKEN}/?next=/de/",
            "https://vb.example/de/accounts/invitation/[secret]/?next=/de/",
        ),
        (f'"GET /de/offers/{TOKEN}/ HTTP/1.1" 404 2048', '"GET /de/offers/[secret]/ HTTP/1.1" 404 2048'),
        # before the redirects that add the language and the slash, and spelled oddly
        (f"/offers/{TOKEN}", "/offers/[secret]"),
        (f"/de/offers/{TOKEN}/more", "/de/offers/[secret]/more"),
        (f"/de/%6Fffers/{TOKEN}/", "/de/offers/[secret]/"),
        (f"//de//offers//{TOKEN}/", "/de/offers/[secret]/"),
        (f"/DE/OFFERS/{TOKEN}/", "/DE/OFFERS/[secret]/"),
        # query strings
        (
            f"/sso/acme/login/callback/?code={TOKEN}&state={OTHER}&x=1",
            "/sso/acme/login/callback/?code=[secret]&state=[secret]&x=1",
        ),
        (f"/de/?token={TOKEN}#top", "/de/?token=[secret]#top"),
        (f"key={TOKEN}&page=2", "key=[secret]&page=2"),
        # a link with a secret as another link's query: the login page's "next"
        (
            f'"GET /de/accounts/login/?next=/de/accounts/invitation/{TOKEN}/ HTTP/1.1" 200',
            '"GET /de/accounts/login/?next=/de/accounts/invitation/[secret]/ HTTP/1.1" 200',
        ),
        (
            f"/nl/accounts/login/?next=%2Fnl%2Foffers%2F{TOKEN}%2F&x=1",
            "/nl/accounts/login/?next=/nl/offers/[secret]/&x=1",
        ),
        (
            f"https://vb.example/de/accounts/login/?next=https%3A%2F%2Fvb.example%2Fde%2Foffers%2F{TOKEN}%2F",
            "https://vb.example/de/accounts/login/?next=https://vb.example/de/offers/[secret]/",
        ),
    ],
)
def test_a_secret_link_loses_only_its_secret(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "GET /de/accounts/password/reset/sent/ 200",
        "GET /de/accounts/password/reset/complete/ 200",
        "GET /de/offers/ 404",
        "GET /de/workspace/acme/offers/ 200",
        "GET /de/verify/VB-2026-0042/ 200",  # an award's public verification code
        "GET /de/operator/catalogue/flexible-hours/ 200",
        "GET /de/accounts/tokens/12/revoke/ 302",
        "GET /de/news/?page=2 200",
        "GET /de/accounts/login/?next=/de/workspace/acme/ 200",
    ],
)
def test_ordinary_pages_and_public_codes_stay_readable(text):
    assert redact(text) == text


def test_survey_paths_keep_their_stronger_rule():
    assert redact(f"Not Found: /de/s/{TOKEN}/") == "Not Found: [survey path]"


# --- The URL configuration: no route with a secret slips through -----------------------

# Broader than the product's rule on purpose: a new route parameter named like any of these
# fails below until it is redacted or listed as public in PUBLIC_ROUTE_PARAMETERS.
TOKEN_LIKE = re.compile(
    r"token|key|secret|uid|code|hash|sig|nonce|pass|otp|state|auth|invit|confirm|reset|ticket|magic|hmac|link",
    re.IGNORECASE,
)


def _sample_path(parts: list[object], values: dict[str, str]) -> str:
    path = "/"
    for part in parts:
        if isinstance(part, LocalePrefixPattern):
            path += "de/"
        elif isinstance(part, RoutePattern):

            def value(match: re.Match[str]) -> str:
                if match["converter"] == "int":
                    values[match["name"]] = "4711"
                return values[match["name"]]

            path += re.sub(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>", value, str(part))
        else:
            raise AssertionError(f"a route with a regular expression and a secret-like parameter: {parts}")
    return path


def _routes_with_token_like_parameters():
    for name, parts, parameters in walk_routes():
        if any(TOKEN_LIKE.search(parameter) for parameter in parameters):
            yield name, parts, parameters


def test_every_route_with_a_secret_parameter_is_redacted_in_logs():
    checked = set()
    for name, parts, parameters in _routes_with_token_like_parameters():
        values = {parameter: f"Qx{index}{TOKEN}" for index, parameter in enumerate(parameters)}
        path = _sample_path(parts, values)
        with translation.override("de"):
            try:
                match = resolve(path)
            except Resolver404:
                pytest.fail(f"the sample {path} of {name} does not resolve")
        # the sample is this route's own address (an API path may serve several operations)
        assert match.route == "".join("de/" if isinstance(part, LocalePrefixPattern) else str(part) for part in parts)
        line = redact(f"Not Found: {path}")
        for parameter in parameters:
            if not TOKEN_LIKE.search(parameter):
                continue
            if values[parameter] == "4711" and not is_secret_parameter(name, parameter):
                continue  # a number (<int:invitation_id>): it can be counted through, so it is no secret
            if name in PUBLIC_ROUTE_PARAMETERS.get(parameter, ()):
                assert not is_secret_parameter(name, parameter)
                assert values[parameter] in line, f"{name}: the public <{parameter}> is hidden: {line}"
            else:
                assert values[parameter] not in line, f"{name}: <{parameter}> reaches the log: {line}"
                assert HIDDEN in line or "[survey path]" in line
        checked.add(name)
    # the links this protects, so that an empty walk cannot pass
    assert {
        "accounts:password_reset_confirm",
        "accounts:invitation_accept",
        "account_confirm_email",
        "offers:link",
        "answer:answer",
    } <= checked


def test_every_public_exception_names_a_route_that_exists():
    routes = {name: parameters for name, _parts, parameters in walk_routes()}
    for parameter, names in PUBLIC_ROUTE_PARAMETERS.items():
        for name in names:
            assert parameter in routes.get(name, []), f"PUBLIC_ROUTE_PARAMETERS: {name} has no <{parameter}>"


# --- Django's records through a real request ---------------------------------------------


@pytest.fixture
def console():
    """What the configured console handler (settings.LOGGING, with its anonymity filter) writes."""
    (handler,) = [
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(candidate, AnonymityFilter) for candidate in handler.filters)
    ]
    stream = io.StringIO()
    previous = handler.setStream(stream)  # type: ignore[attr-defined]
    try:
        yield stream
    finally:
        handler.setStream(previous)  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_a_wrong_offers_link_is_logged_without_its_token(client, console):
    response = client.get(f"/de/offers/{TOKEN}/")
    assert response.status_code == 404
    response = client.get(f"/nl/accounts/invitation/{OTHER}/")
    assert response.status_code in (302, 404)
    response = client.get(f"/de/nothing-here/?token={TOKEN}")
    assert response.status_code == 404
    written = console.getvalue()
    assert "Not Found: /de/offers/[secret]/" in written
    assert "Not Found: /de/nothing-here/" in written
    assert TOKEN not in written and OTHER not in written


@pytest.mark.django_db
def test_an_error_on_a_secret_link_is_logged_and_mailed_without_the_secret(client, console, settings, monkeypatch):
    settings.ADMINS = ["ops@example.org"]
    settings.DEBUG = False

    def broken(*, token: str) -> None:
        raise RuntimeError("the lookup failed")

    monkeypatch.setattr("vereinbar.measures.views_offers.organisation_by_offers_token", broken)
    client.raise_request_exception = False
    response = client.get(
        f"/de/offers/{TOKEN}/?code={OTHER}",
        HTTP_REFERER=f"https://vb.example/de/accounts/password/reset/MQ/{OTHER}/",
        REMOTE_ADDR="198.51.100.7",
    )
    assert response.status_code == 500
    written = console.getvalue()
    assert "Internal Server Error: /de/offers/[secret]/" in written
    assert "RuntimeError: the lookup failed" in written
    assert TOKEN not in written and OTHER not in written
    (message,) = mail.outbox
    everything = message.subject + message.body
    assert TOKEN not in everything and OTHER not in everything
    assert "/de/offers/[secret]/" in message.subject
    assert "Exception Value: the lookup failed" in message.body
    assert "/de/accounts/password/reset/[secret]/[secret]/" in message.body  # the Referer
    assert "198.51.100.7" in message.body  # unlike a survey request, the rest of the request stays


@pytest.mark.django_db
def test_a_traceback_naming_a_secret_link_is_redacted(client, console, settings, monkeypatch):
    settings.ADMINS = ["ops@example.org"]
    settings.DEBUG = False

    def broken(*, token: str) -> None:
        raise RuntimeError("lookup failed for /de/offers/" + token + "/")

    monkeypatch.setattr("vereinbar.measures.views_offers.organisation_by_offers_token", broken)
    client.raise_request_exception = False
    assert client.get(f"/de/offers/{TOKEN}/").status_code == 500
    written = console.getvalue()
    assert "RuntimeError: lookup failed for /de/offers/[secret]/" in written
    assert TOKEN not in written
    (message,) = mail.outbox
    assert TOKEN not in message.subject + message.body


def test_the_json_formatter_hides_the_secret_of_a_request():
    from django.test import RequestFactory

    record = logging.makeLogRecord(
        {
            "name": "x",
            "levelno": logging.WARNING,
            "levelname": "WARNING",
            "msg": "saw %s",
            "args": (f"/de/offers/{TOKEN}/",),
        }
    )
    record.request = RequestFactory().get(f"/en/accounts/confirm-email/{TOKEN}/")
    payload = json.loads(JsonFormatter().format(record))
    assert payload["message"] == "saw /de/offers/[secret]/"
    assert payload["request"] == "GET /en/accounts/confirm-email/[secret]/"


# --- gunicorn, with the access log format of deploy/gunicorn.conf.py ------------------------


class _Request:
    def __init__(self, path: str) -> None:
        self.path = path.split("?")[0]
        self.method = "GET"
        self.query = path.partition("?")[2]
        self.uri = path
        self.version = (1, 1)
        self.headers: list[tuple[str, str]] = []


def _gunicorn(tmp_path, access_log_format: str):
    from gunicorn.config import Config

    from vereinbar.core.gunicorn_logging import AnonymousLogger

    config = Config()
    config.set("accesslog", str(tmp_path / "access.log"))
    config.set("errorlog", str(tmp_path / "error.log"))
    config.set("access_log_format", access_log_format)
    return AnonymousLogger(config)


def _access(logger, raw_uri: str, *, referer: str = "-", location: str | None = None) -> None:
    response = HttpResponse(status=302 if location else 200)
    response.status = "302 Found" if location else "200 OK"  # type: ignore[assignment]
    response.sent = 12  # type: ignore[attr-defined]
    response.headers = [("Location", location)] if location else []  # type: ignore[assignment]
    path, _, query = raw_uri.partition("?")
    environ = {
        "REMOTE_ADDR": "198.51.100.7",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "RAW_URI": raw_uri,
        "HTTP_REFERER": referer,
        "REQUEST_METHOD": "GET",
        "SERVER_PROTOCOL": "HTTP/1.1",
    }
    logger.access(response, _Request(raw_uri), environ, timedelta(milliseconds=5))


def _read(logger, tmp_path) -> tuple[list[str], str]:
    for handler in logger.access_log.handlers + logger.error_log.handlers:
        handler.flush()
    return (tmp_path / "access.log").read_text().splitlines(), (tmp_path / "error.log").read_text()


def test_gunicorn_access_log_of_deploy_names_the_page_but_not_the_secret(tmp_path):
    deploy = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))
    assert deploy["logger_class"] == "vereinbar.core.gunicorn_logging.AnonymousLogger"
    logger = _gunicorn(tmp_path, deploy["access_log_format"])
    _access(logger, f"/de/accounts/password/reset/MQ/{TOKEN}/")
    _access(logger, f"/de/offers/{TOKEN}/")
    _access(logger, f"/de/s/{TOKEN}/")  # no line at all
    _access(logger, "/de/news/")
    logger.error("Error handling request /de/accounts/invitation/%s/", TOKEN)
    lines, errors = _read(logger, tmp_path)
    assert [json.loads(line)["path"] for line in lines] == [
        "/de/accounts/password/reset/[secret]/[secret]/",
        "/de/offers/[secret]/",
        "/de/news/",
    ]
    assert TOKEN not in errors and "/de/accounts/invitation/[secret]/" in errors


def test_gunicorn_hides_secrets_in_every_field_a_format_can_name(tmp_path):
    # the request line, the query, the Referer and a redirect's Location of a "combined" format
    logger = _gunicorn(tmp_path, '%(h)s "%(r)s" %(s)s "%(f)s" q=%(q)s loc=%({location}o)s raw=%({raw_uri}e)s')
    _access(
        logger,
        f"/offers/{TOKEN}/?token={OTHER}",
        referer=f"https://vb.example/en/accounts/confirm-email/{OTHER}/",
        location=f"/de/offers/{TOKEN}/?token={OTHER}",
    )
    (line,), _errors = _read(logger, tmp_path)
    assert TOKEN not in line and OTHER not in line
    assert '"GET /offers/[secret]/?token=[secret] HTTP/1.1"' in line
    assert '"https://vb.example/en/accounts/confirm-email/[secret]/"' in line
    assert "q=token=[secret]" in line and "loc=/de/offers/[secret]/?token=[secret]" in line


def test_the_access_log_redacts_only_the_fields_its_format_names(tmp_path, monkeypatch):
    # a request has some sixty atoms (every header and environment variable); redacting each
    # of them cost more than writing the line
    import vereinbar.core.gunicorn_logging as gunicorn_logging

    calls = []

    def counted(text: str) -> str:
        calls.append(text)
        return redact(text)

    monkeypatch.setattr(gunicorn_logging, "redact_secrets", counted)
    logger = _gunicorn(tmp_path, '"%(r)s" %(s)s "%(f)s"')
    _access(logger, f"/de/offers/{TOKEN}/", referer="https://vb.example/de/news/")
    (line,), _errors = _read(logger, tmp_path)
    assert line == '"GET /de/offers/[secret]/ HTTP/1.1" 200 "https://vb.example/de/news/"'
    # each handler formats the line again; none redacts a field the format leaves out
    assert set(calls) == {f"GET /de/offers/{TOKEN}/ HTTP/1.1", "200", "https://vb.example/de/news/"}


# --- Query parameters: every one a view reads is named like a secret or known to be public ---

# Read by views and not secret. A new one named like none of these fails below: add it here,
# or, if its value is a secret, give it a name that SECRET_NAME matches.
PUBLIC_QUERY_PARAMETERS = {
    "action",
    "award",
    "cycle",
    "format",
    "from",
    "lang",
    "language",
    "next",  # a link: a secret in it is redacted like any other link
    "organisation",  # a short name, as in the addresses
    "page",
    "pdf",
    "peers",
    "q",
    "run",
    "saved",  # "1": the answering page shows that the answers are saved
    "status",
    "survey",
    "to",
    "typed",  # a verification code as typed (public, as the verification codes in addresses are)
    "units",
}


def test_every_query_parameter_a_view_reads_is_public_or_named_like_a_secret():
    from vereinbar.core.logging import SECRET_NAME

    read = re.compile(r"""\bGET(?:\.get|\.getlist)?[(\[]\s*["']([^"']+)["']""")
    names = {name for source in (ROOT / "src" / "vereinbar").rglob("*.py") for name in read.findall(source.read_text())}
    assert {"page", "next"} <= names  # the scan finds what it looks for
    unclassified = {name for name in names if not SECRET_NAME.search(name)} - PUBLIC_QUERY_PARAMETERS
    assert not unclassified, f"query parameters neither public nor redacted: {sorted(unclassified)}"
