"""Writing, publishing and withdrawing announcements. Each change writes a history entry."""

from __future__ import annotations

from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from vereinbar.accounts.models import User
from vereinbar.activity.services import entry_record
from vereinbar.certificates.models import Award
from vereinbar.core.images import image_clean
from vereinbar.organisations.models import Organisation
from vereinbar.programmes.models import Programme

from .models import Announcement, AnnouncementStatus
from .permissions import news_operators
from .photos import PHOTO_LIMITS

VERB_CREATED = "announcement.created"
VERB_UPDATED = "announcement.updated"
VERB_PUBLISHED = "announcement.published"
VERB_WITHDRAWN = "announcement.withdrawn"

LANGUAGES = ("de", "nl", "en")
TRANSLATED = ("title", "text", "photo_caption", "photo_terms")
PLAIN = ("photo_credit",)


def _check_operator(actor: User, operator: Organisation) -> None:
    if not news_operators(actor).filter(pk=operator.pk).exists():
        raise PermissionDenied


def _reader_language() -> str:
    """The language the form is read in: a "one language at least" error stands at its field,
    so that a Dutch operator is not told to fill in the English one."""
    code = (get_language() or "en")[:2]
    return code if code in LANGUAGES else "en"


def _validate(announcement: Announcement, *, has_photo: bool) -> None:
    errors: dict[str, str] = {}
    reader = _reader_language()
    if not any(getattr(announcement, f"title_{code}") for code in LANGUAGES):
        errors[f"title_{reader}"] = _("Give a headline in at least one language.")
    if not any(getattr(announcement, f"text_{code}") for code in LANGUAGES):
        errors[f"text_{reader}"] = _("Write the text in at least one language.")
    for code in LANGUAGES:
        if getattr(announcement, f"title_{code}") and not getattr(announcement, f"text_{code}"):
            errors[f"text_{code}"] = _("A headline in this language needs a text in this language.")
    if has_photo:
        if not any(getattr(announcement, f"photo_caption_{code}") for code in LANGUAGES):
            errors[f"photo_caption_{reader}"] = _("Describe the photo in a caption.")
        if not announcement.photo_credit:
            errors["photo_credit"] = _("Say who took the photo.")
        if not any(getattr(announcement, f"photo_terms_{code}") for code in LANGUAGES):
            errors[f"photo_terms_{reader}"] = _("Say how others may use the photo.")
    if announcement.programme is not None and announcement.programme.operator_id != announcement.operator_id:
        errors["programme"] = _("The programme is run by another operator.")
    if announcement.award is not None and announcement.award.programme_id != announcement.programme_id:
        errors["programme"] = _("The announcement must belong to the award's programme.")
    if errors:
        raise ValidationError(errors)


def _apply_texts(announcement: Announcement, texts: dict[str, str]) -> None:
    for name in TRANSLATED:
        for code in LANGUAGES:
            key = f"{name}_{code}"
            if key in texts:
                setattr(announcement, key, (texts[key] or "").strip())
    for name in PLAIN:
        if name in texts:
            setattr(announcement, name, (texts[name] or "").strip())


def _store_photo(announcement: Announcement, photo: IO[bytes]) -> None:
    clean = image_clean(photo, field="photo", limits=PHOTO_LIMITS, size=getattr(photo, "size", None))
    announcement.photo.save(f"photo.{clean.extension}", ContentFile(clean.content), save=False)


def _snapshot(announcement: Announcement) -> dict[str, Any]:
    return {
        "status": announcement.status,
        "title": {code: getattr(announcement, f"title_{code}") for code in LANGUAGES},
        "programme": announcement.programme.identifier if announcement.programme else None,
        "award": announcement.award.number if announcement.award else None,
        "photo": bool(announcement.photo),
    }


def announcement_create(
    *,
    actor: User,
    operator: Organisation,
    programme: Programme | None = None,
    award: Award | None = None,
    texts: dict[str, str],
    photo: IO[bytes] | None = None,
    publish: bool = False,
) -> Announcement:
    """A draft announcement of ``operator``, optionally about an award (its programme follows);
    with ``publish``, published at once in the same transaction."""
    _check_operator(actor, operator)
    if award is not None:
        programme = award.programme
    announcement = Announcement(operator=operator, programme=programme, award=award, created_by=actor)
    _apply_texts(announcement, texts)
    _validate(announcement, has_photo=photo is not None)
    with transaction.atomic():
        if photo is not None:
            _store_photo(announcement, photo)
        announcement.save()
        entry_record(
            actor=actor, verb=VERB_CREATED, target=announcement, organisation=operator, after=_snapshot(announcement)
        )
        if publish:
            _publish(actor, announcement)
    return announcement


def announcement_update(
    *,
    actor: User,
    announcement: Announcement,
    texts: dict[str, str],
    photo: IO[bytes] | None = None,
    remove_photo: bool = False,
    publish: bool = False,
) -> Announcement:
    """Change the texts or the photo (a published announcement stays published). With
    ``publish`` the announcement is published as just saved, in the same transaction: what the
    operator sees in the form is what appears, and nothing is saved or published on an error."""
    _check_operator(actor, announcement.operator)
    with transaction.atomic():
        locked = Announcement.objects.select_for_update().get(pk=announcement.pk)
        if publish:
            _check_publishable(locked)
        before = _snapshot(locked)
        old_photo = locked.photo.name
        _apply_texts(locked, texts)
        _validate(locked, has_photo=photo is not None or (bool(old_photo) and not remove_photo))
        if photo is not None:
            _store_photo(locked, photo)
        elif remove_photo:
            locked.photo = ""
        locked.save()
        if old_photo and old_photo != locked.photo.name:
            storage = locked.photo.storage
            transaction.on_commit(lambda: storage.delete(old_photo))
        entry_record(
            actor=actor,
            verb=VERB_UPDATED,
            target=locked,
            organisation=locked.operator,
            before=before,
            after=_snapshot(locked),
        )
        if publish:
            _publish(actor, locked)
    return locked


def _check_publishable(announcement: Announcement) -> None:
    if announcement.status == AnnouncementStatus.PUBLISHED:
        raise ValidationError(_("The announcement is already published."))


def _publish(actor: User, locked: Announcement) -> None:
    """Publish ``locked`` (saved, validated, inside the caller's transaction) and record it."""
    _check_publishable(locked)
    before = locked.status
    locked.status = AnnouncementStatus.PUBLISHED
    locked.published_at = locked.published_at or timezone.now()
    locked.save(update_fields=["status", "published_at", "updated_at"])
    entry_record(
        actor=actor,
        verb=VERB_PUBLISHED,
        target=locked,
        organisation=locked.operator,
        before={"status": before},
        after={"status": locked.status},
    )


def announcement_publish(*, actor: User, announcement: Announcement) -> Announcement:
    """Publish a draft or withdrawn announcement as saved: it appears in the news list and the feeds."""
    _check_operator(actor, announcement.operator)
    with transaction.atomic():
        locked = Announcement.objects.select_for_update().get(pk=announcement.pk)
        _check_publishable(locked)
        _validate(locked, has_photo=bool(locked.photo))
        _publish(actor, locked)
    return locked


def announcement_withdraw(*, actor: User, announcement: Announcement) -> Announcement:
    """Take a published announcement off the news list and the feeds."""
    _check_operator(actor, announcement.operator)
    with transaction.atomic():
        locked = Announcement.objects.select_for_update().get(pk=announcement.pk)
        if locked.status != AnnouncementStatus.PUBLISHED:
            raise ValidationError(_("Only a published announcement can be withdrawn."))
        locked.status = AnnouncementStatus.WITHDRAWN
        locked.save(update_fields=["status", "updated_at"])
        entry_record(
            actor=actor,
            verb=VERB_WITHDRAWN,
            target=locked,
            organisation=locked.operator,
            before={"status": AnnouncementStatus.PUBLISHED.value},
            after={"status": locked.status},
        )
    return locked
