"""Changes to the directory's own data: the practice report and its photos, written by the
organisation's coordinator. Each change writes a history entry."""

from __future__ import annotations

from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from vereinbar.accounts.models import User
from vereinbar.activity.services import entry_record
from vereinbar.core.images import ImageLimits, image_clean
from vereinbar.organisations.models import Organisation

from .models import PracticePhoto, PracticeReport

VERB_REPORT_UPDATED = "practice_report.updated"
VERB_PHOTO_ADDED = "practice_report.photo_added"
VERB_PHOTO_DELETED = "practice_report.photo_deleted"
MAX_PHOTOS = 12
PHOTO_LIMITS = ImageLimits(max_bytes=2 * 1024 * 1024, max_side=4000, stored_side=1024)


def practice_report_update(
    *, actor: User, organisation: Organisation, titles: dict[str, str], texts: dict[str, str]
) -> PracticeReport:
    """Save the report's title and text per language (call after the EDIT_PROFILE check)."""
    languages = [code for code, _name in settings.LANGUAGES]
    with transaction.atomic():
        report, _created = PracticeReport.objects.select_for_update().get_or_create(organisation=organisation)
        changed = []
        for language in languages:
            for field, values in (("title", titles), ("text", texts)):
                name = f"{field}_{language}"
                value = (values.get(language) or "").strip()
                if (getattr(report, name) or "") != value:
                    setattr(report, name, value)
                    changed.append(name)
        if changed:
            report.save(update_fields=[*changed, "updated_at"])
            entry_record(
                actor=actor,
                verb=VERB_REPORT_UPDATED,
                target=report,
                organisation=organisation,
                after={"fields": changed},
            )
    return report


def practice_photo_add(
    *, actor: User, organisation: Organisation, upload: IO[bytes], description: str, credit: str
) -> PracticePhoto:
    """Add a photo: checked and re-encoded (PNG, JPEG, WebP), with its text and credit."""
    errors = {}
    if not description.strip():
        errors["description"] = _("Describe what the photo shows.")
    if not credit.strip():
        errors["credit"] = _("Name who took the photo or holds its rights.")
    if errors:
        raise ValidationError(errors)
    clean = image_clean(upload, field="image", limits=PHOTO_LIMITS)
    with transaction.atomic():
        report, _created = PracticeReport.objects.select_for_update().get_or_create(organisation=organisation)
        if report.photos.count() >= MAX_PHOTOS:
            raise ValidationError(
                {"image": _("A practice report has at most %(count)s photos.") % {"count": MAX_PHOTOS}}
            )
        photo = PracticePhoto(
            report=report,
            content_type=clean.content_type,
            description=description.strip()[:300],
            credit=credit.strip()[:200],
            position=report.photos.count(),
        )
        photo.image.save(f"photo.{clean.extension}", ContentFile(clean.content), save=False)
        photo.save()
        entry_record(
            actor=actor,
            verb=VERB_PHOTO_ADDED,
            target=photo,
            organisation=organisation,
            after={"description": photo.description, "credit": photo.credit},
        )
    return photo


def practice_photo_delete(*, actor: User, organisation: Organisation, photo: PracticePhoto) -> None:
    if photo.report.organisation_id != organisation.pk:
        raise ValidationError(_("This photo belongs to another organisation."))
    with transaction.atomic():
        entry_record(
            actor=actor,
            verb=VERB_PHOTO_DELETED,
            target=photo,
            organisation=organisation,
            before={"description": photo.description, "credit": photo.credit},
        )
        storage, name = photo.image.storage, photo.image.name
        photo.delete()
        if name:
            transaction.on_commit(lambda: storage.delete(name))
