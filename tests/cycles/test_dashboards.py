"""Dashboards: what waits for whom, the operator's overview with awards expiring, CSV export
safe from formula injection, the employer's card."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
import time_machine
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from vereinbar.core.exports import cell
from vereinbar.cycles.models import PhaseRun

from .helpers import drive, fill

pytestmark = pytest.mark.django_db


def test_cells_that_look_like_formulas_are_neutralised():
    assert cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert cell("+1") == "'+1" and cell("-2") == "'-2" and cell("@SUM(A1)") == "'@SUM(A1)"
    assert cell("Kreis Soest") == "Kreis Soest" and cell(None) == ""


def test_the_operator_sees_participants_and_awards_expiring_and_exports_them(
    scored, open_cycle, parties, employer_org, login
):
    employer_org.name = "=cmd|' /C calc'!A0"
    employer_org.save()
    with time_machine.travel(date(2025, 1, 10), tick=False):
        cycle = open_cycle(scored)
        drive(cycle, parties)
    client = login(parties["operator"])
    with time_machine.travel(date(2026, 8, 1), tick=False):
        page = client.get(reverse("operator_cycles:overview"))
        assert page.status_code == 200
        assert page.context["rows"][0]["counts"] == {"completed": 1}
        assert [a.pk for a in page.context["expiring"]] == [cycle.award.pk]
    export = client.get(reverse("operator_cycles:overview") + "?format=csv")
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[1][0] == "'=cmd|' /C calc'!A0"
    assert rows[1][6] == cycle.award.number
    assert login(parties["auditor"]).get(reverse("operator_cycles:overview")).status_code == 404
    assert login(parties["coordinator"]).get(reverse("operator_cycles:overview")).status_code == 404


def test_the_auditor_sees_what_waits_for_them(audit, open_cycle, parties, login):
    cycle = open_cycle(audit)
    run = cycle.phase_runs.select_related("phase", "cycle").get(phase__key="self_assessment")
    fill(run, editor=parties["coordinator"], signer=parties["coordinator"])
    from vereinbar.cycles import services

    services.phase_submit(actor=parties["coordinator"], run=run)
    page = login(parties["auditor"]).get(reverse("operator:index"), follow=True)
    assert [item.run.pk for item in page.context["waiting"]] == [run.pk]
    assert b"Review: Self-assessment" in page.content
    assert (
        login(parties["coordinator"])
        .get(reverse("workspace_cycles:list", args=[cycle.organisation.slug]))
        .context["waiting"]
        == []
    )


def test_the_employer_card_shows_current_cycles_and_what_is_due(audit, open_cycle, parties, employer_org):
    with time_machine.travel(date(2025, 1, 15), tick=False):
        open_cycle(audit)
    request = RequestFactory().get("/")
    request.user = parties["viewer"]
    with translation.override("en"):
        html = Template("{% load cycles %}{% cycles_card organisation %}").render(
            Context({"request": request, "organisation": employer_org})
        )
    assert "Test audit" in html and "Self-assessment" in html
    assert PhaseRun.objects.filter(due_on=date(2025, 4, 15)).exists()
