"""Serving the credentials: DID documents, status lists (signed, never cached for long, so a
revocation shows at once) and an award's credential as a download."""

from __future__ import annotations

import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from vereinbar.certificates.seal import baked_seal_offered, seal_for, seal_language
from vereinbar.certificates.selectors import award_by_code, verification_facts
from vereinbar.organisations.models import Organisation

from .bake import svg_baked
from .did import did_document
from .forms import CredentialCheckForm
from .models import StatusList
from .services import credential_issue, status_list_credential
from .verify import credential_verify_here

STATUS_MAX_AGE = 60  # seconds: as short as the seal's, so a revocation is seen within a minute


def _json(document: dict[str, Any], content_type: str, *, max_age: int) -> HttpResponse:
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2), content_type=f"{content_type}; charset=utf-8"
    )
    response["Cache-Control"] = f"public, max-age={max_age}"
    # Read by verifiers running on other sites.
    response["Access-Control-Allow-Origin"] = "*"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


def _operator(slug: str) -> Organisation:
    """An organisation that operates a programme (only those are issuers)."""
    return get_object_or_404(Organisation.objects.filter(programmes__isnull=False).distinct(), slug=slug)


@require_safe
def platform_did(request: HttpRequest) -> HttpResponse:
    return _json(did_document(None), "application/did+json", max_age=300)


@require_safe
def operator_did(request: HttpRequest, slug: str) -> HttpResponse:
    return _json(did_document(_operator(slug)), "application/did+json", max_age=300)


@require_safe
def platform_status(request: HttpRequest, number: int) -> HttpResponse:
    status_list = get_object_or_404(StatusList, owner__isnull=True, number=number)
    return _json(status_list_credential(status_list), "application/vc+ld+json", max_age=STATUS_MAX_AGE)


@require_safe
def operator_status(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    status_list = get_object_or_404(StatusList, owner=_operator(slug), number=number)
    return _json(status_list_credential(status_list), "application/vc+ld+json", max_age=STATUS_MAX_AGE)


@require_safe
def credential(request: HttpRequest, code: str) -> HttpResponse:
    """The award's credential, for anyone with the verification code (as the verify page)."""
    award = award_by_code(code=code)
    if award is None:
        raise Http404
    issued = credential_issue(award)
    response = HttpResponse(issued.text, content_type="application/vc+ld+json; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    response["Access-Control-Allow-Origin"] = "*"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    response["Content-Disposition"] = f'attachment; filename="award-{award.number}.credential.json"'
    return response


@require_safe
def baked_seal(request: HttpRequest, code: str) -> HttpResponse:
    """The award's seal (as of now, in ``?lang=``) with its credential baked in, to download, while
    the award is valid (``baked_seal_offered``, the pages' rule). An award that no longer counts
    gets 410 Gone with a page saying why and where its status is checked: a seal to put on a
    website must not advertise it, and 404 would deny an award the verification page confirms."""
    award = award_by_code(code=code)
    if award is None:  # no such code; an award the rules withheld was never issued
        raise Http404
    language = seal_language(request.GET.get("lang"), translation.get_language())
    status = award.current_status
    if not baked_seal_offered(status):
        with translation.override(language):
            response = render(
                request,
                "credentials/baked_seal_gone.html",
                {"award": award, "status": status, "facts": verification_facts(award), "language": language},
                status=410,
            )
        response["Content-Language"] = language
        response["Cache-Control"] = "no-cache"
        return response
    svg = svg_baked(seal_for(award, language=language).svg, credential_issue(award).document)
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="award-{award.number}.seal.svg"'
    response["Cache-Control"] = "no-cache"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    """/verify/credential/: a pasted or uploaded credential checked against this platform's
    DID documents and status lists, as they are now."""
    form = CredentialCheckForm(request.POST, request.FILES) if request.method == "POST" else CredentialCheckForm()
    result = None
    if request.method == "POST" and form.is_valid():
        result = credential_verify_here(form.cleaned_data["document"])
    return render(request, "credentials/check.html", {"form": form, "result": result})
