"""A phase page's heading breaks long German and Dutch words at a syllable on a phone: Chromium
on Linux has no hyphenation dictionaries, so the page carries soft hyphens itself."""

from __future__ import annotations

import re

import pytest
import yaml

from tests.cycles.conftest import PROGRAMMES, programme_from_file
from vereinbar.core.hyphenation import SOFT_HYPHEN
from vereinbar.cycles import services


@pytest.mark.django_db
def test_a_long_phase_title_breaks_at_its_syllables_in_the_phase_heading(
    tmp_path, operator_org, employer_org, operator_admin, auditor, login, coordinator
):
    data = yaml.safe_load((PROGRAMMES / "bgm.yaml").read_text(encoding="utf-8"))
    data.update(languages=["de", "nl"], title={"de": "Gesundheitsmanagement", "nl": "Gezondheidsmanagement"})
    data["stages"][0]["phases"][0]["title"] = {"de": "Gefährdungsbeurteilung", "nl": "Knelpuntenanalyse"}
    path = tmp_path / "bgm.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    programme = programme_from_file(path, operator_org)
    cycle = services.cycle_apply(actor=coordinator, organisation=employer_org, programme=programme)
    services.cycle_accept(actor=operator_admin, cycle=cycle, auditor=auditor)
    run = cycle.phase_runs.get(phase__key="analysis")
    client = login(coordinator)
    for language, phase_word, programme_word in (
        ("de", "Gefähr|dungs|be|ur|tei|lung", "Gesund|heits|ma|nage|ment"),
        ("nl", "Knel|pun|ten|ana|lyse", "Gezond|heids|ma|na|ge|ment"),
    ):
        page = client.get(f"/{language}/workspace/kreis-musterstadt/cycles/{cycle.pk}/phases/{run.pk}/")
        html = page.content.decode().replace(SOFT_HYPHEN, "|")
        assert re.search(r"<h1>(.*?)</h1>", html, re.S).group(1).strip() == phase_word
        assert programme_word in re.search(r'<p class="lead">(.*?)</p>', html, re.S).group(1)
