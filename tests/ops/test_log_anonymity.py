"""What reaches a log about a survey request, record by record (the real server is in
test_serve.py): Django's request log, error mails, the JSON formatter, gunicorn's access and
error logs."""

from __future__ import annotations

import json
import logging

import pytest
from django.core import mail
from django.http import HttpResponse, HttpResponseNotFound, HttpResponseServerError
from django.test import RequestFactory
from django.utils.log import log_response

from vereinbar.core.logging import REDACTED, AnonymityFilter, JsonFormatter, is_private_path, redact

TOKEN = "TRC39LB8W582"


@pytest.mark.parametrize(
    "path",
    [
        f"/de/s/{TOKEN}/",
        f"/nl/s/{TOKEN}/?page=7",
        f"/s/{TOKEN}/",
        f"/DE/S/{TOKEN}/",
        f"/de/%73/{TOKEN}/",
        "//en//s//x",
        "/de/s/",
        "/de/s/thanks/",
        "/pt-br/s/x/",
        f"https://vereinbar.example/de/s/{TOKEN}/",
        "/api/v1/organisations/acme/surveys/3/results",
        "/api/v1/surveys/instrument-schema",
    ],
)
def test_survey_paths_are_private(path):
    assert is_private_path(path)
    assert TOKEN not in redact(f"GET {path} 404")


@pytest.mark.parametrize(
    "path", ["/", "/de/", "/de/news/", "/de/workspace/acme/surveys/", "/static/surveys/surveys.css", "/health/"]
)
def test_other_paths_are_not(path):
    assert not is_private_path(path)
    assert redact(f"GET {path} 200") == f"GET {path} 200"


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []
        self.addFilter(AnonymityFilter())

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def collected():
    handler = _Collect()
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)


def test_a_wrong_token_is_not_logged_while_other_404s_are(collected):
    survey = RequestFactory().get(f"/de/s/{TOKEN}/", REMOTE_ADDR="198.51.100.7")
    log_response("Not Found: %s", survey.path, response=HttpResponseNotFound(), request=survey)
    other = RequestFactory().get("/de/nothing/")
    log_response("Not Found: %s", other.path, response=HttpResponseNotFound(), request=other)
    assert [record.getMessage() for record in collected] == ["Not Found: /de/nothing/"]


def test_an_error_on_a_survey_page_is_logged_without_request_path_or_token(collected):
    survey = RequestFactory().post(f"/de/s/{TOKEN}/?page=2", REMOTE_ADDR="198.51.100.7")
    try:
        raise ValueError(f"broken while answering /de/s/{TOKEN}/")
    except ValueError as error:
        log_response(
            "Internal Server Error: %s",
            survey.path,
            response=HttpResponseServerError(),
            request=survey,
            exception=error,
        )
    (record,) = collected
    assert record.getMessage() == f"Internal Server Error: {REDACTED}"
    assert record.request is None and record.exc_info is None
    assert "ValueError" in record.exc_text and TOKEN not in record.exc_text
    line = JsonFormatter().format(record)
    assert TOKEN not in line and "198.51.100.7" not in line and "/s/" not in line
    assert json.loads(line)["exception"]


def test_error_mails_to_administrators_carry_no_survey_request(settings):
    settings.ADMINS = ["ops@example.org"]
    settings.DEBUG = False
    survey = RequestFactory().get(f"/de/s/{TOKEN}/", REMOTE_ADDR="198.51.100.7")
    other = RequestFactory().get("/de/news/", REMOTE_ADDR="198.51.100.8")
    for request in (survey, other):
        try:
            raise RuntimeError("boom")
        except RuntimeError as error:
            log_response(
                "Internal Server Error: %s",
                request.path,
                response=HttpResponseServerError(),
                request=request,
                exception=error,
            )
    assert len(mail.outbox) == 2
    about_survey, about_news = mail.outbox
    assert TOKEN not in about_survey.subject + about_survey.body
    assert "198.51.100.7" not in about_survey.subject + about_survey.body
    assert "/s/" not in about_survey.body
    assert "RuntimeError" in about_survey.body
    assert "/de/news/" in about_news.body  # other errors keep their request information


def test_the_json_formatter_redacts_whatever_reaches_it():
    record = logging.makeLogRecord(
        {"name": "x", "levelno": logging.WARNING, "levelname": "WARNING", "msg": "saw /en/s/%s/", "args": (TOKEN,)}
    )
    record.path = f"/en/s/{TOKEN}/"
    record.request = RequestFactory().get(f"/en/s/{TOKEN}/")
    line = JsonFormatter().format(record)
    assert TOKEN not in line and "/s/" not in line


def _gunicorn_logger(tmp_path):
    from gunicorn.config import Config

    from vereinbar.core.gunicorn_logging import AnonymousLogger

    config = Config()
    config.set("accesslog", str(tmp_path / "access.log"))
    config.set("errorlog", str(tmp_path / "error.log"))
    return AnonymousLogger(config)


class _Request:
    def __init__(self, path: str) -> None:
        self.path = path
        self.method = "GET"
        self.query = ""
        self.uri = path
        self.version = (1, 1)
        self.headers: list[tuple[str, str]] = []


def test_gunicorn_writes_no_access_line_for_survey_requests_or_what_their_pages_load(tmp_path):
    from datetime import timedelta

    logger = _gunicorn_logger(tmp_path)
    response = HttpResponse()
    response.status = "200 OK"
    response.sent = 12
    response.headers = []  # type: ignore[assignment]

    def access(path: str, referer: str = "-") -> None:
        environ = {
            "REMOTE_ADDR": "198.51.100.7",
            "PATH_INFO": path.split("?")[0],
            "RAW_URI": path,
            "HTTP_REFERER": referer,
            "REQUEST_METHOD": "GET",
            "SERVER_PROTOCOL": "HTTP/1.1",
        }
        logger.access(response, _Request(path.split("?")[0]), environ, timedelta(milliseconds=5))

    access(f"/de/s/{TOKEN}/?page=7")
    access(f"/s/{TOKEN}/")
    access("/api/v1/organisations/acme/surveys")
    access("/static/surveys/surveys.css", referer=f"https://vereinbar.example/de/s/{TOKEN}/")
    access("/de/news/")
    logger.error("Error handling request /de/s/%s/", TOKEN)
    for handler in logger.access_log.handlers + logger.error_log.handlers:
        handler.flush()
    lines = (tmp_path / "access.log").read_text().splitlines()
    assert len(lines) == 1 and "/de/news/" in lines[0] and "198.51.100.7" in lines[0]
    errors = (tmp_path / "error.log").read_text()
    assert TOKEN not in errors and "/s/" not in errors
