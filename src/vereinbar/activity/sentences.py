"""How each kind of history entry reads: one translated sentence per verb.

A sentence names its parts with ``%(name)s``: ``actor`` (who did it), ``object`` (the entry's
target, named in the reader's language when it is read) and any key of the entry's
before/after values (formatted as a label, a date, a person…). Keys a sentence names are not
repeated in the entry's details. Apps register the sentences of their verbs from ``ready()``
(``register_sentences``), as they register the short verb labels; the platform's own verbs and
those of the apps that have not moved their sentences yet are listed here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

_SENTENCES: dict[str, Promise | str] = {
    # Organisations and their people
    "organisation.created": _("%(actor)s created the organisation %(object)s."),
    "organisation.updated": _("%(actor)s changed the profile of %(object)s."),
    "organisation.registered": _("%(actor)s registered the organisation %(object)s."),
    "organisation.approved": _("%(actor)s approved the registration of %(object)s."),
    "organisation.rejected": _("%(actor)s rejected the registration of %(object)s."),
    "organisation.resubmitted": _("%(actor)s submitted the registration of %(object)s again."),
    "organisation.offers_link_rotated": _("%(actor)s made a new link to the staff offers page."),
    "organisation.offers_link_disabled": _("%(actor)s turned off the link to the staff offers page."),
    "unit.created": _("%(actor)s added the unit “%(object)s”."),
    "unit.updated": _("%(actor)s changed the unit “%(object)s”."),
    "unit.deleted": _("%(actor)s deleted the unit “%(object)s”."),
    "contact.created": _("%(actor)s added the contact “%(object)s”."),
    "contact.updated": _("%(actor)s changed the contact “%(object)s”."),
    "contact.deleted": _("%(actor)s deleted the contact “%(object)s”."),
    "membership.added": _("%(actor)s added %(user)s as %(role)s."),
    "membership.role_changed": _("%(actor)s gave %(object)s the role “%(role)s”."),
    "membership.removed": _("%(actor)s removed %(user)s from the organisation."),
    "invitation.sent": _("%(actor)s invited %(email)s as %(role)s."),
    "invitation.accepted": _("%(actor)s accepted the invitation and joined the organisation."),
    "invitation.withdrawn": _("%(actor)s withdrew the invitation to %(object)s."),
    "token.created": _("%(actor)s created the API token %(object)s."),
    "token.revoked": _("%(actor)s revoked the API token %(object)s."),
    "account.deleted": _("%(actor)s deleted an account."),
    # Programmes and questionnaires
    "programme.version_loaded": _("%(actor)s loaded version %(version)s of the programme %(object)s."),
    "instrument.loaded": _("%(actor)s loaded the questionnaire “%(object)s”."),
    # Cycles and their phases
    "cycle.applied": _("%(actor)s applied for %(object)s."),
    "cycle.accepted": _("%(actor)s accepted the application for %(object)s."),
    "cycle.declined": _("%(actor)s declined the application for %(object)s."),
    "cycle.withdrawn": _("%(actor)s withdrew from %(object)s."),
    "cycle.auditor_assigned": _("%(actor)s made %(auditor)s the auditor of %(object)s."),
    "cycle.renewed": _("%(actor)s opened the next stage: %(object)s."),
    "cycle.phase_chosen": _("%(actor)s changed which optional phases %(object)s takes."),
    "cycle.completed": _("The cycle %(object)s is complete."),
    "cycle.granted": _("%(actor)s granted the award for %(object)s."),
    "cycle.deferred": _("%(actor)s deferred the decision on %(object)s."),
    "cycle.refused": _("%(actor)s refused the award for %(object)s."),
    "phase.opened": _("The phase “%(object)s” opened."),
    "phase.submitted": _("%(actor)s submitted the phase “%(object)s”."),
    "phase.accepted": _("%(actor)s accepted the phase “%(object)s”."),
    "phase.returned": _("%(actor)s returned the phase “%(object)s” for changes."),
    "phase.content_changed": _("%(actor)s worked on “%(object)s”."),
    "evidence.added": _("%(actor)s attached the document %(file)s to “%(object)s”."),
    "evidence.removed": _("%(actor)s removed the document %(file)s from “%(object)s”."),
    "evidence.downloaded": _("%(actor)s downloaded the document %(file)s of “%(object)s”."),
    "agreement.signed": _("%(actor)s recorded that %(signer)s signed the target agreement on %(signed_on)s."),
    "signature.recorded": _("%(actor)s recorded that %(signer)s signed on %(signed_on)s."),
    # Awards
    "award.granted": _("%(actor)s issued the award no. %(object)s."),
    "award.revoked": _("%(actor)s revoked the award no. %(object)s."),
    "award.expired": _("The award no. %(object)s expired."),
    "award.superseded": _("The award no. %(object)s was replaced by no. %(by)s."),
    # Measures and the catalogue
    "measure.created": _("%(actor)s added the measure “%(object)s”."),
    "measure.updated": _("%(actor)s changed the measure “%(object)s”."),
    "measure.put_in_place": _("%(actor)s recorded the measure “%(object)s” as in place."),
    "measure.ended": _("%(actor)s recorded the measure “%(object)s” as ended."),
    "measure.planned": _("%(actor)s set the measure “%(object)s” back to planned."),
    "measure.deleted": _("%(actor)s deleted the measure “%(object)s”."),
    "measure_type.created": _("%(actor)s added “%(object)s” to the measure catalogue."),
    "measure_type.updated": _("%(actor)s changed the catalogue entry “%(object)s”."),
    "measure_catalogue.loaded": _("%(actor)s loaded the measure catalogue."),
    # Surveys
    "survey.created": _("%(actor)s created the survey “%(object)s”."),
    "survey.updated": _("%(actor)s changed the settings of the survey “%(object)s”."),
    "survey.opened": _("%(actor)s opened the survey “%(object)s”."),
    "survey.closed": _("%(actor)s closed the survey “%(object)s”."),
    "survey.open_link_enabled": _("%(actor)s switched on the open link of the survey “%(object)s”."),
    "survey.open_link_disabled": _("%(actor)s switched off the open link of the survey “%(object)s”."),
    "survey.access_granted": _("%(actor)s gave %(user)s access to the survey “%(object)s”."),
    "survey.access_revoked": _("%(actor)s withdrew the access of %(user)s to the survey “%(object)s”."),
    "survey.invitations_sent": _("%(actor)s sent invitations to the survey “%(object)s”."),
    "survey.reminders_sent": _("%(actor)s sent reminders for the survey “%(object)s”."),
    "survey.codes_created": _("%(actor)s created printed codes for the survey “%(object)s”."),
    "survey.raw_data_exported": _("%(actor)s exported the individual answers of the survey “%(object)s”."),
    "survey.raw_data_removed": _(
        "The individual answers of the survey “%(object)s” were deleted at the end of the retention period."
    ),
    "survey.hotspot_goal": _("%(actor)s made goal %(goal)s of the target agreement from the survey “%(object)s”."),
    # News and practice reports
    "announcement.created": _("%(actor)s wrote the announcement “%(object)s”."),
    "announcement.updated": _("%(actor)s changed the announcement “%(object)s”."),
    "announcement.published": _("%(actor)s published the announcement “%(object)s”."),
    "announcement.withdrawn": _("%(actor)s withdrew the announcement “%(object)s”."),
    "practice_report.updated": _("%(actor)s changed the practice report “%(object)s”."),
    "practice_report.photo_added": _("%(actor)s added the photo “%(object)s” to the practice report."),
    "practice_report.photo_deleted": _("%(actor)s deleted the photo “%(object)s” from the practice report."),
}

# Used instead when the person the entry names ("user") is the one who acted.
_OWN_SENTENCES: dict[str, Promise | str] = {
    "membership.added": _("%(actor)s became a member as %(role)s."),
    "membership.removed": _("%(actor)s left the organisation."),
}

# Used instead when the entry records this status before the change: (verb, status) -> sentence.
# Apps add theirs with ``register_sentences(…, from_status=…)``.
_FROM_STATUS_SENTENCES: dict[tuple[str, str], Promise | str] = {}

# Used instead when the entry's object is of a known kind (an award of a certification, a
# recognition or a charter): verb -> {kind: sentence}. Apps add theirs with
# ``register_sentences(…, by_kind=…)``, and say how their objects' kinds are read (``kind_of``).
_KIND_SENTENCES: dict[str, dict[str, Promise | str]] = {}
_KIND_READERS: dict[str, tuple[Callable[[Any], str | None], tuple[str, ...]]] = {}
# The label of a recorded value after the object's kind (an award's number: "certificate no."):
# key -> {kind: label}; ``register_sentences(…, labels_by_kind=…)``.
_KIND_LABELS: dict[str, dict[str, Promise | str]] = {}

# Shown when a verb has no sentence (yet): the verb's short label after who did it.
FALLBACK = _("%(actor)s: %(verb)s %(object)s")


def register_sentences(
    sentences: dict[str, Promise | str],
    *,
    from_status: dict[tuple[str, str], Promise | str] | None = None,
    by_kind: dict[str, dict[str, Promise | str]] | None = None,
    labels_by_kind: dict[str, dict[str, Promise | str]] | None = None,
) -> None:
    """Called from an app's ``ready()`` to add or replace the sentences of its verbs; ``from_status``
    words a verb differently when the entry records that status before the change (a phase
    "accepted" straight from "open" was completed by its actor: nobody accepted it); ``by_kind``
    words it after the kind of the entry's object (``register_kind_reader``), as ``labels_by_kind``
    labels a recorded value."""
    _SENTENCES.update(sentences)
    _FROM_STATUS_SENTENCES.update(from_status or {})
    for verb, per_kind in (by_kind or {}).items():
        _KIND_SENTENCES.setdefault(verb, {}).update({kind: text for kind, text in per_kind.items() if kind})
    for key, per_kind in (labels_by_kind or {}).items():
        _KIND_LABELS.setdefault(key, {}).update({kind: text for kind, text in per_kind.items() if kind})


def kind_label(key: str, kind: str | None) -> Promise | str | None:
    """The label of the recorded value ``key`` for an object of ``kind``, if one is registered."""
    return _KIND_LABELS.get(key, {}).get(kind) if kind else None


def register_kind_reader(model: str, kind_of: Callable[[Any], str | None], *, related: tuple[str, ...] = ()) -> None:
    """How the kind of an object of ``model`` ("app_label.modelname") is read for ``by_kind``
    sentences; ``related``: what to fetch with the objects so that reading it costs no query."""
    _KIND_READERS[model] = (kind_of, related)


def kind_reader(model: str) -> tuple[Callable[[Any], str | None], tuple[str, ...]] | None:
    return _KIND_READERS.get(model)


def sentence_for(
    verb: str, *, own: bool = False, status_before: str | None = None, kind: str | None = None
) -> Promise | str | None:
    """The verb's sentence; ``own`` when the actor is the person the entry is about;
    ``status_before`` the status the entry records before the change, if any; ``kind`` the kind
    of the entry's object, if known."""
    if status_before is not None and (verb, status_before) in _FROM_STATUS_SENTENCES:
        return _FROM_STATUS_SENTENCES[(verb, status_before)]
    if kind and kind in _KIND_SENTENCES.get(verb, {}):
        return _KIND_SENTENCES[verb][kind]
    return (_OWN_SENTENCES.get(verb) if own else None) or _SENTENCES.get(verb)


def known_verbs() -> set[str]:
    return set(_SENTENCES)
