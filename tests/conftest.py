"""Personas used across the suite: an operator organisation with its admin, auditor and
board member; an employer with coordinator, contributor and viewer; and an outsider, the
coordinator of another employer."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

PASSWORD = "correct horse battery staple"
SHIPPED_QUESTIONNAIRE = Path(__file__).resolve().parents[1] / "library" / "instruments" / "work-family-care.yaml"


# What makes a test one that reads or writes the database (pytest-django refuses any other
# access): its marker, or a fixture that brings the database (a module's shared world asks for
# django_db_setup).
DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "live_server",
        "django_db_setup",
    }
)


def uses_database(item: pytest.Item) -> bool:
    return item.get_closest_marker("django_db") is not None or bool(
        DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
    )


def pytest_collection_modifyitems(config, items):
    """Tests marked ``database("postgresql")`` run only in the PostgreSQL pass and vice versa:
    deselected (not skipped) in the other pass, which covers the other case. A test that uses
    no database at all (parsing, statistics, mail texts, log filters) runs in the SQLite pass
    only: the PostgreSQL pass would run the very same code again."""
    from django.db import connection

    keep, other = [], []
    for item in items:
        marker = item.get_closest_marker("database")
        if marker is not None:
            elsewhere = marker.args[0] != connection.vendor
        else:
            elsewhere = connection.vendor != "sqlite" and not uses_database(item)
        (other if elsewhere else keep).append(item)
    if other:
        config.hook.pytest_deselected(items=other)
        items[:] = keep


@pytest.fixture(scope="session")
def _shipped_checked():
    """The shipped questionnaire read and checked once per session (here, not in tests/surveys,
    because modules elsewhere import tests/surveys' instrument_version, which asks for it): its JSON-schema check took
    about 40 ms, for each of some 370 tests."""
    from vereinbar.surveys.instrument import instrument_check

    raw = SHIPPED_QUESTIONNAIRE.read_bytes()
    checked = instrument_check(raw, filename=SHIPPED_QUESTIONNAIRE.name)
    assert checked.ok, checked.problems
    return raw, checked


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _ratelimit_reset():
    """Every test starts with nothing in the default cache (used one-time codes; reports cached
    by survey id, which SQLite hands to another test's survey after a rollback). Counted failures
    and reset mails (vereinbar.core.ratelimit) are rows, rolled back with the test's."""
    from django.core.cache import caches

    caches["default"].clear()
    yield


@pytest.fixture(autouse=True)
def _parsed_questionnaires_reset():
    """The answering pages keep parsed questionnaires by instrument version id for the process;
    tests roll their rows back, so SQLite hands the same id to another test's questionnaire."""
    from vereinbar.surveys.services import answering

    answering._SPECS.clear()


@pytest.fixture(autouse=True)
def _language_reset():
    """Every test starts in the test settings' language, whatever an earlier test activated
    (a management command or a view run in-process can leave its language active)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def operator_org(db):
    return OrganisationFactory(operator=True, name="Programme Operator Ltd", slug="programme-operator")


@pytest.fixture
def employer_org(db):
    return OrganisationFactory(name="Kreis Musterstadt", slug="kreis-musterstadt")


@pytest.fixture
def other_employer_org(db):
    return OrganisationFactory(
        name="Gemeente Anderdorp", slug="gemeente-anderdorp", country="NL", region="Zuid-Holland"
    )


def _member(organisation, role, email, language="de"):
    user = UserFactory(email=email, preferred_language=language)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def platform_admin(db):
    return UserFactory(email="admin@test.example", platform_admin=True, preferred_language="en")


@pytest.fixture
def operator_admin(operator_org):
    return _member(operator_org, "operator_admin", "operator@test.example")


@pytest.fixture
def auditor(operator_org):
    return _member(operator_org, "auditor", "auditor@test.example")


@pytest.fixture
def board_member(operator_org):
    return _member(operator_org, "board_member", "board@test.example")


@pytest.fixture
def coordinator(employer_org):
    return _member(employer_org, "coordinator", "coordinator@test.example")


@pytest.fixture
def contributor(employer_org):
    return _member(employer_org, "contributor", "contributor@test.example")


@pytest.fixture
def viewer(employer_org):
    return _member(employer_org, "viewer", "viewer@test.example", language="nl")


@pytest.fixture
def outsider(other_employer_org):
    """The coordinator of another employer: must never see employer_org's data."""
    return _member(other_employer_org, "coordinator", "outsider@test.example", language="nl")


@pytest.fixture
def parties(coordinator, contributor, viewer, auditor, operator_admin, board_member, outsider):
    """Every persona, so that notifications and permission checks see all of them."""
    return {
        "coordinator": coordinator,
        "contributor": contributor,
        "viewer": viewer,
        "auditor": auditor,
        "operator": operator_admin,
        "board": board_member,
        "outsider": outsider,
    }


@pytest.fixture
def login(client):
    """login(user) logs the test client in as that user and returns the client."""

    def _login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login
