"""Logging for vereinbar: what never reaches a log, and the JSON log lines.

Respondents stay anonymous in the logs (docs/anonymity.md, "Logs"): nothing the product logs
names a survey link (``/<lang>/s/<token>/``, the code entry and thank-you pages, any language
prefix or none), the survey API (``/api/v1/…/surveys…``), a token, or the time and address of
such a request. ``is_private_path`` decides which paths those are; ``redact`` takes them out of
any text; ``AnonymityFilter`` is set on every handler of ``settings.LOGGING`` (Django's request,
server and security loggers, admin mails, the console) and on gunicorn's error log; gunicorn's
access log leaves those requests out entirely (``vereinbar.core.gunicorn_logging``).

JSON log lines for production (VEREINBAR_LOG_FORMAT=json): one object per line, with the
time in UTC, level, logger, message, process id, the exception if any, and every ``extra``
field the call passed (``logger.info("…", extra={"event": "…"})``)."""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote, urlsplit

REDACTED = "[survey path]"
# Attributes every LogRecord has; anything else on a record came from ``extra``.
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "taskName"}

# A path segment that is a language code: "de", "nl", "en", "pt-br", "zh-hans".
_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:[-_][a-z0-9]{1,8})*$", re.IGNORECASE)
# "/s" as a path segment (optionally after a language code) and everything after it up to
# the end of the path; in free text such as "Not Found: /de/s/TOKEN/?page=2".
_SURVEY_IN_TEXT = re.compile(
    r"(?:/[a-z]{2,3}(?:[-_][a-z0-9]{1,8})*)?/+(?:s|%73)(?=[/?#;]|%2f|$|[\"'<>])[^\s\"'<>]*",
    re.IGNORECASE,
)
# The survey API: any path under /api/ with a "surveys" segment.
_API_SURVEYS_IN_TEXT = re.compile(r"/api/[^\s\"'<>]*?/surveys\b[^\s\"'<>]*", re.IGNORECASE)


def is_private_path(path: str | None) -> bool:
    """A request whose path, address and time must not be logged: the answering pages
    (``/s/…`` after any language prefix, or without one) and the survey API. ``path`` may
    be a full URL (a Referer), percent-encoded, with a query string."""
    if not path:
        return False
    if "://" in path:
        path = urlsplit(path).path
    path = unquote(path.split("?", 1)[0].split("#", 1)[0])
    segments = [segment for segment in path.split("/") if segment]
    if not segments:
        return False
    if segments[0].lower() == "api":
        return any(segment.lower() == "surveys" for segment in segments)
    if segments[0].lower() == "s":
        return True
    return len(segments) > 1 and bool(_LANGUAGE.match(segments[0])) and segments[1].lower() == "s"


def redact(text: str) -> str:
    """``text`` with every survey path (and so every token in one) replaced by ``[survey path]``."""
    if "/" not in text:
        return text
    text = _SURVEY_IN_TEXT.sub(REDACTED, text)
    return _API_SURVEYS_IN_TEXT.sub(REDACTED, text)


def _request_path(request: object) -> str | None:
    for attribute in ("path", "path_info"):
        value = getattr(request, attribute, None)
        if isinstance(value, str):
            return value
    environ = getattr(request, "environ", None) or getattr(request, "META", None)
    if isinstance(environ, dict):
        return environ.get("PATH_INFO")
    return None


class AnonymityFilter(logging.Filter):
    """Keeps respondents out of the logs. A record about a survey request (Django's
    ``request`` extra, or a survey path in its message) below ERROR is dropped: its time
    alone would say when someone answered. Errors are kept so that they can be fixed, without
    the request (no path, address or headers reach the console or an admin mail) and with
    every survey path in the message, the extra fields and the traceback redacted."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        private = request is not None and is_private_path(_request_path(request))
        try:
            message = record.getMessage()
        except (TypeError, ValueError, KeyError):
            # A broken format string: the handler's error report would print the arguments.
            message = f"{record.msg} (arguments left out: the message could not be formatted)"
            record.msg, record.args = message, ()
        clean = redact(message)
        if clean != message:
            private = True
            record.msg, record.args = clean, ()
        for key, value in list(record.__dict__.items()):
            if key in _STANDARD or key.startswith("_"):
                continue
            if isinstance(value, str) and redact(value) != value:
                setattr(record, key, redact(value))
                private = True
        if not private:
            return True
        if record.levelno < logging.ERROR:
            return False
        record.request = None  # an admin mail then carries no request information
        if record.exc_info:
            # Kept for the admin mail's report (its text has no local variables) unless the
            # traceback itself names a survey path; then only the redacted text remains.
            text = logging.Formatter().formatException(record.exc_info)
            if redact(text) != text:
                record.exc_info, record.exc_text = None, redact(text)
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def _plain(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, int | float | bool) or value is None:
        return value
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    return str(value)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
            "pid": record.process,
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_") and key not in payload:
                if key == "request" and value is not None:
                    path = _request_path(value)
                    value = REDACTED if is_private_path(path) else f"{getattr(value, 'method', '')} {path}"
                payload[key] = _plain(value)
        if record.exc_info:
            payload["exception"] = redact(self.formatException(record.exc_info))
        elif record.exc_text:
            payload["exception"] = redact(record.exc_text)
        return json.dumps(payload, ensure_ascii=False)
