"""Hooks: how an app low in the layers lets the apps above it take part without importing them
(docs/architecture.md, "Events that go up").

The lower app declares a ``Hook`` for what it asks (a part of the workspace home, the reminders
of the daily run, the title of a questionnaire …) and calls what is registered; the apps above
register their callables from their ``AppConfig.ready()``. Every registry of callables in the
project is one of these, so they behave alike (the history's verbs and sentences are tables of
labels, ``activity.verbs``; ``core.signals`` are Django signals):

- a registration has a key (by default the callable itself); registering the same key again
  replaces it, so a ``ready()`` that runs twice (tests) registers nothing twice;
- registrations are called by ``order`` (lowest first), then in the order they were made;
- ``names()`` says what is registered, so a test can fail when an app's registration is lost;
- a hook that needs exactly one registration (``one()``) or one per key (``get(key)``) raises
  ``ImproperlyConfigured`` when it is missing, rather than quietly answering nothing.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator

from django.core.exceptions import ImproperlyConfigured


class Hook[F]:
    """One extension point: what the apps above registered for it (callables, or a small
    dataclass of them)."""

    def __init__(self, purpose: str) -> None:
        self.purpose = purpose
        self._entries: dict[Hashable, tuple[int, int, F]] = {}
        self._made = 0

    def register(self, call: F, *, key: Hashable = None, order: int = 0) -> None:
        """Register ``call`` under ``key`` (the callable itself when None), called by ``order``."""
        key = call if key is None else key
        made = self._entries[key][1] if key in self._entries else self._made
        self._made += 1
        self._entries[key] = (order, made, call)

    def __iter__(self) -> Iterator[F]:
        """The registered callables, lowest ``order`` first, then as registered."""
        return iter([call for _order, _made, call in sorted(self._entries.values(), key=lambda e: e[:2])])

    def items(self) -> list[tuple[Hashable, F]]:
        """(key, callable) in calling order."""
        ordered = sorted(self._entries.items(), key=lambda item: item[1][:2])
        return [(key, call) for key, (_order, _made, call) in ordered]

    def names(self) -> list[Hashable]:
        """The keys registered, in calling order."""
        return [key for key, _call in self.items()]

    def one(self) -> F:
        """The one registration of a hook that needs exactly one."""
        registered = list(self)
        if len(registered) != 1:
            raise ImproperlyConfigured(f"{len(registered)} apps registered {self.purpose}; one is needed.")
        return registered[0]

    def get(self, key: Hashable) -> F:
        """The registration under ``key``."""
        try:
            return self._entries[key][2]
        except KeyError:
            raise ImproperlyConfigured(f"No app registered {self.purpose} for “{key}”.") from None

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"<Hook {self.purpose!r}: {len(self)} registered>"
