"""Self-registration of a new employer (public) and its review in the operator area."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.timesince import timeuntil
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from vereinbar.accounts.models import User
from vereinbar.accounts.selectors import email_confirmation_pending
from vereinbar.accounts.services import email_confirmation_rate_limit
from vereinbar.core.list_state import list_state_url
from vereinbar.core.ratelimit import address_subject
from vereinbar.core.types import AuthedRequest

from .. import selectors, services
from ..forms import ApproveForm, RegistrationForm, RejectForm
from ..limits import REGISTRATIONS
from .common import form_errors_from


def register(request: HttpRequest) -> HttpResponse:
    user = request.user if request.user.is_authenticated else None
    form = RegistrationForm(
        request.POST or None, with_account=user is None, initial={"language": translation.get_language()}
    )
    if request.method == "POST" and form.is_valid():
        if user is None and REGISTRATIONS.record(address_subject(request)):
            return _too_many_registrations(request)
        try:
            membership = services.organisation_register(user=user, **form.service_arguments())
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            if user is None:
                login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
            _registered_message(request, membership.organisation.name, membership.user)
            return redirect("workspace:organisation", slug=membership.organisation.slug)
    return render(request, "organisations/register.html", {"form": form})


def _registered_message(request: HttpRequest, organisation: str, user: User) -> None:
    """Say that it worked, and no more: the workspace it leads to says what happens next
    (confirming the address, the mail that failed, the operator's review) in its own notices."""
    messages.success(request, _("%(organisation)s has been registered.") % {"organisation": organisation})
    pending = email_confirmation_pending(user=user)
    if pending is not None:
        # The link just sent counts against allauth's limit, so "send it again" waits a few minutes.
        email_confirmation_rate_limit(request=request, email=pending.email)


def _too_many_registrations(request: HttpRequest) -> HttpResponse:
    """A page of its own rather than the form again: sending it again would be refused too.
    The window is counted from the first registration in it, so it ends within one window."""
    now = timezone.now()
    wait = timeuntil(now + timedelta(seconds=REGISTRATIONS.window), now)
    response = render(request, "organisations/register_limited.html", {"wait": wait}, status=429)
    response["Retry-After"] = str(REGISTRATIONS.window)
    return response


def _focus_first_error(form: ApproveForm | RejectForm | None) -> None:
    """On a phone the form with the error is far down the page: the browser goes to its field."""
    if form is None or not form.errors:
        return
    for name, field in form.fields.items():
        if name in form.errors:
            field.widget.attrs["autofocus"] = True
            return


def _detail(
    request: AuthedRequest, slug: str, approve_form: ApproveForm | None = None, reject_form: RejectForm | None = None
) -> HttpResponse:
    org = selectors.registration_for_review(user=request.user, slug=slug)
    for sent in (approve_form, reject_form):
        _focus_first_error(sent)
    return render(
        request,
        "organisations/registration_detail.html",
        {
            "organisation": org,
            "coordinators": selectors.coordinators_confirmed_of(organisation=org),
            "entries": selectors.registration_entries(organisation=org)[:50],
            "approve_form": approve_form or ApproveForm(),
            "reject_form": reject_form or RejectForm(),
        },
    )


@login_required
def registration_detail(request: AuthedRequest, slug: str) -> HttpResponse:
    return _detail(request, slug)


def _reloaded(request: AuthedRequest, slug: str) -> HttpResponse | None:
    """A GET of an approve or reject URL (the page reloaded, or its language switched, after a
    refused form was shown there): the registration's page, never a 405."""
    if request.method == "POST":
        return None
    return redirect("operator:registration", slug=slug)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def registration_approve(request: AuthedRequest, slug: str) -> HttpResponse:
    org = selectors.registration_for_review(user=request.user, slug=slug)
    if reloaded := _reloaded(request, slug):
        return reloaded
    form = ApproveForm(request.POST)
    if form.is_valid():
        try:
            services.organisation_approve(actor=request.user, organisation=org, comment=form.cleaned_data["comment"])
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("%(organisation)s has been approved.") % {"organisation": org.name})
            return redirect(list_state_url(request, "operator:registrations"))
    return _detail(request, slug, approve_form=form)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def registration_reject(request: AuthedRequest, slug: str) -> HttpResponse:
    org = selectors.registration_for_review(user=request.user, slug=slug)
    if reloaded := _reloaded(request, slug):
        return reloaded
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            services.organisation_reject(actor=request.user, organisation=org, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(
                request, _("The registration of %(organisation)s has been rejected.") % {"organisation": org.name}
            )
            return redirect(list_state_url(request, "operator:registrations"))
    return _detail(request, slug, reject_form=form)
