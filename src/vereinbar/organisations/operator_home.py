"""What the operator area's home offers beyond the organisations app: small registries the apps
above fill from their ``AppConfig.ready()`` (news: announcements, pages: the legal pages;
cycles: what waits for the reader and their desk), so that organisations, lower in the layers
(docs/architecture.md), imports none of them."""

from __future__ import annotations

from collections.abc import Callable

from vereinbar.accounts.models import User
from vereinbar.core.hooks import Hook

OperatorFlag = Callable[[User], bool]
OperatorPart = Callable[[User], dict[str, object]]

OPERATOR_FLAGS: Hook[OperatorFlag] = Hook("the yes/no variables of the operator home")
OPERATOR_PARTS: Hook[OperatorPart] = Hook("the parts of the operator home")


def operator_flag_register(name: str, flag: OperatorFlag) -> None:
    """Register ``name`` (a template variable of the operator home) as what ``flag`` answers
    for the reader."""
    OPERATOR_FLAGS.register(flag, key=name)


def operator_flags(user: User) -> dict[str, bool]:
    """Every registered flag for this reader."""
    return {str(name): flag(user) for name, flag in OPERATOR_FLAGS.items()}


def operator_part_register(name: str, part: OperatorPart) -> None:
    """Register a part of the operator home: ``part`` answers template variables for any
    reader of it."""
    OPERATOR_PARTS.register(part, key=name)


def operator_parts(user: User) -> dict[str, object]:
    """Every registered part's variables for this reader."""
    context: dict[str, object] = {}
    for part in OPERATOR_PARTS:
        context |= part(user)
    return context
