"""Inviting staff: e-mail invitations from a staff list, reminders, printed one-time codes.

Tokens are never stored: the invitation keeps a hash for lookup and, for e-mails, a nonce
from which the same link can be derived again for a reminder (see tokens.py).

The mails go through the outbox without address or link: each outbox row points to its
invitation and the mail is rebuilt from it when the worker sends it (``invitation_mail_build``);
only the sender (the employer and its reply address, the same for everyone) is stored with it,
looked up once per batch, so that 1,600 invitations do not look up the same contact 1,600 times.
Deleting the invitation (closing the survey does) deletes the waiting mail; a sent row
forgets the invitation. The request only records the rows; the worker sends them, and the
survey page shows how far it has got (``selectors.invitations_progress``).
"""

from __future__ import annotations

import difflib
import logging
import unicodedata
import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from vereinbar.accounts.models import User
from vereinbar.activity.services import entry_record
from vereinbar.notifications.models import MailKind, OutgoingMail
from vereinbar.notifications.outbox import Message, Sender, mail_render, outbox_enqueue
from vereinbar.organisations.permissions import Action, has_permission
from vereinbar.organisations.senders import organisation_sender

from .. import tokens
from ..models import InvitationKind, Survey, SurveyInvitation, SurveyStatus, SurveyUnit
from ..staff_csv import StaffRow, staff_list_parse

logger = logging.getLogger(__name__)

MAX_CODES = 2000


def _guard(actor: User, survey: Survey, *, statuses: tuple[str, ...]) -> None:
    if not has_permission(actor, survey.organisation, Action.MANAGE_SURVEYS):
        raise PermissionDenied
    if survey.status not in statuses:
        if survey.status == SurveyStatus.DRAFT:
            raise ValidationError(_("Open the survey first: invitations go out when it is open."))
        raise ValidationError(_("The survey is closed."))


@dataclass(frozen=True)
class Invited:
    sent: int
    skipped: int  # already invited earlier
    repeated: int = 0  # lines of the file that repeat another line


def _queue(survey: Survey, invitations: list[SurveyInvitation], *, reminder: bool) -> str:
    """Outbox rows for these invitations (no address, no link); returns their batch. The sender
    (the employer, a reply going to its coordinator) is looked up once for the whole batch."""
    batch = f"survey:{survey.pk}:{uuid.uuid4().hex[:12]}"
    kind = MailKind.SURVEY_REMINDER if reminder else MailKind.SURVEY_INVITATION
    sender = organisation_sender(survey.organisation)
    OutgoingMail.objects.bulk_create(
        [
            OutgoingMail(
                key=f"survey:{uuid.uuid4().hex}",
                kind=kind,
                language=invitation.language,
                survey_invitation=invitation,
                batch=batch,
                sender_name=sender.name[:200],
                reply_to=sender.reply_to,
            )
            for invitation in invitations
        ],
        batch_size=500,
    )
    outbox_enqueue()
    return batch


def title_names_survey(title: str, language: str) -> bool:
    """Whether a survey's title already says it is a survey, in ``language``: it begins with a
    word for a staff survey ("Medewerkersonderzoek 2027") or has a word for a survey anywhere in
    it ("Befragung zur Vereinbarkeit"). The mails then name the survey by its title alone: the
    invitation's subject leaves out its "Staff survey:", and the bodies say "take part in
    “Medewerkersonderzoek 2027”", not "in the staff survey “Medewerkersonderzoek 2027”"."""
    with translation.override(language):
        listed = pgettext(
            "words that, at the start of a survey's title, already say it is a staff survey; separated by |",
            "Staff survey|Employee survey",
        )
        anywhere = pgettext(
            "words that, anywhere in a survey's title (also inside a longer word), say it is a survey; separated by |",
            "survey|questionnaire",
        )
        words = [_("Staff survey"), *listed.split("|")]
    start = title.strip().casefold()
    if any(word.strip() and start.startswith(word.strip().casefold()) for word in words):
        return True
    return any(word.strip() and word.strip().casefold() in start for word in anywhere.split("|"))


def invitation_mail_build(mail: OutgoingMail) -> Message | None:
    """The invitation or reminder of an outbox row, rebuilt from its invitation at sending time;
    None when it is no longer wanted (survey closed, invitation gone, reminder after answering)."""
    if mail.survey_invitation_id is None:
        return None
    invitation = (
        SurveyInvitation.objects.select_related("survey", "survey__organisation")
        .filter(pk=mail.survey_invitation_id, kind=InvitationKind.EMAIL)
        .first()
    )
    if invitation is None or not invitation.email or not invitation.nonce:
        return None
    survey = invitation.survey
    reminder = mail.kind == MailKind.SURVEY_REMINDER
    if survey.status != SurveyStatus.OPEN or (reminder and invitation.used):
        return None
    try:  # the link first mailed, also after a change of the installation secret
        token = tokens.email_token(invitation.nonce, stored_hash=invitation.token_hash)
    except tokens.TokenSecretUnknown as error:
        logger.error("survey invitation %s not sent: %s", invitation.pk, error)
        return None  # a link that cannot work is not sent
    language = invitation.language
    title = survey.title_in(language)
    subject, body = mail_render(
        language=language,
        template="surveys/mail/reminder" if reminder else "surveys/mail/invitation",
        context={
            "organisation": survey.organisation.name,
            "survey": title,
            "title_names_survey": title_names_survey(title, language),
            "closes_on": survey.closes_on,
            "path": f"/{language}/s/{token}/",
        },
    )
    # From the employer, whose invitation it is; a reply goes to its coordinator. The row has it
    # from its batch (``_queue``); a row queued without one looks it up.
    if mail.sender_name:
        sender = Sender(name=mail.sender_name, reply_to=mail.reply_to)
    else:
        sender = organisation_sender(survey.organisation)
    return Message(to=invitation.email, language=language, subject=subject, body=body, sender=sender)


_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-"))


def _unit_key(text: str) -> str:
    """A unit as a staff list names it, compared without case, spacing, Unicode form, or the kind
    of dash (Excel turns "Amt - Team" into "Amt – Team" as it is typed)."""
    text = unicodedata.normalize("NFC", text).translate(_DASHES)
    return " / ".join(" ".join(part.split()) for part in text.split("/")).casefold()


def _lines_text(lines: list[int]) -> str:
    """Lines 3, 8, 20 … (the first few of many)."""
    shown = ", ".join(str(line) for line in lines[:5])
    return shown + (" …" if len(lines) > 5 else "")


def _unit_problems(rows: list[StaffRow], units: dict[str, SurveyUnit]) -> list[tuple[int, str]]:
    """One message per unit name the survey does not know (with its lines and, where one is
    close, the unit meant), and one for the lines without a unit; so that a list that spells
    a unit differently gets one message, not one per person."""
    unknown: dict[str, tuple[str, list[int]]] = {}
    missing: list[int] = []
    for row in rows:
        if not row.unit:
            if units:
                missing.append(row.line)
        elif _unit_key(row.unit) not in units:
            unknown.setdefault(_unit_key(row.unit), (row.unit, []))[1].append(row.line)
    problems: list[tuple[int, str]] = []
    for key, (unit, lines) in unknown.items():
        values = {"line": _lines_text(lines), "unit": unit}
        message = (
            ngettext(
                "Line %(line)s: there is no unit “%(unit)s” in this survey.",
                "Lines %(line)s: there is no unit “%(unit)s” in this survey.",
                len(lines),
            )
            % values
        )
        close = difflib.get_close_matches(key, list(units), n=1, cutoff=0.8)
        if close:
            message += " " + _("Did you mean “%(unit)s”?") % {"unit": units[close[0]].name}
        problems.append((lines[0], message))
    if missing:
        problems.append(
            (
                missing[0],
                ngettext("Line %(line)s: the unit is missing.", "Lines %(line)s: the unit is missing.", len(missing))
                % {"line": _lines_text(missing)},
            )
        )
    return problems


def _units_by_name_or_path(survey: Survey) -> dict[str, SurveyUnit]:
    """The survey's units by name ("Amt 21") and by path ("Dezernat 2 / Amt 21"), the form the
    unit field of the settings uses, so that a list exported either way is understood."""
    from ..selectors import unit_paths_of

    units = {unit.pk: unit for unit in survey.units.all()}
    by_key = {_unit_key(unit.name): unit for unit in units.values()}
    by_key |= {_unit_key(path): units[pk] for pk, path in unit_paths_of(survey=survey).items()}
    return by_key


UNITS_NAMED = 40  # a county's list of units fits; a longer one is in the survey's settings


def _units_named(rows: list[StaffRow], survey: Survey, units: dict[str, SurveyUnit]) -> list[str]:
    """When the file names a unit the survey does not have: the survey's units, as the file may
    name them. An open survey's units cannot change, so the file is what is corrected, and the
    page with the errors does not show the settings."""
    if not any(row.unit and _unit_key(row.unit) not in units for row in rows):
        return []
    from ..selectors import unit_paths_of

    paths = sorted(unit_paths_of(survey=survey).values(), key=str.casefold)
    shown = "; ".join(paths[:UNITS_NAMED]) + (" …" if len(paths) > UNITS_NAMED else "")
    return [_("The units of this survey are: %(units)s. Use these names in the unit column.") % {"units": shown}]


def invitations_import(
    *, actor: User, survey: Survey, raw: bytes, default_language: str, filename: str = ""
) -> Invited:
    """Invite everyone on a staff list (CSV). Any error in the file changes nothing."""
    _guard(actor, survey, statuses=(SurveyStatus.OPEN,))
    staff = staff_list_parse(raw, default_language=default_language, languages=list(survey.languages))
    units = _units_by_name_or_path(survey)
    problems = list(staff.problems)
    if units and not staff.has_unit_column:
        problems.append((1, _("Line 1: no column is headed “Unit”, but this survey asks for each person's unit.")))
    else:
        problems += _unit_problems(staff.rows, units)
    if problems:
        errors = [message for _line, message in sorted(problems, key=lambda problem: problem[0])]
        rest = len(errors) - 50
        more = ngettext("… and %(count)s more line to correct.", "… and %(count)s more lines to correct.", rest)
        raise ValidationError(
            {
                "file": errors[:50]
                + ([more % {"count": rest}] if rest > 0 else [])
                + _units_named(staff.rows, survey, units)
            }
        )
    already = set(SurveyInvitation.objects.filter(survey=survey).exclude(email="").values_list("email", flat=True))
    new = [row for row in staff.rows if row.email not in already]
    invitations = []
    for row in new:
        nonce = tokens.new_nonce()
        invitations.append(
            SurveyInvitation(
                survey=survey,
                kind=InvitationKind.EMAIL,
                email=row.email,
                language=row.language,
                unit=units.get(_unit_key(row.unit)) if row.unit else None,
                nonce=nonce,
                token_hash=tokens.token_hash(tokens.email_token(nonce)),
            )
        )
    with transaction.atomic():
        SurveyInvitation.objects.bulk_create(invitations, batch_size=500)
        created = list(SurveyInvitation.objects.filter(survey=survey, email__in=[row.email for row in new]))
        entry_record(
            actor=actor,
            verb="survey.invitations_sent",
            target=survey,
            organisation=survey.organisation,
            after={"sent": len(new), "skipped": len(staff.rows) - len(new), "file": filename[:100]},
        )
        if created:
            _queue(survey, created, reminder=False)
    return Invited(sent=len(new), skipped=len(staff.rows) - len(new), repeated=staff.repeated)


def _guard_reminder_gap(survey: Survey) -> None:
    from ..selectors import reminders_of

    reminders = reminders_of(survey=survey)
    if reminders.last_sent_at is not None and reminders.next_possible_at is not None:
        raise ValidationError(
            _("Reminders went out on %(when)s. To spare people a second mail, the next ones can be sent from %(next)s.")
            % {
                "when": formats.date_format(timezone.localtime(reminders.last_sent_at), "SHORT_DATETIME_FORMAT"),
                "next": formats.date_format(timezone.localtime(reminders.next_possible_at), "SHORT_DATETIME_FORMAT"),
            }
        )


def invitations_remind(*, actor: User, survey: Survey) -> int:
    """Remind everyone invited by e-mail who has not submitted, with the same personal link; at
    most once in ``selectors.REMINDER_GAP`` (a second click would send everyone a second mail at once)."""
    _guard(actor, survey, statuses=(SurveyStatus.OPEN,))
    _guard_reminder_gap(survey)
    with transaction.atomic():
        pending = list(SurveyInvitation.objects.filter(survey=survey, kind=InvitationKind.EMAIL, used=False))
        entry_record(
            actor=actor,
            verb="survey.reminders_sent",
            target=survey,
            organisation=survey.organisation,
            after={"sent": len(pending)},
        )
        if pending:
            _queue(survey, pending, reminder=True)
    return len(pending)


def codes_create(*, actor: User, survey: Survey, count: int, unit: SurveyUnit | None, language: str) -> list[str]:
    """Printable one-time codes for staff without e-mail. Shown once: only their hashes are kept."""
    _guard(actor, survey, statuses=(SurveyStatus.DRAFT, SurveyStatus.OPEN))
    if not 1 <= count <= MAX_CODES:
        raise ValidationError({"count": _("Create between 1 and %(max)s codes at a time.") % {"max": MAX_CODES}})
    if unit is not None and unit.survey_id != survey.pk:
        raise ValidationError({"unit": _("Unknown unit.")})
    if language not in survey.languages:
        raise ValidationError({"language": _("This language is not offered in this survey.")})
    codes = [tokens.new_code() for _ in range(count)]
    with transaction.atomic():
        SurveyInvitation.objects.bulk_create(
            [
                SurveyInvitation(
                    survey=survey,
                    kind=InvitationKind.CODE,
                    language=language,
                    unit=unit,
                    token_hash=tokens.token_hash(code),
                )
                for code in codes
            ],
            batch_size=500,
        )
        entry_record(
            actor=actor,
            verb="survey.codes_created",
            target=survey,
            organisation=survey.organisation,
            after={"count": count, "unit": unit.name if unit else None},
        )
    return [tokens.format_code(code) for code in codes]
