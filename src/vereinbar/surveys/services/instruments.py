"""Loading instruments: `vereinbar instrument load FILE` (`export ID[@VERSION]` only reads:
``selectors.instrument_export``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from vereinbar.accounts.models import User
from vereinbar.activity.services import entry_record
from vereinbar.core.types import Actor
from vereinbar.programmes.definition import Problem

from ..instrument import InstrumentInvalid, content_hash, instrument_check
from ..models import Instrument, InstrumentVersion


@dataclass(frozen=True)
class Loaded:
    version: InstrumentVersion
    created: bool  # False: the same version with the same content was already loaded


def instrument_load(*, raw: str | bytes, filename: str, actor: Actor = None) -> Loaded:
    """Load one instrument file. The same version again is a no-op; a changed text under an
    already loaded version is refused (publish a new version instead)."""
    checked = instrument_check(raw, filename=filename)
    if not checked.ok or checked.definition is None:
        raise InstrumentInvalid(checked.problems)
    definition = checked.definition
    digest = content_hash(definition)
    with transaction.atomic():
        instrument, _created = Instrument.objects.get_or_create(urn=definition["id"])
        existing = InstrumentVersion.objects.filter(instrument=instrument, version=definition["version"]).first()
        if existing is not None:
            if existing.content_hash == digest:
                return Loaded(existing, created=False)
            line, column = checked.source.locator.position(("version",))
            raise InstrumentInvalid(
                [
                    Problem(
                        filename,
                        line,
                        "version",
                        "version_changed",
                        _(
                            "Version %(version)s of this instrument is already loaded with different content. "
                            "Surveys may already use it: give the changed instrument a new version."
                        )
                        % {"version": definition["version"]},
                        column,
                    )
                ]
            )
        version = InstrumentVersion.objects.create(
            instrument=instrument,
            version=definition["version"],
            definition=definition,
            content_hash=digest,
            loaded_by=actor if isinstance(actor, User) else None,
        )
        entry_record(
            actor=actor,
            verb="instrument.loaded",
            target=version,
            after={"id": definition["id"], "version": definition["version"], "hash": digest},
        )
    return Loaded(version, created=True)
