"""Deleting a unit, contact or measure, removing a member and withdrawing an invitation ask
first: the button on the page is a link to a question, which changes nothing; only the
question's form (a POST) does it."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.measures.factories import MeasureFactory
from tests.organisations.factories import ContactFactory, UnitFactory
from vereinbar.accounts.models import Invitation, Membership
from vereinbar.measures.models import Measure
from vereinbar.measures.services import catalogue_load
from vereinbar.organisations.models import Contact, Unit

pytestmark = pytest.mark.django_db

WORKSPACE = "/de/workspace/kreis-musterstadt/"


def _form_actions(html):
    return re.findall(r'<form method="post"[^>]*action="([^"]+)"', html)


def _asks_and_keeps(client, page, door, name, posted_by_page=False):
    """The page links to the door instead of posting to it; the door asks and names the object."""
    html = client.get(page).content.decode()
    assert f'href="{door}"' in html
    assert posted_by_page or door not in _form_actions(html)
    question = client.get(door)
    assert question.status_code == 200
    text = question.content.decode()
    assert name in text.split("<h1>", 1)[1].split("</h1>", 1)[0]
    assert '<form method="post" class="actions"' in text  # posts to the question's own address


@pytest.mark.parametrize("kind", ["unit", "contact", "measure"])
def test_a_deletion_asks_first_and_the_question_changes_nothing(login, coordinator, employer_org, kind):
    client = login(coordinator)
    if kind == "unit":
        obj, model = UnitFactory(organisation=employer_org, name="Abfallwirtschaftsbetrieb"), Unit
        page, door, name = f"{WORKSPACE}units/{obj.pk}/", f"{WORKSPACE}units/{obj.pk}/delete/", obj.name
    elif kind == "contact":
        obj, model = ContactFactory(organisation=employer_org, name="Pflege-Guide Ost"), Contact
        page, door, name = f"{WORKSPACE}contacts/", f"{WORKSPACE}contacts/{obj.pk}/delete/", obj.name
    else:
        catalogue_load()
        obj, model = (
            MeasureFactory(organisation=employer_org, title_de="Ferienbetreuung", title_en="Ferienbetreuung"),
            Measure,
        )
        page, door, name = f"{WORKSPACE}measures/{obj.pk}/", f"{WORKSPACE}measures/{obj.pk}/delete/", obj.title
    _asks_and_keeps(client, page, door, name)
    assert model.objects.filter(pk=obj.pk).exists()

    assert client.post(door).status_code == 302
    assert not model.objects.filter(pk=obj.pk).exists()


def test_removing_a_member_asks_first_and_the_question_changes_nothing(login, coordinator, viewer):
    client = login(coordinator)
    membership = Membership.objects.get(user=viewer)
    door = f"{WORKSPACE}members/{membership.pk}/"
    # the member's row posts role changes to the same address, but has no button that removes
    _asks_and_keeps(client, f"{WORKSPACE}members/", door, viewer.full_name or viewer.email, posted_by_page=True)
    assert 'name="remove"' not in client.get(f"{WORKSPACE}members/").content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()

    question = client.get(door).content.decode()
    assert '<input type="hidden" name="remove" value="1">' in question
    assert client.post(door, {"remove": "1"}).status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_a_member_without_the_right_gets_no_question(login, viewer, coordinator):
    membership = Membership.objects.get(user=coordinator)
    assert login(viewer).get(f"{WORKSPACE}members/{membership.pk}/").status_code == 403


def test_the_last_coordinator_is_told_why_instead_of_offered_a_removal_that_fails(login, coordinator):
    membership = Membership.objects.get(user=coordinator)
    question = login(coordinator).get(f"{WORKSPACE}members/{membership.pk}/").content.decode()
    assert "die Mitglieder verwalten kann" in question
    assert 'name="remove"' not in question and '<form method="post" class="actions"' not in question
    assert f'href="{WORKSPACE}members/"' in question


def test_withdrawing_an_invitation_asks_first_and_the_question_changes_nothing(login, coordinator, employer_org):
    invitation = Invitation.objects.create(
        organisation=employer_org,
        email="neu@kreis-musterstadt.example",
        role="contributor",
        language="de",
        token_hash="0" * 64,
        expires_at=timezone.now() + timedelta(days=7),
    )
    client = login(coordinator)
    door = f"{WORKSPACE}invitations/{invitation.pk}/withdraw/"
    _asks_and_keeps(client, f"{WORKSPACE}members/", door, invitation.email)
    invitation.refresh_from_db()
    assert invitation.is_open

    assert client.post(door).status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
