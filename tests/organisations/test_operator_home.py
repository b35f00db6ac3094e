"""The operator area's home links the announcements and the legal pages, which news and pages
register (organisations imports neither app: docs/architecture.md, "Layers")."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_an_operator_admin_finds_announcements_and_legal_pages_on_the_operator_home(login, operator_admin):
    html = login(operator_admin).get("/en/operator/", follow=True).content.decode()
    assert f'href="{reverse("operator_news:list")}"' in html
    assert f'href="{reverse("operator_pages:list")}"' in html


def test_an_auditor_finds_neither_link(login, auditor):
    html = login(auditor).get("/en/operator/", follow=True).content.decode()
    assert "/operator/news/" not in html
    assert "/operator/pages/" not in html
