"""A measure's days on its page ("ended on …", "in place since …", "since …") sit in a sentence;
written out with core's |long_date, the <time> element keeps each on one line, so a phone never
breaks them after the day."""

from __future__ import annotations

import pytest

from tests.measures.factories import MeasureFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "status"),
    [
        (
            "de",
            'am <time datetime="2022-12-31">31. Dezember 2022</time>'
            ' (eingeführt seit <time datetime="2019-01-01">1. Januar 2019</time>)',
        ),
        (
            "nl",
            'op <time datetime="2022-12-31">31 december 2022</time>'
            ' (ingevoerd sinds <time datetime="2019-01-01">1 januari 2019</time>)',
        ),
    ],
)
def test_the_days_an_ended_measure_ran_are_one_word_each(login, coordinator, employer_org, catalogue, language, status):
    measure = MeasureFactory(organisation=employer_org, ended=True)
    page = login(coordinator).get(f"/{language}/workspace/{employer_org.slug}/measures/{measure.pk}/")
    assert page.status_code == 200 and status in page.content.decode()


@pytest.mark.parametrize(
    ("language", "status"),
    [
        ("de", 'seit <time datetime="2021-09-30">30. September 2021</time>'),
        ("nl", 'sinds <time datetime="2021-09-30">30 september 2021</time>'),
    ],
)
def test_the_day_a_measure_came_into_place_is_one_word(login, coordinator, employer_org, catalogue, language, status):
    measure = MeasureFactory(organisation=employer_org, in_place=True)
    page = login(coordinator).get(f"/{language}/workspace/{employer_org.slug}/measures/{measure.pk}/")
    assert page.status_code == 200 and status in page.content.decode()
