"""The organisation's menu as one table: which pages it links, under which label, in which
area and for whom. The row of links and the phone's folded "Menu: Measures" line both read
it (templates/organisations/_subnav.html), so a page's label is written once."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vereinbar.core.list_state import list_state_url

from .models import Organisation
from .permissions import Action, has_permission

WORKSPACE = "workspace"
OPERATOR = "operator"
BOTH = frozenset({WORKSPACE, OPERATOR})


@dataclass(frozen=True)
class MenuEntry:
    key: str  # the ``current`` a page passes to the menu
    label: Promise
    url_name: str  # "{area}" stands for the area; an organisation's page takes its slug
    areas: frozenset[str] = BOTH
    needs: Action | None = None  # the permission on the organisation the link needs
    area_list: bool = False  # a list of the whole operator area, opened with the filters it was left with


MENU: tuple[MenuEntry, ...] = (
    MenuEntry("overview", _("Overview"), "{area}:organisation"),
    MenuEntry("profile", _("Profile"), "{area}:profile", needs=Action.EDIT_PROFILE),
    MenuEntry("cycles", _("Programmes"), "workspace_cycles:list", frozenset({WORKSPACE})),
    MenuEntry("awards", _("Awards"), "workspace_awards:list", frozenset({WORKSPACE})),
    MenuEntry("surveys", _("Surveys"), "surveys:list", frozenset({WORKSPACE})),
    MenuEntry("units", _("Units"), "workspace:units", frozenset({WORKSPACE})),
    MenuEntry("contacts", _("Contacts"), "workspace:contacts", frozenset({WORKSPACE})),
    MenuEntry("measures", _("Measures"), "workspace:measures", frozenset({WORKSPACE})),
    MenuEntry("practice_report", _("Practice report"), "practice_report:edit", frozenset({WORKSPACE})),
    MenuEntry("offers", _("Staff offers"), "workspace_offers:page", frozenset({WORKSPACE})),
    MenuEntry("cycles", _("Cycles"), "operator_cycles:list", frozenset({OPERATOR}), area_list=True),
    MenuEntry("awards", _("Awards"), "operator_cycles:awards", frozenset({OPERATOR}), area_list=True),
    MenuEntry("members", _("Members"), "{area}:members"),
    MenuEntry("history", _("History"), "{area}:history"),
    MenuEntry("webhooks", _("Webhooks"), "{area}_webhooks:list", needs=Action.MANAGE_WEBHOOKS),
)


@dataclass(frozen=True)
class MenuLink:
    key: str
    label: Promise
    href: str


@dataclass(frozen=True)
class Menu:
    links: list[MenuLink]
    current_label: str | Promise  # the page shown, for the folded menu on a phone


def organisation_menu(*, request: HttpRequest, organisation: Organisation, area: str, current: str) -> Menu:
    """The links of the organisation's menu the reader may follow in this area, and the label of
    the page shown (the organisation's name on a page the menu does not name)."""
    entries = [entry for entry in MENU if area in entry.areas]
    links = [
        MenuLink(entry.key, entry.label, _href(entry, request=request, organisation=organisation, area=area))
        for entry in entries
        if entry.needs is None or has_permission(request.user, organisation, entry.needs)
    ]
    labels = {entry.key: entry.label for entry in entries}
    return Menu(links, labels.get(current, organisation.name))


def _href(entry: MenuEntry, *, request: HttpRequest, organisation: Organisation, area: str) -> str:
    if entry.area_list:
        return list_state_url(request, entry.url_name)
    return reverse(entry.url_name.format(area=area), args=[organisation.slug])
