"""Who may do what with an organisation. The one place these rules live.

Every view and API endpoint that touches an organisation gets it through
``organisation_for_user``: an organisation the user may not see is a 404 (its existence
is not revealed), an action the user's role does not allow is a 403.

A few actions are not about one organisation but about the platform (reviewing employer
registrations, extending the measure catalogue). They are granted by a role held in *any*
operator organisation, looked up in the same ``RULES`` table through ``check_operator_action``:
someone with no operator membership gets a 404, an operator member without the role a 403.
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.http import Http404

from vereinbar.accounts.roles import Role
from vereinbar.core.types import Visitor

from .models import Organisation, OrganisationType


class Action(StrEnum):
    VIEW = "view"
    VIEW_HISTORY = "view_history"
    EDIT_PROFILE = "edit_profile"  # profile, logo, units, contacts; resubmitting a rejected registration
    MANAGE_MEMBERS = "manage_members"
    MANAGE_MEASURES = "manage_measures"
    MANAGE_SURVEYS = "manage_surveys"  # create, invite, open, close, grant read access
    VIEW_SURVEYS = "view_surveys"  # settings and anonymous results of every survey
    MANAGE_WEBHOOKS = "manage_webhooks"  # the organisation's webhook endpoints and their deliveries
    # Platform actions, held through a role in any operator organisation:
    REVIEW_REGISTRATIONS = "review_registrations"
    MANAGE_CATALOGUE = "manage_catalogue"
    VIEW_OUTBOX = "view_outbox"  # the mail outbox: what was sent, what waits, what failed


_ALL_ROLES = frozenset(Role)

# Which roles of the organisation's own members may do each action.
RULES: dict[Action, frozenset[Role]] = {
    Action.VIEW: _ALL_ROLES,
    Action.VIEW_HISTORY: _ALL_ROLES,
    Action.EDIT_PROFILE: frozenset({Role.COORDINATOR, Role.OPERATOR_ADMIN}),
    Action.MANAGE_MEMBERS: frozenset({Role.COORDINATOR, Role.OPERATOR_ADMIN}),
    Action.MANAGE_MEASURES: frozenset({Role.COORDINATOR, Role.CONTRIBUTOR}),
    Action.REVIEW_REGISTRATIONS: frozenset({Role.OPERATOR_ADMIN}),
    Action.MANAGE_CATALOGUE: frozenset({Role.OPERATOR_ADMIN}),
    Action.VIEW_OUTBOX: frozenset({Role.OPERATOR_ADMIN}),
    Action.MANAGE_SURVEYS: frozenset({Role.COORDINATOR}),
    Action.VIEW_SURVEYS: frozenset({Role.COORDINATOR, Role.CONTRIBUTOR}),
    Action.MANAGE_WEBHOOKS: frozenset({Role.COORDINATOR, Role.OPERATOR_ADMIN}),
}


def role_of(user: Visitor, organisation: Organisation) -> Role | None:
    """The user's role in the organisation, or None for non-members."""
    if not user.is_authenticated or not user.is_active:
        return None
    cache: dict[int, Role | None] = user.__dict__.setdefault("_vereinbar_roles", {})
    if organisation.pk not in cache:
        role = organisation.memberships.filter(user=user).values_list("role", flat=True).first()
        cache[organisation.pk] = Role(role) if role else None
    return cache[organisation.pk]


def has_permission(user: Visitor, organisation: Organisation, action: Action) -> bool:
    if getattr(user, "is_platform_admin", False):
        return True
    role = role_of(user, organisation)
    return role is not None and role in RULES[action]


def organisation_for_user(user: Visitor, slug: str, action: Action = Action.VIEW) -> Organisation:
    """Fetch the organisation for this user and action: 404 if not visible, 403 if not allowed."""
    try:
        organisation = Organisation.objects.get(slug=slug)
    except Organisation.DoesNotExist:
        raise Http404 from None
    if not has_permission(user, organisation, Action.VIEW):
        raise Http404
    if not has_permission(user, organisation, action):
        raise PermissionDenied
    return organisation


def _operator_roles(user: Visitor) -> set[str]:
    if not user.is_authenticated or not user.is_active:
        return set()
    return set(user.memberships.filter(organisation__type=OrganisationType.OPERATOR).values_list("role", flat=True))


def has_operator_permission(user: Visitor, action: Action) -> bool:
    """Whether the user holds, in any operator organisation, a role allowed this platform action."""
    if getattr(user, "is_platform_admin", False):
        return True
    return bool(_operator_roles(user) & {role.value for role in RULES[action]})


def check_operator_action(user: Visitor, action: Action) -> None:
    """404 for users outside every operator organisation, 403 for operator staff without the role."""
    if has_operator_permission(user, action):
        return
    if not _operator_roles(user):
        raise Http404
    raise PermissionDenied
