"""The staff offers page: everything an organisation's staff can use, grouped by life
situation, beside the statutory rights of the organisation's country, with whom to ask.

Everything here is about one organisation, which comes either from ``organisation_for_user``
(members) or from its current offers link; nothing of other organisations is read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from vereinbar.organisations.models import Contact, ContactRole, Organisation

from .models import LifeSituation, Measure, MeasureStatus, MeasureType
from .selectors import measures_of, statutory_types_for

# The life situations the page is organised by, in this order; "everyone" collects the rest.
SITUATIONS = (LifeSituation.CHILDREN, LifeSituation.CARE, LifeSituation.HEALTH, LifeSituation.FLEXIBLE_WORK)
# Whom staff can ask, in this order: everyone but the press contact, who is there for the public
# ("other" is what the employer added for staff too, such as its company nursery).
ASK_ROLES = (
    ContactRole.CARE_GUIDE,
    ContactRole.STAFF_COUNCIL,
    ContactRole.HEALTH_LEAD,
    ContactRole.COORDINATOR,
    ContactRole.OTHER,
)


@dataclass
class OfferGroup:
    key: str
    label: str
    measures: list[Measure] = field(default_factory=list)
    statutory: list[MeasureType] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        """Only a life situation with an offer or a right gets a section."""
        return bool(self.measures or self.statutory)

    @property
    def care_guides(self) -> list[Contact]:
        """The section's care guides, introduced as such; only under care."""
        if self.key != LifeSituation.CARE.value:
            return []
        return [contact for contact in self.contacts if contact.role == ContactRole.CARE_GUIDE]

    @property
    def other_contacts(self) -> list[Contact]:
        """The section's contacts but the care guides introduced above them."""
        guides = self.care_guides
        return [contact for contact in self.contacts if contact not in guides]


@dataclass
class StaffOffers:
    organisation: Organisation
    groups: list[OfferGroup]
    contacts: list[Contact]
    # The language of the employer's own words (contacts' names and functions) where it is not
    # the page's, for ``lang``; "" where it is.
    text_lang: str = ""

    @property
    def care_guides(self) -> list[Contact]:
        return [contact for contact in self.contacts if contact.role == ContactRole.CARE_GUIDE]

    @property
    def care_shown(self) -> bool:
        """Whether the page has a "care" section with care guides, under which they are introduced."""
        return any(group.key == LifeSituation.CARE.value and group.shown and group.care_guides for group in self.groups)

    @property
    def has_internal(self) -> bool:
        """Whether anything on the page is marked internal (and so needs the mark explained)."""
        measures = (measure for group in self.groups for measure in group.measures)
        return any(not measure.is_public for measure in measures) or any(not c.is_public for c in self.contacts)

    @property
    def is_empty(self) -> bool:
        return not any(group.measures or group.statutory for group in self.groups) and not self.contacts


def _situations_of_type(measure_type: MeasureType) -> list[str]:
    return [str(s) for s in (measure_type.life_situations or measure_type.category.life_situations or [])]


def staff_offers(*, organisation: Organisation) -> StaffOffers:
    """In-place measures (public and internal), statutory rights and contacts, by life situation.

    A measure helping in several situations appears under each; one that names none, or
    "everyone", is listed under "For all staff"."""
    groups = {str(s): OfferGroup(key=str(s), label=str(s.label)) for s in SITUATIONS}
    # Beside "Children" or "Health" the choice's own label ("Everyone", "Alle") reads as "all of them".
    everyone = OfferGroup(key=LifeSituation.ALL.value, label=gettext("For all staff"))
    measures = measures_of(organisation=organisation, status=MeasureStatus.IN_PLACE).select_related("type", "category")
    for measure in measures:
        placed = False
        for situation in measure.life_situations:
            if situation in groups:
                groups[situation].measures.append(measure)
                placed = True
        if not placed:
            everyone.measures.append(measure)
    for right in statutory_types_for(country=organisation.country):
        placed = False
        for situation in _situations_of_type(right):
            if situation in groups:
                groups[situation].statutory.append(right)
                placed = True
        if not placed:
            everyone.statutory.append(right)
    order = {role: index for index, role in enumerate(ASK_ROLES)}
    contacts = sorted(
        Contact.objects.filter(organisation=organisation, role__in=ASK_ROLES).select_related("unit"),
        key=lambda contact: (order[ContactRole(contact.role)], contact.name),
    )
    # Whom to ask about a life situation, named right under its offers: those the coordinator chose
    # for it, else by role (Contact.situations).
    for group in [*groups.values(), everyone]:
        group.contacts = [contact for contact in contacts if group.key in contact.situations]
    page_language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    own_language = organisation.primary_language
    return StaffOffers(
        organisation=organisation,
        groups=[*groups.values(), everyone],
        contacts=contacts,
        text_lang=own_language if own_language != page_language else "",
    )


def organisation_by_offers_token(*, token: str) -> Organisation | None:
    """The organisation whose current offers link has this token, or None."""
    if not token or len(token) < 20:
        return None
    return Organisation.objects.filter(offers_token=token).first()
