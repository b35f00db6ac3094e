"""Tenant isolation: an outsider (another employer's coordinator) and an auditor not assigned
to the cycle get 404 on every page and API endpoint of the cycle, its files included; the
cycle's own parties get in. Every URL is taken from the URL configuration and the API
router, so a new door is tested as soon as it exists."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from django.urls import reverse

from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from vereinbar.cycles.api import router
from vereinbar.cycles.models import Evidence, Goal, Workshop, WorkshopOutcome
from vereinbar.site import urls_operator_cycles, urls_workspace_cycles

from .helpers import drive, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_cycle(audit, open_cycle, parties):
    """An awarded audit with evidence, a workshop with an outcome, goals and an award."""
    cycle = open_cycle(audit)
    drive(cycle, parties, until_award=True)
    return cycle


@pytest.fixture
def other_auditor(operator_org):
    user = UserFactory(email="other-auditor@test.example")
    MembershipFactory(user=user, organisation=operator_org, role="auditor")
    return user


@pytest.fixture
def foreign_operator_admin(db):
    operator = OrganisationFactory(operator=True, slug="another-operator")
    user = UserFactory(email="foreign-operator@test.example")
    MembershipFactory(user=user, organisation=operator, role="operator_admin")
    return user


def _values(cycle):
    run = cycle.phase_runs.get(phase__key="self_assessment")
    return {
        "pk": cycle.pk,
        "run": run.pk,
        "evidence": Evidence.objects.filter(cycle=cycle).first().pk,
        "action": "submit",
        "cycle_id": cycle.pk,
        "run_id": run.pk,
        "evidence_id": Evidence.objects.filter(cycle=cycle).first().pk,
        "workshop_id": Workshop.objects.get(cycle=cycle).pk,
        "outcome_id": WorkshopOutcome.objects.get(workshop__cycle=cycle).pk,
        "code": Goal.objects.filter(agreement__cycle=cycle).first().code,
        "number": cycle.award.number,
        "phase_key": run.phase.key,  # an optional phase's key, in the API's optional-phases door
    }


def page_urls(cycle, slug: str) -> list[str]:
    values = _values(cycle)
    urls = []
    # The cycle pages as the site composes them: cycles', the award's and the survey report's.
    for area, urlconf in (("workspace", urls_workspace_cycles), ("operator", urls_operator_cycles)):
        namespace = urlconf.app_name
        for pattern in urlconf.urlpatterns:
            names = re.findall(r"<(?:\w+:)?(\w+)>", str(pattern.pattern))
            if not names:
                continue  # the list pages are checked by what they list
            args = [values[name] for name in names]
            prefix = [slug] if area == "workspace" else []
            urls.append(reverse(f"{namespace}:{pattern.name}", args=[*prefix, *args]))
    return urls


def api_calls(cycle) -> list[tuple[str, str]]:
    values = _values(cycle)
    calls = []
    for path, view in router.path_operations.items():
        names = re.findall(r"{(\w+)}", path)
        if not names:
            continue
        filled = path
        for name in names:
            filled = filled.replace(f"{{{name}}}", str(values[name]))
        for operation in view.operations:
            for method in operation.methods:
                calls.append((method.lower(), f"/api/v1/cycles{filled}"))
    number = values["number"]
    calls += [
        ("get", f"/api/v1/awards/{number}"),
        ("get", f"/api/v1/awards/{number}/certificate.pdf"),
        ("post", f"/api/v1/awards/{number}/revoke"),
    ]
    return calls


# Valid bodies, so that the answer is about access and not about the input.
BODIES = {
    "auditor": {"auditor": "auditor@test.example"},
    "decision": {"outcome": "grant"},
    "answers": [],
    "workshops": {"held_on": date.today().isoformat()},  # a meeting is held on or after the application
    "outcomes": {"text": "An outcome"},
    "goals": {"action_field": "1", "title": "A goal"},
    "measures": {"title": "A measure"},
    "sign": {"signer_name": "Someone", "signed_on": date.today().isoformat()},
    "note": {"note": "x"},
    "revoke": {"reason": "x"},
}
FORMS = {
    "evidence": lambda: {"file": pdf_upload()},
    "signature": lambda: {"signer_name": "Someone", "signed_on": date.today().isoformat(), "scan": pdf_upload()},
}


def _request(client, method, url):
    if method in ("get", "delete"):
        return getattr(client, method)(url)
    last = url.rstrip("/").rsplit("/", 1)[-1]
    if last in FORMS and method == "post":
        return client.post(url, data=FORMS[last]())
    if re.fullmatch(r"\d+(\.\d+)*", last) and method == "put":
        return client.put(url, data='{"action_field": "1", "title": "x"}', content_type="application/json")
    return getattr(client, method)(url, data=json.dumps(BODIES.get(last, {})), content_type="application/json")


@pytest.mark.parametrize("intruder", ["outsider", "other_auditor", "foreign_operator_admin"])
def test_strangers_get_404_on_every_page_and_endpoint_of_a_cycle(
    intruder, full_cycle, employer_org, other_employer_org, login, request
):
    client = login(request.getfixturevalue(intruder))
    urls = page_urls(full_cycle, employer_org.slug) + page_urls(full_cycle, other_employer_org.slug)
    assert len(urls) > 20
    # The pages certificates and surveys add to the cycle's namespaces are among them.
    for page in ("certificate.pdf", "survey/", "survey/report.pdf"):
        assert any(url.endswith(f"/{full_cycle.pk}/{page}") for url in urls), page
    for url in urls:
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            # 405: a POST-only page answers a GET without looking anything up.
            allowed = (404, 405) if method == "get" else (404,)
            assert response.status_code in allowed, (method, url, response.status_code)
    calls = api_calls(full_cycle)
    assert len(calls) > 25
    for method, url in calls:
        response = _request(client, method, url)
        assert response.status_code == 404, (method, url, response.status_code)
    listed = client.get("/api/v1/cycles/").json()["results"]
    assert full_cycle.pk not in [cycle["id"] for cycle in listed]
    assert full_cycle.award.number not in [a["number"] for a in client.get("/api/v1/awards/").json()["results"]]


def test_the_cycles_parties_get_in(full_cycle, employer_org, parties, login):
    for who, area in (
        ("coordinator", "workspace"),
        ("viewer", "workspace"),
        ("auditor", "operator"),
        ("board", "operator"),
    ):
        client = login(parties[who])
        url = (
            reverse("workspace_cycles:detail", args=[employer_org.slug, full_cycle.pk])
            if area == "workspace"
            else reverse("operator_cycles:detail", args=[full_cycle.pk])
        )
        assert client.get(url).status_code == 200, who
        evidence = Evidence.objects.filter(cycle=full_cycle).first()
        response = client.get(f"/api/v1/cycles/{full_cycle.pk}/evidence/{evidence.pk}")
        assert response.status_code == 200, who
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        assert response["Content-Disposition"].startswith("attachment")
        client.logout()


def test_each_area_is_for_its_own_side(full_cycle, employer_org, parties, login):
    # Employers use the workspace, the operator's side the operator area: the other area is a 404.
    client = login(parties["coordinator"])
    assert client.get(reverse("operator_cycles:detail", args=[full_cycle.pk])).status_code == 404
    client = login(parties["auditor"])
    assert client.get(reverse("workspace_cycles:detail", args=[employer_org.slug, full_cycle.pk])).status_code == 404


def test_an_auditor_sees_only_the_cycles_assigned_to_them(
    full_cycle, other_auditor, parties, login, audit, employer_org
):
    client = login(other_auditor)
    assert client.get("/api/v1/cycles/").json()["results"] == []
    assert client.get(reverse("operator_cycles:list")).context["cycles"].count() == 0
    client = login(parties["auditor"])
    assert [c["id"] for c in client.get("/api/v1/cycles/").json()["results"]] == [full_cycle.pk]


def test_readers_may_look_but_not_act(full_cycle, employer_org, parties, login):
    client = login(parties["viewer"])
    run = full_cycle.phase_runs.get(phase__key="annual", occurrence=1)
    assert client.get(f"/api/v1/cycles/{full_cycle.pk}/phases/{run.pk}").status_code == 200
    response = client.post(f"/api/v1/cycles/{full_cycle.pk}/phases/{run.pk}/submit", content_type="application/json")
    assert response.status_code == 403
    page = reverse("workspace_cycles:phase_act", args=[employer_org.slug, full_cycle.pk, run.pk, "submit"])
    assert client.post(page).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(full_cycle, employer_org, client):
    response = client.get(reverse("workspace_cycles:detail", args=[employer_org.slug, full_cycle.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get(f"/api/v1/cycles/{full_cycle.pk}").status_code == 401
