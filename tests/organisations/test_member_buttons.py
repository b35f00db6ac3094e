"""Each member's buttons say whose role they change or whom they remove: a screen reader going
from button to button hears the member's address, not five times "Change role"."""

import re

import pytest

from vereinbar.accounts.models import Membership

pytestmark = pytest.mark.django_db


def test_each_members_buttons_name_the_member(login, coordinator, viewer):
    page = login(coordinator).get("/de/workspace/kreis-musterstadt/members/").content.decode()
    membership = Membership.objects.get(user=viewer)
    described = re.search(rf'id="member-{membership.pk}"[^>]*>([^<]+)<', page)
    assert described and described.group(1) == viewer.email
    for label in ("Rolle ändern", "Entfernen"):
        buttons = re.findall(
            rf'<(?:button|a) [^>]*aria-describedby="member-{membership.pk}"[^>]*><span class="kern-label">{label}<',
            page,
        )
        assert len(buttons) == 1, label


def test_change_role_beside_the_role_already_held_says_nothing_changed(login, coordinator, viewer):
    client = login(coordinator)
    membership = Membership.objects.get(user=viewer)
    url = f"/de/workspace/kreis-musterstadt/members/{membership.pk}/"
    page = client.post(url, {"role": "viewer"}, follow=True).content.decode()
    person = viewer.full_name or viewer.email
    assert f"{person} hat bereits die Rolle „Lesende“; es wurde nichts geändert." in page
    assert "Die Rolle wurde geändert." not in page
    page = client.post(url, {"role": "contributor"}, follow=True).content.decode()
    assert "Die Rolle wurde geändert." in page
    membership.refresh_from_db()
    assert membership.role == "contributor"
