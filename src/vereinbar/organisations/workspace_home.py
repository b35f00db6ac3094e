"""What the workspace home of an organisation shows beyond the organisations app: small
registries the apps above fill from their ``AppConfig.ready()`` (measures, surveys, cycles:
steps of the first-steps checklist; cycles, certificates: parts of the page), so that
organisations, lower in the layers (docs/architecture.md), imports none of them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vereinbar.core.hooks import Hook

if TYPE_CHECKING:
    from vereinbar.accounts.models import User

    from .models import Organisation


@dataclass(frozen=True)
class FirstStep:
    """One item of the employer's first-steps checklist: done or not, and where to do it."""

    key: str
    label: str
    done: bool
    url: str


FirstStepCheck = Callable[["Organisation"], FirstStep]
HomePart = Callable[["User", "Organisation", Mapping[str, object]], dict[str, object]]

FIRST_STEPS: Hook[FirstStepCheck] = Hook("the steps of an employer's first-steps checklist")
HOME_PARTS: Hook[HomePart] = Hook("the parts of an employer's workspace home")


def first_step_register(key: str, check: FirstStepCheck, *, order: int) -> None:
    """Register a step of the checklist (``key`` as the step's key); steps go by ``order``
    (organisations' own: 10 to 30)."""
    FIRST_STEPS.register(check, key=key, order=order)


def first_steps_registered(organisation: Organisation) -> list[FirstStep]:
    """The registered steps for this organisation, in their order."""
    return [check(organisation) for check in FIRST_STEPS]


def home_part_register(name: str, part: HomePart, *, order: int) -> None:
    """Register a part of the workspace home: ``part`` answers template variables for the
    reader and the organisation (called after the permission check), given what the parts
    before it (by ``order``) answered."""
    HOME_PARTS.register(part, key=name, order=order)


def home_parts(user: User, organisation: Organisation) -> dict[str, object]:
    """Every registered part's variables, by their order."""
    context: dict[str, object] = {}
    for part in HOME_PARTS:
        context |= part(user, organisation, context)
    return context
