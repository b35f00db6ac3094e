"""A charter reads as "handvest" on Dutch pages, as the Dutch programme titles and notices name
it ("Handvest voor de combinatie…", "Handvest ondertekend op …"), not as the English "Charter"."""

from __future__ import annotations

import pytest
from django.utils import translation

from vereinbar.programmes.models import ProgrammeKind


@pytest.mark.parametrize(("language", "name"), [("nl", "Handvest"), ("de", "Charta")])
def test_the_charter_kind_is_named_in_the_readers_language(language, name):
    with translation.override(language):
        assert str(ProgrammeKind.CHARTER.label) == name
