"""Human labels for history verbs. Apps register theirs so the log reads in every language."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

_LABELS: dict[str, Promise | str] = {
    "organisation.created": _("created the organisation"),
    "organisation.updated": _("updated the profile"),
    "membership.added": _("added a member"),
    "membership.role_changed": _("changed a member's role"),
    "membership.removed": _("removed a member"),
    "invitation.sent": _("sent an invitation"),
    "invitation.accepted": _("accepted an invitation"),
    "invitation.withdrawn": _("withdrew an invitation"),
    "token.created": _("created an API token"),
    "token.revoked": _("revoked an API token"),
    "account.deleted": _("deleted an account"),
    "survey.raw_data_removed": _("deleted the survey's individual answers (retention period)"),
}


def register_verbs(labels: dict[str, Promise | str]) -> None:
    """Called from an app's ``ready()`` to add the labels of its verbs."""
    _LABELS.update(labels)


def verb_label(verb: str) -> str:
    return str(_LABELS.get(verb, verb))
