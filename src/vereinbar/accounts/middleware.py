"""Logged-in users see the site in their preferred language unless the URL says otherwise."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _


class UserLanguageMiddleware:
    """For the API (no language prefix): Accept-Language wins, then the user's preference."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            request.path.startswith("/api/")
            and "HTTP_ACCEPT_LANGUAGE" not in request.META
            and user is not None
            and user.is_authenticated
        ):
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = user.preferred_language
        return self.get_response(request)


# Pages a person who must set up a second factor can still open (set-up, sign-out, language).
TWO_FACTOR_OPEN_PAGES = frozenset(
    {
        "mfa_index",
        "mfa_activate_totp",
        "mfa_add_webauthn",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "mfa_reauthenticate",
        "mfa_authenticate",
        "account_reauthenticate",
        "logout",
        "set_language",
        "health",
        "ready",
    }
)


class TwoFactorRequiredMiddleware:
    """With VEREINBAR_REQUIRE_TWO_FACTOR, people in the roles that must use a second factor are
    sent to its set-up until they have one (the API's tokens are not affected)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: object, args: object, kwargs: object
    ) -> HttpResponse | None:
        from . import two_factor

        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.path.startswith(("/api/", "/static/")):
            return None
        match = request.resolver_match
        if match is None or match.url_name in TWO_FACTOR_OPEN_PAGES:
            return None
        if two_factor.must_use_two_factor(user) and not two_factor.has_two_factor(user):
            messages.warning(request, _("Please set up a second factor before you continue."))
            return redirect("mfa_index")
        return None
