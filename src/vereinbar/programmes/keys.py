"""A programme's short key in addresses ("family-audit" for "urn:example:programme:family-audit"):
the programme's pages (public and the operator's), the public directory and the operator's desk
lists name programmes by it, and still take the whole identifier of the addresses made before
keys (the pages redirect those to the key)."""

from __future__ import annotations

from collections.abc import Iterable

from .models import Programme


def programme_keys() -> dict[str, str]:
    """Identifier → the programme's key in addresses: the last part of the identifier, as on
    its page /programmes/<key>/; the whole identifier where an older programme has that last
    part already (so a key names one programme, and a shared link keeps naming the same one)."""
    return keys_of(Programme.objects.order_by("pk").values_list("identifier", flat=True))


def keys_of(identifiers: Iterable[str]) -> dict[str, str]:
    """``programme_keys`` of every programme's identifier, given in the order they were made."""
    keys: dict[str, str] = {}
    taken: set[str] = set()
    for identifier in identifiers:
        last = identifier.rsplit(":", 1)[-1]
        keys[identifier] = identifier if last in taken else last
        taken.add(last)
    return keys


def programme_from_param(value: str) -> tuple[str, str]:
    """(identifier, key) of the programme a ``programme`` parameter names, by its key or by its
    whole identifier (the addresses before keys); ("", "") for a value naming no programme."""
    if not value:
        return "", ""
    keys = programme_keys()
    if value in keys:
        return value, keys[value]
    identifier = next((identifier for identifier, key in keys.items() if key == value), "")
    return identifier, value if identifier else ""
