"""An announcement needs a headline and a text in one language at least; the error stands at the
field of the language the operator reads the form in, not always at the English one."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from tests.certificates.conftest import award  # noqa: F401
from tests.cycles.conftest import load_programme, scored  # noqa: F401
from vereinbar.news import services

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["nl", "de", "en"])
def test_a_missing_headline_and_text_are_asked_for_in_the_readers_language(award, operator_admin, language):  # noqa: F811
    with translation.override(language), pytest.raises(ValidationError) as error:
        services.announcement_create(actor=operator_admin, operator=award.programme.operator, award=award, texts={})
    assert set(error.value.message_dict) == {f"title_{language}", f"text_{language}"}


def test_the_dutch_form_shows_the_error_at_the_dutch_headline(award, login, operator_admin):  # noqa: F811
    page = login(operator_admin).post(
        f"/nl/operator/news/add/?award={award.number}", {"operator": award.programme.operator.pk, "award": award.number}
    )
    html = page.content.decode()
    error = html.index("Geef een kop in ten minste één taal.")
    assert html.rindex('for="id_title_nl"', 0, error) > html.rindex('for="id_text_de"', 0, error)
    assert html.index('for="id_text_nl"') > error
