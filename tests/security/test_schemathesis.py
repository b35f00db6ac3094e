"""Property-based calls to every API operation, generated from the OpenAPI schema by
schemathesis and sent in-process to the WSGI application, as the employer's coordinator,
the cycle's auditor and the operator's admin (each with a token), with schemathesis' default
checks: no server error, every status and body as the schema documents it, schema-valid
requests accepted and invalid ones refused, authentication enforced. The phases are those
of ``schemathesis run`` (explicit examples, coverage, fuzzing) in positive and negative
mode (the coverage phase's negative cases for one persona: see NEGATIVE_COVERAGE), with a
fixed number of examples per operation and derandomised, so that a run is reproducible. The fixture world gives the paths
real objects."""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.cache import caches
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from schemathesis.generation.feedback import FeedbackSources
from schemathesis.generation.modes import GenerationMode
from schemathesis.pytest._test_builder import build_operation_test
from schemathesis.specs.openapi.checks import positive_data_acceptance

from vereinbar.core import ratelimit

pytestmark = pytest.mark.django_db

EXAMPLES = 3  # fuzzed cases per operation and mode, beside the coverage phase's own
PERSONAS = ["coordinator", "auditor", "operator_admin"]

# Operations whose schema-valid requests may still be refused with 422 by a rule no static schema
# can state: they name other objects by a key (codes of the programme's criteria, action fields
# and goals, catalogue keys, users by e-mail, organisations by slug), carry a file judged by its
# content, or must fit what exists (a unit's name among its siblings). For them
# schemathesis' positive_data_acceptance is replaced by a stricter rule of our own: a 422 must
# name the field (``details: [{field, message}]``) or the file, so the caller can tell what to fix.
NAMES_OTHER_OBJECTS = {
    "POST /api/v1/me/tokens": "organisations by slug",
    "POST /api/v1/organisations/{slug}/units": "a name no sibling has; the parent by id",
    "PATCH /api/v1/organisations/{slug}/units/{unit_id}": "a name no sibling has; the parent by id",
    "POST /api/v1/organisations/{slug}/contacts": "the unit by id; a training date for care guides only",
    "PATCH /api/v1/organisations/{slug}/contacts/{contact_id}": "the unit by id; a training date for care guides only",
    "POST /api/v1/organisations/{slug}/logo": "a PNG, JPEG or WebP file",
    "POST /api/v1/programmes/load": "a programme file",
    "POST /api/v1/cycles/": "the organisation by slug; the programme by identifier; stage and optional phases by key",
    "POST /api/v1/cycles/{cycle_id}/auditor": "the auditor by e-mail address",
    "POST /api/v1/cycles/bulk/auditor": "the auditor by e-mail address (one of each cycle's operator)",
    "POST /api/v1/cycles/bulk/due-date": "a day after today, which no static schema can state",
    "POST /api/v1/cycles/{cycle_id}/roles": "the programme's role by key; a person of the organisation by e-mail",
    "PUT /api/v1/cycles/{cycle_id}/phases/{run_id}/answers": "criteria by code",
    "POST /api/v1/cycles/{cycle_id}/phases/{run_id}/evidence": "a file; the criterion by code",
    "POST /api/v1/cycles/{cycle_id}/outcomes/{outcome_id}/goal": "the action field by code",
    "POST /api/v1/cycles/{cycle_id}/phases/{run_id}/return": "criteria by code",
    "POST /api/v1/measures/catalogue": "the category by key",
    "POST /api/v1/organisations/registrations": "a password the password rules accept; an e-mail without an account",
    "POST /api/v1/organisations/{slug}/surveys": "the questionnaire by reference; the cycle and phase by id; unit lines",
    "POST /api/v1/organisations/{slug}/measures": "catalogue entry and category by key",
    "PATCH /api/v1/organisations/{slug}/measures/{measure_id}": "catalogue entry and category by key",
    "POST /api/v1/organisations/{slug}/webhooks": "a public https address; at most 10 endpoints",
    "PATCH /api/v1/organisations/{slug}/webhooks/{endpoint_id}": "a public https address",
    # days bounded by the cycle or by today, which no static schema can state
    "POST /api/v1/cycles/{cycle_id}/agreement/sign": "a day from the cycle's application to today",
    "POST /api/v1/cycles/{cycle_id}/phases/{run_id}/workshops": "a day from the cycle's application to today",
    "POST /api/v1/cycles/{cycle_id}/phases/{run_id}/signature": "a day from the cycle's application to today",
    "POST /api/v1/cycles/{cycle_id}/decision": "a day not after today",
    "POST /api/v1/cycles/{cycle_id}/agreement/goals": "the action field by code; a due date's year in range",
    "PUT /api/v1/cycles/{cycle_id}/agreement/goals/{code}": "the action field by code; a due date's year in range",
}


@pytest.fixture(autouse=True)
def _keep_the_connection():
    """Django's WSGI handler closes the database connection after each request, which would
    end the test's transaction (the test client switches this off the same way)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _clear_caches() -> None:
    """The probes for invalid tokens would otherwise reach the rate limit (429) after twenty."""
    for cache in caches.all():
        cache.clear()
    ratelimit.forget_all()


# Each persona once, most in the PostgreSQL pass: PostgreSQL is the production database and
# refuses what SQLite lets through (a NUL character in text, a string longer than its column, an
# integer past its type), so the fuzzed requests find more there. The auditor, whose own writes
# are the fewest, runs in the SQLite pass: the PostgreSQL pass is CI's longer one (about 50 s of
# it), and all three on both databases would cost about 150 s more.
PERSONA_DATABASE = {"coordinator": "postgresql", "auditor": "sqlite", "operator_admin": "postgresql"}


# The coverage phase's negative cases (a wrong type for every body property, path and query
# parameter, a missing required one, a malformed content type, an unexpected method) are refused
# by the API's request validation, which runs after authentication and before any view, the
# same way for every signed-in caller: about 60 % of a persona's cases and time. One persona
# sends them; the others send the coverage phase's positive cases and fuzz in both modes.
NEGATIVE_COVERAGE = {"auditor"}


@pytest.mark.parametrize(
    "persona", [pytest.param(persona, marks=pytest.mark.database(PERSONA_DATABASE[persona])) for persona in PERSONAS]
)
def test_the_api_keeps_its_schema(world, persona):
    from vereinbar.accounts.services import token_create

    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    secret = token_create(user=world.users[persona], name="fuzz").secret
    # Real objects of the world in the path, so that calls get past the lookups.
    parameters = {name: value for name, value in world.values.items() if name != "code"}
    schema.config.update(headers={"Authorization": f"Bearer {secret}"}, parameters=parameters)
    schema.config.generation.update(max_examples=EXAMPLES, deterministic=True)
    if persona not in NEGATIVE_COVERAGE:
        schema.config.phases.coverage.generation.update(modes=[GenerationMode.POSITIVE])
    # No constants mined from the source tree: the cases must not change when unrelated code does.
    feedback = FeedbackSources()

    def call(case):
        _clear_caches()
        label = f"{case.operation.method.upper()} {case.operation.path}"
        if label not in NAMES_OTHER_OBJECTS:
            case.call_and_validate()  # every default check
            return
        response = case.call_and_validate(excluded_checks=[positive_data_acceptance])
        if case.meta.generation.mode.is_positive and response.status_code == 422:
            details = response.json().get("details")
            assert details and all("field" in item or "file" in item for item in details), (label, response.json())

    failures = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        test = build_operation_test(
            config=schema.config, operation=operation, test_func=call, given_kwargs={}, feedback=feedback
        )
        try:
            test()
        except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - collected and reported together
            failures.append(f"{operation.method.upper()} {operation.path}: {str(exc)[:1500]}")
    assert operations > 80
    assert not failures, f"{len(failures)} operations fail for {persona}:\n\n" + "\n\n".join(failures)
