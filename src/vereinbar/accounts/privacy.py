"""Privacy operations on an account: everything stored about it as a download, and deleting it
with its personal data while the history stays whole (its entries name a pseudonym instead).

The export is generic: every row of every table that refers to the user (a foreign key to the
user model), except secrets (password hash, token hashes). Files are listed by name, not
included: evidence and documents belong to the organisation, not to whoever uploaded them.
See docs/privacy.md.
"""

from __future__ import annotations

import io
import json
import secrets
import zipfile
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from vereinbar.activity.services import entries_pseudonymise, entry_record
from vereinbar.core.backup.archive import backup_models, columns_of, encode, label_of
from vereinbar.core.hooks import Hook

from .models import Invitation, User

# Columns never handed out, not even to their owner: they only serve to check a secret.
SECRET_COLUMNS = frozenset({"password", "token_hash", "key_hash", "nonce"})

# Tables whose rows name a person by e-mail address (an ``email`` field) rather than by
# account: accounts' invitations, and those other apps register (surveys' invitations).
NAMED_BY_EMAIL: Hook[type[models.Model]] = Hook("the tables whose rows name a person by e-mail address")
NAMED_BY_EMAIL.register(Invitation)


def register_named_by_email(model: type[models.Model]) -> None:
    """Have the export include ``model``'s rows whose ``email`` is the account's address (call
    it in the app's ``AppConfig.ready()``)."""
    NAMED_BY_EMAIL.register(model)


def _references(user: User) -> list[tuple[type[models.Model], QuerySet[Any]]]:
    """Every table with rows about the user: a foreign key to the user model."""
    user_model = get_user_model()
    found: list[tuple[type[models.Model], QuerySet[Any]]] = []
    for model in backup_models():
        lookups = [
            Q(**{field.name: user})
            for field in model._meta.concrete_fields
            if field.is_relation and field.related_model is user_model
        ]
        if model is user_model:
            lookups.append(Q(pk=user.pk))
        if lookups:
            condition = lookups[0]
            for lookup in lookups[1:]:
                condition |= lookup
            found.append((model, QuerySet(model=model).filter(condition).order_by("pk")))
    for model in NAMED_BY_EMAIL:
        found.append((model, QuerySet(model=model).filter(email__iexact=user.email).order_by("pk")))
    return found


def account_data_export(*, user: User) -> bytes:
    """A ZIP file with everything stored about the account: ``account.json`` (rows per table)."""
    data: dict[str, list[dict[str, Any]]] = {}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for model, rows in _references(user):
            columns = [field for field in columns_of(model) if field.attname not in SECRET_COLUMNS]
            records = data.setdefault(label_of(model), [])
            seen = {record.get("id") for record in records}
            for row in rows.values_list(*(field.attname for field in columns)):
                record = {field.attname: encode(value) for field, value in zip(columns, row, strict=True)}
                if record.get("id") in seen and "id" in record:
                    continue
                records.append(record)
        document = {
            "format": "vereinbar-account-export",
            "version": 1,
            "account": user.email,
            "exported": timezone.now().isoformat(),
            "note": (
                "Everything this installation stores that refers to the account. History entries list what the "
                "account did; anonymous survey answers are not linked to any account and so cannot be included."
            ),
            "data": {label: records for label, records in data.items() if records},
        }
        archive.writestr("account.json", json.dumps(document, indent=2, ensure_ascii=False))
    return buffer.getvalue()


def account_delete(*, actor: User, user: User) -> str:
    """Delete the account and its personal data; history entries about it keep a pseudonym.

    The user may delete their own account, a platform admin any other one; the last platform
    admin cannot be deleted. Returns the pseudonym the history now shows."""
    if actor.pk != user.pk and not actor.is_superuser:
        raise ValidationError(_("You may delete only your own account."))
    if user.is_superuser and not User.objects.filter(is_superuser=True, is_active=True).exclude(pk=user.pk).exists():
        raise ValidationError(_("The last platform admin cannot be deleted."))
    pseudonym = _("deleted account %(code)s") % {"code": secrets.token_hex(3)}
    with transaction.atomic():
        entries_pseudonymise(user=user, label=pseudonym)
        Invitation.objects.filter(email__iexact=user.email).delete()
        _login_records_delete(user.email)
        _mails_delete(user.email)
        try:
            user.delete()
        except ProtectedError as error:
            raise ValidationError(
                _("The account cannot be deleted yet: records that must be kept refer to it (%(records)s).")
                % {"records": ", ".join(sorted({str(obj._meta.verbose_name) for obj in error.protected_objects}))}
            ) from error
        entry_record(actor=pseudonym if actor.pk == user.pk else actor, verb="account.deleted", comment=pseudonym)
    return pseudonym


def _mails_delete(email: str) -> None:
    """The outbox's mails to the address: those waiting are no longer sent to a deleted account,
    and those sent (kept a while for the operators' outbox page) no longer name the address."""
    from vereinbar.notifications.models import OutgoingMail

    OutgoingMail.objects.filter(to__iexact=email).delete()


def _login_records_delete(email: str) -> None:
    """Failed and successful log-ins of the account (django-axes), kept by user name."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__iexact=email).delete()
