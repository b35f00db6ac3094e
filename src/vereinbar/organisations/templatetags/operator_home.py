"""``{% operator_home operator as organisation %}``: whose sub-navigation the operator area's
platform-wide pages (the cycles, the desk) show above their own, for a reader who is a member of
operator organisations, consistent with ``/operator/``:

- the operator in view (``operator``, e.g. the operator of the cycle on the page) when the reader
  is a member of it: its sub-navigation, as on its own pages;
- else the reader's one operator organisation: its pages are their home in the operator area
  (``/operator/`` redirects there), so its sub-navigation, with the page's item marked;
- else, for a member of several (``/operator/`` lists them to choose from), ``AREA``: the
  area's sub-navigation, whose "Overview" is that chooser;
- else (no operator organisation) None: no sub-navigation."""

from __future__ import annotations

from typing import Any, Final

from django import template

from ..models import Organisation, OrganisationType
from ..selectors import organisations_of

register = template.Library()

AREA: Final = "area"


@register.simple_tag(takes_context=True)
def operator_home(context: dict[str, Any], operator: Organisation | None = None) -> Organisation | str | None:
    request = context.get("request")
    if request is None:
        return None
    mine = organisations_of(user=request.user, type=OrganisationType.OPERATOR)
    if isinstance(operator, Organisation) and mine.filter(pk=operator.pk).exists():
        return operator
    found = list(mine[:2])
    if len(found) == 1:
        return found[0]
    return AREA if found else None
