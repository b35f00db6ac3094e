"""Changes to programmes. Loading a file is the only way a programme enters the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from vereinbar.accounts.models import User
from vereinbar.activity.services import entry_record
from vereinbar.core.signals import programme_changed
from vereinbar.core.types import Actor

from .definition import Problem, ProgrammeInvalid
from .keys import key_choose
from .loader import Prepared, loading_prepare, version_rows_create
from .models import Programme, ProgrammeVersion
from .permissions import can_load_programme, can_load_programmes, loadable_operators

VERB_VERSION_LOADED = "programme.version_loaded"


class LoadStatus(StrEnum):
    CREATED = "created"  # a new version was stored
    UNCHANGED = "unchanged"  # the same version with the same content was already loaded
    VALID = "valid"  # checked only (dry run); nothing stored


@dataclass
class LoadOutcome:
    status: LoadStatus
    identifier: str
    version_label: str
    version: ProgrammeVersion | None = None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # it loads, but probably not as meant
    definition: dict[str, Any] | None = None  # the canonical definition that was (or would be) loaded


def _text(raw: str | bytes) -> str:
    return raw.decode("utf-8-sig", errors="replace") if isinstance(raw, bytes) else raw


def programme_validate(*, raw: str | bytes, filename: str, operator_slug: str | None = None) -> list[Problem]:
    """Every problem that would stop this file from loading (empty when it would load)."""
    return loading_prepare(raw, filename=filename, operator_slug=operator_slug).checked.problems


def programme_check(
    *, raw: str | bytes, filename: str, operator_slug: str | None = None
) -> tuple[list[Problem], list[Problem]]:
    """The problems that would stop this file from loading, and the warnings about what would load
    but is probably not meant (a phase accepted by whoever submits it)."""
    prepared = loading_prepare(raw, filename=filename, operator_slug=operator_slug)
    return prepared.checked.problems, prepared.warnings


def programme_load(
    *,
    actor: Actor,
    raw: str | bytes,
    filename: str,
    operator_slug: str | None = None,
    dry_run: bool = False,
    trusted: bool = False,
) -> LoadOutcome:
    """Load one programme file: all or nothing.

    Raises ``ProgrammeInvalid`` with every problem when the file cannot be loaded (an
    operator the actor may not load for is one of them) and ``PermissionDenied`` when the
    actor may not load programmes at all.
    ``trusted`` skips the permission check (the command line, run by whoever runs the server).
    """
    loader: User | None = None  # who is checked: nobody when trusted
    if not trusted:
        if not isinstance(actor, User) or not can_load_programmes(actor):
            raise PermissionDenied
        loader = actor
    default_operator = None if loader is None else _only_operator(loader)
    prepared = loading_prepare(
        raw, filename=filename, operator_slug=operator_slug, default_operator_slug=default_operator
    )
    if loader is not None and prepared.ok:
        _check_operator(loader, prepared)
    if not prepared.ok:
        raise ProgrammeInvalid(prepared.checked.problems, prepared.warnings)
    definition = prepared.definition
    assert definition is not None
    label = f"{definition['id']}@{definition['version']}"
    warnings = prepared.warnings
    if prepared.existing is not None:
        return LoadOutcome(LoadStatus.UNCHANGED, definition["id"], label, prepared.existing, warnings=warnings)
    if dry_run:
        return LoadOutcome(LoadStatus.VALID, definition["id"], label, warnings=warnings, definition=definition)
    try:
        with transaction.atomic():
            version = _store(prepared, definition, actor=actor, filename=filename, source_text=_text(raw))
            # Its organisations' rows in the directory (titles, published items of the listings).
            programme_changed(programme_id=version.programme_id)
    except IntegrityError:
        # Another process stored the same version in the meantime: check again against it.
        again = loading_prepare(
            raw, filename=filename, operator_slug=operator_slug, default_operator_slug=default_operator
        )
        if not again.ok:
            raise ProgrammeInvalid(again.checked.problems, again.warnings) from None
        if again.existing is None:
            raise
        return LoadOutcome(LoadStatus.UNCHANGED, definition["id"], label, again.existing, warnings=warnings)
    return LoadOutcome(LoadStatus.CREATED, definition["id"], label, version, warnings=warnings)


def _only_operator(actor: User) -> str | None:
    """An operator admin of exactly one operator loads for that operator unless the file says otherwise."""
    if actor.is_superuser:
        return None
    slugs = list(loadable_operators(actor).values_list("slug", flat=True)[:2])
    return slugs[0] if len(slugs) == 1 else None


def _check_operator(actor: User, prepared: Prepared) -> None:
    """The operator of the file must be one the actor may load for; reported like any other problem."""
    source = prepared.checked.source
    if prepared.operator is None and not can_load_programme(actor, None):
        source.problem(
            ("operator",),
            "operator_required",
            _("Name the operator of the programme (operator: short name of the organisation)."),
        )
    elif prepared.operator is not None and not can_load_programme(actor, prepared.operator):
        source.problem(
            ("operator",),
            "operator_not_allowed",
            _("You may not load programmes of the operator “%(slug)s”.") % {"slug": prepared.operator.slug},
        )


def _store(
    prepared: Prepared, definition: dict[str, Any], *, actor: Actor, filename: str, source_text: str
) -> ProgrammeVersion:
    programme = Programme.objects.filter(identifier=definition["id"]).first()
    if programme is None:
        taken = set(Programme.objects.values_list("key", flat=True))
        key = key_choose(definition["id"], taken)
        programme = Programme.objects.create(identifier=definition["id"], key=key, operator=prepared.operator)
    programme = Programme.objects.select_for_update(of=("self",)).select_related("current_version").get(pk=programme.pk)
    version = version_rows_create(
        programme=programme,
        definition=definition,
        digest=prepared.content_hash,
        filename=filename,
        source_text=source_text,
        actor=actor,
    )
    entry_record(
        actor=actor,
        verb=VERB_VERSION_LOADED,
        target=version,
        organisation=prepared.operator,
        after={
            "identifier": definition["id"],
            "version": definition["version"],
            "content_hash": prepared.content_hash,
            # as data, not as a comment in the loader's language: the history names it in the reader's
            "file": filename,
        },
    )
    return version
