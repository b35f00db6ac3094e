"""API: an award's verifiable credential (/api/v1/awards/<number>/credential)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router

from vereinbar.api.permissions import permission
from vereinbar.api.schemas import ErrorOut
from vereinbar.certificates.api import may_on_award
from vereinbar.certificates.permissions import award_for_user
from vereinbar.cycles.permissions import CycleAction

from .services import credential_issue

router = Router(tags=["awards"])


@router.get(
    "/awards/{number}/credential",
    response={200: None, 404: ErrorOut},
    summary="The award as a verifiable credential (Open Badges 3.0, signed)",
)
@permission(may_on_award(CycleAction.VIEW))
def award_credential(request: HttpRequest, number: str) -> HttpResponse:
    """The signed ``OpenBadgeCredential`` (W3C VC 2.0, ``eddsa-rdfc-2022`` proof), issued on
    first request and the same afterwards. Its revocation status is in the status list it names."""
    issued = credential_issue(award_for_user(request.user, number))
    return HttpResponse(issued.text, content_type="application/vc+ld+json")
