"""Reads about organisations, scoped to the asking user."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, QuerySet
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext

from vereinbar.accounts.models import Invitation, Membership
from vereinbar.accounts.roles import Role
from vereinbar.accounts.selectors import address_unconfirmed
from vereinbar.activity.models import Entry
from vereinbar.core.types import Visitor

from .models import Contact, Organisation, OrganisationStatus, OrganisationType, Unit, Visibility
from .permissions import Action, check_operator_action, has_permission
from .workspace_home import FirstStep, first_steps_registered


def organisations_of(*, user: Visitor, type: str | None = None) -> QuerySet[Organisation]:
    """Organisations the user is a member of (all of them for a platform admin)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    # Through Membership.objects (not a join), which leaves out what an API token's scope excludes.
    mine = Membership.objects.filter(user=user).values("organisation_id")
    qs = Organisation.objects.all() if user.is_platform_admin else Organisation.objects.filter(pk__in=mine)
    if type is not None:
        qs = qs.filter(type=type)
    # By name as people sort it: a name in lower case ("example GmbH") among the Es, not after "Zeta AG".
    return qs.distinct().order_by(Lower("name"), "pk")


def employer_organisations_of(*, user: Visitor) -> QuerySet[Organisation]:
    return organisations_of(user=user, type=OrganisationType.EMPLOYER)


def operator_organisations_of(*, user: Visitor) -> QuerySet[Organisation]:
    return organisations_of(user=user, type=OrganisationType.OPERATOR)


def members_of(*, organisation: Organisation) -> QuerySet[Membership]:
    """Call only after the permission check on the organisation."""
    return Membership.objects.filter(organisation=organisation).select_related("user").order_by("user__email")


def open_invitations_of(*, organisation: Organisation) -> list[Invitation]:
    """Call only after the permission check on the organisation."""
    invitations = Invitation.objects.filter(
        organisation=organisation, accepted_at=None, revoked_at=None
    ).select_related("invited_by")
    return [invitation for invitation in invitations if invitation.is_open]


@dataclass(frozen=True)
class UnitNode:
    unit: Unit
    depth: int  # 0 for top-level units
    path: str  # "Department › Office", for choices and labels
    children: list[UnitNode] = field(default_factory=list)


def units_tree(*, organisation: Organisation) -> list[UnitNode]:
    """The organisation's units depth-first, in name order (one query); each node also lists its
    children, so ``[n for n in nodes if n.depth == 0]`` is the tree. Call after the permission check."""
    units = list(Unit.objects.filter(organisation=organisation).order_by("name"))
    children: dict[int | None, list[Unit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    nodes: list[UnitNode] = []

    def walk(parent: int | None, depth: int, prefix: str, siblings: list[UnitNode]) -> None:
        for unit in children.get(parent, []):
            path = f"{prefix} › {unit.name}" if prefix else unit.name
            node = UnitNode(unit=unit, depth=depth, path=path)
            nodes.append(node)
            siblings.append(node)
            walk(unit.pk, depth + 1, path, node.children)

    walk(None, 0, "", [])
    return nodes


def descendants_of(*, unit: Unit) -> set[int]:
    """Primary keys of the unit's sub-units at any depth (not the unit itself)."""
    parents = dict(Unit.objects.filter(organisation_id=unit.organisation_id).values_list("pk", "parent_id"))
    found: set[int] = set()
    frontier = {unit.pk}
    while frontier:
        frontier = {pk for pk, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def contacts_of(*, organisation: Organisation) -> QuerySet[Contact]:
    """All contacts, public and internal: for members. Call after the permission check."""
    return Contact.objects.filter(organisation=organisation).select_related("unit")


def public_contacts_of(*, organisation: Organisation) -> QuerySet[Contact]:
    """Contacts the public may see: public ones of an approved organisation."""
    if not organisation.is_approved:
        return Contact.objects.none()
    return contacts_of(organisation=organisation).filter(visibility=Visibility.PUBLIC)


def coordinators_of(*, organisation: Organisation) -> QuerySet[Membership]:
    return members_of(organisation=organisation).filter(role=Role.COORDINATOR)


def coordinators_confirmed_of(*, organisation: Organisation) -> list[tuple[Membership, bool]]:
    """The coordinators, each with whether their e-mail address is confirmed."""
    memberships = coordinators_of(organisation=organisation).annotate(
        unconfirmed=address_unconfirmed(user_id=OuterRef("user_id"), email=OuterRef("user__email"))
    )
    return [(membership, not membership.unconfirmed) for membership in memberships]


def contact_unconfirmed() -> ExpressionWrapper:
    """In a query of organisations: whether its coordinators have an address awaiting
    confirmation and none has confirmed theirs (a registration is approved only after that)."""
    coordinators = Membership.objects.filter(organisation=OuterRef("pk"), role=Role.COORDINATOR, user__is_active=True)
    unconfirmed = address_unconfirmed(user_id=OuterRef("user_id"), email=OuterRef("user__email"))
    return ExpressionWrapper(
        Exists(coordinators.filter(unconfirmed)) & ~Exists(coordinators.exclude(unconfirmed)),
        output_field=BooleanField(),
    )


def registrations_for_review(
    *, user: Visitor, status: str | None = OrganisationStatus.PENDING
) -> QuerySet[Organisation]:
    """Self-registered employers for an operator admin to review (oldest first); 404/403 otherwise.
    Each says whether its contact's address awaits confirmation (``contact_unconfirmed``)."""
    check_operator_action(user, Action.REVIEW_REGISTRATIONS)
    qs = (
        Organisation.objects.employers()
        .filter(registered_at__isnull=False)
        .annotate(contact_unconfirmed=contact_unconfirmed())
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("registered_at")


def registration_for_review(*, user: Visitor, slug: str) -> Organisation:
    """One self-registered employer for review; 404 if there is no such registration."""
    from django.http import Http404

    organisation = registrations_for_review(user=user, status=None).filter(slug=slug).first()
    if organisation is None:
        raise Http404
    return organisation


def entries_for_organisation(*, user: Visitor, organisation: Organisation) -> QuerySet[Entry]:
    """The organisation's history, or nothing if the user may not see it."""
    if not has_permission(user, organisation, Action.VIEW_HISTORY):
        return Entry.objects.none()
    return Entry.objects.filter(organisation=organisation).select_related("actor")


def registration_entries(*, organisation: Organisation) -> QuerySet[Entry]:
    """The history of a registration (registered, approved, rejected…), for its reviewers."""
    return Entry.objects.filter(organisation=organisation, verb__startswith="organisation.").select_related("actor")


def first_steps(*, organisation: Organisation) -> list[FirstStep]:
    """The employer's first steps, each ticked from the data: profile, units, contacts, then the
    steps the apps above register (measures, the staff offers link, a first survey opened, a first
    phase submitted; ``workspace_home.first_step_register``). Call after the permission check."""
    slug = organisation.slug
    profile_done = not organisation.profile_gaps
    return [
        FirstStep(
            "profile",
            gettext("Complete the profile: description, region and number of staff"),
            profile_done,
            reverse("workspace:profile", args=[slug]),
        ),
        FirstStep(
            "units",
            gettext("Add the organisation's units"),
            Unit.objects.filter(organisation=organisation).exists(),
            reverse("workspace:units", args=[slug]),
        ),
        FirstStep(
            "contacts",
            gettext("Name contacts for staff"),
            Contact.objects.filter(organisation=organisation).exists(),
            reverse("workspace:contacts", args=[slug]),
        ),
        *first_steps_registered(organisation),
    ]
