from __future__ import annotations

from typing import Any

from allauth.account import views as allauth_views
from allauth.account.internal.flows.login import perform_password_login
from allauth.account.models import Login
from django import forms
from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from vereinbar.core.types import AuthedRequest

from . import selectors, services, sso
from .forms import AcceptInvitationForm, EmailChangeForm, LoginForm, ProfileForm, TokenCreateForm
from .models import ApiToken


def _form_errors_from(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's validation errors next to the matching form fields."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class LogoutView(auth_views.LogoutView):
    """Signs out and says so on the next page: at a shared office computer nobody has to wonder."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        was_signed_in = request.user.is_authenticated
        response = super().post(request, *args, **kwargs)
        if was_signed_in:
            messages.success(request, _("You have been signed out."))
        return response


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        user = self.request.user
        with translation.override(getattr(user, "preferred_language", None) or translation.get_language()):
            return reverse("core:home")

    def form_valid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]  # form_class is LoginForm
        """The password was right: allauth's login flow takes over, which asks for the second
        factor when the person has one (and records how they signed in, for re-authentication)."""
        user = form.get_user()
        with translation.override(getattr(user, "preferred_language", None) or translation.get_language()):
            next_url = self.get_redirect_url() or reverse("core:home")
        return perform_password_login(self.request, {"email": user.email}, Login(user=user, redirect_url=next_url))

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        context["providers"] = self.providers
        return context

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.providers = sso.login_providers()
        response = super().dispatch(request, *args, **kwargs)
        if isinstance(response, HttpResponse):
            sso.allow_form_action_to(response, self.providers)
        return response


@login_required
def account(request: AuthedRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(
        request.POST or None,
        initial={"full_name": user.full_name, "preferred_language": user.preferred_language},
    )
    if request.method == "POST" and form.is_valid():
        services.user_update_profile(user=user, **form.cleaned_data)
        messages.success(request, _("Your profile has been saved."))
        with translation.override(user.preferred_language):
            return redirect(reverse("accounts:account"))
    return _account_page(request, form=form)


def _account_page(
    request: AuthedRequest, *, form: ProfileForm | None = None, email_form: EmailChangeForm | None = None
) -> HttpResponse:
    user = request.user
    form = form or ProfileForm(initial={"full_name": user.full_name, "preferred_language": user.preferred_language})
    return render(
        request,
        "accounts/account.html",
        {
            "form": form,
            # An account that signs in only through an identity provider gets its address from there.
            "email_form": (email_form or EmailChangeForm()) if user.has_usable_password() else None,
            "email_change": selectors.email_change_pending(user=user),
            "memberships": selectors.memberships_of(user=user),
        },
    )


@login_required
@require_POST
def email_change(request: AuthedRequest) -> HttpResponse:
    """Ask for a new login address: it replaces the current one once its link is followed."""
    user = request.user
    form = EmailChangeForm(request.POST)
    if not user.has_usable_password():
        return redirect("accounts:account")
    if form.is_valid():
        signed_in = authenticate(request, username=user.email, password=form.cleaned_data["password"])
        if signed_in is None or signed_in.pk != user.pk:
            form.add_error("password", _("The password is not correct."))
        else:
            try:
                address = services.email_change_request(request=request, user=user, email=form.cleaned_data["email"])
            except ValidationError as exc:
                _form_errors_from(form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "We have sent a link to %(new)s. Until you follow it, %(current)s stays your e-mail "
                        "address for signing in and for all mails."
                    )
                    % {"new": address.email, "current": user.email},
                )
                return redirect("accounts:account")
    return _account_page(request, email_form=form)


@login_required
@require_POST
def email_change_resend(request: AuthedRequest) -> HttpResponse:
    pending = selectors.email_change_pending(user=request.user)
    if pending is None:
        messages.info(request, _("No change of your e-mail address is waiting for confirmation."))
    elif not services.email_change_resend(request=request, user=request.user):
        messages.warning(
            request,
            _("A link was sent to %(email)s only a few minutes ago. Please look for it, or ask again in a few minutes.")
            % {"email": pending.email},
        )
    else:
        messages.success(request, _("We have sent a new link to %(email)s.") % {"email": pending.email})
    return redirect("accounts:account")


@login_required
@require_POST
def email_change_cancel(request: AuthedRequest) -> HttpResponse:
    pending = selectors.email_change_pending(user=request.user)
    if pending is not None and services.email_change_cancel(user=request.user):
        messages.success(
            request,
            _("The change to %(new)s has been cancelled; %(current)s stays your e-mail address.")
            % {"new": pending.email, "current": request.user.email},
        )
    return redirect("accounts:account")


@login_required
def tokens(request: AuthedRequest) -> HttpResponse:
    form = TokenCreateForm(request.POST or None, user=request.user)
    new_secret = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            new = services.token_create(
                user=request.user,
                name=data["name"],
                expires_in_days=data["expires_in_days"],
                read_only=data["read_only"],
                organisations=list(data.get("organisations") or []),
            )
        except ValidationError as exc:
            _form_errors_from(form, exc)
        else:
            new_secret = new.secret
            form = TokenCreateForm(user=request.user)
    return render(
        request,
        "accounts/tokens.html",
        {"form": form, "tokens": selectors.tokens_of(user=request.user), "new_secret": new_secret},
    )


@login_required
@require_http_methods(["GET", "POST"])
def token_revoke(request: AuthedRequest, token_id: int) -> HttpResponse:
    """GET asks before revoking; the POST revokes."""
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    if request.method == "GET":
        return render(
            request,
            "core/confirm.html",
            {
                "subnav": "accounts/_subnav.html",
                "current": "tokens",
                "question": _("Revoke the token “%(name)s”?") % {"name": token.name},
                "consequence": _(
                    "Scripts that use it stop working at once. A revoked token cannot be used again; "
                    "create a new one if needed."
                ),
                "confirm_label": _("Revoke the token"),
                "cancel_url": reverse("accounts:tokens"),
            },
        )
    services.token_revoke(user=request.user, token=token)
    messages.success(request, _("The token “%(name)s” has been revoked.") % {"name": token.name})
    return redirect("accounts:tokens")


def invitation_accept(request: HttpRequest, secret: str) -> HttpResponse:
    invitation = services.invitation_find(secret=secret)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    user = request.user if request.user.is_authenticated else None
    needs_account = user is None
    form = AcceptInvitationForm(request.POST or None) if needs_account else None
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            membership = services.invitation_accept(
                invitation=invitation,
                user=user,
                full_name=form.cleaned_data["full_name"] if form else "",
                password=form.cleaned_data["password1"] if form else "",
            )
        except ValidationError as exc:
            if form is not None:
                _form_errors_from(form, exc)
            else:
                messages.error(request, " ".join(exc.messages))
        else:
            if needs_account:
                login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome to %(organisation)s.") % {"organisation": membership.organisation})
            return redirect(selectors.home_url_for(membership))
    return render(request, "accounts/invitation_accept.html", {"invitation": invitation, "form": form})


@login_required
@require_POST
def email_confirmation_send(request: AuthedRequest) -> HttpResponse:
    """The notice's button "send the link again"; allauth limits how often."""
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = reverse("core:home")
    pending = selectors.email_confirmation_pending(user=request.user)
    if pending is None:
        messages.info(request, _("Your e-mail address is confirmed already."))
    elif not services.email_confirmation_resend(request=request, user=request.user):
        messages.warning(
            request,
            _("A link was sent to %(email)s only a few minutes ago. Please look for it, or ask again in a few minutes.")
            % {"email": pending.email},
        )
    elif (now := selectors.email_confirmation_pending(user=request.user)) is not None and now.mail_failed:
        messages.error(
            request, _("The mail to %(email)s could not be sent. We will try again shortly.") % {"email": pending.email}
        )
    else:
        messages.success(request, _("We have sent a new link to %(email)s.") % {"email": pending.email})
    return redirect(back)


class ConfirmEmailView(allauth_views.ConfirmEmailView):
    """allauth's confirm page (the link in the confirmation mail). A link that has expired, was
    used or belongs to a cancelled change says what to do next: the signed-in person's pending
    change (account page) or unconfirmed address (send the link again); pressing "Confirm" on
    such a link shows the same page, not an error."""

    def post(self, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().post(*args, **kwargs)
        except Http404:
            self.object = None
            return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        if self.object is None and user.is_authenticated:
            context["email_change"] = selectors.email_change_pending(user=user)
            context["address_unconfirmed"] = selectors.email_confirmation_pending(user=user)
        return context


confirm_email = ConfirmEmailView.as_view()
