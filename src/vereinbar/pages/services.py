"""Changing a legal page's texts; each change writes a history entry."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from vereinbar.accounts.models import User
from vereinbar.activity.services import entry_record

from .models import LegalPage, LegalPageKind
from .permissions import can_edit_legal_pages
from .selectors import LANGUAGES, default_text

VERB_UPDATED = "legal_page.updated"


def legal_page_update(*, actor: User, kind: LegalPageKind, texts: dict[str, str]) -> LegalPage:
    """Store the page's text per language (``texts``: language code → Markdown). A text equal to
    the shipped default is stored empty, so the page keeps following the default."""
    if not can_edit_legal_pages(actor):
        raise PermissionDenied
    with transaction.atomic():
        page, _created = LegalPage.objects.select_for_update().get_or_create(kind=kind)
        changed = []
        for code in LANGUAGES:
            text = (texts.get(code) or "").strip()
            if text == default_text(kind, code).strip():
                text = ""
            if (getattr(page, f"body_{code}") or "") != text:
                changed.append(code)
            setattr(page, f"body_{code}", text)
        page.updated_by = actor
        page.save()
        if changed:
            entry_record(actor=actor, verb=VERB_UPDATED, target=page)
    return page
