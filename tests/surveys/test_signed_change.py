"""A change between two surveys is written with its sign: a minus sign (U+2212), not a hyphen,
and no sign for a change that rounds to nothing."""

from __future__ import annotations

from django.utils import translation

from vereinbar.surveys.templatetags.survey_report import signed


def test_a_change_carries_a_minus_sign_or_a_plus_in_the_readers_language():
    with translation.override("de"):
        assert (signed(1.24), signed(-1.24), signed(-0.04), signed(0.0)) == ("+1,2", "\u22121,2", "0,0", "0,0")
    with translation.override("en"):
        assert (signed(-12.34), signed(3)) == ("\u221212.3", "+3.0")
