"""The operator's desk groups counts by thousands as the reader's language writes them: the
number found above each list, staff counts in the employers list and the bulk confirmation;
the number that picks the plural stays the plain one."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from tests.factories import OrganisationFactory
from vereinbar.cycles.models import Cycle, CycleStatus
from vereinbar.cycles.views.desk import CYCLES
from vereinbar.cycles.views.desk_organisations import EMPLOYERS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("desk", "language", "count", "label"),
    [
        (EMPLOYERS, "de", 42_156, "42.156 Arbeitgeber gefunden"),
        (EMPLOYERS, "nl", 42_156, "42.156 werkgevers gevonden"),
        (EMPLOYERS, "en", 42_156, "42,156 employers found"),
        (CYCLES, "nl", 1, "1 traject gevonden"),
        (CYCLES, "en", 1_600, "1,600 cycles found"),
    ],
)
def test_the_number_found_is_grouped_and_picks_its_plural(operator_admin, desk, language, count, label):
    many = replace(desk, select=lambda *, user, query: range(count))  # no rows needed to count them
    request = RequestFactory().get("/")
    request.user = operator_admin
    with translation.override(language):
        assert str(many.context(request)["found_label"]) == label


@pytest.mark.parametrize(("language", "staff"), [("de", "1.600"), ("nl", "1.600"), ("en", "1,600")])
def test_the_employers_list_groups_the_staff_count(login, operator_admin, load_programme, language, staff):
    programme = load_programme("audit")
    version = programme.current_version
    organisation = OrganisationFactory(name="Landkreis Groß", staff_count=1600)
    Cycle.objects.create(
        organisation=organisation,
        programme=programme,
        version=version,
        stage=version.stages.order_by("order").first(),
        status=CycleStatus.APPLIED,
    )
    with translation.override(language):
        url = reverse("operator:employers")
    page = login(operator_admin).get(url).content.decode()
    assert f">{staff}</td>" in page


@pytest.mark.parametrize(
    ("language", "text"),
    [("de", "Sie ändern gleich 1.200 Durchläufe."), ("nl", "U staat op het punt 1.200 trajecten te wijzigen.")],
)
def test_the_bulk_confirmation_groups_the_number_of_cycles(language, text):
    with translation.override(language):
        html = render_to_string("cycles/desk_bulk_confirm.html", {"count": 1200, "more": 0, "cycles": []})
    assert text in " ".join(html.split())
