"""One error body for the whole API: ``{"code": ..., "message": ..., "details": ...}``.

``code`` is stable and machine-readable; ``message`` is translated into the language of
the request (Accept-Language) or of the token's owner.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError


class ApiError(Exception):
    """Raised by API code for a clear, translated error with a stable code."""

    def __init__(
        self, status: int, code: str, message: str, details: Any = None, *, retry_after: int | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.retry_after = retry_after  # seconds, for a 429: sent as the Retry-After header


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": message}
    if details is not None:
        body["details"] = details
    return body


def _field(location: Any) -> str:
    """The field as the caller wrote it: ninja's location starts with where it was ("body",
    "query"…) and, in a body, the view's parameter name, which mean nothing to the caller."""
    parts = [str(part) for part in location]
    if parts[:1] == ["body"]:
        parts = parts[2:]  # the whole body (not an object, say): no field
    elif parts[:1] in (["query"], ["path"], ["form"], ["file"]):
        parts = parts[1:]
    return ".".join(parts)


def _number(value: Any) -> int:
    return int(value) if isinstance(value, int | float) else 0


def validation_message(error: dict[str, Any]) -> str:
    """Pydantic's message for one invalid field, in the language of the request: pydantic
    writes English only. Its error ``type`` and ``ctx`` say what is wrong; a type without a
    wording of ours keeps pydantic's message."""
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind in ("value_error", "assertion_error") and "error" in ctx:
        return str(ctx["error"])  # raised by our own validators, already translated
    if kind == "missing":
        return _("This field is required.")
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == r"\S":
            return _("This field must not be empty or only spaces.")
        return _("This value does not have the expected form (%(pattern)s).") % {"pattern": ctx.get("pattern", "")}
    if kind == "string_too_short":
        if ctx.get("min_length") == 1:
            return _("This field must not be empty.")
        count = _number(ctx.get("min_length"))
        return ngettext("Enter at least %(count)d character.", "Enter at least %(count)d characters.", count) % {
            "count": count
        }
    if kind == "string_too_long":
        count = _number(ctx.get("max_length"))
        return ngettext("Enter at most %(count)d character.", "Enter at most %(count)d characters.", count) % {
            "count": count
        }
    if kind == "too_short":
        count = _number(ctx.get("min_length"))
        return ngettext("Give at least %(count)d item.", "Give at least %(count)d items.", count) % {"count": count}
    if kind == "too_long":
        count = _number(ctx.get("max_length"))
        return ngettext("Give at most %(count)d item.", "Give at most %(count)d items.", count) % {"count": count}
    if kind in ("enum", "literal_error"):
        expected = str(ctx.get("expected", "")).replace("' or '", "', '")  # pydantic joins with an English "or"
        return _("Choose one of: %(expected)s.") % {"expected": expected}
    for bound, wording in (
        ("ge", _("Enter a value of at least %(limit)s.")),
        ("gt", _("Enter a value greater than %(limit)s.")),
        ("le", _("Enter a value of at most %(limit)s.")),
        ("lt", _("Enter a value less than %(limit)s.")),
    ):
        if bound in ctx and kind.startswith(("greater_than", "less_than")):
            return wording % {"limit": ctx[bound]}
    simple = {
        "string_type": _("Enter text (a JSON string)."),
        "int_type": _("Enter a whole number."),
        "int_parsing": _("Enter a whole number."),
        "int_from_float": _("Enter a whole number."),
        "float_type": _("Enter a number."),
        "float_parsing": _("Enter a number."),
        "bool_type": _("Enter true or false."),
        "bool_parsing": _("Enter true or false."),
        "date_type": _("Enter a date as YYYY-MM-DD."),
        "date_parsing": _("Enter a date as YYYY-MM-DD."),
        "date_from_datetime_parsing": _("Enter a date as YYYY-MM-DD."),
        "date_from_datetime_inexact": _("Enter a date as YYYY-MM-DD."),
        "datetime_type": _("Enter a date and time (ISO 8601, e.g. 2027-01-31T09:00:00Z)."),
        "datetime_parsing": _("Enter a date and time (ISO 8601, e.g. 2027-01-31T09:00:00Z)."),
        "datetime_from_date_parsing": _("Enter a date and time (ISO 8601, e.g. 2027-01-31T09:00:00Z)."),
        "list_type": _("Enter a list (a JSON array)."),
        "dict_type": _("Expected a JSON object."),
        "model_type": _("Expected a JSON object."),
        "model_attributes_type": _("Expected a JSON object."),
        "extra_forbidden": _("This field is not known here."),
        "json_invalid": _("This is not valid JSON."),
    }
    if kind in simple:
        return simple[kind]
    return str(error.get("msg", ""))


def install_error_handlers(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, status: int, code: str, message: str, details: Any = None) -> HttpResponse:
        response = api.create_response(request, error_body(code, message, details), status=status)
        if status == 401:
            response["WWW-Authenticate"] = 'Bearer realm="vereinbar"'  # RFC 9110: a 401 names its scheme
        return response

    @api.exception_handler(ApiError)
    def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        response = respond(request, exc.status, exc.code, exc.message, exc.details)
        if exc.retry_after is not None:
            response["Retry-After"] = str(exc.retry_after)
        return response

    @api.exception_handler(ValidationError)
    def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        details = [{"field": _field(err.get("loc", [])), "message": validation_message(err)} for err in exc.errors]
        return respond(request, 422, "invalid_input", _("The request contains invalid data."), details)

    @api.exception_handler(DjangoValidationError)
    def on_django_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        if hasattr(exc, "error_dict"):
            details = [
                {"field": field, "message": str(msg)} for field, msgs in exc.message_dict.items() for msg in msgs
            ]
        else:
            details = [{"field": "", "message": str(msg)} for msg in exc.messages]
        return respond(request, 422, "invalid_input", _("The request contains invalid data."), details)

    @api.exception_handler(AuthenticationError)
    def on_auth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return respond(request, 401, "not_authenticated", _("Authentication is required, or the token is invalid."))

    @api.exception_handler(PermissionDenied)
    def on_forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return respond(request, 403, "forbidden", _("You are not allowed to do this."))

    @api.exception_handler(Http404)
    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, 404, "not_found", _("Not found."))

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        codes = {
            400: "bad_request",
            401: "not_authenticated",
            403: "forbidden",
            404: "not_found",
            405: "method_not_allowed",
        }
        if exc.status_code == 403 and exc.message == "CSRF check Failed":  # ninja's SessionAuth (APIKeyCookie)
            # A script that sends the session cookie without the CSRF token: say what is missing.
            return respond(
                request,
                403,
                "csrf_failed",
                _(
                    "A request with the browser session must carry the CSRF token (header X-CSRFToken, "
                    "with the csrftoken cookie). Scripts should use an API token: Authorization: Bearer vb_…"
                ),
            )
        code = codes.get(exc.status_code, "error")
        messages = {
            "bad_request": _("The request could not be understood."),
            "not_authenticated": _("Authentication is required, or the token is invalid."),
            "forbidden": _("You are not allowed to do this."),
            "not_found": _("Not found."),
            "method_not_allowed": _("This method is not allowed here."),
        }
        return respond(request, exc.status_code, code, str(messages.get(code, exc.message)))


# Which of the shared errors an operation can answer with, by what it has (see document_errors).
ERROR_DESCRIPTIONS = {
    400: "The body is not well-formed (e.g. not JSON).",
    401: "No valid token or session.",
    403: "The caller may not do this (checked before the body and the object's state).",
    404: "The object does not exist or the caller may not see it.",
    422: "A parameter or the body is invalid; `details` lists `{field, message}`.",
    429: "Too many invalid tokens from this client's IP address, or beginning with this token's prefix; try again later.",
}
# A paged list also refuses a parameter it does not take (vereinbar.api.lists.refuse_unknown_parameters).
PAGED_LIST_422 = (
    "A parameter is invalid, or one the list does not take (`limit`, `offset`: send `page` and "
    "`page_size`); `details` lists `{field, message}`."
)


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the shared error responses to every operation of the OpenAPI schema that can
    answer with them, judged by the operation's shape: 401/403/429 where it needs
    authentication, 404 where its path names an object, 422 where it takes parameters or a
    body, 400 where it reads a body. An operation's own declarations (409, 413…) stay."""
    from .schemas import ErrorOut

    reference = {"$ref": "#/components/schemas/ErrorOut"}
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("ErrorOut", ErrorOut.model_json_schema())
    for item in schema.get("paths", {}).values():
        for method, operation in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            codes: set[int] = set()
            parameters = operation.get("parameters", [])
            if operation.get("security"):
                codes |= {401, 403, 429}
            if any(parameter.get("in") == "path" for parameter in parameters):
                codes.add(404)
            if parameters or "requestBody" in operation:
                codes.add(422)
            if "requestBody" in operation:
                codes.add(400)
            # Ninja keys an operation's own responses by int, JSON by string: one key per status,
            # or the document holds "403" twice and Swagger UI refuses it ("duplicated mapping key").
            responses = {str(code): answer for code, answer in operation.get("responses", {}).items()}
            operation["responses"] = responses
            paged = any(parameter.get("name") == "page_size" for parameter in parameters)
            for code in sorted(codes):
                description = PAGED_LIST_422 if code == 422 and paged else ERROR_DESCRIPTIONS[code]
                responses.setdefault(
                    str(code), {"description": description, "content": {"application/json": {"schema": reference}}}
                )
    return schema
