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
