"""The first-steps checklist is the coordinators' to-do list: a viewer or contributor reads that
it is theirs to take, not a "Next:" addressed to them."""

from __future__ import annotations

import pytest

from .test_first_steps import checklist

pytestmark = pytest.mark.django_db

SENTENCE = "The coordinators take these steps; the list shows you how far they have come."


def _section(client, user, organisation) -> str:
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return checklist(client.get(f"/en/workspace/{organisation.slug}/").content.decode())


@pytest.mark.parametrize("role", ["viewer", "contributor"])
def test_a_reader_is_told_the_coordinators_take_the_steps(client, employer_org, role, request):
    assert SENTENCE in _section(client, request.getfixturevalue(role), employer_org)


def test_the_coordinator_is_not_told_about_herself(client, employer_org, coordinator):
    section = _section(client, coordinator, employer_org)
    assert "first-step" in section and SENTENCE not in section
