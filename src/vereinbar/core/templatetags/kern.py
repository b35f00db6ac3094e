"""Template helpers for the KERN-UX design system's components."""

from django import template

register = template.Library()

# The tone of a status tag (KERN's badge variants): done and in force, waiting for someone,
# ended badly; every other status is plain information.
_TONES = {
    "success": {
        "accepted",
        "achieved",
        "awarded",
        "completed",
        "delivered",
        "in_force",
        "in_place",
        "published",
        "sent",
        "taking_part",
        "valid",
    },
    "warning": {"expired", "queued", "retrying", "sending", "submitted", "superseded"},
    "danger": {"declined", "failed", "refused", "returned", "revoked", "withdrawn"},
}


@register.filter
def badge_tone(status: object) -> str:
    """KERN badge variant for a status value: ``success``, ``warning``, ``danger`` or ``info``."""
    value = str(status)
    for tone, statuses in _TONES.items():
        if value in statuses:
            return tone
    return "info"
