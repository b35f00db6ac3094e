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
from itertools import combinations

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


# The programme's title: one line in the large type, up to two in a smaller one, or, for a
# name longer than that (a charter's Dutch name, "…in Noordrijn-Westfalen", was cut on its
# second line), three in a smaller one still; broken between words, and only a longer one is
# shortened. Limits in characters of DejaVu Sans/Verdana bold, wide letters included: about
# 0.64 em a character, within the 232 px between the frame's margins.
PROGRAMME_ONE_LINE = 24
PROGRAMME_TWO_LINES = 31
PROGRAMME_THREE_LINES = 34


@dataclass(frozen=True)
class ProgrammeLayout:
    """Where the texts of a seal go for a programme title of so many lines: the title's type
    size and baselines, and the baselines of the level's and the validity's lines below it."""

    size: str
    baselines: tuple[int, ...]
    level_y: int
    until_y: int


# by number of title lines; the status band begins at y 76
PROGRAMME_LAYOUTS = {
    1: ProgrammeLayout("14", (26,), 46, 64),
    2: ProgrammeLayout("11.5", (19, 33), 50, 66),
    3: ProgrammeLayout("10.5", (15, 27, 39), 54, 69),
}


def _balanced(words: list[str], lines: int, limit: int) -> list[str] | None:
    """``words`` on ``lines`` lines of at most ``limit`` characters, broken where the longest line
    is shortest (``_evenness``); None when no such breaks exist."""
    best: list[str] | None = None
    for cuts in combinations(range(1, len(words)), lines - 1):
        bounds = (0, *cuts, len(words))
        split = [" ".join(words[bounds[i] : bounds[i + 1]]) for i in range(lines)]
        if all(len(line) <= limit for line in split) and (best is None or _evenness(split) < _evenness(best)):
            best = split
    return best


def _evenness(lines: list[str]) -> tuple[int, int]:
    """The longest line, then, between breaks as good, how even the lines are (the sum of their
    squares: "Anerkennung „Wir sind / familienbewusst“" rather than "Anerkennung „Wir / sind
    familienbewusst“")."""
    return max(map(len, lines)), sum(len(line) ** 2 for line in lines)


def programme_lines(text: str) -> list[str]:
    """The title's lines on the badge: one (large type, when it fits), two (small type) or three
    (smaller type); the last one shortened only when even three do not hold it."""
    if len(text) <= PROGRAMME_ONE_LINE:
        return [text]
    words = text.split(" ")
    two = _balanced(words, 2, PROGRAMME_TWO_LINES)
    if two is not None:
        return two
    three = _balanced(words, 3, PROGRAMME_THREE_LINES)
    if three is not None:
        return three
    if len(words[0]) > PROGRAMME_THREE_LINES:  # not even the first word fits: one shortened line, small type
        return [_shorten(text, PROGRAMME_TWO_LINES), ""]
    # Too long for three lines: each line as full as it goes, the last one shortened.
    lines: list[str] = []
    rest = words
    while rest and len(lines) < 2:
        at = max(k for k in range(1, len(rest) + 1) if len(" ".join(rest[:k])) <= PROGRAMME_THREE_LINES or k == 1)
        lines.append(_shorten(" ".join(rest[:at]), PROGRAMME_THREE_LINES))
        rest = rest[at:]
    lines.append(_shorten(" ".join(rest), PROGRAMME_THREE_LINES))
    return lines


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
        lines = programme_lines(programme)
        layout = PROGRAMME_LAYOUTS[len(lines)]
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
                # the title's lines at their baselines, in the type of so many lines
                "programme_rows": [(y, line) for y, line in zip(layout.baselines, lines, strict=True) if line],
                "layout": layout,
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
