"""The rule table in organisations/permissions.py, walked for every role and action."""

import pytest

from tests.factories import MembershipFactory, UserFactory
from vereinbar.accounts.roles import Role
from vereinbar.organisations.permissions import (
    RULES,
    Action,
    check_operator_action,
    has_operator_permission,
    has_permission,
)

pytestmark = pytest.mark.django_db

EXPECTED = {
    Action.VIEW: set(Role),
    Action.VIEW_HISTORY: set(Role),
    Action.EDIT_PROFILE: {Role.COORDINATOR, Role.OPERATOR_ADMIN},
    Action.MANAGE_MEMBERS: {Role.COORDINATOR, Role.OPERATOR_ADMIN},
    Action.MANAGE_MEASURES: {Role.COORDINATOR, Role.CONTRIBUTOR},
    Action.REVIEW_REGISTRATIONS: {Role.OPERATOR_ADMIN},
    Action.MANAGE_CATALOGUE: {Role.OPERATOR_ADMIN},
    Action.VIEW_OUTBOX: {Role.OPERATOR_ADMIN},
    Action.MANAGE_SURVEYS: {Role.COORDINATOR},  # surveys (#5)
    Action.VIEW_SURVEYS: {Role.COORDINATOR, Role.CONTRIBUTOR},
    Action.MANAGE_WEBHOOKS: {Role.COORDINATOR, Role.OPERATOR_ADMIN},  # webhooks (#17)
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


@pytest.mark.parametrize("action", [Action.REVIEW_REGISTRATIONS, Action.MANAGE_CATALOGUE, Action.VIEW_OUTBOX])
def test_platform_actions_come_from_a_role_in_any_operator(
    action, operator_admin, auditor, coordinator, platform_admin
):
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from tests.factories import OrganisationFactory

    # An operator admin of a second, unrelated operator has the same platform rights.
    other_admin = UserFactory()
    MembershipFactory(user=other_admin, organisation=OrganisationFactory(operator=True), role=Role.OPERATOR_ADMIN)
    for user in (operator_admin, other_admin, platform_admin):
        assert has_operator_permission(user, action)
        check_operator_action(user, action)
    with pytest.raises(PermissionDenied):
        check_operator_action(auditor, action)  # operator staff without the role: 403
    for user in (coordinator, AnonymousUser()):
        assert not has_operator_permission(user, action)
        with pytest.raises(Http404):
            check_operator_action(user, action)  # no operator membership: the area does not exist
