"""Changes to organisations: profile and logo, units, contacts, self-registration and its review.

Each function is one command: guard → one transaction → change → history entry →
mail into the outbox in the same transaction, in the recipient's language.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from typing import IO, Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from vereinbar.accounts.models import Membership, User
from vereinbar.accounts.roles import Role
from vereinbar.accounts.services import email_confirmation_start, membership_add
from vereinbar.activity.services import entry_record
from vereinbar.core.images import image_clean
from vereinbar.core.signals import organisations_changed
from vereinbar.notifications.outbox import mail_queue
from vereinbar.notifications.services import notification_send

from .logos import LOGO_LIMITS
from .models import (
    RESERVED_SLUGS,
    Contact,
    ContactRole,
    LifeSituation,
    Organisation,
    OrganisationStatus,
    OrganisationType,
    Unit,
)
from .permissions import RULES, Action, check_operator_action, has_permission
from .selectors import contact_unconfirmed
from .senders import organisation_sender
from .theme import installation_operator
from .validation import clean_fields

PROFILE_FIELDS = (
    "name",
    "kind",
    "sector",
    "country",
    "region",
    "city",
    "staff_count",
    "inhabitants_served",
    "website",
    "description_de",
    "description_nl",
    "description_en",
)
REGISTRATION_FIELDS = ("name", "kind", "sector", "country", "region", "city", "staff_count")
CONTACT_FIELDS = (
    "role",
    "name",
    "function",
    "email",
    "phone",
    "location",
    "office_hours",
    "life_situations",
    "trained_on",
    "visibility",
)
UNIT_MAX_DEPTH = 10
_COUNTRY = re.compile(r"^[A-Z]{2}$")


def _require(actor: User, organisation: Organisation, action: Action) -> None:
    if not has_permission(actor, organisation, action):
        raise PermissionDenied


def _history_value(value: Any) -> Any:
    """A JSON-friendly, short form of a field value for before/after in the history."""
    if value is None or isinstance(value, bool | int | float):
        return value
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return text if len(text) <= 200 else text[:199] + "…"


def _diff(instance: Any, cleaned: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    return {
        name: (getattr(instance, name), value) for name, value in cleaned.items() if getattr(instance, name) != value
    }


def _clean_country(data: dict[str, Any]) -> None:
    if "country" in data and isinstance(data["country"], str):
        data["country"] = data["country"].strip().upper()
        if not _COUNTRY.match(data["country"]):
            raise ValidationError({"country": _("Enter the two-letter country code, e.g. DE or NL.")})


# --- Profile and logo -------------------------------------------------------------------


def organisation_update_profile(
    *,
    actor: User,
    organisation: Organisation,
    changes: Mapping[str, Any],
    logo: IO[bytes] | None = None,
    remove_logo: bool = False,
) -> Organisation:
    """Change the profile ("Steckbrief") and optionally replace or remove the logo."""
    _require(actor, organisation, Action.EDIT_PROFILE)
    data = dict(changes)
    _clean_country(data)
    cleaned = clean_fields(Organisation, data, allowed=PROFILE_FIELDS, instance=organisation)
    if cleaned.get("staff_count") == 0:  # as at registration: an employer has staff, or leaves it empty
        raise ValidationError({"staff_count": _("Enter a number of 1 or more.")})
    new_logo = (
        image_clean(logo, field="logo", limits=LOGO_LIMITS, size=getattr(logo, "size", None))
        if logo is not None
        else None
    )
    with transaction.atomic():
        locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
        diff = _diff(locked, cleaned)
        old_logo = locked.logo.name
        for name, (_old, new) in diff.items():
            setattr(locked, name, new)
        update_fields = list(diff)
        if new_logo is not None:
            locked.logo.save(f"logo.{new_logo.extension}", ContentFile(new_logo.content), save=False)
            update_fields.append("logo")
        elif remove_logo and old_logo:
            locked.logo = ""
            update_fields.append("logo")
        if not update_fields:
            return locked
        locked.save(update_fields=update_fields)
        before = {name: _history_value(old) for name, (old, _new) in diff.items()}
        after = {name: _history_value(new) for name, (_old, new) in diff.items()}
        if "logo" in update_fields and old_logo and locked.logo:
            after["new_logo"] = "yes"  # replaced: "logo: yes → yes" would say nothing
        elif "logo" in update_fields:
            before["logo"] = "yes" if old_logo else "no"
            after["logo"] = "yes" if locked.logo else "no"
        entry_record(
            actor=actor, verb="organisation.updated", target=locked, organisation=locked, before=before, after=after
        )
        organisations_changed(organisation_ids=[locked.pk])
        if old_logo and "logo" in update_fields:
            storage = locked.logo.storage
            transaction.on_commit(lambda: storage.delete(old_logo))
    return locked


# --- Units ------------------------------------------------------------------------------


def _clean_unit_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the unit a name.")})
    if len(name) > 200:
        raise ValidationError({"name": _("The name may be at most 200 characters long.")})
    return name


def _check_unit_place(*, organisation: Organisation, unit: Unit | None, name: str, parent: Unit | None) -> None:
    """Guard a unit's new place in the tree: same organisation, no cycle, not too deep, unique name."""
    if parent is not None and parent.organisation_id != organisation.pk:
        raise ValidationError({"parent": _("Choose a unit of this organisation.")})
    parents = dict(Unit.objects.filter(organisation=organisation).values_list("pk", "parent_id"))
    if unit is not None and parent is not None:
        ancestor: int | None = parent.pk
        while ancestor is not None:
            if ancestor == unit.pk:
                raise ValidationError({"parent": _("A unit cannot be placed inside itself or one of its sub-units.")})
            ancestor = parents.get(ancestor)
    depth = 1
    ancestor = parent.pk if parent is not None else None
    while ancestor is not None:
        depth += 1
        ancestor = parents.get(ancestor)
    if unit is not None:
        depth += _subtree_height(unit.pk, parents) - 1
    if depth > UNIT_MAX_DEPTH:
        raise ValidationError(
            {"parent": _("Units can be nested at most %(max)s levels deep.") % {"max": UNIT_MAX_DEPTH}}
        )
    siblings = Unit.objects.filter(organisation=organisation, parent=parent, name__iexact=name)
    if unit is not None:
        siblings = siblings.exclude(pk=unit.pk)
    if siblings.exists():
        raise ValidationError({"name": _("There is already a unit called “%(name)s” here.") % {"name": name}})


def _subtree_height(root: int, parents: Mapping[int, int | None]) -> int:
    children: dict[int, list[int]] = {}
    for pk, parent in parents.items():
        if parent is not None:
            children.setdefault(parent, []).append(pk)
    height, level = 0, [root]
    while level:
        height += 1
        level = [child for pk in level for child in children.get(pk, [])]
    return height


def _duplicate_unit_name(name: str) -> ValidationError:
    return ValidationError({"name": _("There is already a unit called “%(name)s” here.") % {"name": name}})


def unit_create(*, actor: User, organisation: Organisation, name: str, parent: Unit | None = None) -> Unit:
    """Add a unit (department, office, team), at the top level or inside another unit."""
    _require(actor, organisation, Action.EDIT_PROFILE)
    name = _clean_unit_name(name)
    with transaction.atomic():
        _check_unit_place(organisation=organisation, unit=None, name=name, parent=parent)
        try:
            with transaction.atomic():
                unit = Unit.objects.create(organisation=organisation, parent=parent, name=name)
        except IntegrityError:  # a concurrent request took the name
            raise _duplicate_unit_name(name) from None
        entry_record(
            actor=actor,
            verb="unit.created",
            target=unit,
            organisation=organisation,
            after={"name": name, "parent": parent.name if parent else None},
        )
    return unit


def unit_update(*, actor: User, unit: Unit, name: str, parent: Unit | None) -> Unit:
    """Rename a unit or move it (with its sub-units) elsewhere in the tree."""
    organisation = unit.organisation
    _require(actor, organisation, Action.EDIT_PROFILE)
    name = _clean_unit_name(name)
    if name == unit.name and parent == unit.parent:
        return unit
    with transaction.atomic():
        _check_unit_place(organisation=organisation, unit=unit, name=name, parent=parent)
        before = {"name": unit.name, "parent": unit.parent.name if unit.parent else None}
        unit.name, unit.parent = name, parent
        try:
            with transaction.atomic():
                unit.save(update_fields=["name", "parent"])
        except IntegrityError:
            raise _duplicate_unit_name(name) from None
        entry_record(
            actor=actor,
            verb="unit.updated",
            target=unit,
            organisation=organisation,
            before=before,
            after={"name": name, "parent": parent.name if parent else None},
        )
    return unit


def unit_delete(*, actor: User, unit: Unit) -> None:
    """Delete a unit without sub-units; its contacts stay, without a unit."""
    organisation = unit.organisation
    _require(actor, organisation, Action.EDIT_PROFILE)
    if unit.children.exists():
        raise ValidationError(_("Move or delete the sub-units of “%(name)s” first.") % {"name": unit.name})
    with transaction.atomic():
        entry_record(
            actor=actor, verb="unit.deleted", target=unit, organisation=organisation, before={"name": unit.name}
        )
        unit.delete()


# --- Contacts ---------------------------------------------------------------------------


def _clean_contact(
    organisation: Organisation, data: Mapping[str, Any], current: Contact | None
) -> tuple[dict[str, Any], Unit | None, bool]:
    """The cleaned contact fields, the unit, and whether the unit was given at all."""
    data = dict(data)
    has_unit = "unit" in data
    unit = data.pop("unit", None)
    if "life_situations" in data:
        situations = data["life_situations"]
        if not isinstance(situations, list | tuple) or any(value not in LifeSituation.values for value in situations):
            raise ValidationError({"life_situations": _("Choose life situations from the list offered.")})
        data["life_situations"] = [str(value) for value in dict.fromkeys(situations)]
    cleaned = clean_fields(Contact, data, allowed=CONTACT_FIELDS, instance=current)
    if unit is not None and unit.organisation_id != organisation.pk:
        raise ValidationError({"unit": _("Choose a unit of this organisation.")})
    role = cleaned.get("role", current.role if current else "")
    trained_on = cleaned.get("trained_on", current.trained_on if current else None)
    if trained_on is not None:
        if role != ContactRole.CARE_GUIDE:
            raise ValidationError({"trained_on": _("A training date is recorded for care guides only.")})
        if trained_on > timezone.localdate():
            raise ValidationError({"trained_on": _("The training date cannot be in the future.")})
    return cleaned, unit, has_unit


def _contact_facts(contact: Contact) -> dict[str, Any]:
    # Names only: e-mail addresses and phone numbers stay out of the append-only history.
    return {"name": contact.name, "role": contact.role, "visibility": contact.visibility}


def contact_create(*, actor: User, organisation: Organisation, data: Mapping[str, Any]) -> Contact:
    """Add a contact person or office (role, name, how to reach them, public or internal)."""
    _require(actor, organisation, Action.EDIT_PROFILE)
    if not data.get("role") or not data.get("name"):
        missing = {key: [_("This field is required.")] for key in ("role", "name") if not data.get(key)}
        raise ValidationError(missing)
    cleaned, unit, _has_unit = _clean_contact(organisation, data, None)
    with transaction.atomic():
        contact = Contact.objects.create(organisation=organisation, unit=unit, **cleaned)
        entry_record(
            actor=actor,
            verb="contact.created",
            target=contact,
            organisation=organisation,
            after=_contact_facts(contact),
        )
    return contact


def contact_update(*, actor: User, contact: Contact, data: Mapping[str, Any]) -> Contact:
    """Change a contact; only the fields given are changed."""
    organisation = contact.organisation
    _require(actor, organisation, Action.EDIT_PROFILE)
    cleaned, unit, has_unit = _clean_contact(organisation, data, contact)
    diff = _diff(contact, cleaned)
    if has_unit and unit != contact.unit:
        diff["unit"] = (contact.unit, unit)
    if not diff:
        return contact
    with transaction.atomic():
        before = _contact_facts(contact)
        for name, (_old, new) in diff.items():
            setattr(contact, name, new)
        contact.save(update_fields=[*diff, "updated_at"])
        entry_record(
            actor=actor,
            verb="contact.updated",
            target=contact,
            organisation=organisation,
            before=before,
            after=_contact_facts(contact),
        )
    return contact


def contact_delete(*, actor: User, contact: Contact) -> None:
    organisation = contact.organisation
    _require(actor, organisation, Action.EDIT_PROFILE)
    with transaction.atomic():
        entry_record(
            actor=actor,
            verb="contact.deleted",
            target=contact,
            organisation=organisation,
            before=_contact_facts(contact),
        )
        contact.delete()


# --- Self-registration and its review ---------------------------------------------------

# Which registration decisions are possible from which status. Approved is final.
REGISTRATION_TRANSITIONS: dict[OrganisationStatus, frozenset[OrganisationStatus]] = {
    OrganisationStatus.PENDING: frozenset({OrganisationStatus.APPROVED, OrganisationStatus.REJECTED}),
    OrganisationStatus.REJECTED: frozenset({OrganisationStatus.PENDING}),
    OrganisationStatus.APPROVED: frozenset(),
}


def organisation_slug_for(name: str) -> str:
    """A free, unreserved slug derived from the name."""
    base = slugify(name)[:60].strip("-") or "organisation"
    if base in RESERVED_SLUGS:
        base = f"{base}-organisation"
    slug, number = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def organisation_register(
    *,
    details: Mapping[str, Any],
    user: User | None,
    full_name: str = "",
    email: str = "",
    password: str = "",
    language: str = "de",
) -> Membership:
    """Register a new employer, pending the operator's approval, with its first coordinator.

    ``user`` is the logged-in account registering it; without one, an account is created
    from ``full_name``, ``email`` and ``password``.
    """
    data = dict(details)
    _clean_country(data)
    for required in ("name", "kind", "country"):
        if not data.get(required):
            raise ValidationError({required: _("This field is required.")})
    cleaned = clean_fields(Organisation, data, allowed=REGISTRATION_FIELDS)
    if user is None:
        email = User.objects.normalize_email(email.strip()).lower()
        if not email:
            raise ValidationError({"email": _("This field is required.")})
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(
                {"email": _("An account with this e-mail address exists: log in first, then register the employer.")}
            )
        try:
            validate_password(password, User(email=email, full_name=full_name))
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from None
    with transaction.atomic():
        organisation = Organisation.objects.create(
            slug=organisation_slug_for(cleaned["name"]),
            type=OrganisationType.EMPLOYER,
            status=OrganisationStatus.PENDING,
            registered_at=timezone.now(),
            **cleaned,
        )
        new_account = user is None
        if user is None:
            user = User.objects.create_user(
                email=email, password=password, full_name=full_name.strip()[:150], preferred_language=language
            )
        membership = membership_add(actor=user, organisation=organisation, user=user, role=Role.COORDINATOR)
        entry_record(
            actor=user,
            verb="organisation.registered",
            target=organisation,
            organisation=organisation,
            after={"status": OrganisationStatus.PENDING.value, "name": organisation.name},
        )
        if new_account:
            # Nobody has shown yet that the address is theirs: allauth's confirmation mail, which
            # also says what happens next, takes the place of the receipt.
            email_confirmation_start(user=user)
        else:
            _mail([user], organisation, "organisations/mail/registration_received")
        _operators_notify(organisation, user)
    return membership


def _mail(
    users: list[User], organisation: Organisation, template: str, *, reviewer: User | None = None, **context: Any
) -> None:
    """Each user's mail about the organisation into the outbox, in the current transaction, from
    the operator who reviews it (the reviewer's, else the installation's only one; replies go to
    its public contact)."""
    sender = organisation_sender(_reviewing_operator(reviewer), to_outsiders=True)
    for user in users:
        mail_queue(
            to=user.email,
            language=user.preferred_language,
            template=template,
            context={
                "organisation": organisation.name,
                "recipient": user,
                "path": f"/{user.preferred_language}/workspace/{organisation.slug}/",
                **context,
            },
            sender=sender,
        )


def _reviewing_operator(reviewer: User | None) -> Organisation | None:
    """The operator a registration's decision comes from: the reviewer's own (the first of
    several), else the installation's only operator; None for neither."""
    if reviewer is not None:
        own = (
            Organisation.objects.filter(type=OrganisationType.OPERATOR, memberships__user=reviewer)
            .order_by("pk")
            .first()
        )
        if own is not None:
            return own
    return installation_operator()


def _operators_notify(organisation: Organisation, registrant: User) -> None:
    """Tell everyone who reviews registrations (inbox and mail) that one is waiting."""
    reviewers = User.objects.filter(is_active=True).filter(
        Q(is_superuser=True)
        | Q(
            memberships__organisation__type=OrganisationType.OPERATOR,
            memberships__role__in=[role.value for role in RULES[Action.REVIEW_REGISTRATIONS]],
        )
    )
    recipients = []
    for reviewer in reviewers.distinct().order_by("pk"):
        with translation.override(reviewer.preferred_language):
            recipients.append((reviewer, reverse("operator:registration", args=[organisation.slug])))
    notification_send(
        recipients=recipients,
        event="registration_new",
        template="organisations/mail/registration_new",
        context={"organisation": organisation.name, "registrant": registrant.get_full_name()},
        sender=organisation_sender(organisation, reply_to=registrant.email),
    )


def _coordinators(organisation: Organisation) -> list[User]:
    return [
        membership.user
        for membership in Membership.objects.filter(
            organisation=organisation, role=Role.COORDINATOR, user__is_active=True
        ).select_related("user")
    ]


def _registration_transition(
    *, actor: User, organisation: Organisation, to: OrganisationStatus, verb: str, reason: str = ""
) -> Organisation:
    with transaction.atomic():
        locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
        current = OrganisationStatus(locked.status)
        if locked.type != OrganisationType.EMPLOYER or to not in REGISTRATION_TRANSITIONS[current]:
            raise ValidationError(
                _("This registration is “%(status)s”; that decision is not possible now.") % {"status": current.label}
            )
        locked.status = to
        locked.status_reason = reason
        locked.save(update_fields=["status", "status_reason"])
        entry_record(
            actor=actor,
            verb=verb,
            target=locked,
            organisation=locked,
            before={"status": current.value},
            after={"status": to.value},
            comment=reason,
        )
        organisations_changed(organisation_ids=[locked.pk])
    return locked


def organisation_approve(*, actor: User, organisation: Organisation, comment: str = "") -> Organisation:
    """Approve a pending registration whose contact has confirmed their e-mail address; the
    coordinators are told by mail."""
    check_operator_action(actor, Action.REVIEW_REGISTRATIONS)
    waiting = Organisation.objects.filter(pk=organisation.pk, status=OrganisationStatus.PENDING)
    if waiting.annotate(unconfirmed=contact_unconfirmed()).filter(unconfirmed=True).exists():
        raise ValidationError(
            _(
                "%(organisation)s cannot be approved yet: its coordinator has not confirmed their e-mail "
                "address. They received a link by mail and can ask for a new one on their organisation's page."
            )
            % {"organisation": organisation.name}
        )
    with transaction.atomic():
        approved = _registration_transition(
            actor=actor,
            organisation=organisation,
            to=OrganisationStatus.APPROVED,
            verb="organisation.approved",
            reason=comment.strip(),
        )
        _mail(
            _coordinators(approved),
            approved,
            "organisations/mail/registration_approved",
            reviewer=actor,
            comment=comment,
        )
    return approved


def organisation_reject(*, actor: User, organisation: Organisation, reason: str) -> Organisation:
    """Reject a pending registration with a reason, which the coordinators receive by mail."""
    check_operator_action(actor, Action.REVIEW_REGISTRATIONS)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why, so the organisation can correct its registration.")})
    with transaction.atomic():
        rejected = _registration_transition(
            actor=actor,
            organisation=organisation,
            to=OrganisationStatus.REJECTED,
            verb="organisation.rejected",
            reason=reason,
        )
        _mail(
            _coordinators(rejected), rejected, "organisations/mail/registration_rejected", reviewer=actor, reason=reason
        )
    return rejected


def organisation_resubmit(*, actor: User, organisation: Organisation) -> Organisation:
    """After a rejection, the coordinator corrects the profile and submits the registration again."""
    _require(actor, organisation, Action.EDIT_PROFILE)
    return _registration_transition(
        actor=actor, organisation=organisation, to=OrganisationStatus.PENDING, verb="organisation.resubmitted"
    )


# --- The staff offers link --------------------------------------------------------------


def organisation_offers_link_rotate(*, actor: User, organisation: Organisation, disable: bool = False) -> str | None:
    """Give the staff offers page a new secret link (the old one stops working at once), or
    turn the link off with ``disable``. Returns the new token (None when turned off)."""
    _require(actor, organisation, Action.EDIT_PROFILE)
    with transaction.atomic():
        locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
        had_link = bool(locked.offers_token)
        if disable and not had_link:
            return None
        locked.offers_token = None if disable else secrets.token_urlsafe(24)
        locked.save(update_fields=["offers_token"])
        # The token itself stays out of the history: whoever reads the history must not get the link.
        entry_record(
            actor=actor,
            verb="organisation.offers_link_disabled" if disable else "organisation.offers_link_rotated",
            target=locked,
            organisation=locked,
            before={"link": had_link},
            after={"link": not disable},
        )
    organisation.offers_token = locked.offers_token
    return locked.offers_token
