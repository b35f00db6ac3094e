"""The public verification page of an award (/<lang>/verify/<code>/), its embeddable seal, and\nthe awards pages of the employer workspace (/<lang>/workspace/<slug>/awards/)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.utils.html import format_html
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from vereinbar.core.types import AuthedRequest
from vereinbar.cycles.dates import add_months
from vereinbar.cycles.models import CycleStatus
from vereinbar.cycles.selectors import next_stage
from vereinbar.cycles.services import cycle_renewed
from vereinbar.organisations.views.common import organisation_in_area
from vereinbar.programmes.keys import programme_page_url

from .models import CODE_LENGTH, Award, AwardStatus, verification_code_normalise
from .permissions import may_download_certificate
from .seal import SEAL_MAX_AGE, baked_seal_offered, seal_for, seal_language, seal_snippet, seal_urls
from .selectors import award_by_code, award_current_after, awards_of, verification_public
from .texts import award_texts

# Digits a code never has (base32), read or typed for the letter they look like.
_LOOKALIKES = (str.maketrans("018", "OIB"), str.maketrans("018", "OLB"))
_LOOKALIKE_PAIRS = frozenset({("0", "O"), ("1", "I"), ("1", "L"), ("8", "B")})


def _award_by_lookalike(code: str) -> Award | None:
    """The award whose code ``code`` is, but for a 0 typed for an O, a 1 for an I or an L, an 8
    for a B (codes have no 0, 1, 8 or 9, so such a code is mistyped, never another award's)."""
    typed = verification_code_normalise(code)
    if not any(digit in typed for digit in "018"):
        return None
    for table in _LOOKALIKES:
        award = award_by_code(code=typed.translate(table))
        if award is not None:
            return award
    return None


def _typed_instead(typed: str, code: str) -> str:
    """``typed`` (``?typed=`` of a corrected code's page), normalised, when it is ``code`` but for
    look-alike digits, to say what was checked instead; else "" (the page says only what is so)."""
    typed = verification_code_normalise(typed)
    if typed == code or len(typed) != len(code):
        return ""
    return typed if all(a == b or (a, b) in _LOOKALIKE_PAIRS for a, b in zip(typed, code, strict=True)) else ""


def _not_found(request: HttpRequest, code: str) -> HttpResponse:
    """The form again with the code as typed and what is wrong with it: a code of the wrong
    length says how long a code is, any other says that no award has it."""
    length = len(verification_code_normalise(code))
    context = {"code": code, "facts": None, "code_length": CODE_LENGTH, "typed_length": length}
    return render(request, "certificates/verify.html", context, status=404)


@never_cache
def verify(request: HttpRequest, code: str) -> HttpResponse:
    award = award_by_code(code=code)
    if award is None:
        corrected = _award_by_lookalike(code)
        if corrected is not None:
            # the corrected code's own address, saying what was typed, so that the page can tell
            url = reverse("certificates:verify", kwargs={"code": corrected.verification_code})
            return redirect(f"{url}?typed={verification_code_normalise(code)}")
        return _not_found(request, code)
    facts = verification_public(award)
    typed = _typed_instead(request.GET.get("typed", ""), award.verification_code)
    # no longer valid: when a newer award replaced it, and the award in force now, if any
    successor = award.superseded_by if facts["status"] == AwardStatus.SUPERSEDED else None
    current = None if facts["status"] == AwardStatus.VALID else award_current_after(award)
    organisation = award.organisation
    return render(
        request,
        "certificates/verify.html",
        {
            "code": award.verification_code,
            "typed": typed,
            # in a type that tells 0 from O and 1 from I (codes are letters and digits only)
            "typed_shown": format_html("<code>{}</code>", typed),
            "code_shown": format_html("<code>{}</code>", award.verification_code),
            "facts": facts,
            "organisation": organisation,
            "programme_url": programme_page_url(award.programme),
            # the renewal's day is the new award's date: shown where the programme shows those
            "replaced_on": successor.issued_on if successor and facts["valid_from"] else None,
            # the award that replaced it, where it is not the one in force (linked as such): a renewal
            # that lapsed in turn, so that the chain of renewals can be followed
            "successor": successor if successor and (current is None or current.pk != successor.pk) else None,
            "today": timezone.localdate(),
            "current": current,
            "kind": award.version.kind,  # the words for it: certificate, recognition, charter signature
            # the same facts with the language each text is in, for lang="…" on a fallback
            "texts": award_texts(award, translation.get_language() or settings.LANGUAGE_CODE),
            "status_label": AwardStatus(str(facts["status"])).label,
            "baked_seal": baked_seal_offered(str(facts["status"])),
            "theme_operator": award.programme.operator,  # its logo in the page frame
        },
    )


def verify_form(request: HttpRequest) -> HttpResponse:
    """/verify/?code=… (a form on the page) goes to the code's page, the code as stored (what
    people type: lower case, spaces, dashes); a code of nothing but such marks is not found."""
    typed = request.GET.get("code", "").strip()
    if typed:
        code = verification_code_normalise(typed)
        if code:
            return redirect("certificates:verify", code=code)
        return _not_found(request, typed)
    return render(request, "certificates/verify.html", {"code": "", "facts": None, "ask": True})


@require_safe
def seal(request: HttpRequest, code: str) -> HttpResponse:
    """The award's live seal as SVG, for <img> on any site: language from ``?lang=`` or the URL,
    a short max-age with an ETag, so a revocation or expiry shows within a minute."""
    award = award_by_code(code=code)
    if award is None:
        raise Http404
    language = seal_language(request.GET.get("lang"), translation.get_language())
    badge = seal_for(award, language=language)
    response = HttpResponse(badge.svg, content_type="image/svg+xml; charset=utf-8")
    response["ETag"] = badge.etag
    response["Cache-Control"] = f"public, max-age={SEAL_MAX_AGE}, must-revalidate"
    response["Content-Language"] = language
    # Loaded as <img> by employers' websites: allow the cross-origin load explicitly.
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    response["Access-Control-Allow-Origin"] = "*"
    return get_conditional_response(request, etag=badge.etag, response=response) or response


@login_required
def workspace_awards(request: AuthedRequest, slug: str) -> HttpResponse:
    """The organisation's awards with their seals (every member sees them), each with its
    certificate's download where the reader may download it."""
    organisation = organisation_in_area(request, "workspace", slug)
    language = translation.get_language() or settings.LANGUAGE_CODE
    rows = awards_of(organisation=organisation).select_related("cycle__programme", "version")
    awards = [(award, award_texts(award, language), certificate_url(request, award)) for award in rows]
    return render(
        request,
        "certificates/workspace_awards.html",
        {"organisation": organisation, "area": "workspace", "awards": awards},
    )


@login_required
def workspace_award(request: AuthedRequest, slug: str, number: str) -> HttpResponse:
    """One award: its facts, the certificate to download, the seal and the snippet for the
    organisation's website."""
    organisation = organisation_in_area(request, "workspace", slug)
    award = get_object_or_404(awards_of(organisation=organisation).select_related("cycle__programme"), number=number)
    language = seal_language(request.GET.get("lang"), translation.get_language())
    return render(
        request,
        "certificates/workspace_award.html",
        {
            "organisation": organisation,
            "area": "workspace",
            "award": award,
            "kind": award.version.kind,  # the words for it: certificate, recognition, charter signature
            "certificate_url": certificate_url(request, award),
            "texts": award_texts(award, translation.get_language() or settings.LANGUAGE_CODE),
            "language": language,
            "languages": settings.LANGUAGES,
            "urls": seal_urls(award, language=language),
            "snippet": seal_snippet(award, language=language),
            "baked_seal": baked_seal_offered(award.current_status),
            **award_standing(award),
        },
    )


def award_standing(award: Award) -> dict[str, object]:
    """What the award page tells the employer to do now: the award it replaced and the one that
    replaced it, the renewal under way, whether the expiry is near (when the reminders start)."""
    today = timezone.localdate()
    status = award.current_status
    renewal = None
    cycle = award.cycle
    if cycle is not None and status == AwardStatus.VALID:
        renewal = cycle.renewals.filter(status__in=[CycleStatus.APPLIED, CycleStatus.OPEN]).first()
    # a lapsed award's cycle can still be renewed (the cycle page offers it) unless it was already
    renewable = (
        cycle is not None
        and cycle.status in (CycleStatus.AWARDED, CycleStatus.COMPLETED)
        and not cycle_renewed(cycle)
        and next_stage(cycle) is not None
    )
    return {
        "replaces": award.supersedes.order_by("-issued_on", "-pk").first(),
        "replaced_by": award.superseded_by if status == AwardStatus.SUPERSEDED else None,
        "current": None if status == AwardStatus.VALID else award_current_after(award),
        "renewal": renewal,
        "renewable": renewable,
        "expiring_soon": status == AwardStatus.VALID
        and award.valid_until is not None
        and award.valid_until <= add_months(today, 6),
        "days_left": (award.valid_until - today).days if award.valid_until else None,
    }


def certificate_url(request: AuthedRequest, award: Award) -> str | None:
    """The workspace's address of the award's certificate (PDF), the one its cycle page offers;
    None where the reader may not download one (``may_download_certificate``)."""
    if award.cycle_id is None or not may_download_certificate(request.user, award):
        return None
    return reverse("workspace_cycles:certificate", args=[award.organisation.slug, award.cycle_id])
