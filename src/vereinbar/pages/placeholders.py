"""A legal text as visitors read it: the template's square-bracket placeholders ("[Name der
Organisation]", "[Datum]") filled from what the installation knows, and a sentence or line whose
placeholder stays unknown left out, so that no visitor ever reads a bracket. The editing page
keeps the text as written, placeholders and all, so that the operator sees what is missing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.template.defaultfilters import date as date_filter
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from vereinbar.organisations.models import Contact, Organisation, OrganisationType, Visibility

# "[…]" that is not the text of a Markdown link "[…](…)".
PLACEHOLDER = re.compile(r"\[([^\[\]\n]+)\](?!\()")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ\[])")
HEADING = re.compile(r"^#{1,6}\s")


@dataclass(frozen=True)
class Known:
    organisation: str = ""  # the operator organisation(s)
    organisation_with_place: str = ""
    contact_point: str = ""
    email: str = ""
    phone: str = ""
    platform: str = ""  # the platform's address
    changed_on: str = ""  # the day the text was last changed, written out

    def value(self, placeholder: str) -> str:
        key = placeholder.casefold()
        if key in ("datum", "date"):
            return self.changed_on
        if key in ("adresse der plattform", "address of the platform", "adres van het platform"):
            return self.platform
        if "kontaktstelle" in key or "contact point" in key or "contactpunt" in key:
            return self.contact_point
        if "organisation" in key or "organisatie" in key:
            if not ("name" in key or "naam" in key):
                return ""
            if "anschrift" in key or "address" in key or "adres" in key:
                return self.organisation_with_place
            return self.organisation
        if key in ("e-mail-adresse", "e-mail address", "e-mailadres"):
            return self.email
        if key in ("telefonnummer", "telephone number", "telefoonnummer"):
            return self.phone
        return ""


def known(*, changed_at: datetime | None) -> Known:
    """What the installation knows about whoever runs it: its operator organisations (approved,
    not made up), their first public contact, the platform's address and the text's last change."""
    operators = list(
        Organisation.objects.filter(type=OrganisationType.OPERATOR, is_example=False).approved().order_by("name")
    )
    names = get_text_list([o.name for o in operators], _("and")) if operators else ""
    places = [o.city for o in operators if o.city]
    with_place = f"{operators[0].name}, {places[0]}" if len(operators) == 1 and places else names
    contact = (
        Contact.objects.filter(organisation__in=operators, visibility=Visibility.PUBLIC)
        .exclude(email="", phone="")
        .order_by("organisation__name", "pk")
        .first()
    )
    host = settings.SITE_URL.split("://", 1)[-1]
    return Known(
        organisation=names,
        organisation_with_place=with_place,
        contact_point=contact.name if contact else names,
        email=contact.email if contact else "",
        phone=contact.phone if contact else "",
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
