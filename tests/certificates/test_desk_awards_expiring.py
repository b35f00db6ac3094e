"""The operator's list of awards says of each award in force that ends within the home's
longest window (90 days) how soon it ends, so that the renewals to chase stand out of a long
list; an award further off, or ended, says nothing more than its date."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests.cycles.test_operator_desk import applied, award

pytestmark = pytest.mark.django_db


def test_awards_ending_soon_say_in_how_many_days(audit, parties, login):
    today = timezone.localdate()
    award(applied(audit, "Stadt Aachen"), "A-1", today)
    award(applied(audit, "Kreis Borken"), "A-2", today + timedelta(days=1))
    award(applied(audit, "Gemeente Delft"), "A-3", today + timedelta(days=45))
    award(applied(audit, "Kreis Soest"), "A-4", today + timedelta(days=400))
    award(applied(audit, "Kreis Coesfeld"), "A-5", today + timedelta(days=10), status="revoked")
    client = login(parties["operator"])

    page = client.get(reverse("operator_cycles:awards"), {"status": ""}).content.decode()
    with translation.override("de"):
        german = client.get(reverse("operator_cycles:awards")).content.decode()

    assert page.count('class="expiring"') == 3
    assert "ends today" in page and "ends in 1 day<" in page and "ends in 45 days" in page
    assert "endet heute" in german and "endet in 45 Tagen" in german


def test_the_export_says_which_awards_in_force_have_no_renewal_yet(audit, parties, login):
    today = timezone.localdate()
    award(applied(audit, "Stadt Aachen"), "A-1", today + timedelta(days=20))
    award(applied(audit, "Kreis Coesfeld"), "A-2", today - timedelta(days=10), status="expired")
    with translation.override("de"):
        url = reverse("operator_cycles:awards_csv")
    rows = list(
        csv.reader(io.StringIO(login(parties["operator"]).get(url, {"status": ""}).content.decode("utf-8-sig")))
    )
    renewal = {row[0]: row[-1] for row in rows[1:]}
    assert rows[0][-1] == "Verlängerung" and renewal == {"A-1": "noch keine", "A-2": ""}
