"""The registration form asks rather than assumes: no kind chosen in advance, the country chosen
by its name in the visitor's language (stored as its ISO code), every empty choice translated."""

import re

import pytest
from django.utils import translation

from vereinbar.organisations.forms import RegistrationForm
from vereinbar.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def select(page: str, name: str) -> str:
    return re.search(rf'<select name="{name}".*?</select>', page, re.S).group(0)


@pytest.mark.parametrize(
    ("language", "empty", "germany"), [("de", "– bitte wählen –", "Deutschland"), ("nl", "– kies –", "Duitsland")]
)
def test_the_kind_and_country_are_chosen_not_preselected(client, language, empty, germany):
    page = client.get(f"/{language}/register/").content.decode()
    kind, country = select(page, "kind"), select(page, "country")
    preselected = re.compile(r'<option value="[^"]+"[^>]*selected')
    assert not preselected.search(kind) and f">{empty}</option>" in kind
    assert not preselected.search(country) and f'<option value="DE">{germany}</option>' in country
    assert "Select an option" not in page and "ISO" not in page


def test_a_registration_without_a_kind_is_refused_next_to_the_field():
    form = RegistrationForm({"name": "Stadt Beispiel", "country": "DE"}, with_account=False)
    assert not form.is_valid() and "kind" in form.errors and "country" not in form.errors


def test_the_country_is_stored_as_its_iso_code(login, viewer):
    client = login(viewer)
    client.post("/de/register/", {"name": "Stadtverwaltung Beispiel", "kind": "municipality", "country": "DE"})
    organisation = Organisation.objects.get(name="Stadtverwaltung Beispiel")
    assert (organisation.kind, organisation.country) == ("municipality", "DE")


def test_a_select_without_its_own_empty_label_shows_the_translated_one():
    from django import forms
    from django.db import models

    from vereinbar.organisations.models import OrganisationKind

    with translation.override("nl"):
        assert str(forms.ModelChoiceField(queryset=Organisation.objects.all()).empty_label) == "– kies –"
        blank = models.CharField(choices=OrganisationKind.choices, blank=True).get_choices()[0]
        assert (blank[0], str(blank[1])) == ("", "– kies –")


@pytest.mark.parametrize(
    ("language", "optional", "needed"),
    [
        ("de", ["Branche (optional)", "Region (optional)", "Ort (optional)"], ["Name der Organisation", "Art"]),
        (
            "nl",
            ["Sector (niet verplicht)", "Regio (niet verplicht)", "Plaats (niet verplicht)"],
            ["Naam van de organisatie", "Soort"],
        ),
    ],
)
def test_the_optional_fields_say_so_and_the_needed_ones_do_not(client, language, optional, needed):
    labels = re.findall(
        r'<label class="kern-label" for="id_\w+">([^<]*)</label>', client.get(f"/{language}/register/").content.decode()
    )
    labels = [label.rstrip(":") for label in labels]
    assert set(optional) <= set(labels), labels
    assert set(needed) <= set(labels) and not any("(opt" in label for label in needed)


@pytest.mark.parametrize(("language", "none"), [("de", "– keine Angabe –"), ("nl", "– geen –")])
def test_the_optional_sector_offers_no_sector_in_words_not_a_dash(client, language, none):
    sector = select(client.get(f"/{language}/register/").content.decode(), "sector")
    assert f'<option value="" selected>{none}</option>' in sector
