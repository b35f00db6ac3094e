"""API: organisations the caller belongs to; their profile, logo, colour (operators), units, contacts, members and
history; employer registrations for the operator admins who review them.

Errors: 404 for an organisation the caller may not see, 403 for an action their role does not
allow, 422 with ``details: [{field, message}]`` for bad input (nothing is changed then).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any, Literal, overload

from django.db import transaction
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Strict, StrictInt

from vereinbar.accounts.api import TokenCreatedOut, TokenOut
from vereinbar.accounts.models import Membership
from vereinbar.accounts.roles import Role
from vereinbar.accounts.selectors import PendingConfirmation, email_confirmation_pending
from vereinbar.accounts.services import NewToken, token_create
from vereinbar.api.errors import ApiError
from vereinbar.api.lists import Choice, PageIn, page_of, paged
from vereinbar.api.permissions import permission
from vereinbar.api.schemas import INTEGRAL, ErrorOut, InSchema, NonBlank
from vereinbar.core.ratelimit import address_subject
from vereinbar.core.types import AuthedRequest

from . import brand, selectors, services
from .limits import REGISTRATIONS, TOO_MANY
from .models import (
    Contact,
    ContactRole,
    LifeSituation,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
    OrganisationType,
    Sector,
    Unit,
    Visibility,
)
from .permissions import Action, check_operator_action, organisation_for_user
from .services import REGISTRATION_TRANSITIONS
from .views.profile import logo_response

router = Router(tags=["organisations"])


def may(action: Action) -> Callable[..., None]:
    """Permission first (vereinbar.api.permissions): the caller's right on the organisation."""

    def check(request: AuthedRequest, slug: str, **_: Any) -> None:
        organisation_for_user(request.user, slug, action)

    return check


def may_review_registration(request: AuthedRequest, slug: str, **_: Any) -> None:
    selectors.registration_for_review(user=request.user, slug=slug)


def _registration_can_become(organisation: Organisation, status: OrganisationStatus) -> Organisation:
    """A decision the registration's state does not allow is a conflict (409), like the cycles'."""
    current = OrganisationStatus(organisation.status)
    if organisation.type != OrganisationType.EMPLOYER or status not in REGISTRATION_TRANSITIONS[current]:
        raise ApiError(
            409,
            "not_allowed_now",
            _("This registration is “%(status)s”; that decision is not possible now.") % {"status": current.label},
        )
    return organisation


def may_list_registrations(request: AuthedRequest, **_: Any) -> None:
    check_operator_action(request.user, Action.REVIEW_REGISTRATIONS)


class OrganisationOut(Schema):
    slug: str
    name: str
    type: str
    kind: str
    sector: str
    country: str
    region: str
    city: str
    staff_count: int | None
    inhabitants_served: int | None
    website: str
    description: str
    size_band: str | None
    status: str
    has_logo: bool

    @staticmethod
    def resolve_has_logo(obj: Organisation) -> bool:
        return bool(obj.logo)


class OrganisationDetailOut(OrganisationOut):
    description_de: str | None
    description_nl: str | None
    description_en: str | None
    status_reason: str
    brand_colour: str = Field(description="An operator's colour for its pages (#rrggbb), empty for the installation's")


class BrandColourIn(InSchema):
    """#rrggbb with a contrast of at least 4.5:1 against the page header's light grey, also where a button
    tints that grey with the colour (organisations/brand.py); empty for the installation's colour."""

    brand_colour: Annotated[str, Field(max_length=20)]


# What Django's URLValidator accepts of a website (http or https, a host name with a top-level
# domain, an optional port and path), or nothing.
WEBSITE = r"^(https?://([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}(:[0-9]{1,5})?([/?#][^\s]*)?)?$"


def _optional(*, max_length: int, blank: bool = True, **rules: Any) -> Any:
    """A field of a change (PATCH): may be left out, never null (the model stores no null)."""
    constraints: dict[str, Any] = {"max_length": max_length, **rules}
    if not blank:
        constraints.update(min_length=1, pattern=r"\S")
    return Field(None, **constraints)


class ProfileIn(InSchema):
    """Only the fields sent are changed."""

    name: Annotated[str, _optional(max_length=200, blank=False)]
    kind: Annotated[OrganisationKind, Field(default=None)]
    sector: Annotated[Sector | Literal[""], Field(default=None)]
    country: Annotated[str, _optional(max_length=2, pattern=r"^[A-Za-z]{2}$")]
    region: Annotated[str, _optional(max_length=120)]
    city: Annotated[str, _optional(max_length=120)]
    staff_count: StrictInt | None = Field(None, ge=1, le=2_147_483_647)
    inhabitants_served: StrictInt | None = Field(None, ge=0, le=2_147_483_647)
    website: Annotated[str, _optional(max_length=200, pattern=WEBSITE)]
    description_de: str | None = None
    description_nl: str | None = None
    description_en: str | None = None


class UnitOut(Schema):
    id: int
    name: str
    parent: int | None = Field(None, alias="parent_id")
    path: str = ""
    depth: int = 0


class UnitIn(InSchema):
    name: NonBlank
    parent: StrictInt | None = None


LOCATION = "Where staff find the contact, such as a building and room; free text, may be empty."
OFFICE_HOURS = "When staff can reach the contact, such as office hours or “by appointment”; free text, may be empty."
SITUATIONS = (
    "The life situations under which the staff offers page names the contact (besides the list of all contacts). "
    "Empty: the role decides (care guides under care, health leads under health, others under none)."
)


class ContactOut(Schema):
    id: int
    role: ContactRole
    name: str
    function: str
    email: str
    phone: str
    location: str = Field(description=LOCATION)
    office_hours: str = Field(description=OFFICE_HOURS)
    life_situations: list[LifeSituation] = Field(description=SITUATIONS)
    trained_on: date | None
    visibility: Visibility
    unit: int | None = Field(None, alias="unit_id")


class ContactIn(InSchema):
    """For a change (PATCH) only the fields sent are changed."""

    role: Annotated[ContactRole, Field(default=None)]
    name: Annotated[str, _optional(max_length=150, blank=False)]
    function: Annotated[str, _optional(max_length=200)]
    email: Annotated[str, _optional(max_length=254, pattern=r"^([^@\s]+@[^@\s]+\.[^@\s]+)?$")]
    phone: Annotated[str, _optional(max_length=50)]
    location: Annotated[str, _optional(max_length=150, description=LOCATION)]
    office_hours: Annotated[str, _optional(max_length=150, description=OFFICE_HOURS)]
    life_situations: Annotated[list[LifeSituation], Field(default=None, description=SITUATIONS)]
    trained_on: date | None = None
    visibility: Annotated[Visibility, Field(default=None)]
    unit: StrictInt | None = None


class ContactCreateIn(ContactIn):
    role: ContactRole
    name: NonBlank


class RegistrationOut(Schema):
    slug: str
    name: str
    kind: str
    sector: str
    country: str
    region: str
    city: str
    staff_count: int | None
    status: str
    status_reason: str
    registered_at: datetime | None
    coordinators: list[str]

    @staticmethod
    def resolve_coordinators(obj: Organisation) -> list[str]:
        memberships = getattr(obj, "coordinator_memberships", None)  # a list's, read for its whole page
        if memberships is None:
            memberships = selectors.coordinators_of(organisation=obj)
        return [membership.user.email for membership in memberships]


class RegistrationFilters(Schema):
    status: Choice[OrganisationStatus] = Field(
        OrganisationStatus.PENDING, description="Registrations in this status only (empty: all of them)."
    )


class RejectIn(InSchema):
    reason: NonBlank


class ApproveIn(InSchema):
    comment: str = ""


class MemberOut(Schema):
    email: str = Field(..., alias="user.email")
    full_name: str = Field(..., alias="user.full_name")
    role: str
    since: datetime = Field(..., alias="created_at")


class HistoryEntryOut(Schema):
    when: datetime = Field(..., alias="created_at")
    who: str = Field(..., alias="actor_label")
    verb: str
    description: str = Field(..., alias="verb_display")
    object: str = Field(..., alias="target_label")
    before: Any = None
    after: Any = None
    comment: str


@router.get("/", response=paged(OrganisationOut), summary="Organisations the user belongs to")
def list_organisations(request: AuthedRequest, paging: Query[PageIn]) -> dict[str, Any]:
    """By name, in pages (a platform admin: every organisation)."""
    return page_of(request, selectors.organisations_of(user=request.user), paging)


# --- Registration: the same service as the page /register/ --------------------------------


LanguageCode = Literal["de", "nl", "en"]


class RegistrationIn(InSchema):
    """The employer, as on the registration page."""

    name: Annotated[str, Field(min_length=1, max_length=200, pattern=r"\S")]
    kind: OrganisationKind
    sector: Sector | Literal[""] = ""
    country: Annotated[str, Field(pattern=r"^[A-Za-z]{2}$", description="Two-letter country code (ISO 3166-1).")]
    region: Annotated[str, Field(max_length=120)] = ""
    city: Annotated[str, Field(max_length=120)] = ""
    staff_count: Annotated[int, Strict(), Field(ge=1, le=2_147_483_647), INTEGRAL] | None = None

    def details(self) -> dict[str, Any]:
        return self.dict(include={"name", "kind", "sector", "country", "region", "city", "staff_count"})


class AccountRegistrationIn(RegistrationIn):
    """The employer and its first coordinator's new account."""

    full_name: Annotated[str, Field(min_length=1, max_length=150, pattern=r"\S")]
    email: Annotated[str, Field(max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    password: Annotated[
        str, Field(min_length=1, max_length=4096, description="Checked by the same password rules as on the page.")
    ]
    language: LanguageCode = Field("de", description="The account's language (mails, messages).")


class AccountOut(Schema):
    email: str
    full_name: str
    preferred_language: str


class RegisteredOut(Schema):
    organisation: RegistrationOut
    account: AccountOut
    token: TokenCreatedOut | None = Field(
        None,
        description="Registered without an account: a personal API token of the new account (shown only here).",
    )
    email_confirmation: Literal["pending", "confirmed"] = Field(
        ...,
        description=(
            "Whether the account's address (`account.email`) is confirmed. `pending`: a link was sent to "
            "it; an operator can approve the registration only once its owner has followed the link "
            "(the organisation's workspace offers to send it again). `confirmed`: nothing to do (e.g. an "
            "existing, invited account)."
        ),
    )
    next: str = Field(..., description="What happens next, in the request's language.")


def _registered(membership: Membership, token: NewToken | None = None) -> dict[str, Any]:
    organisation = membership.organisation
    pending = email_confirmation_pending(user=membership.user)
    return {
        "organisation": organisation,
        "account": membership.user,
        "token": {**TokenOut.from_orm(token.token).dict(), "token": token.secret} if token else None,
        "email_confirmation": "pending" if pending is not None else "confirmed",
        "next": _next_steps(membership, pending),
    }


def _next_steps(membership: Membership, pending: PendingConfirmation | None) -> str:
    """What happens next; a new account confirms its address first (the operator cannot approve before)."""
    values = {"organisation": membership.organisation.name}
    if pending is not None:
        return _(
            "%(organisation)s has been registered. First confirm your e-mail address: we have sent a link "
            "to %(email)s. Only then can an operator review and approve the registration; until it is "
            "approved the organisation cannot apply to a programme."
        ) % (values | {"email": pending.email})
    return (
        _(
            "%(organisation)s has been registered. An operator will review the registration soon; "
            "until it is approved the organisation cannot apply to a programme."
        )
        % values
    )


@router.post(
    "/",
    response={201: RegisteredOut, 422: ErrorOut},
    summary="Register a new employer (as the signed-in user)",
)
def register_organisation(request: AuthedRequest, payload: RegistrationIn) -> Status[dict[str, Any]]:
    """As the registration page for a signed-in user: a pending employer whose first coordinator
    is the caller. An operator admin approves or rejects it (``POST /{slug}/approve``,
    ``/reject``); until then it cannot apply to a programme."""
    membership = services.organisation_register(user=request.user, details=payload.details())
    return Status(201, _registered(membership))


@router.post(
    "/registrations",
    auth=None,
    response={201: RegisteredOut, 422: ErrorOut, 429: ErrorOut},
    summary="Register a new employer and an account (no authentication)",
)
def register_with_account(request: HttpRequest, payload: AccountRegistrationIn) -> Status[dict[str, Any]]:
    """As the registration page for a visitor: a new account, a pending employer with that account
    as its first coordinator, and, as the page signs the visitor in, a personal API token of the
    new account (``token.token``, shown only in this answer). The registrant can use it at once
    (e.g. ``GET /api/v1/organisations/{slug}``); applying waits for an operator's approval.
    An existing account registers with its own token at ``POST /api/v1/organisations/``."""
    if REGISTRATIONS.record(address_subject(request)):
        raise ApiError(429, "too_many_attempts", str(TOO_MANY), retry_after=REGISTRATIONS.window)
    with transaction.atomic():
        membership = services.organisation_register(
            user=None,
            details=payload.details(),
            full_name=payload.full_name,
            email=payload.email,
            password=payload.password,
            language=payload.language,
        )
        token = token_create(user=membership.user, name=_("Registration"))
    return Status(201, _registered(membership, token))


# Registrations come before "/{slug}" so that the path is not read as a slug ("registrations"
# is a reserved slug).
@router.get(
    "/registrations",
    response={200: paged(RegistrationOut), 403: ErrorOut, 404: ErrorOut},
    summary="Employer registrations (operator admins)",
)
@permission(may_list_registrations)
def list_registrations(
    request: AuthedRequest, filters: Query[RegistrationFilters], paging: Query[PageIn]
) -> dict[str, Any]:
    """Oldest registration first, in pages."""
    registrations = selectors.registrations_for_review(user=request.user, status=filters.status).prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.filter(role=Role.COORDINATOR).select_related("user").order_by("user__email"),
            to_attr="coordinator_memberships",
        )
    )
    return page_of(request, registrations.order_by("registered_at", "pk"), paging)


@router.get("/{slug}", response={200: OrganisationDetailOut, 404: ErrorOut}, summary="One organisation")
def get_organisation(request: AuthedRequest, slug: str) -> Organisation:
    return organisation_for_user(request.user, slug)


@router.patch(
    "/{slug}",
    response={200: OrganisationDetailOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Change the profile",
)
@permission(may(Action.EDIT_PROFILE))
def update_profile(request: AuthedRequest, slug: str, payload: ProfileIn) -> Organisation:
    organisation = organisation_for_user(request.user, slug, Action.EDIT_PROFILE)
    changes = payload.dict(exclude_unset=True)
    return services.organisation_update_profile(actor=request.user, organisation=organisation, changes=changes)


@router.get("/{slug}/logo", response={200: None, 404: ErrorOut}, summary="The logo (PNG, JPEG or WebP)")
def get_logo(request: AuthedRequest, slug: str) -> FileResponse:
    return logo_response(organisation_for_user(request.user, slug))


@router.post(
    "/{slug}/logo",
    response={200: OrganisationDetailOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Upload the logo (PNG, JPEG or WebP, at most 2 MB)",
)
@permission(may(Action.EDIT_PROFILE))
def upload_logo(request: AuthedRequest, slug: str, logo: File[UploadedFile]) -> Organisation:
    organisation = organisation_for_user(request.user, slug, Action.EDIT_PROFILE)
    return services.organisation_update_profile(actor=request.user, organisation=organisation, changes={}, logo=logo)


@router.delete(
    "/{slug}/logo", response={200: OrganisationDetailOut, 403: ErrorOut, 404: ErrorOut}, summary="Remove the logo"
)
@permission(may(Action.EDIT_PROFILE))
def delete_logo(request: AuthedRequest, slug: str) -> Organisation:
    organisation = organisation_for_user(request.user, slug, Action.EDIT_PROFILE)
    return services.organisation_update_profile(
        actor=request.user,
        organisation=organisation,
        changes={},
        remove_logo=True,
    )


@router.put(
    "/{slug}/colour",
    response={200: OrganisationDetailOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Set or clear an operator's colour for its pages (operator admins)",
)
@permission(may(Action.EDIT_PROFILE))
def set_brand_colour(request: AuthedRequest, slug: str, payload: BrandColourIn) -> Organisation:
    organisation = organisation_for_user(request.user, slug, Action.EDIT_PROFILE)
    if not organisation.is_operator:
        raise Http404("only programme operators have a colour")  # as their public logo and stylesheet
    return brand.operator_brand_colour_set(actor=request.user, organisation=organisation, colour=payload.brand_colour)


@router.post(
    "/{slug}/approve",
    response={200: RegistrationOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Approve a registration (operator admins)",
)
@permission(may_review_registration)
def approve_registration(request: AuthedRequest, slug: str, payload: ApproveIn) -> Organisation:
    organisation = selectors.registration_for_review(user=request.user, slug=slug)
    _registration_can_become(organisation, OrganisationStatus.APPROVED)
    return services.organisation_approve(actor=request.user, organisation=organisation, comment=payload.comment)


@router.post(
    "/{slug}/reject",
    response={200: RegistrationOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Reject a registration with a reason (operator admins)",
)
@permission(may_review_registration)
def reject_registration(request: AuthedRequest, slug: str, payload: RejectIn) -> Organisation:
    organisation = selectors.registration_for_review(user=request.user, slug=slug)
    _registration_can_become(organisation, OrganisationStatus.REJECTED)
    return services.organisation_reject(actor=request.user, organisation=organisation, reason=payload.reason)


@router.post(
    "/{slug}/resubmit",
    response={200: OrganisationDetailOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Submit a rejected registration again (coordinators)",
)
@permission(may(Action.EDIT_PROFILE))
def resubmit_registration(request: AuthedRequest, slug: str) -> Organisation:
    organisation = organisation_for_user(request.user, slug, Action.EDIT_PROFILE)
    _registration_can_become(organisation, OrganisationStatus.PENDING)
    return services.organisation_resubmit(actor=request.user, organisation=organisation)


# --- Units ------------------------------------------------------------------------------


@overload
def _unit(organisation: Organisation, unit_id: int) -> Unit: ...
@overload
def _unit(organisation: Organisation, unit_id: None) -> None: ...
@overload
def _unit(organisation: Organisation, unit_id: int | None) -> Unit | None: ...
def _unit(organisation: Organisation, unit_id: int | None) -> Unit | None:
    # A unit of another organisation is "not found", never an error that reveals it exists.
    return get_object_or_404(Unit, pk=unit_id, organisation=organisation) if unit_id is not None else None


@router.get("/{slug}/units", response={200: list[UnitOut], 404: ErrorOut}, summary="Units, depth-first")
def list_units(request: AuthedRequest, slug: str) -> list[dict[str, str | int | None]]:
    organisation = organisation_for_user(request.user, slug)
    return [
        {
            "id": node.unit.pk,
            "name": node.unit.name,
            "parent_id": node.unit.parent_id,
            "path": node.path,
            "depth": node.depth,
        }
        for node in selectors.units_tree(organisation=organisation)
    ]


@router.post(
    "/{slug}/units", response={201: UnitOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}, summary="Add a unit"
)
@permission(may(Action.EDIT_PROFILE))
def create_unit(request: AuthedRequest, slug: str, payload: UnitIn) -> Status[Unit]:
    organisation = organisation_for_user(request.user, slug, Action.EDIT_PROFILE)
    unit = services.unit_create(
        actor=request.user,
        organisation=organisation,
        name=payload.name,
        parent=_unit(organisation, payload.parent),
    )
    return Status(201, unit)


@router.patch(
    "/{slug}/units/{unit_id}",
    response={200: UnitOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Rename or move a unit",
)
@permission(may(Action.EDIT_PROFILE))
def update_unit(request: AuthedRequest, slug: str, unit_id: int, payload: UnitIn) -> Unit:
    organisation = organisation_for_user(request.user, slug, Action.EDIT_PROFILE)
    unit = _unit(organisation, unit_id)
    return services.unit_update(
        actor=request.user,
        unit=unit,
        name=payload.name,
        parent=_unit(organisation, payload.parent),
    )


@router.delete(
    "/{slug}/units/{unit_id}",
    response={204: None, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Delete a unit without sub-units",
)
@permission(may(Action.EDIT_PROFILE))
def delete_unit(request: AuthedRequest, slug: str, unit_id: int) -> Status[None]:
    organisation = organisation_for_user(request.user, slug, Action.EDIT_PROFILE)
    services.unit_delete(actor=request.user, unit=_unit(organisation, unit_id))
    return Status(204, None)


# --- Contacts ---------------------------------------------------------------------------


def _contact_data(organisation: Organisation, payload: ContactIn) -> dict[str, Any]:
    data = payload.dict(exclude_unset=True)
    if "unit" in data:
        data["unit"] = _unit(organisation, data["unit"])
    return data


@router.get("/{slug}/contacts", response={200: list[ContactOut], 404: ErrorOut}, summary="Contacts")
def list_contacts(request: AuthedRequest, slug: str) -> list[Contact]:
    return list(selectors.contacts_of(organisation=organisation_for_user(request.user, slug)))


@router.post(
    "/{slug}/contacts",
    response={201: ContactOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Add a contact",
)
@permission(may(Action.EDIT_PROFILE))
def create_contact(request: AuthedRequest, slug: str, payload: ContactCreateIn) -> Status[Contact]:
    organisation = organisation_for_user(request.user, slug, Action.EDIT_PROFILE)
    data = _contact_data(organisation, payload)
    return Status(201, services.contact_create(actor=request.user, organisation=organisation, data=data))


@router.get("/{slug}/contacts/{contact_id}", response={200: ContactOut, 404: ErrorOut}, summary="One contact")
def get_contact(request: AuthedRequest, slug: str, contact_id: int) -> Contact:
    organisation = organisation_for_user(request.user, slug)
    return get_object_or_404(Contact, pk=contact_id, organisation=organisation)


@router.patch(
    "/{slug}/contacts/{contact_id}",
    response={200: ContactOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Change a contact",
)
@permission(may(Action.EDIT_PROFILE))
def update_contact(request: AuthedRequest, slug: str, contact_id: int, payload: ContactIn) -> Contact:
    organisation = organisation_for_user(request.user, slug, Action.EDIT_PROFILE)
    contact = get_object_or_404(Contact, pk=contact_id, organisation=organisation)
    return services.contact_update(actor=request.user, contact=contact, data=_contact_data(organisation, payload))


@router.delete(
    "/{slug}/contacts/{contact_id}", response={204: None, 403: ErrorOut, 404: ErrorOut}, summary="Delete a contact"
)
@permission(may(Action.EDIT_PROFILE))
def delete_contact(request: AuthedRequest, slug: str, contact_id: int) -> Status[None]:
    organisation = organisation_for_user(request.user, slug, Action.EDIT_PROFILE)
    contact = get_object_or_404(Contact, pk=contact_id, organisation=organisation)
    services.contact_delete(actor=request.user, contact=contact)
    return Status(204, None)


@router.get("/{slug}/members", response={200: paged(MemberOut), 404: ErrorOut}, summary="Members and roles")
def list_members(request: AuthedRequest, slug: str, paging: Query[PageIn]) -> dict[str, Any]:
    """By e-mail address, in pages."""
    organisation = organisation_for_user(request.user, slug)
    return page_of(request, selectors.members_of(organisation=organisation).order_by("user__email", "pk"), paging)


@router.get("/{slug}/history", response={200: paged(HistoryEntryOut), 404: ErrorOut}, summary="History entries")
@permission(may(Action.VIEW_HISTORY))
def list_history(request: AuthedRequest, slug: str, paging: Query[PageIn]) -> dict[str, Any]:
    """Newest first, in pages."""
    organisation = organisation_for_user(request.user, slug, Action.VIEW_HISTORY)
    entries = selectors.entries_for_organisation(user=request.user, organisation=organisation)
    return page_of(request, entries.order_by("-created_at", "-pk"), paging)
