"""Programmes for the API tests, loaded for the test operator."""

from __future__ import annotations

import pytest

from tests.cycles.conftest import PROGRAMMES, programme_from_file


@pytest.fixture
def audit(operator_org):
    return programme_from_file(PROGRAMMES / "audit.yaml", operator_org)


@pytest.fixture
def seal2(operator_org):
    """A two-tier seal (format 2) whose interview phase is optional."""
    return programme_from_file(PROGRAMMES / "seal2.yaml", operator_org)
