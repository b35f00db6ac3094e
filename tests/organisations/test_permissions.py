"""The rule table in organisations/permissions.py, walked for every role and action."""

import pytest

from tests.factories import MembershipFactory, UserFactory
from vereinbar.accounts.roles import Role
from vereinbar.organisations.permissions import RULES, Action, has_permission

pytestmark = pytest.mark.django_db

EXPECTED = {
    Action.VIEW: set(Role),
    Action.VIEW_HISTORY: set(Role),
    Action.EDIT_PROFILE: {Role.COORDINATOR, Role.OPERATOR_ADMIN},
    Action.MANAGE_MEMBERS: {Role.COORDINATOR, Role.OPERATOR_ADMIN},
}


def test_the_rule_table_covers_every_action():
    assert set(RULES) == set(Action)


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("role", list(Role))
def test_each_role_gets_exactly_its_actions(employer_org, operator_org, role, action):
    organisation = operator_org if role in {Role.OPERATOR_ADMIN, Role.AUDITOR, Role.BOARD_MEMBER} else employer_org
    user = UserFactory()
    MembershipFactory(user=user, organisation=organisation, role=role)
    assert has_permission(user, organisation, action) is (role in EXPECTED[action])


@pytest.mark.parametrize("action", list(Action))
def test_outsiders_and_anonymous_get_nothing(employer_org, outsider, action):
    from django.contrib.auth.models import AnonymousUser

    assert not has_permission(outsider, employer_org, action)
    assert not has_permission(AnonymousUser(), employer_org, action)


def test_a_deactivated_member_loses_access(employer_org, coordinator):
    coordinator.is_active = False
    coordinator.save()
    coordinator.refresh_from_db()
    assert not has_permission(coordinator, employer_org, Action.VIEW)
