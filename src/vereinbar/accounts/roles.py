"""Roles a user can hold in an organisation, and which organisation type each belongs to."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OPERATOR_ADMIN = "operator_admin", _("Operator admin")
    AUDITOR = "auditor", _("Auditor")
    BOARD_MEMBER = "board_member", _("Board member")
    COORDINATOR = "coordinator", _("Coordinator")
    CONTRIBUTOR = "contributor", _("Contributor")
    VIEWER = "viewer", _("Viewer")


OPERATOR_ROLES = frozenset({Role.OPERATOR_ADMIN, Role.AUDITOR, Role.BOARD_MEMBER})
EMPLOYER_ROLES = frozenset({Role.COORDINATOR, Role.CONTRIBUTOR, Role.VIEWER})


def roles_for_type(organisation_type: str) -> frozenset[Role]:
    """The roles that exist in an organisation of this type (employer or operator)."""
    return OPERATOR_ROLES if organisation_type == "operator" else EMPLOYER_ROLES
