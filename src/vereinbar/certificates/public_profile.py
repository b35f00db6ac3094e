"""The employer's public profile, linked from the verification page, without certificates
importing the directory (docs/architecture.md, "Events that go up"). The directory, above
certificates in the layers, decides who is listed and registers from its ``AppConfig.ready()``
where a listed organisation's profile is (``public_profile_register``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from vereinbar.core.hooks import Hook

if TYPE_CHECKING:
    from vereinbar.organisations.models import Organisation

# The address of the organisation's public profile while the directory lists it, else None.
PUBLIC_PROFILE: Hook[Callable[[Organisation], str | None]] = Hook("the public profile of a listed organisation")


def public_profile_register(address: Callable[[Organisation], str | None]) -> None:
    """Register the app that lists organisations publicly (one; registering again replaces it)."""
    PUBLIC_PROFILE.register(address, key="directory")


def public_profile_url(organisation: Organisation) -> str | None:
    """The address of the organisation's public profile while it is listed in the directory."""
    return PUBLIC_PROFILE.one()(organisation)
