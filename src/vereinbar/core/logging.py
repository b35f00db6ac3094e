"""Logging for vereinbar: what never reaches a log, and the JSON log lines.

Respondents stay anonymous in the logs (docs/anonymity.md, "Logs"): nothing the product logs
names a survey link (``/<lang>/s/<token>/``, the code entry and thank-you pages, any language
prefix or none), the survey API (``/api/v1/…/surveys…``), a token, or the time and address of
such a request. ``is_private_path`` decides which paths those are; ``redact`` takes them out of
any text; ``AnonymityFilter`` is set on every handler of ``settings.LOGGING`` (Django's request,
server and security loggers, admin mails, the console) and on gunicorn's error log; gunicorn's
access log leaves those requests out entirely (``vereinbar.core.gunicorn_logging``).

Other links carry a secret too (a password reset, an e-mail confirmation, an invitation, the
staff offers page): whoever reads it in a log can use it. Their lines stay, with only the
secret replaced: ``/de/offers/[secret]/``. Which routes those are comes from the URL
configuration itself: every route parameter whose name looks like a secret (``SECRET_NAME``:
``<token>``, ``<key>``, ``<secret>``, ``<uidb64>``, …) unless ``PUBLIC_ROUTE_PARAMETERS`` says
that route's value is public; query parameters with such names (``?token=``, ``?code=``,
``?state=``) likewise (``redact_secrets``).

JSON log lines for production (VEREINBAR_LOG_FORMAT=json): one object per line, with the
time in UTC, level, logger, message, process id, the exception if any, and every ``extra``
field the call passed (``logger.info("…", extra={"event": "…"})``)."""

from __future__ import annotations

import copy
import json
import logging
import re
import threading
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, unquote, urlsplit

REDACTED = "[survey path]"
HIDDEN = "[secret]"
# A route or query parameter whose name says its value may be a secret.
SECRET_NAME = re.compile(r"token|key|secret|uid|code|hash|sig|nonce|pass|otp|state", re.IGNORECASE)
# Route parameters named like secrets whose values are public or plain numbers, by parameter
# and the routes ("namespace:name") where that holds. Every other such parameter is redacted;
# tests/core/test_log_secrets.py walks the URL configuration and checks both.
PUBLIC_ROUTE_PARAMETERS: dict[str, frozenset[str]] = {
    # an award's verification code is printed on its seal and shown in the directory
    "code": frozenset(
        {
            "certificates:verify",
            "certificates:seal",
            "credentials:credential",
            "credentials:baked_seal",
            "api:verify",
            # a criterion's code in a programme
            "api:goal_change",
            "api:goal_delete",
            "api:measure_add",
        }
    ),
    "key": frozenset({"operator:catalogue_entry"}),  # a measure catalogue entry's key
    "phase_key": frozenset({"api:cycle_optional_phase"}),  # a phase of the programme
    "token_id": frozenset({"accounts:token_revoke", "api:revoke_token"}),  # a number, not the token
}
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


def redact_survey_paths(text: str) -> str:
    """``text`` with every survey path (and so every token in one) replaced by ``[survey path]``."""
    if "/" not in text:
        return text
    text = _SURVEY_IN_TEXT.sub(REDACTED, text)
    return _API_SURVEYS_IN_TEXT.sub(REDACTED, text)


def redact(text: str) -> str:
    """``text`` without survey paths (``[survey path]``) and without the secrets of other
    links (``[secret]``)."""
    return redact_secrets(redact_survey_paths(text))


# --- Secrets in other links -----------------------------------------------------------

# A path in free text ("Not Found: /de/offers/…", a request line, a Referer), with its
# scheme and host if it is a full URL; it ends at white space or a quote.
_PATH_IN_TEXT = re.compile(r"(?P<origin>[a-z][a-z0-9+.-]*://[^/\s\"'<>]*)?(?P<path>/[^\s\"'<>]*)", re.IGNORECASE)
# A query parameter named like a secret, at the start of a query string or after ?, & or ;.
_SECRET_QUERY = re.compile(
    r"(?<![^?&;])(?P<name>[^=&;?#\s\"'<>]*(?:" + SECRET_NAME.pattern + r")[^=&;?#\s\"'<>]*)=[^&;#\s\"'<>]*",
    re.IGNORECASE,
)
_ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
_REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>")
_LANGUAGE_PREFIX = r"(?:[a-z]{2,3}(?:[-_][a-z0-9]{1,8})*/)?"  # optional: LocaleMiddleware redirects


class _SecretRoutes:
    """The routes with a secret parameter, as one regular expression built from the URL
    configuration on first use (after Django has loaded it): each route's path up to its last
    secret, with a named group per secret."""

    def __init__(self) -> None:
        self._pattern: re.Pattern[str] | None = None
        self._building = threading.local()

    def pattern(self) -> re.Pattern[str] | None:
        if self._pattern is None and not getattr(self._building, "active", False):
            self._building.active = True  # a record logged while building must not recurse
            try:
                self._pattern = self._build()
            except Exception:  # noqa: BLE001 - no settings, apps not ready, a broken URLconf: try again later
                return None
            finally:
                self._building.active = False
        return self._pattern

    @staticmethod
    def _build() -> re.Pattern[str] | None:
        from django.apps import apps

        if not apps.ready:
            raise RuntimeError("apps not ready")
        alternatives = []
        for number, (parts, secrets) in enumerate(secret_routes()):
            # Up to the last secret only: "/de/offers/TOKEN" (before the redirect that adds
            # the slash) and "/de/offers/TOKEN/anything" name it as well.
            regex = "".join(_part_regex(part, secrets, f"s{number}_") for part in parts)
            last = regex.rfind(f"(?P<s{number}_")
            shorter = regex[: regex.index(")", last) + 1]
            try:
                re.compile(shorter)
            except re.error:  # a group of a regular-expression route holds parentheses
                shorter = regex
            alternatives.append(shorter)
        if not alternatives:
            return re.compile(r"(?!)")
        return re.compile("^/(?:" + "|".join(alternatives) + ")", re.IGNORECASE)


def _route_parameters(pattern: object) -> list[str]:
    from django.urls.resolvers import LocalePrefixPattern, RoutePattern

    if isinstance(pattern, LocalePrefixPattern):
        return []
    if isinstance(pattern, RoutePattern):
        return [match["name"] for match in _ROUTE_PARAMETER.finditer(str(pattern))]
    return list(getattr(pattern, "regex", re.compile("")).groupindex)


def walk_routes() -> Iterator[tuple[str, list[object], list[str]]]:
    """Every route of the URL configuration: its name ("namespace:name"), the chain of its
    patterns (language prefix, includes, the route) and its parameter names."""
    from django.urls import URLResolver, get_resolver

    def walk(entries: Iterable[Any], chain: list[object], namespaces: list[str]) -> Iterator[Any]:
        for entry in entries:
            if isinstance(entry, URLResolver):
                inner = [*namespaces, entry.namespace] if entry.namespace else namespaces
                yield from walk(entry.url_patterns, [*chain, entry.pattern], inner)
            else:
                full = [*chain, entry.pattern]
                name = ":".join([*namespaces, entry.name or ""])
                yield name, full, [parameter for part in full for parameter in _route_parameters(part)]

    yield from walk(get_resolver().url_patterns, [], [])


def is_secret_parameter(route: str, parameter: str) -> bool:
    """Whether the value of ``parameter`` in the route named ``route`` is kept out of logs."""
    return bool(SECRET_NAME.search(parameter)) and route not in PUBLIC_ROUTE_PARAMETERS.get(parameter, ())


def secret_routes() -> Iterator[tuple[list[object], set[str]]]:
    for name, parts, parameters in walk_routes():
        secrets = {parameter for parameter in parameters if is_secret_parameter(name, parameter)}
        if secrets:
            yield parts, secrets


def _part_regex(part: object, secrets: set[str], prefix: str) -> str:
    """One pattern of a route as a regular expression without anchors; a secret parameter
    becomes a named group, any other one a plain group."""
    from django.urls.resolvers import LocalePrefixPattern, RoutePattern

    if isinstance(part, LocalePrefixPattern):
        return _LANGUAGE_PREFIX
    if isinstance(part, RoutePattern):
        route, regex, position = str(part), "", 0
        for match in _ROUTE_PARAMETER.finditer(route):
            regex += re.escape(route[position : match.start()])
            segment = ".+" if match["converter"] == "path" else "[^/]+"
            name = match["name"]
            regex += f"(?P<{prefix}{name}>{segment})" if name in secrets else f"(?:{segment})"
            position = match.end()
        return regex + re.escape(route[position:])
    source = getattr(getattr(part, "regex", None), "pattern", "")
    source = source.removeprefix("^").removesuffix(r"\Z").removesuffix("$")

    def group(match: re.Match[str]) -> str:
        return f"(?P<{prefix}{match['name']}>" if match["name"] in secrets else "(?:"

    return _REGEX_GROUP.sub(group, source)


_secret_routes = _SecretRoutes()


def _redact_route(path: str) -> str:
    pattern = _secret_routes.pattern()
    if pattern is None:
        return path
    candidate = path
    if "%" in candidate or "//" in candidate:
        candidate = re.sub(r"/{2,}", "/", unquote(candidate))
    match = pattern.match(candidate)
    if match is None:
        return path
    spans = sorted(match.span(group) for group, value in match.groupdict().items() if value is not None)
    for start, end in reversed(spans):
        candidate = candidate[:start] + HIDDEN + candidate[end:]
    return candidate


def _redact_url(match: re.Match[str]) -> str:
    origin, path = match["origin"] or "", match["path"]
    rest = ""
    for separator in ("#", "?"):
        if separator in path:
            path, tail = path.split(separator, 1)
            rest = separator + tail + rest
    if rest.startswith("?"):
        query, hash_mark, fragment = rest[1:].partition("#")
        rest = "?" + _QUERY_VALUE.sub(_redact_query_value, query) + hash_mark + fragment
    return origin + _redact_route(path) + rest


# A query parameter's value that is a link itself: the login page's "?next=/de/accounts/invitation/…/".
_QUERY_VALUE = re.compile(r"(?<==)(?:/|%2f|[a-z][a-z0-9+.-]*(?::|%3a))[^&;]*", re.IGNORECASE)


def _redact_query_value(match: re.Match[str]) -> str:
    value = unquote(match[0].replace("+", " "))
    clean = redact_secrets(value)
    return match[0] if clean == value else quote(clean, safe="/:[]")


def redact_secrets(text: str) -> str:
    """``text`` with the secret of every link in it replaced by ``[secret]`` (the segment of a
    route with a secret parameter, a query parameter named like one); the rest stays readable."""
    if "/" in text:
        text = _PATH_IN_TEXT.sub(_redact_url, text)
    if "=" in text:
        text = _SECRET_QUERY.sub(lambda match: f"{match['name']}={HIDDEN}", text)
    return text


def _without_secrets(request: Any) -> Any:
    """A copy of ``request`` whose path, query and headers (Referer) name no secret, for an
    error mail's report; ``None`` when it cannot be copied."""
    from django.http import HttpRequest, QueryDict

    if not isinstance(request, HttpRequest):
        return None
    clone: Any = copy.copy(request)
    clone.path = redact_secrets(request.path)
    clone.path_info = redact_secrets(request.path_info)
    clone.META = dict(request.META)
    for key in _URL_HEADERS:
        if isinstance(clone.META.get(key), str):
            clone.META[key] = redact_secrets(clone.META[key])
    if hasattr(request, "environ"):
        clone.environ = clone.META
    query = QueryDict(mutable=True)
    for key, values in request.GET.lists():
        query.setlist(key, [HIDDEN if SECRET_NAME.search(key) else value for value in values])
    clone.GET = query
    return clone


# Where a request's environment names its address: the path, the raw request line, the query
# and the page that linked to it.
_URL_HEADERS = ("PATH_INFO", "RAW_URI", "REQUEST_URI", "QUERY_STRING", "HTTP_REFERER")


def _request_carries_secret(request: object) -> bool:
    texts = [_request_path(request) or ""]
    meta = getattr(request, "META", None)
    if isinstance(meta, dict):
        texts += [meta[key] for key in _URL_HEADERS if isinstance(meta.get(key), str)]
    return any(redact_secrets(text) != text for text in texts)


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
    """Keeps respondents and secrets out of the logs. A record about a survey request (Django's
    ``request`` extra, or a survey path in its message) below ERROR is dropped: its time alone
    would say when someone answered. Errors are kept so that they can be fixed, without the
    request (no path, address or headers reach the console or an admin mail) and with every
    survey path in the message, the extra fields and the traceback redacted. A record about a
    link with a secret (a password reset, an invitation) is kept with the secret replaced by
    ``[secret]``, in its text and in the request an admin mail reports."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        private = request is not None and is_private_path(_request_path(request))
        try:
            message = record.getMessage()
        except (TypeError, ValueError, KeyError):
            # A broken format string: the handler's error report would print the arguments.
            message = f"{record.msg} (arguments left out: the message could not be formatted)"
            record.msg, record.args = message, ()
        if redact_survey_paths(message) != message:
            private = True
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, ()
        for key, value in list(record.__dict__.items()):
            if key in _STANDARD or key.startswith("_") or not isinstance(value, str):
                continue
            if redact_survey_paths(value) != value:
                private = True
            if redact(value) != value:
                setattr(record, key, redact(value))
        if private and record.levelno < logging.ERROR:
            return False
        if private:
            record.request = None  # an admin mail then carries no request information
        elif request is not None and _request_carries_secret(request):
            record.request = _without_secrets(request)
        if record.exc_info:
            # Kept for the admin mail's report (its text has no local variables) unless the
            # traceback itself names a survey path or a secret; then only the redacted text remains.
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
