"""Every door of an organisation, tried by owner, member, outsider and anonymous."""

import pytest

from vereinbar.accounts.services import token_create

pytestmark = pytest.mark.django_db

PAGES = ["", "members/", "history/"]
API = ["", "/members", "/history"]


@pytest.mark.parametrize("subpage", PAGES)
def test_members_see_their_workspace_pages(login, coordinator, contributor, viewer, subpage):
    for user in (coordinator, contributor, viewer):
        assert login(user).get(f"/de/workspace/kreis-musterstadt/{subpage}").status_code == 200


@pytest.mark.parametrize("subpage", PAGES)
def test_an_outsider_gets_404_on_every_workspace_page(login, outsider, employer_org, subpage):
    assert login(outsider).get(f"/de/workspace/kreis-musterstadt/{subpage}").status_code == 404


@pytest.mark.parametrize("subpage", PAGES)
def test_an_unknown_organisation_looks_the_same_as_a_forbidden_one(login, outsider, subpage):
    assert login(outsider).get(f"/de/workspace/does-not-exist/{subpage}").status_code == 404


@pytest.mark.parametrize("subpage", PAGES)
def test_anonymous_is_sent_to_login(client, employer_org, subpage):
    response = client.get(f"/de/workspace/kreis-musterstadt/{subpage}")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("suffix", API)
def test_the_api_hides_other_organisations(client, coordinator, outsider, suffix):
    secret = token_create(user=outsider, name="t").secret
    response = client.get(f"/api/v1/organisations/kreis-musterstadt{suffix}", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("suffix", API)
def test_the_api_serves_members(client, viewer, suffix):
    secret = token_create(user=viewer, name="t").secret
    response = client.get(f"/api/v1/organisations/kreis-musterstadt{suffix}", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200


@pytest.mark.parametrize("suffix", API)
def test_the_api_refuses_anonymous(client, employer_org, suffix):
    response = client.get(f"/api/v1/organisations/kreis-musterstadt{suffix}")
    assert response.status_code == 401


def test_the_api_lists_only_own_organisations(client, coordinator, outsider):
    secret = token_create(user=coordinator, name="t").secret
    listed = client.get("/api/v1/organisations/", HTTP_AUTHORIZATION=f"Bearer {secret}").json()["results"]
    assert [o["slug"] for o in listed] == ["kreis-musterstadt"]


def test_an_employer_has_no_operator_area_page(login, coordinator):
    assert login(coordinator).get("/de/operator/kreis-musterstadt/").status_code == 404


def test_operator_staff_see_their_operator_organisation(login, operator_admin, auditor, board_member):
    for user in (operator_admin, auditor, board_member):
        assert login(user).get("/de/operator/programme-operator/").status_code == 200


def test_an_auditor_cannot_manage_members(login, auditor, operator_admin):
    from vereinbar.accounts.models import Membership

    membership = Membership.objects.get(user=operator_admin)
    response = login(auditor).post(f"/de/operator/programme-operator/members/{membership.pk}/", {"remove": "1"})
    assert response.status_code == 403
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_a_platform_admin_sees_every_organisation(login, platform_admin, employer_org, operator_org):
    client = login(platform_admin)
    assert client.get("/de/workspace/kreis-musterstadt/").status_code == 200
    assert client.get("/de/operator/programme-operator/").status_code == 200
