"""gunicorn's logger for vereinbar: no access line for a survey request, nothing of one in the
error log, and no secret of another link in either (docs/anonymity.md, "Logs").

``vereinbar serve`` and ``deploy/gunicorn.conf.py`` both set ``logger_class`` to
``vereinbar.core.gunicorn_logging.AnonymousLogger``. An access line is left out when the
request's path is an answering page or the survey API, and when the page that made the request
was one (its ``Referer``: the survey page's style sheet, script and images), so neither the
token nor the address and time of someone answering are written. The error log gets the same
filter as Django's loggers (``vereinbar.core.logging.AnonymityFilter``).

Other requests are logged with the secret of their link replaced by ``[secret]``
(``/de/offers/[secret]/``, ``?token=[secret]``) in every field a format can name: the path, the
request line, the query, the Referer, the redirect's Location and any other header or variable.
"""

from __future__ import annotations

from typing import Any

from gunicorn.glogging import Logger, SafeAtoms

from vereinbar.core.logging import AnonymityFilter, is_private_path, redact_secrets


def is_private_request(environ: dict[str, Any], raw_path: str | None = None) -> bool:
    return any(
        is_private_path(value)
        for value in (raw_path, environ.get("RAW_URI"), environ.get("PATH_INFO"), environ.get("HTTP_REFERER"))
    )


class RedactedAtoms(SafeAtoms):
    """The values of an access line, each without secrets when the format names it: a request
    has some sixty atoms (every header and environment variable), a format uses a handful."""

    def __getitem__(self, key: str) -> Any:
        value = super().__getitem__(key)
        return redact_secrets(value) if isinstance(value, str) else value


class AnonymousLogger(Logger):
    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        if not any(isinstance(existing, AnonymityFilter) for existing in self.error_log.filters):
            self.error_log.addFilter(AnonymityFilter())

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        if is_private_request(environ, getattr(req, "path", None)):
            return
        super().access(resp, req, environ, request_time)

    atoms_wrapper_class = RedactedAtoms
