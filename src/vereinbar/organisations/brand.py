"""An operator's brand colour: checked, stored with a history entry, and applied as KERN tokens.

The colour becomes KERN's action colour (``--kern-color-action-default``) on the pages that
belong to the operator (``organisations.theme``): links, the brand name and the labels of
secondary buttons in the colour, and the background of primary buttons with white text. Text in
the colour is drawn on white, on the header's light grey (KERN's
``--kern-color-layout-background-hued``, darker than white) and, while the pointer rests on a
secondary or tertiary button or presses it, on that background tinted with the colour itself
(KERN's ``--kern-color-action-state-indicator-tint-*-opacity``). Focus (an outline in KERN's
focus colour) and ``aria-current`` (bold, a thicker underline) keep text and background. So the
colour must reach WCAG AA's 4.5:1 against every one of these backgrounds
(``backgrounds_of``); the weakest is the header's grey tinted by a pressed button. White text on
primary buttons passes whenever that does (the colour is then darker than the grey, and KERN
darkens it further on hover and press).
"""

from __future__ import annotations

import math
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from vereinbar.accounts.models import User
from vereinbar.activity.updates import model_update

from .models import Organisation
from .permissions import Action, has_permission

MINIMUM_CONTRAST = 4.5  # WCAG 2.1 AA for normal text: links, and white text on buttons
_HEX = re.compile(r"^#[0-9a-f]{6}$")


def _channel(value: int) -> float:
    srgb = value / 255
    return srgb / 12.92 if srgb <= 0.04045 else ((srgb + 0.055) / 1.055) ** 2.4


# KERN's light theme: --kern-color-layout-background-hued = oklch(96.72% .0041 271.37), the
# background of the page header whose navigation links take the action colour.
HEADER_BACKGROUND = "#f3f4f7"
WHITE = "#ffffff"
# KERN's light theme tints a secondary or tertiary button's background with the action colour,
# `color-mix(in oklch, <colour>, transparent <opacity>)`, over what lies below it:
# --kern-color-action-state-opacity-hover 92% (8% of the colour), -active 84% (16%).
HOVER_TINT = 0.08
PRESSED_TINT = 0.16


def _luminance(colour: str) -> float:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast(colour: str, background: str) -> float:
    """WCAG 2.1's contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    lighter, darker = sorted((_luminance(colour), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def contrast_with_white(colour: str) -> float:
    """WCAG 2.1's contrast ratio of a ``#rrggbb`` colour against white (1 to 21)."""
    return contrast(colour, WHITE)


def tinted(background: str, colour: str, share: float) -> str:
    """``background`` with ``colour`` laid over it at ``share`` opacity, as the browser composites
    it (in sRGB): the background of a button under the pointer or pressed."""
    below = (int(background[i : i + 2], 16) for i in (1, 3, 5))
    above = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(share * a + (1 - share) * b):02x}" for a, b in zip(above, below, strict=True))


def backgrounds_of(colour: str) -> dict[str, str]:
    """Every background text in ``colour`` is drawn on, by state: white and the header's grey,
    each as it is and tinted by a button under the pointer or pressed."""
    found: dict[str, str] = {}
    for name, background in (("white", WHITE), ("header", HEADER_BACKGROUND)):
        found[name] = background
        found[f"{name}, hover"] = tinted(background, colour, HOVER_TINT)
        found[f"{name}, pressed"] = tinted(background, colour, PRESSED_TINT)
    return found


def lowest_contrast(colour: str) -> float:
    """The colour's contrast where it is weakest: against the lightest background it is drawn on."""
    return min(contrast(colour, background) for background in backgrounds_of(colour).values())


def brand_colour_clean(value: str | None) -> str:
    """The colour as stored (``#rrggbb`` in lower case, or "" for the installation's default);
    ValidationError on ``brand_colour`` for another format or too little contrast."""
    colour = (value or "").strip().lower()
    if not colour:
        return ""
    if not _HEX.match(colour):
        raise ValidationError(
            {"brand_colour": _("Enter the colour as # and six hexadecimal digits, e.g. #1a3da5.")}, code="invalid"
        )
    ratio = lowest_contrast(colour)
    if ratio < MINIMUM_CONTRAST:
        # Rounded down, so that a colour just below the limit never reads as 4.50:1.
        shown = number_format(math.floor(ratio * 100) / 100, decimal_pos=2)
        raise ValidationError(
            {
                "brand_colour": _(
                    "This colour has a contrast of only %(ratio)s:1 where it is weakest: on a button in the "
                    "page header, whose light grey it tints while the button is pressed. Text in it needs at "
                    "least %(minimum)s:1 in every state to stay readable (WCAG AA); choose a darker shade."
                )
                % {"ratio": shown, "minimum": number_format(MINIMUM_CONTRAST, decimal_pos=1)}
            },
            code="contrast",
        )
    return colour


def operator_brand_colour_set(*, actor: User, organisation: Organisation, colour: str | None) -> Organisation:
    """Set or clear (empty) an operator's brand colour; only its admins may. Records the change."""
    if not has_permission(actor, organisation, Action.EDIT_PROFILE):
        raise PermissionDenied
    if not organisation.is_operator:
        raise ValidationError({"brand_colour": _("Only programme operators choose a colour for their pages.")})
    cleaned = brand_colour_clean(colour)
    with transaction.atomic():
        locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
        model_update(locked, {"brand_colour": cleaned}, actor=actor, verb="organisation.updated", organisation=locked)
    return locked


def stored_colour(organisation: Organisation) -> str:
    """The operator's colour if it is one this module would store now (guards against a value
    set elsewhere, e.g. in Django's admin, or stored under an older, weaker rule), else ""."""
    colour = organisation.brand_colour or ""
    if not (organisation.is_operator and _HEX.match(colour)):
        return ""
    return colour if lowest_contrast(colour) >= MINIMUM_CONTRAST else ""


def theme_stylesheet(colour: str) -> str:
    """The stylesheet that gives a page the operator's colour, after ``main.css`` (same selector,
    so it wins by order). ``colour`` is a cleaned ``#rrggbb``."""
    return (
        "/* The operator's colour (organisations/brand.py); KERN derives hover and pressed from it. */\n"
        f'body[data-kern-theme="light"] {{ --kern-color-action-default: {colour}; '
        f"--kern-color-action-visited: {colour}; }}\n"
    )
