"""What every cycle page does first: fetch the cycle for this user in this area."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404

from vereinbar.core.types import AuthedRequest
from vereinbar.organisations.permissions import organisation_for_user

from ..links import cycle_reverse
from ..models import Cycle, PhaseRun
from ..permissions import OPERATOR_PARTIES, CycleAction, cycle_for_user, parties_of

AREAS = ("workspace", "operator")


def cycle_get(
    request: AuthedRequest, area: str, pk: int, slug: str | None, action: CycleAction = CycleAction.VIEW
) -> Cycle:
    """The cycle for this user: in the workspace only the organisation's own cycles (by its
    members), in the operator area only for the operator's side. Else 404 (or 403 for ``action``)."""
    if area == "workspace":
        organisation = organisation_for_user(request.user, slug or "")
        cycle = cycle_for_user(request.user, pk, CycleAction.VIEW, organisation=organisation)
        if not parties_of(request.user, cycle) - OPERATOR_PARTIES:
            raise Http404
    else:
        cycle = cycle_for_user(request.user, pk, CycleAction.VIEW)
        if not parties_of(request.user, cycle) & OPERATOR_PARTIES:
            raise Http404
    if action != CycleAction.VIEW:
        cycle_for_user(request.user, pk, action)
    return cycle


def run_get(cycle: Cycle, run_pk: int) -> PhaseRun:
    return get_object_or_404(PhaseRun.objects.select_related("phase", "cycle"), pk=run_pk, cycle=cycle)


def back(area: str, cycle: Cycle, name: str = "detail", *args: Any, anchor: str = "") -> HttpResponseRedirect:
    url = cycle_reverse(area, cycle, name, *args)
    return HttpResponseRedirect(f"{url}#{anchor}" if anchor else url)


def refusal_message(request: HttpRequest, exc: Exception) -> None:
    """Show why a service refused (a ValidationError's messages, or a PermissionDenied's text)."""
    if isinstance(exc, ValidationError):
        for message in exc.messages:
            messages.error(request, message)
    elif isinstance(exc, PermissionDenied) and exc.args:
        messages.error(request, str(exc.args[0]))


def form_errors_from(form: BaseForm, exc: ValidationError) -> None:
    """Put a service's errors next to the matching form fields (others on top of the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied
