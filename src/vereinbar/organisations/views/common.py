"""Helpers shared by the organisation pages."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from vereinbar.core.forms import form_errors_from

from ..models import Organisation, OrganisationType
from ..permissions import Action, organisation_for_user

AREAS = {"workspace": OrganisationType.EMPLOYER, "operator": OrganisationType.OPERATOR}

__all__ = ["AREAS", "form_errors_from", "organisation_in_area"]


def organisation_in_area(request: HttpRequest, area: str, slug: str, action: Action = Action.VIEW) -> Organisation:
    """The organisation for this user and action (404/403), and only in its own area."""
    organisation = organisation_for_user(request.user, slug, action)
    if organisation.type != AREAS[area]:
        # An operator organisation has no employer workspace and vice versa.
        raise Http404
    return organisation
