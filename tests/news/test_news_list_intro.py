"""The public news page says what it holds without promising only awards: operators announce
dates and trainings too, not only awards and charters."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "intro"),
    [
        ("de", "Neuigkeiten der Programmträger, etwa verliehene Auszeichnungen und unterzeichnete Chartas."),
        ("nl", "Nieuws van de programma-uitvoerders, zoals toegekende erkenningen en ondertekende handvesten."),
    ],
)
def test_the_news_page_introduces_all_the_operators_news(client, language, intro):
    response = client.get(f"/{language}/news/")
    assert response.status_code == 200 and intro in response.content.decode()
