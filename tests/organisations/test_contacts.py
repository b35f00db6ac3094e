"""Contacts with roles, public or internal; training dates for care guides."""

import datetime
import re

import pytest

from tests.organisations.factories import ContactFactory, UnitFactory
from tests.organisations.helpers import Api, field_errors
from vereinbar.activity.models import Entry
from vereinbar.organisations.models import Contact, OrganisationStatus
from vereinbar.organisations.selectors import public_contacts_of

pytestmark = pytest.mark.django_db

URL = "/de/workspace/kreis-musterstadt/contacts/"


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def contact_data(**changes):
    data = {
        "role": "care_guide",
        "name": "Pflege-Guides der Kreisverwaltung",
        "function": "Personalentwicklung",
        "email": "pflege@musterstadt.example",
        "phone": "02921 303200",
        "trained_on": "2024-05-14",
        "visibility": "public",
        "unit": "",
    }
    data.update(changes)
    return data


def test_a_coordinator_adds_a_care_guide_with_training_date_and_unit(login, coordinator, viewer, employer_org):
    unit = UnitFactory(organisation=employer_org, name="Personalentwicklung")
    response = login(coordinator).post(f"{URL}add/", contact_data(unit=unit.pk))
    assert response.status_code == 302
    contact = Contact.objects.get(organisation=employer_org)
    assert (contact.role, contact.trained_on, contact.unit, contact.is_public) == (
        "care_guide",
        datetime.date(2024, 5, 14),
        unit,
        True,
    )
    page = login(viewer).get(URL).content.decode()
    assert "Pflege-Guides der Kreisverwaltung" in page and "pflege@musterstadt.example" in page


def test_the_history_names_the_contact_but_keeps_no_address_or_phone(login, coordinator, employer_org):
    login(coordinator).post(f"{URL}add/", contact_data())
    entry = Entry.objects.get(verb="contact.created", organisation=employer_org)
    text = str(entry.after) + entry.target_label
    assert "Pflege-Guides" in text and "pflege@" not in text and "303200" not in text


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"role": "press"}, "trained_on"),  # a training date for someone who is not a care guide
        ({"trained_on": "2999-01-01"}, "trained_on"),
        ({"email": "not-an-address"}, "email"),
        ({"name": ""}, "name"),
        ({"role": "boss"}, "role"),
        ({"location": "x" * 151}, "location"),
        ({"office_hours": "x" * 151}, "office_hours"),
        ({"life_situations": ["boss"]}, "life_situations"),
    ],
)
def test_bad_contact_input_is_named_next_to_its_field_and_saves_nothing(login, coordinator, changes, field):
    response = login(coordinator).post(f"{URL}add/", contact_data(**changes))
    assert response.status_code == 200
    assert field_errors(response, field)
    assert not Contact.objects.exists()


def test_editing_a_contact_records_before_and_after(login, coordinator, employer_org):
    contact = ContactFactory(organisation=employer_org, name="Personalrat", role="staff_council")
    response = login(coordinator).post(
        f"{URL}{contact.pk}/",
        contact_data(role="staff_council", name="Personalrat", trained_on="", visibility="public"),
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.is_public
    entry = Entry.objects.get(verb="contact.updated")
    assert entry.before["visibility"] == "internal" and entry.after["visibility"] == "public"


def test_deleting_a_contact_is_recorded(login, coordinator, employer_org):
    contact = ContactFactory(organisation=employer_org)
    assert login(coordinator).post(f"{URL}{contact.pk}/delete/").status_code == 302
    assert not Contact.objects.filter(pk=contact.pk).exists()
    assert Entry.objects.filter(verb="contact.deleted", organisation=employer_org).exists()


@pytest.mark.parametrize("persona", ["contributor", "viewer"])
def test_members_without_profile_rights_read_contacts_but_do_not_change_them(request, login, employer_org, persona):
    contact = ContactFactory(organisation=employer_org, name="Personalrat")
    client = login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 200
    assert client.get(f"{URL}add/").status_code == 403
    assert client.post(f"{URL}add/", contact_data()).status_code == 403
    assert client.post(f"{URL}{contact.pk}/", contact_data()).status_code == 403
    assert client.post(f"{URL}{contact.pk}/delete/").status_code == 403
    assert list(Contact.objects.values_list("name", flat=True)) == ["Personalrat"]


def test_an_outsider_gets_404_on_every_contact_page(login, outsider, employer_org):
    contact = ContactFactory(organisation=employer_org)
    client = login(outsider)
    for path in ("", "add/", f"{contact.pk}/"):
        assert client.get(f"{URL}{path}").status_code == 404
    for path in ("", "add/", f"{contact.pk}/", f"{contact.pk}/delete/"):
        assert client.post(f"{URL}{path}", contact_data()).status_code == 404
    assert Contact.objects.filter(pk=contact.pk).exists()


def test_only_public_contacts_of_approved_organisations_are_public(employer_org):
    public = ContactFactory(organisation=employer_org, public=True)
    ContactFactory(organisation=employer_org)
    assert list(public_contacts_of(organisation=employer_org)) == [public]
    employer_org.status = OrganisationStatus.PENDING
    assert list(public_contacts_of(organisation=employer_org)) == []


def test_the_api_manages_contacts(client, coordinator, viewer, outsider, employer_org):
    api = Api(client, coordinator)
    created = api.post(
        "/organisations/kreis-musterstadt/contacts",
        {"role": "care_guide", "name": "Guide", "trained_on": "2024-05-14", "visibility": "public"},
    )
    assert created.status_code == 201, created.content
    contact_id = created.json()["id"]
    bad = api.patch(f"/organisations/kreis-musterstadt/contacts/{contact_id}", {"role": "press"})
    assert bad.status_code == 422 and bad.json()["details"][0]["field"] == "trained_on"
    changed = api.patch(
        f"/organisations/kreis-musterstadt/contacts/{contact_id}", {"role": "press", "trained_on": None}
    )
    assert changed.status_code == 200 and changed.json()["role"] == "press"
    assert Api(client, viewer).get(f"/organisations/kreis-musterstadt/contacts/{contact_id}").status_code == 200
    assert Api(client, viewer).delete(f"/organisations/kreis-musterstadt/contacts/{contact_id}").status_code == 403
    assert Api(client, outsider).get(f"/organisations/kreis-musterstadt/contacts/{contact_id}").status_code == 404
    assert Api(client, outsider).get("/organisations/kreis-musterstadt/contacts").status_code == 404
    assert api.delete(f"/organisations/kreis-musterstadt/contacts/{contact_id}").status_code == 204


def test_a_coordinator_says_where_and_when_to_find_a_contact_and_what_for(login, coordinator, viewer, employer_org):
    form = login(coordinator).get(f"{URL}add/").content.decode()
    # keyboard order: who, where in the organisation, how, where and when to reach them, what for, the rest
    names = re.findall(r'<(?:input|select)[^>]* name="(\w+)"', form)
    assert list(dict.fromkeys(names))[1:] == [
        "role", "name", "function", "unit", "email", "phone", "location", "office_hours", "life_situations",
        "trained_on", "visibility",
    ]  # fmt: skip
    data = contact_data(
        role="coordinator",
        trained_on="",
        location="Rathaus, Raum 2.14",
        office_hours="Di und Do 9–12 Uhr",
        life_situations=["care", "children"],
    )
    assert login(coordinator).post(f"{URL}add/", data).status_code == 302
    contact = Contact.objects.get(organisation=employer_org)
    assert (contact.location, contact.office_hours, contact.life_situations) == (
        "Rathaus, Raum 2.14",
        "Di und Do 9–12 Uhr",
        ["care", "children"],
    )
    row = text(login(viewer).get(URL).content.decode())
    assert "Ort: Rathaus, Raum 2.14" in row and "Sprechzeiten: Di und Do 9–12 Uhr" in row
    assert "Kann helfen bei: Kinder, Pflege von Angehörigen" in row
    edit = login(coordinator).get(f"{URL}{contact.pk}/").content.decode()
    assert 'value="Rathaus, Raum 2.14"' in edit and re.search(r'value="care"[^>]*checked', edit)


def test_without_chosen_life_situations_the_role_decides_as_before(login, coordinator, viewer, employer_org):
    ContactFactory(organisation=employer_org, care_guide=True, name="Petra Pflege")
    ContactFactory(organisation=employer_org, role="staff_council", name="Personalrat")
    page = text(login(viewer).get(URL).content.decode())
    assert "Pflege-Ansprechperson Kann helfen bei: Pflege von Angehörigen" in page
    assert "Personalrat Kann helfen bei" not in page


def test_the_api_round_trips_where_when_and_what_for(client, coordinator, employer_org):
    api = Api(client, coordinator)
    path = "/organisations/kreis-musterstadt/contacts"
    created = api.post(
        path,
        {
            "role": "coordinator",
            "name": "Personalbüro",
            "location": "Kreishaus, Raum 204",
            "office_hours": "Mo–Fr 8–12 Uhr",
            "life_situations": ["care", "care", "health"],
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["location"], body["office_hours"], body["life_situations"]) == (
        "Kreishaus, Raum 204",
        "Mo–Fr 8–12 Uhr",
        ["care", "health"],
    )
    one = f"{path}/{body['id']}"
    assert api.get(one).json()["life_situations"] == ["care", "health"]
    changed = api.patch(one, {"office_hours": "nach Vereinbarung", "life_situations": []})
    assert changed.status_code == 200
    assert (changed.json()["office_hours"], changed.json()["location"], changed.json()["life_situations"]) == (
        "nach Vereinbarung",
        "Kreishaus, Raum 204",  # not sent, not changed
        [],
    )
    bad = api.patch(one, {"life_situations": ["pets"]})
    assert bad.status_code == 422 and bad.json()["details"][0]["field"].startswith("life_situations")
    assert api.patch(one, {"location": "x" * 151}).status_code == 422
    assert Contact.objects.get(pk=body["id"]).life_situations == []


def test_the_api_schema_documents_where_when_and_what_for(client):
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    for name in ("ContactOut", "ContactIn", "ContactCreateIn"):
        fields = schemas[name]["properties"]
        assert "room" in fields["location"]["description"] and "office hours" in fields["office_hours"]["description"]
        assert "Empty: the role decides" in fields["life_situations"]["description"]
