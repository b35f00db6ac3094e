"""The public verification page of an award: /<lang>/verify/<code>/."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from .models import AwardStatus
from .selectors import award_by_code, verification_facts


@never_cache
def verify(request: HttpRequest, code: str) -> HttpResponse:
    award = award_by_code(code=code)
    if award is None:
        return render(request, "certificates/verify.html", {"code": code, "facts": None}, status=404)
    facts = verification_facts(award)
    return render(
        request,
        "certificates/verify.html",
        {"code": award.verification_code, "facts": facts, "status_label": AwardStatus(str(facts["status"])).label},
    )


def verify_form(request: HttpRequest) -> HttpResponse:
    """/verify/?code=… (a form on the page) goes to the code's page."""
    code = request.GET.get("code", "").strip()
    if code:
        return redirect("certificates:verify", code=code)
    return render(request, "certificates/verify.html", {"code": "", "facts": None, "ask": True})
