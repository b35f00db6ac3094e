"""A measure in place since a day before 1900 is a slip of the year ("0219" for "2019"): refused
next to the date, in the reader's language, before the public profile shows it."""

import pytest

from tests.measures.test_measures import URL, measure_data
from vereinbar.measures.models import Measure

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Enter a day from 1900 on: check the year."),
        ("de", "Geben Sie einen Tag ab 1900 ein: Prüfen Sie die Jahreszahl."),
        ("nl", "Vul een dag vanaf 1900 in: controleer het jaartal."),
    ],
)
def test_a_measure_in_place_since_the_year_219_is_refused(login, coordinator, catalogue, language, message):
    url = URL.replace("/de/", f"/{language}/")
    response = login(coordinator).post(f"{url}add/", measure_data(since="0219-09-30"))
    assert response.status_code == 200  # the form again, not the redirect after saving
    page = response.content.decode()
    error = page.index('id="id_since_error"')
    assert message in page[error : error + 400]
    assert not Measure.objects.exists()


def test_a_measure_in_place_since_1950_is_recorded(login, coordinator, catalogue):
    assert login(coordinator).post(f"{URL}add/", measure_data(since="1950-01-01")).status_code == 302
    assert Measure.objects.get().since.year == 1950
