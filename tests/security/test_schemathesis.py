"""Property-based calls to every API operation, generated from the OpenAPI schema by
schemathesis and sent in-process to the WSGI application, as anonymous, as another
employer's coordinator and as the owner (the employer's coordinator, with a token): no
answer may be a server error or break the schema it documents. Few examples per
operation, so that the suite stays fast; the fixture world gives the paths real objects."""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

pytestmark = pytest.mark.django_db

EXAMPLES = 3


def _headers(world, persona: str) -> dict[str, str]:
    if persona == "anonymous":
        return {}
    from vereinbar.accounts.services import token_create

    return {"Authorization": f"Bearer {token_create(user=world.users[persona], name='fuzz').secret}"}


@pytest.fixture(autouse=True)
def _keep_the_connection():
    """Django's WSGI handler closes the database connection after each request, which would
    end the test's transaction (the test client switches this off the same way)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.parametrize("persona", ["anonymous", "outsider", "coordinator"])
def test_no_server_errors_and_no_schema_violations(world, persona):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    headers = _headers(world, persona)
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        # Real objects of the world in the path, so that calls get past the lookups.
        strategy = operation.as_strategy()

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def run(case):
            for name in list(case.path_parameters or {}):
                if name in world.values and name != "code":
                    case.path_parameters[name] = world.values[name]
            cache.clear()
            case.call_and_validate(headers=headers, checks=[not_a_server_error, response_schema_conformance])

        try:
            run()
        except Exception as exc:  # noqa: BLE001 - collected and reported together
            failures.append(f"{operation.method.upper()} {operation.path}: {str(exc)[:600]}")
    assert not failures, "\n\n".join(failures)
