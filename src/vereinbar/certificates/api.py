"""API for awards (/api/v1/awards/) and the public verification (/api/v1/verify/<code>)."""

from collections.abc import Callable
from datetime import date
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from ninja import Field, Query, Router, Schema

from vereinbar.api.errors import ApiError
from vereinbar.api.lists import Choice, PageIn, absolute, page_of, paged
from vereinbar.api.permissions import permission
from vereinbar.api.schemas import ErrorOut, InSchema, NonBlank
from vereinbar.core.types import AuthedRequest
from vereinbar.cycles.api.common import refusals
from vereinbar.cycles.permissions import CycleAction

from .models import Award, AwardStatus
from .permissions import award_for_user, awards_visible_to
from .selectors import award_by_code, verification_public
from .services import award_revoke

router = Router(tags=["awards"])

Language = Literal["de", "nl", "en"]  # settings.LANGUAGES


def may_on_award(action: CycleAction) -> Callable[..., None]:
    """Permission first (vereinbar.api.permissions): the caller's right on the award."""

    def check(request: AuthedRequest, number: str, **_: Any) -> None:
        award_for_user(request.user, number, action)

    return check


class AwardOut(Schema):
    number: str
    organisation: str
    programme: str
    version: str
    stage: str
    level: str | None
    issued_on: date
    valid_until: date | None
    status: str
    verification_code: str
    cycle: int | None
    revoked_on: date | None
    revoked_reason: str


class VerifyOut(Schema):
    organisation: str
    programme: str
    stage: str
    level: str | None
    valid_from: date | None = Field(description="The award's date; null where the programme does not publish it.")
    since: date | None = Field(
        description="While the award is valid: the first day of its unbroken run of renewals, where the "
        'programme publishes it (the profile\'s "certified since"); else null.'
    )
    valid_until: date | None = Field(
        description="The last valid day; null for an award without end, and where the programme does not "
        "publish it (`validity_published` false)."
    )
    validity_published: bool = Field(description="Whether the programme publishes how long its awards hold.")
    status: str
    example: bool = Field(
        description="The employer is made up (the demo's): the award is an example, not a real one "
        "(the verification page marks it so)."
    )
    profile_url: str | None = Field(
        description="The employer's public profile in the directory (absolute address), while the "
        "directory lists it; null otherwise and for a revoked award."
    )


class AwardFilters(Schema):
    status: Choice[AwardStatus] = Field(
        None,
        description="Awards in this status today only, as `status` answers it (a valid award past its last day: `expired`).",
    )


class RevokeIn(InSchema):
    reason: NonBlank


def award_out(award: Award) -> dict[str, Any]:
    return {
        "number": award.number,
        "organisation": award.organisation.slug,
        "programme": award.programme.identifier,
        "version": award.version.version,
        "stage": award.stage.key,
        "level": award.level.key if award.level else None,
        "issued_on": award.issued_on,
        "valid_until": award.valid_until,
        "status": award.current_status,
        "verification_code": award.verification_code,
        "cycle": award.cycle_id,
        "revoked_on": award.revoked_on,
        "revoked_reason": award.revoked_reason,
    }


@router.get("/awards/", response=paged(AwardOut), summary="Awards of the caller's cycles")
def award_list(request: AuthedRequest, filters: Query[AwardFilters], paging: Query[PageIn]) -> dict[str, Any]:
    """Newest first, in pages."""
    awards = awards_visible_to(request.user).select_related("organisation", "programme", "version", "stage", "level")
    if filters.status:
        awards = awards.in_status_on(filters.status, timezone.localdate())
    return page_of(request, awards.order_by("-issued_on", "-pk"), paging, lambda rows: [award_out(a) for a in rows])


@router.get("/awards/{number}", response={200: AwardOut, 404: ErrorOut}, summary="One award")
def award_detail(request: AuthedRequest, number: str) -> dict[str, Any]:
    return award_out(award_for_user(request.user, number))


@router.get("/awards/{number}/certificate.pdf", response={200: None, 404: ErrorOut}, summary="The certificate as PDF")
@permission(may_on_award(CycleAction.VIEW))
def award_pdf(request: AuthedRequest, number: str, language: Language | None = None) -> HttpResponse:
    """In the organisation's language unless ``language`` names another language of the programme."""
    from .pdf import certificate_pdf

    award = award_for_user(request.user, number)
    if language is not None and language not in award.version.languages:
        # There is no certificate in this language (the programme has no texts in it).
        raise ApiError(404, "not_found", translation.gettext("The programme has no texts in this language."))
    response = HttpResponse(certificate_pdf(award, language=language), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{award.number}.pdf"'
    return response


@router.post(
    "/awards/{number}/revoke",
    response={200: AwardOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Revoke an award",
)
@permission(may_on_award(CycleAction.REVOKE_AWARD))
@refusals
def award_revoke_endpoint(request: AuthedRequest, number: str, body: RevokeIn) -> dict[str, Any]:
    award = award_for_user(request.user, number, CycleAction.VIEW)
    return award_out(award_revoke(actor=request.user, award=award, reason=body.reason))


@router.get("/verify/{code}", auth=None, response={200: VerifyOut, 404: ErrorOut}, summary="Verify an award (public)")
def verify(request: HttpRequest, code: str, response: HttpResponse) -> dict[str, object]:
    """Only the public facts: organisation, programme, stage, level, validity, status; whether the
    award is an example, and the employer's public profile (as the verification page)."""
    # The status changes with revocation and with the date: never serve it from a cache.
    add_never_cache_headers(response)
    award = award_by_code(code=code)
    if award is None:
        raise ApiError(404, "not_found", translation.gettext("No award has this verification code."))
    facts = verification_public(award)
    profile = facts["profile_url"]
    return {**facts, "profile_url": absolute(str(profile)) if profile else None}
