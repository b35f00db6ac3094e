"""The error pages render without asking the database anything: a 500 is often the database
failing, and its page must still come (no operator's theme is looked up for it)."""

import pytest
from django.test import RequestFactory
from django.utils import translation

from vereinbar.core.views import error_403, error_404, error_500


@pytest.mark.parametrize(("view", "status"), [(error_500, 500), (error_404, 404), (error_403, 403)])
def test_an_error_page_renders_without_the_database(view, status):
    # No database fixture: any query would raise here.
    request = RequestFactory().get("/de/somewhere/")
    with translation.override("de"):
        response = view(request) if view is error_500 else view(request, None)
    assert response.status_code == status
    assert b"<html" in response.content and b"operators/" not in response.content
