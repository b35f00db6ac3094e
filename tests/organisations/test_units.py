"""Units as a tree: adding, renaming, moving, deleting; duplicates and cycles refused."""

import pytest
from django.core.exceptions import ValidationError

from tests.factories import OrganisationFactory
from tests.organisations.factories import ContactFactory, UnitFactory
from tests.organisations.helpers import Api, field_errors
from vereinbar.activity.models import Entry
from vereinbar.organisations.models import Unit
from vereinbar.organisations.selectors import units_tree
from vereinbar.organisations.services import UNIT_MAX_DEPTH, unit_create, unit_update

pytestmark = pytest.mark.django_db

URL = "/en/workspace/kreis-musterstadt/units/"


@pytest.fixture
def tree(employer_org):
    """Personal › Personalentwicklung › Pflege-Guides, and Presse."""
    personal = UnitFactory(organisation=employer_org, name="Personal")
    development = UnitFactory(organisation=employer_org, name="Personalentwicklung", parent=personal)
    guides = UnitFactory(organisation=employer_org, name="Pflege-Guides", parent=development)
    press = UnitFactory(organisation=employer_org, name="Presse")
    return {"personal": personal, "development": development, "guides": guides, "press": press}


def test_a_coordinator_builds_the_tree_and_every_member_reads_it(login, coordinator, viewer, employer_org):
    client = login(coordinator)
    assert client.post(URL, {"name": "Personal", "parent": ""}).status_code == 302
    personal = Unit.objects.get(name="Personal")
    assert client.post(URL, {"name": "Personalentwicklung", "parent": personal.pk}).status_code == 302
    assert Unit.objects.get(name="Personalentwicklung").parent == personal
    assert Entry.objects.filter(verb="unit.created", organisation=employer_org).count() == 2

    page = login(viewer).get(URL).content.decode()
    assert page.index("Personal") < page.index("Personalentwicklung")
    assert "<ul>" in page.split("Personal", 1)[1]  # the sub-unit is nested inside its parent


def test_the_tree_selector_walks_depth_first_with_paths(employer_org, tree):
    nodes = units_tree(organisation=employer_org)
    assert [(node.unit.name, node.depth) for node in nodes] == [
        ("Personal", 0),
        ("Personalentwicklung", 1),
        ("Pflege-Guides", 2),
        ("Presse", 0),
    ]
    assert nodes[2].path == "Personal › Personalentwicklung › Pflege-Guides"
    assert [child.unit.name for child in nodes[0].children] == ["Personalentwicklung"]


def test_a_duplicate_name_under_the_same_parent_is_refused_next_to_the_name(login, coordinator, tree):
    response = login(coordinator).post(URL, {"name": "  presse ", "parent": ""})
    assert response.status_code == 200
    assert "already a unit" in " ".join(field_errors(response, "name"))
    assert Unit.objects.filter(name__iexact="presse").count() == 1


def test_the_same_name_is_fine_under_another_parent(login, coordinator, tree):
    assert login(coordinator).post(URL, {"name": "Presse", "parent": tree["personal"].pk}).status_code == 302
    assert Unit.objects.filter(name="Presse").count() == 2


def test_moving_a_unit_into_its_own_sub_unit_is_refused_next_to_the_field(login, coordinator, tree):
    personal = tree["personal"]
    response = login(coordinator).post(f"{URL}{personal.pk}/", {"name": "Personal", "parent": tree["guides"].pk})
    assert response.status_code == 200
    assert "inside itself" in " ".join(field_errors(response, "parent"))
    personal.refresh_from_db()
    assert personal.parent is None


def test_the_service_refuses_cycles_for_every_caller(coordinator, tree):
    for target in ("personal", "development", "guides"):
        with pytest.raises(ValidationError) as caught:
            unit_update(actor=coordinator, unit=tree["personal"], name="Personal", parent=tree[target])
        assert "parent" in caught.value.message_dict


def test_moving_a_subtree_elsewhere_keeps_its_children(login, coordinator, tree):
    development = tree["development"]
    response = login(coordinator).post(
        f"{URL}{development.pk}/", {"name": "Personalentwicklung", "parent": tree["press"].pk}
    )
    assert response.status_code == 302
    development.refresh_from_db()
    assert development.parent == tree["press"]
    assert Unit.objects.get(name="Pflege-Guides").parent == development
    entry = Entry.objects.get(verb="unit.updated")
    assert entry.before == {"name": "Personalentwicklung", "parent": "Personal"}
    assert entry.after == {"name": "Personalentwicklung", "parent": "Presse"}


def test_the_tree_has_a_depth_limit(coordinator, employer_org):
    parent = None
    for level in range(UNIT_MAX_DEPTH):
        parent = unit_create(actor=coordinator, organisation=employer_org, name=f"Level {level}", parent=parent)
    with pytest.raises(ValidationError) as caught:
        unit_create(actor=coordinator, organisation=employer_org, name="Too deep", parent=parent)
    assert "parent" in caught.value.message_dict


def test_a_unit_with_sub_units_cannot_be_deleted(login, coordinator, tree):
    response = login(coordinator).post(f"{URL}{tree['personal'].pk}/delete/", follow=True)
    assert "sub-units" in response.content.decode()
    assert Unit.objects.filter(pk=tree["personal"].pk).exists()


def test_a_unit_with_sub_units_offers_no_deletion_that_would_fail_and_lists_them(login, coordinator, tree):
    client = login(coordinator)
    page = client.get(f"{URL}{tree['personal'].pk}/").content.decode()
    assert f"{URL}{tree['personal'].pk}/delete/" not in page
    assert "has a sub-unit. Move it elsewhere" in page
    assert f'href="{URL}{tree["development"].pk}/"' in page  # a way on to the sub-unit to move it
    assert f'href="{URL}{tree["guides"].pk}/"' in page

    question = client.get(f"{URL}{tree['personal'].pk}/delete/").content.decode()
    assert '<form method="post"' not in question.split("</h1>", 1)[1]
    assert "has a sub-unit" in question

    leaf = client.get(f"{URL}{tree['press'].pk}/").content.decode()
    assert f"{URL}{tree['press'].pk}/delete/" in leaf


def test_a_long_tree_has_a_link_down_to_the_form_for_those_who_may_add(login, coordinator, viewer, tree):
    assert 'href="#add-unit"' in login(coordinator).get(URL).content.decode()
    assert 'href="#add-unit"' not in login(viewer).get(URL).content.decode()


def test_deleting_a_unit_keeps_its_contacts_without_unit(login, coordinator, employer_org, tree):
    contact = ContactFactory(organisation=employer_org, unit=tree["press"])
    assert login(coordinator).post(f"{URL}{tree['press'].pk}/delete/").status_code == 302
    contact.refresh_from_db()
    assert contact.unit is None
    assert Entry.objects.filter(verb="unit.deleted", organisation=employer_org).exists()


@pytest.mark.parametrize("persona", ["contributor", "viewer"])
def test_members_without_profile_rights_may_not_change_units(request, login, employer_org, tree, persona):
    client = login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 200
    assert client.post(URL, {"name": "New", "parent": ""}).status_code == 403
    assert client.get(f"{URL}{tree['press'].pk}/").status_code == 403
    assert client.post(f"{URL}{tree['press'].pk}/delete/").status_code == 403
    assert Unit.objects.filter(organisation=employer_org).count() == 4


def test_an_outsider_gets_404_on_every_unit_page(login, outsider, tree):
    client = login(outsider)
    unit = tree["press"].pk
    for path in ("", f"{unit}/"):
        assert client.get(f"{URL}{path}").status_code == 404
    for path in ("", f"{unit}/", f"{unit}/delete/"):
        assert client.post(f"{URL}{path}", {"name": "x"}).status_code == 404


def test_a_unit_of_another_organisation_cannot_be_edited_or_used_as_parent(login, client, coordinator, tree):
    foreign = UnitFactory(organisation=OrganisationFactory(), name="Foreign")
    assert login(coordinator).get(f"{URL}{foreign.pk}/").status_code == 404
    api = Api(client, coordinator)
    response = api.post("/organisations/kreis-musterstadt/units", {"name": "Sneaky", "parent": foreign.pk})
    assert response.status_code == 404
    assert not Unit.objects.filter(name="Sneaky").exists()


def test_the_api_manages_units(client, coordinator, viewer, outsider, tree):
    api = Api(client, coordinator)
    listed = api.get("/organisations/kreis-musterstadt/units").json()
    assert [unit["path"] for unit in listed][:3] == [
        "Personal",
        "Personal › Personalentwicklung",
        "Personal › Personalentwicklung › Pflege-Guides",
    ]
    created = api.post("/organisations/kreis-musterstadt/units", {"name": "IT", "parent": tree["personal"].pk})
    assert created.status_code == 201 and created.json()["parent"] == tree["personal"].pk
    cycle = api.patch(
        f"/organisations/kreis-musterstadt/units/{tree['personal'].pk}",
        {"name": "Personal", "parent": tree["guides"].pk},
    )
    assert cycle.status_code == 422 and cycle.json()["details"][0]["field"] == "parent"
    duplicate = api.post("/organisations/kreis-musterstadt/units", {"name": "presse"})
    assert duplicate.status_code == 422 and duplicate.json()["details"][0]["field"] == "name"
    assert api.delete(f"/organisations/kreis-musterstadt/units/{tree['personal'].pk}").status_code == 422
    assert api.delete(f"/organisations/kreis-musterstadt/units/{tree['press'].pk}").status_code == 204
    assert Api(client, viewer).post("/organisations/kreis-musterstadt/units", {"name": "X"}).status_code == 403
    assert Api(client, outsider).get("/organisations/kreis-musterstadt/units").status_code == 404
