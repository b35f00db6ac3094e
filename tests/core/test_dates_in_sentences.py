"""A day written out inside a sentence ("Zuletzt geändert am 1. September 2027", "with the auditor
since …", "waiting since …") is one word too: the sentence takes core's |long_date, whose <time>
element main.css never breaks after the day. A moment (a page's last change, a registration) is
the day it was in the installation's time zone, as |date shows it."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "written"), [("de", "1. Januar 2027"), ("nl", "1 januari 2027")])
def test_a_moment_late_on_new_years_eve_in_utc_is_new_years_day_in_berlin(language, written):
    template = Template("{% load dates %}{{ moment|long_date }}")
    with translation.override(language):
        html = template.render(Context({"moment": datetime(2026, 12, 31, 23, 30, tzinfo=UTC)}))
    assert html == f'<time datetime="2027-01-01">{written}</time>'


@pytest.mark.parametrize(
    ("language", "sentence"), [("de", "Zuletzt geändert am {}."), ("nl", "Laatst gewijzigd op {}.")]
)
def test_a_legal_pages_last_change_is_one_word_in_its_sentence(client, login, operator_admin, language, sentence):
    with time_machine.travel(datetime(2026, 9, 1, 10, 0, tzinfo=UTC), tick=False):
        login(operator_admin).post(
            reverse("operator_pages:edit", args=["imprint"]), {"de": "## Anbieter", "nl": "## Aanbieder", "en": ""}
        )
    html = client.get(f"/{language}/imprint/").content.decode()
    with translation.override(language):
        day = Template("{{ day|date:'DATE_FORMAT' }}").render(Context({"day": date(2026, 9, 1)}))
    assert sentence.format(f'<time datetime="2026-09-01">{day}</time>') in html
