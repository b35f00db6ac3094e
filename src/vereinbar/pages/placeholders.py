"""A legal text as visitors read it: the template's square-bracket placeholders ("[Name der
Organisation]", "[Datum]") filled from what the installation knows, and a sentence or line whose
placeholder stays unknown left out, so that no visitor ever reads a bracket. Several operators
sharing the installation are a list, each with its place and public contact. The editing page
keeps the text as written, placeholders and all, and names the ones visitors do not see."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models.functions import Lower
from django.template.defaultfilters import date as date_filter
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from vereinbar.organisations.models import Contact, Organisation, OrganisationType, Visibility

# "[…]" that is not the text of a Markdown link "[…](…)".
PLACEHOLDER = re.compile(r"\[([^\[\]\n]+)\](?!\()")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ\[])")
HEADING = re.compile(r"^#{1,6}\s")


# Every placeholder the shipped texts use (lower case), with the field of ``Known`` that fills
# it, or "" where only the operator can say it (a register number, the authority): that sentence
# stays out until the operator writes it in. A placeholder missing here is unknown: the shipped
# texts must not have one (tests/pages/test_legal_pages.py), and an operator's own is left out.
PLACEHOLDERS: dict[str, str] = {
    # de
    "name der organisation": "organisation",
    "name der organisation, die diese plattform betreibt": "organisation",
    "name und anschrift der organisation, die diese plattform betreibt": "organisation_with_place",
    "name der kontaktstelle": "contact_point",
    "e-mail-adresse": "email",
    "telefonnummer": "phone",
    "adresse der plattform": "platform",
    "datum": "changed_on",
    "straße und hausnummer": "",
    "postleitzahl und ort": "",
    "name der vertretungsberechtigten person, funktion": "",
    "registergericht und registernummer, falls vorhanden": "",
    "umsatzsteuer-identifikationsnummer nach § 27a ustg, falls vorhanden": "",
    "bei behörden und körperschaften des öffentlichen rechts: rechtsform und zuständige aufsichtsbehörde": "",
    "name, anschrift": "",
    "name, e-mail-adresse": "",
    "name und anschrift der aufsichtsbehörde": "",
    "anzahl": "",
    "landesgesetz": "",
    "selbstbewertung / prüfung durch dritte": "",
    "durchsetzungs- bzw. schlichtungsstelle des landes mit anschrift": "",
    # nl
    "naam van de organisatie": "organisation",
    "naam van de organisatie die dit platform beheert": "organisation",
    "naam en adres van de organisatie die dit platform beheert": "organisation_with_place",
    "naam van het contactpunt": "contact_point",
    "e-mailadres": "email",
    "telefoonnummer": "phone",
    "adres van het platform": "platform",
    "straat en huisnummer": "",
    "postcode en plaats": "",
    "naam en functie van de bevoegde vertegenwoordiger": "",
    "kvk-nummer, indien van toepassing": "",
    "btw-identificatienummer, indien van toepassing": "",
    "voor overheidsorganisaties: rechtsvorm en toezichthoudend orgaan": "",
    "naam, e-mailadres": "",
    "naam en adres van de toezichthouder": "",
    "naam en adres": "",
    "aantal": "",
    "a–e": "",
    "de klachtenregeling van de organisatie": "",
    "zelfevaluatie / onderzoek door een externe partij": "",
    # en
    "name of the organisation": "organisation",
    "name of the organisation that runs this platform": "organisation",
    "name and address of the organisation that runs this platform": "organisation_with_place",
    "name of the contact point": "contact_point",
    "e-mail address": "email",
    "telephone number": "phone",
    "address of the platform": "platform",
    "date": "changed_on",
    "street and number": "",
    "postcode and town": "",
    "name and function of the authorised representative": "",
    "commercial register and number, if any": "",
    "vat identification number, if any": "",
    "for public bodies: legal form and supervisory authority": "",
    "name, e-mail address": "",
    "name and address of the authority": "",
    "number": "",
    "name of the law, e.g. bitv 2.0 in germany": "",
    "self-assessment / assessment by a third party": "",
    "name and address of the national enforcement or conciliation body, e.g. in germany the schlichtungsstelle "
    "nach § 16 bgg, in the netherlands the nationale ombudsman": "",
}
# Placeholders that stand for who runs the platform: several operators are a list, not a sentence.
OPERATOR_FIELDS = ("organisation", "organisation_with_place", "contact_point")


def unknown_placeholders(text: str) -> list[str]:
    """The placeholders of ``text`` that ``PLACEHOLDERS`` does not name."""
    return [m.group(0) for m in PLACEHOLDER.finditer(text) if _key(m.group(1)) not in PLACEHOLDERS]


def left_out(text: str, values: Known) -> list[str]:
    """The placeholders of ``text`` that nothing fills, once each: visitors do not read the
    sentences they are in until the operator writes them in."""
    found = [m.group(0) for m in PLACEHOLDER.finditer(text) if not values.value(m.group(1))]
    return list(dict.fromkeys(found))


def _key(placeholder: str) -> str:
    return " ".join(placeholder.split()).lower()


def _markdown_escaped(text: str) -> str:
    """A name as Markdown text: "*", "_", "[", "<" in it stay characters."""
    return re.sub(r"([\\`*_\[\]<>#])", r"\\\1", text)


@dataclass(frozen=True)
class Operator:
    name: str
    city: str = ""
    contact: str = ""  # the name of its first public contact
    email: str = ""
    phone: str = ""
    website: str = ""


@dataclass(frozen=True)
class Known:
    operators: tuple[Operator, ...] = ()
    platform: str = ""  # the platform's address
    changed_on: str = ""  # the day the text was last changed, written out

    @property
    def organisation(self) -> str:
        return get_text_list([_markdown_escaped(o.name) for o in self.operators], _("and"))

    @property
    def organisation_with_place(self) -> str:
        if len(self.operators) == 1 and self.operators[0].city:
            return _markdown_escaped(f"{self.operators[0].name}, {self.operators[0].city}")
        return self.organisation

    @property
    def contact_point(self) -> str:
        if len(self.operators) != 1:
            return self.organisation
        return _markdown_escaped(self.operators[0].contact) or self.organisation

    @property
    def email(self) -> str:  # several operators: each one's address is in their list
        return self.operators[0].email if len(self.operators) == 1 else ""

    @property
    def phone(self) -> str:
        return _markdown_escaped(self.operators[0].phone) if len(self.operators) == 1 else ""

    def value(self, placeholder: str) -> str:
        field = PLACEHOLDERS.get(_key(placeholder), "")
        return getattr(self, field) if field else ""

    def block(self, placeholder: str) -> str | None:
        """A line that is only this placeholder, when several operators run the platform: a list
        of them, each with its place and public contact. None when a sentence says it better."""
        field = PLACEHOLDERS.get(_key(placeholder), "")
        if field not in OPERATOR_FIELDS or len(self.operators) < 2:
            return None
        items = []
        for operator in self.operators:
            email = f"<{operator.email}>" if operator.email else ""
            if field == "contact_point":
                details = [_markdown_escaped(operator.contact), email, _markdown_escaped(operator.phone)]
            else:
                details = [_markdown_escaped(operator.city), email]
            if not email and not operator.phone and operator.website:
                details.append(f"<{operator.website}>")  # without a public contact, where to find one
            said = [detail for detail in details if detail]
            separator = ": " if field == "contact_point" else ", "
            items.append(f"- **{_markdown_escaped(operator.name)}**" + (separator + ", ".join(said) if said else ""))
        lead = "" if field == "contact_point" else _("Several programme operators run this platform together:") + "\n\n"
        return "\n" + lead + "\n".join(items) + "\n"


def known(*, changed_at: datetime | None) -> Known:
    """What the installation knows about whoever runs it: its operator organisations (approved,
    not made up) with their first public contact, the platform's address and the text's last change."""
    operators = list(
        Organisation.objects.filter(type=OrganisationType.OPERATOR, is_example=False)
        .approved()
        .order_by(Lower("name"), "pk")
    )
    contacts: dict[int, Contact] = {}
    for contact in (
        Contact.objects.filter(organisation__in=operators, visibility=Visibility.PUBLIC)
        .exclude(email="", phone="")
        .order_by("pk")
    ):
        contacts.setdefault(contact.organisation_id, contact)
    host = settings.SITE_URL.split("://", 1)[-1]
    return Known(
        operators=tuple(
            Operator(
                name=o.name,
                city=o.city,
                contact=contacts[o.pk].name if o.pk in contacts else "",
                email=contacts[o.pk].email if o.pk in contacts else "",
                phone=contacts[o.pk].phone if o.pk in contacts else "",
                website=o.website if " " not in o.website and ">" not in o.website else "",
            )
            for o in operators
        ),
        platform=f"[{host}]({settings.SITE_URL}/)",
        changed_on=date_filter(changed_at, "DATE_FORMAT") if changed_at else "",
    )


def filled(text: str, values: Known) -> str:
    """``text`` with its placeholders filled; a sentence (or a line of an address block or list)
    with one left unknown is left out, and so is a heading whose section is left empty."""

    def fill(part: str) -> str | None:
        missing = False

        def one(match: re.Match[str]) -> str:
            nonlocal missing
            value = values.value(match.group(1).strip())
            missing = missing or not value
            return value

        result = PLACEHOLDER.sub(one, part)
        return None if missing else result

    lines: list[str] = []
    for line in text.splitlines():
        if not PLACEHOLDER.search(line):
            lines.append(line)
            continue
        whole = PLACEHOLDER.fullmatch(line.strip())
        block = values.block(whole.group(1)) if whole else None
        if block is not None:
            lines.append(block)
            continue
        kept = [s for s in (fill(part) for part in _sentences(line)) if s is not None]
        if kept:
            lines.append(" ".join(kept))
    return _without_empty_sections("\n".join(lines))


def _sentences(line: str) -> list[str]:
    """The line's sentences, never split inside a placeholder ("[… bzw. Schlichtungsstelle …]")."""
    masked = PLACEHOLDER.sub(lambda m: "[" + "x" * (len(m.group(0)) - 2) + "]", line)
    parts, start = [], 0
    for match in SENTENCE_END.finditer(masked):
        parts.append(line[start : match.start()])
        start = match.end()
    return [*parts, line[start:]]


def _without_empty_sections(text: str) -> str:
    blocks = [block for block in re.split(r"\n\s*\n", text) if block.strip()]
    kept = [
        block
        for i, block in enumerate(blocks)
        if not (HEADING.match(block) and "\n" not in block.strip())
        or (i + 1 < len(blocks) and not HEADING.match(blocks[i + 1]))
    ]
    return "\n\n".join(kept) + "\n"
