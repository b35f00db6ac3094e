"""The operator's catalogue page shows entries by name; the key is kept in a labelled technical detail."""

import re

import pytest

from tests.programmes.test_pages_readable import read

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["de", "nl"])
def test_the_catalogue_table_has_no_key_column_and_keeps_each_key_copyable(login, operator_admin, catalogue, language):
    html = login(operator_admin).get(f"/{language}/operator/catalogue/").content.decode()
    headers = [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<th[^>]*>(.*?)</th>", html, re.S)]
    assert headers and not {"Key", "Schlüssel", "Sleutel"} & set(headers)
    visible, technical = read(html)
    assert "company_childcare" not in visible and "company_childcare" in technical
    assert '<code class="copyable">company_childcare</code>' in html
