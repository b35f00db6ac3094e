"""The kind of an organisation reads as each language's readers call it: a German Kreis is
"Kreisverwaltung" to a German reader and a Kreis in Germany to a Dutch one (the Netherlands have
no Kreise, so no Dutch employer takes the kind for its province, which is a public authority)."""

from __future__ import annotations

import pytest
from django.utils import translation

from vereinbar.organisations.models import Organisation, OrganisationKind

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "kreis", "authority"),
    [
        ("de", "Kreisverwaltung", "Sonstige Behörde"),
        ("nl", "Kreisbestuur (Duitsland)", "Andere overheidsorganisatie"),
        ("en", "County administration", "Other public authority"),
    ],
)
def test_a_kreis_and_another_authority_are_named_in_the_readers_words(client, language, kreis, authority):
    with translation.override(language):
        assert str(OrganisationKind.COUNTY_ADMINISTRATION.label) == kreis
        assert str(OrganisationKind.PUBLIC_AUTHORITY.label) == authority


def test_a_made_up_dutch_employer_is_never_a_kreis_and_a_province_is_a_public_authority():
    import random

    from vereinbar.site.examples import employer_name, examples_generate

    examples_generate(120, seed_value=7, example=True)
    dutch = Organisation.objects.filter(country="NL", is_example=True)
    assert dutch.exists()
    assert not dutch.filter(kind=OrganisationKind.COUNTY_ADMINISTRATION).exists()
    assert Organisation.objects.filter(country="DE", kind=OrganisationKind.COUNTY_ADMINISTRATION).exists()
    assert set(dutch.filter(name__startswith="Provincie ").values_list("kind", flat=True)) <= {"public_authority"}
    rng = random.Random(1)
    names = {employer_name(rng, "public_authority", "NL", "Gelderland", "Arnhem") for _ in range(20)}
    assert any(name.startswith("Provincie Gelderland") for name in names)
