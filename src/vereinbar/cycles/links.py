"""URLs of cycle pages: the same page exists in the workspace (with the organisation) and in
the operator area."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

if TYPE_CHECKING:
    from .models import Cycle


def cycle_reverse(area: str, cycle: Cycle, name: str, *args: object) -> str:
    if area == "workspace":
        return reverse(f"workspace_cycles:{name}", args=[cycle.organisation.slug, cycle.pk, *args])
    return reverse(f"operator_cycles:{name}", args=[cycle.pk, *args])
