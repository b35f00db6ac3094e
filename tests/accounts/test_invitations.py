import re

import pytest
from django.core import mail

from vereinbar.accounts.models import Invitation, Membership, User

# Invitation mails go out after commit, so these tests run with real transactions.
pytestmark = pytest.mark.django_db(transaction=True)


def invite(client, slug="kreis-musterstadt", area="workspace", **data):
    payload = {"email": "new.colleague@test.example", "role": "contributor", "language": "nl", **data}
    return client.post(f"/de/{area}/{slug}/members/", payload)


def invitation_path():
    return re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body).group(1)


def test_a_coordinator_invites_by_mail_in_the_chosen_language(login, coordinator):
    response = invite(login(coordinator))
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.colleague@test.example"]
    assert "Uitnodiging" in message.subject
    assert "/nl/accounts/invitation/" in message.body
    invitation = Invitation.objects.get()
    assert invitation_path().rstrip("/").split("/")[-1] not in invitation.token_hash


def test_a_new_person_accepts_and_gets_an_account_and_the_role(client, login, coordinator):
    invite(login(coordinator))
    path = invitation_path()
    client.logout()
    response = client.post(
        path, {"full_name": "Nora Neu", "password1": "a long new passphrase", "password2": "a long new passphrase"}
    )
    assert response.status_code == 302
    user = User.objects.get(email="new.colleague@test.example")
    assert user.preferred_language == "nl"
    assert Membership.objects.get(user=user).role == "contributor"
    assert client.get("/nl/workspace/kreis-musterstadt/").status_code == 200


def test_a_used_invitation_link_is_refused(client, login, coordinator):
    invite(login(coordinator))
    path = invitation_path()
    client.logout()
    client.post(path, {"full_name": "Nora", "password1": "a long new passphrase", "password2": "a long new passphrase"})
    client.logout()
    response = client.post(
        path, {"full_name": "Mallory", "password1": "a long new passphrase", "password2": "a long new passphrase"}
    )
    assert response.status_code == 404
    assert Membership.objects.filter(user__email="new.colleague@test.example").count() == 1


def test_mismatched_passwords_show_an_error_next_to_the_field_and_change_nothing(client, login, coordinator):
    invite(login(coordinator))
    path = invitation_path()
    client.logout()
    response = client.post(
        path, {"full_name": "Nora", "password1": "a long new passphrase", "password2": "something else"}
    )
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert not User.objects.filter(email="new.colleague@test.example").exists()


def test_an_existing_user_accepts_while_logged_in(client, login, coordinator, outsider):
    invite(login(coordinator), email=outsider.email, role="viewer")
    path = invitation_path()
    client = login(outsider)
    response = client.post(path)
    assert response.status_code == 302
    assert Membership.objects.get(user=outsider, organisation__slug="kreis-musterstadt").role == "viewer"


def test_a_contributor_cannot_invite(login, contributor):
    response = invite(login(contributor))
    assert response.status_code == 403
    assert Invitation.objects.count() == 0
    assert mail.outbox == []


def test_an_outsider_cannot_invite_into_another_organisation(login, outsider, employer_org):
    response = invite(login(outsider))
    assert response.status_code == 404
    assert Invitation.objects.count() == 0


def test_an_operator_role_cannot_be_given_in_an_employer(login, coordinator):
    response = invite(login(coordinator), role="auditor")
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert Invitation.objects.count() == 0


def test_an_operator_admin_invites_an_auditor(login, operator_admin):
    response = invite(login(operator_admin), slug="programme-operator", area="operator", role="auditor")
    assert response.status_code == 302
    assert Invitation.objects.get().role == "auditor"


def test_inviting_the_same_address_again_says_the_earlier_link_stops_working(client, login, coordinator):
    client = login(coordinator)
    invite(client)
    first = invitation_path()
    response = invite(client, role="viewer")
    page = client.get(response["Location"]).content.decode()
    assert "Eine neue Einladung wurde an new.colleague@test.example gesendet, als Lesende" in page
    assert "Der Link in der früheren Einladung funktioniert nicht mehr." in page
    client.logout()
    assert client.get(first).status_code == 404


def test_a_withdrawn_invitation_no_longer_works(client, login, coordinator):
    client = login(coordinator)
    invite(client)
    path = invitation_path()
    invitation = Invitation.objects.get()
    client.post(f"/de/workspace/kreis-musterstadt/invitations/{invitation.pk}/withdraw/")
    client.logout()
    assert client.get(path).status_code == 404


def test_the_last_coordinator_cannot_step_down(login, coordinator):
    client = login(coordinator)
    membership = Membership.objects.get(user=coordinator)
    response = client.post(f"/de/workspace/kreis-musterstadt/members/{membership.pk}/", {"role": "viewer"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == "coordinator"


def test_a_coordinator_changes_a_members_role_and_it_is_in_the_history(login, coordinator, contributor):
    client = login(coordinator)
    membership = Membership.objects.get(user=contributor)
    client.post(f"/de/workspace/kreis-musterstadt/members/{membership.pk}/", {"role": "viewer"})
    membership.refresh_from_db()
    assert membership.role == "viewer"
    history = client.get("/api/v1/organisations/kreis-musterstadt/history").json()["results"]
    change = next(entry for entry in history if entry["verb"] == "membership.role_changed")
    assert change["before"] == {"role": "contributor"} and change["after"] == {"role": "viewer"}
    assert change["who"] == coordinator.email


def test_an_invitation_needs_a_role_chosen_on_purpose(login, coordinator):
    client = login(coordinator)
    page = client.get("/de/workspace/kreis-musterstadt/members/").content.decode()
    invite_form = page.split('name="email"', 1)[1]
    assert '<option value="" selected>' in invite_form  # nothing chosen in advance, least of all Coordinator
    assert "Lesende:" in invite_form  # the roles are explained where they are chosen

    response = invite(client, role="")
    assert response.status_code == 200
    assert "Wählen Sie die Rolle" in response.content.decode()
    assert not Invitation.objects.exists() and not mail.outbox


def test_the_new_persons_form_states_the_password_rules_before_a_refusal(client, login, coordinator):
    invite(login(coordinator))
    path = invitation_path()
    client.logout()
    page = client.get(path).content.decode()
    assert "mindestens 10 Zeichen" not in page  # the invitation is in Dutch
    assert "minstens 10 tekens lang" in page
