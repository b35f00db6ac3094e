"""Every page of the profile, units, contacts, measures, registrations and catalogue renders
for the people allowed to use it, in every language."""

import pytest

from tests.measures.factories import MeasureFactory
from tests.organisations.factories import ContactFactory, UnitFactory
from tests.organisations.helpers import image_bytes, upload
from vereinbar.measures.models import MeasureCategory
from vereinbar.measures.services import catalogue_entry_create, catalogue_load
from vereinbar.organisations.services import organisation_register, organisation_update_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def workspace(employer_org, coordinator):
    catalogue_load()
    organisation_update_profile(
        actor=coordinator, organisation=employer_org, changes={}, logo=upload("l.png", image_bytes("PNG"))
    )
    parent = UnitFactory(organisation=employer_org, name="Personal")
    unit = UnitFactory(organisation=employer_org, name="Personalentwicklung", parent=parent)
    contact = ContactFactory(organisation=employer_org, unit=unit, care_guide=True, public=True)
    measure = MeasureFactory(organisation=employer_org, in_place=True, target_groups=["carers"])
    return {"unit": unit, "contact": contact, "measure": measure}


@pytest.mark.parametrize("language", ["de", "nl", "en"])
def test_the_workspace_pages_render_for_a_coordinator(login, coordinator, workspace, language):
    client = login(coordinator)
    base = f"/{language}/workspace/kreis-musterstadt"
    for path in (
        "/",
        "/profile/",
        "/units/",
        f"/units/{workspace['unit'].pk}/",
        "/contacts/",
        "/contacts/add/",
        f"/contacts/{workspace['contact'].pk}/",
        "/measures/",
        "/measures/add/",
        f"/measures/{workspace['measure'].pk}/",
    ):
        response = client.get(base + path)
        assert response.status_code == 200, path
    dashboard = client.get(f"{base}/").content.decode()
    assert f'src="/{language}/workspace/kreis-musterstadt/logo/"' in dashboard


@pytest.mark.parametrize("language", ["de", "nl", "en"])
def test_the_operator_pages_render_for_an_operator_admin(login, operator_admin, operator_org, language):
    catalogue_load()
    registration = organisation_register(
        details={"name": "Neuer Arbeitgeber", "kind": "company", "country": "DE"},
        user=None,
        full_name="Nina Neu",
        email="nina@neu.example",
        password="a long enough passphrase",
    ).organisation
    entry = catalogue_entry_create(
        actor=operator_admin,
        data={"category": MeasureCategory.objects.get(key="health"), "name_de": "Lauftreff", "life_situations": []},
    )
    client = login(operator_admin)
    for path in (
        "/operator/programme-operator/",
        "/operator/programme-operator/profile/",
        "/operator/registrations/",
        f"/operator/registrations/{registration.slug}/",
        "/operator/catalogue/",
        "/operator/catalogue/add/",
        f"/operator/catalogue/{entry.key}/",
    ):
        response = client.get(f"/{language}{path}")
        assert response.status_code == 200, path
    dashboard = client.get(f"/{language}/operator/programme-operator/").content.decode()
    assert f"/{language}/operator/registrations/" in dashboard
    assert f"/{language}/operator/news/" in dashboard


def test_the_registration_page_renders_for_visitors(client):
    page = client.get("/en/register/")
    assert page.status_code == 200
    assert 'name="password"' in page.content.decode()
