"""What the operator area's home offers beyond the organisations app: a small registry the apps
above fill from their ``AppConfig.ready()`` (news: announcements, pages: the legal pages), so
that organisations, lower in the layers (docs/architecture.md), imports none of them."""

from __future__ import annotations

from collections.abc import Callable

from vereinbar.accounts.models import User

OperatorFlag = Callable[[User], bool]

_FLAGS: dict[str, OperatorFlag] = {}


def operator_flag_register(name: str, flag: OperatorFlag) -> None:
    """Register ``name`` (a template variable of the operator home) as what ``flag`` answers
    for the reader."""
    _FLAGS[name] = flag


def operator_flags(user: User) -> dict[str, bool]:
    """Every registered flag for this reader."""
    return {name: flag(user) for name, flag in _FLAGS.items()}
