"""Privacy operations on accounts: the export of everything stored about a person, and deleting
an account while the history stays whole under a pseudonym."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.factories import UserFactory
from vereinbar.accounts.models import Membership, User
from vereinbar.accounts.privacy import account_data_export, account_delete
from vereinbar.accounts.services import membership_add, token_create
from vereinbar.activity.models import AppendOnlyError, Entry
from vereinbar.activity.services import entry_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(employer_org, coordinator):
    """A contributor the coordinator added, with an API token and some history of their own."""
    user = UserFactory(email="kim.colleague@test.example", full_name="Kim Colleague")
    membership_add(actor=coordinator, organisation=employer_org, user=user, role="contributor")
    token_create(user=user, name="laptop")
    entry_record(
        actor=user, verb="organisation.updated", organisation=employer_org, comment="typo fixed by Kim Colleague"
    )
    return user


def _export(data: bytes) -> dict:
    return json.loads(zipfile.ZipFile(io.BytesIO(data)).read("account.json"))


def test_the_export_holds_the_account_its_memberships_tokens_and_history_but_no_secrets(colleague):
    document = _export(account_data_export(user=colleague))
    data = document["data"]
    assert document["account"] == colleague.email
    assert data["accounts.user"][0]["email"] == colleague.email
    assert "password" not in data["accounts.user"][0]
    assert [m["role"] for m in data["accounts.membership"]] == ["contributor"]
    assert data["accounts.apitoken"][0]["name"] == "laptop" and "token_hash" not in data["accounts.apitoken"][0]
    assert [entry["verb"] for entry in data["activity.entry"]] == ["token.created", "organisation.updated"]


def test_a_person_downloads_their_data_from_their_account_pages(login, colleague, coordinator):
    client = login(colleague)
    page = client.get(reverse("accounts:privacy"))
    assert page.status_code == 200
    assert reverse("accounts:privacy_export").encode() in page.content
    response = client.get(reverse("accounts:privacy_export"))
    assert response["Content-Type"] == "application/zip" and "attachment" in response["Content-Disposition"]
    document = _export(response.content)
    assert document["account"] == colleague.email
    # Nothing about others: the coordinator's own account is not in it.
    assert all(user["email"] != coordinator.email for user in document["data"]["accounts.user"])


def test_the_export_needs_a_login(client):
    response = client.get(reverse("accounts:privacy_export"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_deleting_an_account_keeps_the_history_under_a_pseudonym(colleague, coordinator):
    before = list(Entry.objects.order_by("pk").values_list("pk", "verb", "created_at", "organisation_id"))
    pseudonym = account_delete(actor=colleague, user=colleague)

    assert not User.objects.filter(email=colleague.email).exists()
    assert not Membership.objects.filter(user_id=colleague.pk).exists()
    after = list(Entry.objects.order_by("pk").values_list("pk", "verb", "created_at", "organisation_id"))
    assert after[: len(before)] == before  # nothing lost, nothing reordered
    assert after[-1][1] == "account.deleted"
    added = Entry.objects.get(verb="membership.added", organisation__isnull=False, after__role="contributor")
    assert added.actor == coordinator and added.after["user"] == pseudonym
    own = Entry.objects.get(verb="organisation.updated")
    assert own.actor is None and own.actor_label == pseudonym
    assert own.comment == f"typo fixed by {pseudonym}"
    every_text = json.dumps(list(Entry.objects.values()), default=str).lower()
    assert "kim.colleague" not in every_text and "kim colleague" not in every_text


def test_the_history_stays_append_only_outside_the_pseudonymisation(colleague):
    with pytest.raises(AppendOnlyError):
        Entry.objects.filter(actor=colleague).update(actor_label="someone")


def test_a_person_deletes_their_own_account_after_confirming_the_password(login, client, colleague):
    page = login(colleague).post(reverse("accounts:privacy"), {"password": "wrong"})
    assert page.status_code == 200 and b"password is not correct" in page.content
    assert User.objects.filter(pk=colleague.pk).exists()

    colleague.set_password(PASSWORD)
    colleague.save()
    response = login(colleague).post(reverse("accounts:privacy"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=colleague.pk).exists()
    assert client.get(reverse("accounts:account")).status_code == 302  # logged out


def test_nobody_deletes_someone_else_s_account_except_a_platform_admin(colleague, coordinator, platform_admin):
    with pytest.raises(ValidationError):
        account_delete(actor=coordinator, user=colleague)
    account_delete(actor=platform_admin, user=colleague)
    assert not User.objects.filter(pk=colleague.pk).exists()
    assert Entry.objects.filter(verb="account.deleted").get().actor == platform_admin


def test_the_last_platform_admin_is_kept(platform_admin):
    with pytest.raises(ValidationError):
        account_delete(actor=platform_admin, user=platform_admin)


def test_admins_export_and_delete_accounts_with_commands(colleague, platform_admin, tmp_path):
    target = tmp_path / "kim.zip"
    call_command("account_export", colleague.email, output=str(target), stderr=io.StringIO())
    assert _export(target.read_bytes())["account"] == colleague.email
    with pytest.raises(CommandError):
        call_command("account_export", "nobody@test.example")
    out = io.StringIO()
    call_command("account_delete", colleague.email, yes=True, stdout=out)
    assert "Deleted" in out.getvalue()
    assert not User.objects.filter(pk=colleague.pk).exists()
