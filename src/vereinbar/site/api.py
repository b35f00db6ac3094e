"""The NinjaAPI instance: mounts each app's router, sets auth and the error format."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import translation
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from vereinbar.accounts.api import router as accounts_router
from vereinbar.accounts.api_auth import SessionAuth, TokenAuth
from vereinbar.api.errors import document_errors, install_error_handlers
from vereinbar.api.lists import refuse_unknown_parameters
from vereinbar.certificates.api import router as certificates_router
from vereinbar.credentials.api import router as credentials_router
from vereinbar.cycles.api import router as cycles_router
from vereinbar.directory.api import router as directory_router
from vereinbar.measures.api import router as measures_router
from vereinbar.organisations.api import router as organisations_router
from vereinbar.programmes.api import router as programmes_router
from vereinbar.surveys.api import router as surveys_router
from vereinbar.webhooks.api import router as webhooks_router


class VereinbarAPI(NinjaAPI):
    """The schema lists every status an operation can answer with (see errors.document_errors)."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        return document_errors(super().get_openapi_schema(*args, **kwargs))


class VereinbarSwagger(Swagger):
    """Swagger UI in a page of ours: ``lang`` of the active language, a title, our contrast fixes.

    ``deepLinking`` is off: with it, Swagger UI puts a link inside each operation's expand
    button (axe's ``nested-interactive``), which a keyboard or screen reader cannot reach."""

    template = "site/api_docs.html"
    default_settings = {**Swagger.default_settings, "deepLinking": False}


api = VereinbarAPI(
    title="vereinbar API",
    version="1",
    description=(
        "The vereinbar REST API. Authenticate with a personal API token "
        "(`Authorization: Bearer vb_…`, created under Account → API tokens) or a browser session. "
        "Errors share one body: `{code, message, details}`; messages follow Accept-Language."
    ),
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
    docs=VereinbarSwagger(),
)
install_error_handlers(api)
api.add_decorator(refuse_unknown_parameters, mode="operation")

api.add_router("/", accounts_router)
api.add_router("/organisations/", organisations_router)
api.add_router("/programmes/", programmes_router)
api.add_router("/cycles/", cycles_router)
api.add_router("/", certificates_router)
api.add_router("/", credentials_router)
api.add_router("/", measures_router)
api.add_router("/", surveys_router)
api.add_router("/", directory_router)
api.add_router("/", webhooks_router)


@api.get("/health", auth=None, tags=["meta"], summary="Health")
def api_health(request: HttpRequest) -> dict[str, str]:
    """Liveness of the API itself (the database check is at /health/)."""
    return {"status": "ok", "language": translation.get_language()}
