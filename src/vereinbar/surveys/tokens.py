"""Survey tokens: e-mail links, printed codes, resume links of the open-link mode.

The invitation stores SHA-256(token); a draft stores SHA-256("draft:" + token). Neither
can be computed from the other, so without the token itself a draft cannot be joined to
an invitation. E-mail tokens are an HMAC of a random nonce under the installation's secret,
so reminders can repeat the same link without the token being stored anywhere.
"""

from __future__ import annotations

import hashlib
import re
import secrets

from django.conf import settings
from django.utils.crypto import salted_hmac

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: readable on paper
CODE_LENGTH = 12  # 60 bits; wrong codes are rate-limited
OPEN_CODE_LENGTH = 8  # the shared code of the open-link mode
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def draft_key(token: str) -> str:
    return hashlib.sha256(b"draft:" + token.encode("utf-8")).hexdigest()


def new_nonce() -> str:
    return secrets.token_hex(16)


def email_token(nonce: str, *, stored_hash: str | None = None) -> str:
    """The link token of an e-mail invitation, derived from its nonce under the installation's
    secret. Given the invitation's ``stored_hash``, the token of the secret it was first mailed
    under (the current one or one of ``SECRET_KEY_FALLBACKS``), so that a reminder after a change
    of the secret repeats the link that works."""
    secrets_known = (settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS) if stored_hash else (settings.SECRET_KEY,)
    for secret in secrets_known:
        token = salted_hmac("vereinbar.surveys.invitation", nonce, secret=secret, algorithm="sha256").hexdigest()[:40]
        if stored_hash is None or token_hash(token) == stored_hash:
            return token
    raise TokenSecretUnknown(
        "the invitation's link was made under a secret that is neither VEREINBAR_SECRET_KEY nor one of "
        "VEREINBAR_SECRET_KEY_FALLBACKS"
    )


class TokenSecretUnknown(Exception):
    """No secret known derives the invitation's stored link (the secret changed without a fallback)."""


def new_code(length: int = CODE_LENGTH) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def format_code(code: str) -> str:
    """``K7QM4XPD9TRA`` → ``K7QM-4XPD-9TRA`` for printing."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalise(raw: str) -> str | None:
    """A token or code as typed or clicked, or None when it cannot be one.

    Printed codes are typed case-insensitively with dashes or spaces; link tokens are hex.
    """
    text = raw.strip()
    compact = re.sub(r"[\s-]", "", text).upper()
    if len(compact) in (CODE_LENGTH, OPEN_CODE_LENGTH) and all(c in CODE_ALPHABET for c in compact):
        return compact
    return text if _TOKEN.match(text) else None


def new_resume_token() -> str:
    """A personal link for someone who came in through the shared code of the open-link mode."""
    return secrets.token_hex(20)
