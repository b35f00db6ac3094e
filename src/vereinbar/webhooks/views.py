"""Webhook endpoints of an organisation, in the employer workspace and the operator area
(same views, two areas): list and add, change, new secret, delete, the latest messages with
their status, and sending one again."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vereinbar.core.types import AuthedRequest
from vereinbar.organisations.models import Organisation
from vereinbar.organisations.permissions import Action
from vereinbar.organisations.views.common import form_errors_from, organisation_in_area

from . import selectors, services
from .forms import EndpointChangeForm, EndpointForm
from .models import EventType


def _organisation(request: AuthedRequest, area: str, slug: str) -> Organisation:
    return organisation_in_area(request, area, slug, Action.MANAGE_WEBHOOKS)


@login_required
def endpoints(request: AuthedRequest, area: str, slug: str) -> HttpResponse:
    organisation = _organisation(request, area, slug)
    form = EndpointForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            endpoint = services.endpoint_create(
                actor=request.user,
                organisation=organisation,
                url=form.cleaned_data["url"],
                description=form.cleaned_data["description"],
                events=form.cleaned_data["events"],
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("The endpoint was added. Copy its signing secret into your system."))
            return redirect(f"{area}_webhooks:endpoint", slug=slug, endpoint_id=endpoint.pk)
    return render(
        request,
        "webhooks/endpoints.html",
        {
            "area": area,
            "organisation": organisation,
            "endpoints": selectors.endpoints_of(organisation=organisation),
            "form": form,
            "max_endpoints": services.MAX_ENDPOINTS,
        },
        status=400 if form.errors else 200,
    )


@login_required
def endpoint(request: AuthedRequest, area: str, slug: str, endpoint_id: int) -> HttpResponse:
    organisation = _organisation(request, area, slug)
    item = selectors.endpoint_of(organisation=organisation, endpoint_id=endpoint_id)
    initial = {"url": item.url, "description": item.description, "events": item.events, "is_active": item.is_active}
    form = EndpointChangeForm(request.POST or None, initial=initial, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.endpoint_update(
                actor=request.user,
                endpoint=item,
                url=form.cleaned_data["url"],
                description=form.cleaned_data["description"],
                events=form.cleaned_data["events"],
                is_active=form.cleaned_data["is_active"],
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("The endpoint was saved."))
            return redirect(f"{area}_webhooks:endpoint", slug=slug, endpoint_id=item.pk)
    return render(
        request,
        "webhooks/endpoint.html",
        {
            "area": area,
            "organisation": organisation,
            "endpoint": item,
            "form": form,
            "deliveries": selectors.deliveries_of(endpoint=item),
            "event_labels": dict(EventType.choices),
            "not_offered": [label for value, label in EventType.choices if value in item.events_not_offered()],
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def endpoint_secret(request: AuthedRequest, area: str, slug: str, endpoint_id: int) -> HttpResponse:
    organisation = _organisation(request, area, slug)
    item = selectors.endpoint_of(organisation=organisation, endpoint_id=endpoint_id)
    services.endpoint_rotate_secret(actor=request.user, endpoint=item)
    messages.success(request, _("The endpoint has a new signing secret. Copy it into your system."))
    return redirect(f"{area}_webhooks:endpoint", slug=slug, endpoint_id=item.pk)


@login_required
@require_POST
def endpoint_delete(request: AuthedRequest, area: str, slug: str, endpoint_id: int) -> HttpResponse:
    organisation = _organisation(request, area, slug)
    item = selectors.endpoint_of(organisation=organisation, endpoint_id=endpoint_id)
    services.endpoint_delete(actor=request.user, endpoint=item)
    messages.success(request, _("The endpoint was deleted."))
    return redirect(f"{area}_webhooks:list", slug=slug)


@login_required
@require_POST
def delivery_redeliver(
    request: AuthedRequest, area: str, slug: str, endpoint_id: int, delivery_id: int
) -> HttpResponse:
    organisation = _organisation(request, area, slug)
    item = selectors.endpoint_of(organisation=organisation, endpoint_id=endpoint_id)
    delivery = selectors.delivery_of(endpoint=item, delivery_id=delivery_id)
    try:
        services.delivery_redeliver(actor=request.user, delivery=delivery)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The message will be sent again."))
    return redirect(f"{area}_webhooks:endpoint", slug=slug, endpoint_id=item.pk)
