"""The operator's logo and colour in the page frame (docs/architecture.md).

A page that belongs to one operator shows that operator's logo in its header: the operator's
own area, a programme's pages, a cycle or an award in one of its programmes, the public
verification of such an award. Every other page shows the logo of the installation's operator
when the installation has exactly one; one shared by several operators shows none there.
The operator's colour (``brand.py``) follows the same rule: the same operator's, else KERN's
action colour as set in ``main.css``.

Operator logos brand public pages, so they are served to anyone (``operator_logo_url``);
employers' logos stay behind the views that check membership.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from django.db import DatabaseError
from django.urls import reverse

from .models import Organisation, OrganisationType


class _Values(Protocol):
    """A template context, or any mapping of the names a view put into it."""

    def get(self, key: str, default: Any = None, /) -> Any: ...


_UNSET = object()


# Context names a page may carry, and how each leads to the operator it belongs to.
_OPERATOR_PATHS = (
    ("cycle", ("programme", "operator")),
    ("award", ("programme", "operator")),
    ("programme", ("operator",)),
)


def installation_operator() -> Organisation | None:
    """The installation's operator if it has exactly one, else None (one indexed query; None
    when the database does not answer, so that the error page still renders)."""
    try:
        operators = list(
            Organisation.objects.filter(type=OrganisationType.OPERATOR).only(
                "pk", "type", "name", "slug", "logo", "brand_colour"
            )[:2]
        )
    except DatabaseError:
        return None
    return operators[0] if len(operators) == 1 else None


def page_operator(context: _Values) -> Organisation | None:
    """The operator a page belongs to, read from the objects its view put into the context;
    the installation's only operator for pages that belong to none. A view that puts
    ``theme_operator = None`` into its context shows no operator's theme and asks the database
    nothing (error pages; the staff's answering pages, which belong to their employer)."""
    explicit = context.get("theme_operator", _UNSET)
    if explicit is None:
        return None
    if isinstance(explicit, Organisation):
        return explicit
    organisation = context.get("organisation")
    if context.get("area") == "operator" and isinstance(organisation, Organisation) and organisation.is_operator:
        return organisation
    for name, path in _OPERATOR_PATHS:
        value = context.get(name)
        if value is None or isinstance(value, str | Mapping):
            continue
        for attribute in path:
            value = getattr(value, attribute, None)
        if isinstance(value, Organisation):
            return value
    return installation_operator()


def operator_theme_url(operator: Organisation, colour: str) -> str:
    """The public address of the stylesheet with an operator's colour; it changes with the
    colour, so browsers may keep it."""
    return f"{reverse('operator_theme', args=[operator.slug])}?v={colour.lstrip('#')}"


def operator_logo_url(operator: Organisation) -> str:
    """The public address of an operator's logo; it changes with each new logo (the stored
    name is random), so browsers may keep it."""
    name = (operator.logo.name or "").rsplit("/", 1)[-1].split(".", 1)[0]
    return f"{reverse('operator_logo', args=[operator.slug])}?v={name[:12]}"
