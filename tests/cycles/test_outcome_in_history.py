"""A long meeting outcome is named in the cycle's history by its beginning, cut after a whole
word and ended by "…", never in the middle of a word."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from tests.cycles.test_meeting_held import workshop_run  # noqa: F401 - the fixture
from vereinbar.cycles import services

LONG = "Systematische Beschäftigtenbefragung mit der AOK PLUS und dem Institut für Gesundheit und Arbeit"


def test_a_long_outcome_is_cut_after_a_word_with_an_ellipsis(workshop_run, contributor, client, login):  # noqa: F811
    workshop = services.workshop_save(actor=contributor, run=workshop_run, held_on=timezone.localdate())
    services.outcome_add(actor=contributor, workshop=workshop, text=LONG)
    services.outcome_add(actor=contributor, workshop=workshop, text="Telearbeit für Pflegende")
    cycle = workshop_run.cycle
    login(contributor)
    page = client.get(reverse("workspace_cycles:detail", args=[cycle.organisation.slug, cycle.pk])).content.decode()
    assert "Systematische Beschäftigtenbefragung mit der AOK PLUS und dem Institut für…" in page
    assert "Gesu" not in page
    assert "Telearbeit für Pflegende" in page  # a short one whole
