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


@pytest.mark.django_db
def test_a_form_refused_by_the_csrf_check_says_what_to_do_on_the_sites_page(client):
    # A sign-in form left open, or sent after signing in in another tab, fails the CSRF check:
    # the site's page in the page's language, not Django's technical one ("DEBUG=True").
    client.handler.enforce_csrf_checks = True
    response = client.post("/en/accounts/login/", {"login": "someone@example.org", "password": "x"})
    assert response.status_code == 403
    assert b"The form could not be sent" in response.content
    assert b"DEBUG" not in response.content


@pytest.mark.django_db
def test_the_error_page_leads_to_the_start_page_in_its_language(client):
    response = client.get("/nl/does-not-exist/")
    assert response.status_code == 404
    assert b'<a href="/nl/">' in response.content
    assert b'<a href="/">' not in response.content
