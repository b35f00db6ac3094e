"""Single sign-on with OpenID Connect and the hooks into django-allauth (docs/authentication.md).

django-allauth does the protocol (discovery, authorisation code with PKCE, token exchange, ID
token checks of issuer, audience and expiry, account linking) and the second factor. What is
ours: the nonce (allauth's OpenID Connect provider sends none, so an ID token could be replayed
into another sign-in), the ID token's signature checked always (not only when the token came
by the front channel), which e-mail domains and organisations a provider serves, whether it may
create accounts, and how its claims fill the account.

A provider's configuration lives in allauth's ``SocialApp`` (provider "openid_connect"); its
``settings`` hold, besides allauth's ``server_url``:

    email_domains   list of e-mail domains whose people sign in with this provider ([] = any)
    allow_signup    true: a person without an account gets one, with no role (default false)
    claims          {"email": "email", "full_name": "name"}: which claim fills which field

and the organisations it serves are a ``ProviderScope`` (an inline of the admin's provider page).
"""

from __future__ import annotations

import hmac
import secrets
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.decorators import login_not_required
from allauth.account.models import EmailAddress
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.helpers import render_authentication_error
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp, SocialLogin, SocialToken
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AbstractUser
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from vereinbar.activity.services import entry_record

from .models import Membership, ProviderScope, User
from .services import email_change_record, email_confirmed_as_known

if TYPE_CHECKING:
    from vereinbar.organisations.models import Organisation

PROVIDER = "openid_connect"


def provider_settings(app: SocialApp) -> dict[str, Any]:
    return dict(app.settings or {})


def email_domain(email: str) -> str:
    return email.rpartition("@")[2].strip().lower()


def serves(app: SocialApp, email: str) -> bool:
    """Whether the provider is configured for this e-mail address's domain."""
    domains = [str(domain).strip().lower().lstrip("@") for domain in provider_settings(app).get("email_domains", [])]
    return not domains or email_domain(email) in domains


def served_organisation_ids(app: SocialApp) -> frozenset[int]:
    """The organisations the provider is limited to; empty when it serves any."""
    if app.pk is None:
        return frozenset()  # a provider from the settings, not the admin
    ids = ProviderScope.objects.filter(app=app).exclude(organisations=None).values_list("organisations", flat=True)
    return frozenset(ids)


def refusal(app: SocialApp, user: User) -> str | None:
    """Why the provider may not sign this existing account in, or None when it may.

    A provider limited to organisations signs in an account that has a role in one of them, or
    none anywhere yet (it sees nothing until a coordinator gives it one); never an account that
    belongs only to other organisations, nor a platform admin's."""
    organisation_ids = served_organisation_ids(app)
    if not organisation_ids:
        return None
    if user.is_superuser or user.is_staff:
        return _("Platform admins sign in with their password, not with an organisation's sign-in service.")
    own = set(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))
    if own and not own & organisation_ids:
        return _(
            "Your account belongs to an organisation that %(provider)s does not serve. Please sign in "
            "with your password or with your own organisation's sign-in service."
        ) % {"provider": app.name}
    return None


def waiting_for_role(*, organisation: Organisation) -> QuerySet[User]:
    """People who signed in with a provider serving this organisation and have no role anywhere
    yet: its members page offers to give them one."""
    provider_ids = SocialApp.objects.filter(provider=PROVIDER, scope__organisations=organisation).values_list(
        "provider_id", flat=True
    )
    return (
        User.objects.filter(
            is_active=True, is_superuser=False, memberships=None, socialaccount__provider__in=list(provider_ids)
        )
        .distinct()
        .order_by("email")
    )


def login_providers() -> list[SocialApp]:
    """The identity providers offered on the login page."""
    return list(SocialApp.objects.filter(provider=PROVIDER).order_by("name"))


def form_action_origins(apps: list[SocialApp]) -> list[str]:
    """The providers' origins: the login page's provider buttons post to the site, which sends the
    browser on to the provider, and the content security policy's form-action covers that hop."""
    origins = []
    for app in apps:
        parts = urlsplit(str(provider_settings(app).get("server_url", "")))
        if parts.scheme in ("http", "https") and parts.netloc:
            origins.append(f"{parts.scheme}://{parts.netloc}")
    return sorted(set(origins))


def allow_form_action_to(response: HttpResponse, apps: list[SocialApp]) -> HttpResponse:
    """Adds the providers' origins to the page's form-action (content security policy)."""
    origins = form_action_origins(apps)
    if origins:
        policy: dict[str, Any] = dict(settings.SECURE_CSP)
        policy["form-action"] = [*policy.get("form-action", []), *origins]
        response._csp_config = policy  # type: ignore[attr-defined]
    return response


# --- the protocol: allauth's OpenID Connect provider with a nonce ------------------------------


class NonceCheckingAdapter(OpenIDConnectOAuth2Adapter):
    """Checks the ID token's signature against the provider's keys and its nonce against the
    one sent with this sign-in; allauth checks issuer, audience and expiry."""

    expected_nonce: str | None = None

    def complete_login(self, request: HttpRequest, app: SocialApp, token: SocialToken, **kwargs: Any) -> SocialLogin:
        if not kwargs["response"].get("id_token"):
            raise OAuth2Error("The provider sent no ID token")
        return super().complete_login(request, app, token, **kwargs)

    def _decode_id_token(self, app: SocialApp, id_token: str) -> dict[Any, Any]:
        data: dict[Any, Any] = jwtkit.verify_and_decode(
            credential=id_token,
            keys_url=self.openid_config["jwks_uri"],
            issuer=self.openid_config["issuer"],
            audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
            verify_signature=True,
        )
        nonce = data.get("nonce")
        if not self.expected_nonce or not isinstance(nonce, str) or not hmac.compare_digest(nonce, self.expected_nonce):
            raise OAuth2Error("Invalid nonce in the ID token")
        return data


class NonceCheckingProvider(OpenIDConnectProvider):
    oauth2_adapter_class = NonceCheckingAdapter

    def redirect(
        self,
        request: HttpRequest,
        process: str,
        next_url: str | None = None,
        data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> HttpResponse:
        nonce = secrets.token_urlsafe(32)
        auth_params = kwargs.pop("auth_params", None)
        auth_params = dict(auth_params) if auth_params is not None else self.get_auth_params()
        auth_params["nonce"] = nonce
        return super().redirect(request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs)


class _NonceCallbackView(OAuth2CallbackView):
    adapter: NonceCheckingAdapter

    def _get_state(
        self, request: HttpRequest, provider: OpenIDConnectProvider
    ) -> tuple[dict[str, Any] | None, HttpResponse | None]:
        state, response = super()._get_state(request, provider)
        if state:
            self.adapter.expected_nonce = state.get("nonce")
        return state, response


def _provider_view(
    view_class: type[OAuth2LoginView | OAuth2CallbackView], request: HttpRequest, provider_id: str
) -> HttpResponse:
    """Runs one of allauth's OAuth2 views with our adapter; an unknown provider is not found."""
    try:
        view = view_class.adapter_view(NonceCheckingAdapter(request, provider_id))
        response: HttpResponse = view(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None
    return response


@login_not_required
def sso_login(request: HttpRequest, provider_id: str) -> HttpResponse:
    response = _provider_view(OAuth2LoginView, request, provider_id)
    # The page that asks "continue to the provider?" (a GET) posts to itself and is sent on.
    return allow_form_action_to(response, list(SocialApp.objects.filter(provider=PROVIDER, provider_id=provider_id)))


@login_not_required
def sso_callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    return _provider_view(_NonceCallbackView, request, provider_id)


# --- adapters: who may sign in, and how -------------------------------------------------------


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False  # accounts come by invitation, registration or an identity provider

    def login(self, request: HttpRequest, user: AbstractBaseUser) -> None:
        if not hasattr(user, "backend"):
            user.backend = "django.contrib.auth.backends.ModelBackend"
        super().login(request, user)

    def add_message(
        self,
        request: HttpRequest,
        level: int,
        message_template: str | None = None,
        message_context: dict[str, Any] | None = None,
        extra_tags: str = "",
        message: str | None = None,
    ) -> None:
        if message_template and message_template.startswith(
            ("account/messages/logged_in", "account/messages/logged_out")
        ):
            return  # the site says nothing on signing in, as before
        super().add_message(request, level, message_template, message_context, extra_tags, message)

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        language = getattr(request.user, "preferred_language", None) or translation.get_language()
        with translation.override(language):
            return reverse("core:home")

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        return  # allauth's notices (factor added, …) are not sent: the history records them

    def confirm_email(self, request: HttpRequest, email_address: Any) -> bool:
        """allauth confirms (ACCOUNT_CHANGE_EMAIL: a new address replaces the old one only now); a
        change of the login address is recorded in the history."""
        user = email_address.user
        changing = email_address.email.lower() != user.email.lower()
        with transaction.atomic():
            confirmed = bool(super().confirm_email(request, email_address))
            if confirmed and changing:
                user.refresh_from_db(fields=["email"])
                email_change_record(user=user)
        return confirmed

    def send_confirmation_mail(self, request: HttpRequest | None, emailconfirmation: Any, signup: bool) -> None:
        """allauth's confirmation link goes through the outbox like every mail of the site, so a
        mail server that is away never turns a registration into an error."""
        from .services import email_confirmation_mail_queue

        email_confirmation_mail_queue(address=emailconfirmation.email_address, key=emailconfirmation.key)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def _refuse(self, request: HttpRequest, sociallogin: SocialLogin, reason: str | None = None) -> None:
        if reason is None:
            raise ImmediateHttpResponse(render_authentication_error(request, sociallogin.provider))
        page = render(request, "accounts/sso_refused.html", {"reason": reason, "provider": sociallogin.provider.app})
        page.status_code = 403
        raise ImmediateHttpResponse(page)

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        """Runs after allauth found the account (by the provider's subject, or by a verified
        e-mail address) and before it signs in or creates one: at every sign-in."""
        app = sociallogin.provider.app
        emails = [address.email for address in sociallogin.email_addresses]
        if not emails:
            self._refuse(request, sociallogin)
        if not all(serves(app, email) for email in emails):
            self._refuse(
                request,
                sociallogin,
                _(
                    "%(provider)s signs in only people with an e-mail address of its own domains. Please sign in "
                    "with your password or with your own organisation's sign-in service."
                )
                % {"provider": app.name},
            )
        user = sociallogin.user
        if user is not None and user.pk is not None:
            reason = refusal(app, user)
            if reason:
                self._refuse(request, sociallogin, reason)

    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return bool(provider_settings(sociallogin.provider.app).get("allow_signup", False))

    def authenticate_by_email(self, sociallogin: SocialLogin) -> tuple[AbstractUser, str] | None:
        """An existing account is found by an e-mail address the provider says it verified. The
        platform's own addresses are verified (an invitation reached them, or the operator
        approved the registration), so allauth need not wipe the account's password."""
        for address in sociallogin.email_addresses:
            if not address.verified:
                continue
            user = get_user_model().objects.filter(email__iexact=address.email, is_active=True).first()
            if user is not None:
                EmailAddress.objects.update_or_create(
                    user=user,
                    email__iexact=user.email,
                    defaults={"email": user.email, "verified": True, "primary": True},
                )
                return user, address.email
        return None

    def populate_user(self, request: HttpRequest, sociallogin: SocialLogin, data: dict[str, Any]) -> User:
        user = super().populate_user(request, sociallogin, data)
        claims = {"email": "email", "full_name": "name"} | dict(
            provider_settings(sociallogin.provider.app).get("claims", {})
        )
        raw = sociallogin.account.extra_data
        source = raw.get("userinfo") or raw.get("id_token") or raw
        email = source.get(claims["email"]) or user.email
        user.email = get_user_model().objects.normalize_email(email)
        user.full_name = str(source.get(claims["full_name"]) or "")[:150]
        # A new account speaks the language of the page the sign-in started from.
        language = translation.get_language_from_path(str(sociallogin.state.get("next") or ""))
        if language:
            user.preferred_language = language
        return user

    def save_user(self, request: HttpRequest, sociallogin: SocialLogin, form: forms.Form | None = None) -> User:
        user = sociallogin.user
        user.set_unusable_password()
        saved = super().save_user(request, sociallogin, form)
        email_confirmed_as_known(user=saved)  # the provider vouches for its people's addresses
        entry_record(
            actor=saved,
            verb="account.created_by_provider",
            target=saved,
            after={"email": saved.email, "provider": sociallogin.provider.app.name},
        )
        return saved
