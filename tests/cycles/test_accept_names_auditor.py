"""When the operator accepts an application and assigns its auditor in one step, the history row
of the acceptance names the auditor, as a row of a later assignment does; one accepted without an
auditor names none."""

from __future__ import annotations

import pytest
from django.utils import translation

from vereinbar.activity.display import lines_for
from vereinbar.activity.models import Entry
from vereinbar.cycles import services

pytestmark = pytest.mark.django_db


def _acceptance(cycle, language: str):
    entry = Entry.objects.get(verb="cycle.accepted", target_id=str(cycle.pk))
    with translation.override(language):
        (line,) = lines_for([entry])
        return line.text, [(detail.label, str(detail.after), detail.before) for detail in line.details]


@pytest.fixture
def application(audit, parties, employer_org):
    return services.cycle_apply(actor=parties["coordinator"], organisation=employer_org, programme=audit)


def test_the_acceptance_names_the_auditor_assigned_with_it(application, parties):
    services.cycle_accept(actor=parties["operator"], cycle=application, auditor=parties["auditor"])
    operator, auditor = str(parties["operator"]), str(parties["auditor"])
    text, details = _acceptance(application, "de")
    assert text == f"{operator} hat die Bewerbung angenommen: Test-Audit – Audit."
    assert details == [("Auditorin/Auditor", auditor, None)]
    text, details = _acceptance(application, "nl")
    assert text == f"{operator} heeft de aanvraag voor Test audit – Audit geaccepteerd."
    assert details == [("Auditor", auditor, None)]


def test_an_acceptance_without_an_auditor_names_none(application, parties):
    services.cycle_accept(actor=parties["operator"], cycle=application)
    assert _acceptance(application, "de")[1] == []
