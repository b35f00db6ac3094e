"""The embeddable seal of an award: an accessible SVG badge and the HTML snippet for an
employer's website.

The badge is drawn from the same public facts as the verification page, with the status
computed on the day it is requested, so an expired or revoked award's seal says so at once.
It is plain SVG (no scripts, no external fonts or images), so it can be loaded as an <img>
from any site.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from .models import Award, AwardStatus
from .selectors import verification_facts
from .texts import award_texts, awarded_sentence, since_sentence

SEAL_WIDTH = 260
SEAL_HEIGHT = 104
# A short lifetime so a revocation reaches embedding sites within a minute; the ETag makes
# the revalidation after that cheap.
SEAL_MAX_AGE = 60

# status → background colour of the status band; white text on each has a contrast ≥ 4.5:1
STATUS_COLOURS: dict[str, str] = {
    AwardStatus.VALID: "#1b6b3a",
    AwardStatus.EXPIRED: "#6b4e00",
    AwardStatus.REVOKED: "#a1141c",
    AwardStatus.SUPERSEDED: "#4a4f57",
}

# The status band along the bottom edge, with the frame's rounded corners (radius 8).
_W, _H = SEAL_WIDTH - 1, SEAL_HEIGHT - 1
BAND_PATH = f"M1 {_H - 27} H{_W} V{_H - 8} A8 8 0 0 1 {_W - 8} {_H} H9 A8 8 0 0 1 1 {_H - 8} Z"

LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)


def baked_seal_offered(status: str) -> bool:
    """Whether a page offers the award's seal with its credential baked in (an SVG to put on a
    website): only while the award is valid. A revoked, expired or replaced award's baked seal
    would advertise an award that no longer counts; its credential stays downloadable, named as
    what it is. The public verification page and the employer's award page ask this one rule."""
    return status == AwardStatus.VALID


def seal_language(requested: str | None, fallback: str | None = None) -> str:
    """A supported language: the requested one (``?lang=``), else the URL's, else the default."""
    for candidate in (requested, fallback):
        if candidate and candidate[:2].lower() in LANGUAGE_CODES:
            return candidate[:2].lower()
    return str(settings.LANGUAGE_CODE)[:2]


def _shorten(text: str, limit: int) -> str:
    """Fit a text on one line of the badge (the full text stays in <title>/<desc>)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# The programme's title: one line in the large type, or up to two in a smaller one, broken
# between words (a long quoted name over both lines); only a longer one is
# shortened. Limits in characters of DejaVu Sans/Verdana bold, wide letters included.
PROGRAMME_ONE_LINE = 24
PROGRAMME_TWO_LINES = 31


def programme_lines(text: str) -> list[str]:
    """The title's lines on the badge: one (large type, when it fits) or two (small type)."""
    if len(text) <= PROGRAMME_ONE_LINE:
        return [text]
    words = text.split(" ")
    # Between the words where the longer line is shortest, the first within its limit.
    splits = [(" ".join(words[:at]), " ".join(words[at:])) for at in range(1, len(words))]
    fitting = [split for split in splits if len(split[0]) <= PROGRAMME_TWO_LINES]
    if not fitting:  # no break between words fits: one shortened line, in the small type
        return [_shorten(text, PROGRAMME_TWO_LINES), ""]
    first, rest = min(fitting, key=lambda split: max(len(split[0]), len(split[1])))
    return [first, _shorten(rest, PROGRAMME_TWO_LINES)]


# The level's line: in the regular type while it fits, else in a smaller one (a level name such
# as "Zertifizierte Kultur der Vereinbarkeit" was cut at 34 characters); only a longer one is
# shortened. Limits in characters of DejaVu Sans/Verdana, as above: characters × size stays
# within the regular type's 34 × 12.
LEVEL_SIZES = ((34, "12"), (38, "10.5"), (40, "10"))


def level_line(text: str) -> tuple[str, str]:
    """The level's line on the badge and its font size."""
    for limit, size in LEVEL_SIZES:
        if len(text) <= limit:
            return text, size
    limit, size = LEVEL_SIZES[-1]
    return _shorten(text, limit), size


def _short(day: date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def _until_line(award: Award, facts: dict[str, object]) -> str:
    """The line under the level, in the active language: how long the award holds, or, once a
    revocation or a renewal ended it early, since when it no longer does (a revoked seal saying
    "valid until" a date still to come would read as valid). Only dates the programme publishes:
    where it withholds the end, a valid award's line says since when it holds (if published),
    never "no expiry", or else on which day it was given (a charter's signing), if published; a
    replacement's day is the new award's date, shown where those are."""
    status = facts["status"]
    revoked_on, valid_until, since = facts["revoked_on"], facts["valid_until"], facts["since"]
    if status == AwardStatus.REVOKED:
        return _("Revoked on %(date)s") % {"date": _short(revoked_on)} if isinstance(revoked_on, date) else ""
    successor = award.superseded_by if status == AwardStatus.SUPERSEDED else None
    if successor is not None:
        if facts["valid_from"] is None:  # the programme does not publish the awards' dates
            return ""
        return _("Replaced on %(date)s") % {"date": _short(successor.issued_on)}
    if isinstance(valid_until, date):
        return _("Valid until %(date)s") % {"date": _short(valid_until)}
    if not facts["validity_published"]:
        if status != AwardStatus.VALID:
            return ""
        if isinstance(since, date):
            return since_sentence(award.version.kind, _short(since))
        valid_from = facts["valid_from"]
        return awarded_sentence(award.version.kind, _short(valid_from)) if isinstance(valid_from, date) else ""
    return "" if status == AwardStatus.SUPERSEDED else _("No expiry")


@dataclass(frozen=True)
class Seal:
    svg: str
    etag: str
    language: str


def seal_for(award: Award, *, language: str, day: date | None = None) -> Seal:
    """The badge of ``award`` in ``language`` as it stands on ``day`` (today)."""
    with translation.override(language):
        facts = verification_facts(award, day=day)
        status = str(facts["status"])
        status_label = str(AwardStatus(status).label)
        texts = award_texts(award, language)
        programme = texts.programme.text
        level_text = texts.level or texts.stage
        level = level_text.text
        level_shown, level_size = level_line(level)
        until_text = _until_line(award, facts)
        title = _("%(programme)s seal: %(status)s") % {"programme": programme, "status": status_label}
        parts = {"organisation": facts["organisation"], "programme": programme, "level": level}
        if until_text:
            desc = _("%(organisation)s, %(programme)s, %(level)s. %(until)s. Status: %(status)s.") % {
                **parts,
                "until": until_text,
                "status": status_label,
            }
        else:
            desc = _("%(organisation)s, %(programme)s, %(level)s. Status: %(status)s.") % {
                **parts,
                "status": status_label,
            }
        svg = render_to_string(
            "certificates/seal.svg",
            {
                "language": language,
                "title": title,
                "desc": desc,
                "programme_lines": programme_lines(programme),
                # a text in another language than the seal's (a fallback) says which
                "programme_lang": texts.programme.lang if texts.programme.is_fallback else "",
                "level_line": level_shown,
                "level_size": level_size,
                "level_lang": level_text.lang if level_text.is_fallback else "",
                "until_line": until_text,
                "status": status,
                "status_line": _shorten(status_label.upper(), 16),
                "colour": STATUS_COLOURS.get(status, STATUS_COLOURS[AwardStatus.SUPERSEDED]),
                "width": SEAL_WIDTH,
                "height": SEAL_HEIGHT,
                "centre": SEAL_WIDTH // 2,
                "band_path": BAND_PATH,
            },
        )
    etag = hashlib.sha256(svg.encode("utf-8")).hexdigest()[:32]
    return Seal(svg=svg, etag=f'"{etag}"', language=language)


def seal_urls(award: Award, *, language: str) -> dict[str, str]:
    """Absolute addresses of the award's verification page and seal in ``language``, for others'
    websites; ``seal_preview``: the seal's same-origin address, for the preview on our own page,
    which the content security policy lets load whatever host and port the page was reached by."""
    with translation.override(language):
        verify_path = reverse("certificates:verify", kwargs={"code": award.verification_code})
        seal_path = reverse("certificates:seal", kwargs={"code": award.verification_code})
    return {"verify": settings.SITE_URL + verify_path, "seal": settings.SITE_URL + seal_path, "seal_preview": seal_path}


def seal_snippet(award: Award, *, language: str) -> str:
    """The HTML an employer pastes into its website: the live seal, linked to the verification."""
    urls = seal_urls(award, language=language)
    with translation.override(language):
        alt = _("%(programme)s seal of %(organisation)s: check the current status") % {
            "programme": award.version.localised("title"),
            "organisation": award.organisation.name,
        }
        return render_to_string(
            "certificates/seal_snippet.html",
            {"urls": urls, "alt": alt, "width": SEAL_WIDTH, "height": SEAL_HEIGHT, "language": language},
        ).strip()
