"""The search field's hint gives an example word in each language the directory finds; each is
marked with its language, so that a screen reader does not read "childcare" as Dutch. German
"z. B." is never broken over two lines (a no-break space)."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("directory_today")]


@pytest.mark.parametrize(
    ("language", "examples"),
    [
        ("de", 'z.\u00a0B. <span lang="de">Kinderbetreuung</span>, <span lang="nl">kinderopvang</span> oder'),
        ("nl", 'bijv. <span lang="nl">kinderopvang</span>, <span lang="de">Kinderbetreuung</span> of'),
        ("en", 'e.g. <span lang="en">childcare</span>, <span lang="de">Kinderbetreuung</span> or'),
    ],
)
def test_the_example_words_of_the_search_hint_carry_their_language(client, language, examples):
    page = client.get(f"/{language}/").content.decode()
    assert examples in page
