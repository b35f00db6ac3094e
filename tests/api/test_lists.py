"""Lists that grow answer in pages of one shape ({count, page, pages, next, previous, results}),
in a stable order, with a fixed number of queries whatever the page size; enumerated filters
refuse an unknown value (422 naming the parameter and the values), and a paged list an unknown
parameter; addresses are absolute."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.measures.factories import MeasureFactory
from vereinbar.activity.models import Entry
from vereinbar.api.lists import MAX_PAGE_SIZE
from vereinbar.certificates.models import Award, AwardStatus
from vereinbar.cycles.models import Cycle, CycleStatus
from vereinbar.organisations.models import OrganisationStatus

pytestmark = pytest.mark.django_db

PAGE_KEYS = ["count", "page", "pages", "next", "previous", "results"]


def _cycles(programme, organisation, count: int) -> list[Cycle]:
    """``count`` closed cycles, three applied on each day (ties the id must break)."""
    version = programme.current_version
    stage = version.stages.order_by("order").first()
    first = date(2020, 1, 1)
    return Cycle.objects.bulk_create(
        Cycle(
            organisation=organisation,
            programme=programme,
            version=version,
            stage=stage,
            status=CycleStatus.COMPLETED,
            applied_on=first + timedelta(days=n // 3),
        )
        for n in range(count)
    )


def _awards(cycles: list[Cycle]) -> None:
    for n, cycle in enumerate(cycles):
        Award.objects.create(
            number=f"T-{n:04d}",
            organisation=cycle.organisation,
            programme=cycle.programme,
            version=cycle.version,
            stage=cycle.stage,
            cycle=cycle,
            issued_on=date(2021, 1, 1) + timedelta(days=n // 2),
        )


@pytest.fixture
def api(login):
    def get(user, path: str, **params):
        return login(user).get(f"/api/v1{path}", params, HTTP_ACCEPT_LANGUAGE="en")

    return get


def test_a_list_answers_in_pages_with_absolute_links(api, audit, employer_org, operator_admin):
    cycles = _cycles(audit, employer_org, 25)
    first = api(operator_admin, "/cycles/", page_size=10, status="completed").json()
    assert list(first) == PAGE_KEYS
    assert (first["count"], first["page"], first["pages"], first["previous"]) == (25, 1, 3, None)
    assert len(first["results"]) == 10
    assert first["next"].startswith(settings.SITE_URL + "/api/v1/cycles/?")
    # The link keeps the other parameters: a script follows it as it is.
    assert parse_qs(urlsplit(first["next"]).query) == {"page_size": ["10"], "status": ["completed"], "page": ["2"]}

    last = api(operator_admin, "/cycles/", page=3, page_size=10).json()
    assert len(last["results"]) == 5 and last["next"] is None
    assert parse_qs(urlsplit(last["previous"]).query)["page"] == ["2"]

    past = api(operator_admin, "/cycles/", page=9, page_size=10).json()
    assert (past["count"], past["page"], past["pages"], past["results"], past["next"]) == (25, 9, 3, [], None)
    assert parse_qs(urlsplit(past["previous"]).query)["page"] == ["3"]  # back to the last page

    default = api(operator_admin, "/cycles/").json()
    assert default["pages"] == 1 and len(default["results"]) == len(cycles)


def test_following_next_reads_every_row_once_in_a_stable_order(api, audit, employer_org, operator_admin, login):
    cycles = _cycles(audit, employer_org, 20)
    expected = [c.pk for c in sorted(cycles, key=lambda c: (c.applied_on, c.pk), reverse=True)]
    seen, link = [], "/api/v1/cycles/?page_size=7"
    client = login(operator_admin)
    while link:
        page = client.get(link.removeprefix(settings.SITE_URL)).json()
        seen += [cycle["id"] for cycle in page["results"]]
        link = page["next"]
    assert seen == expected


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page_size": MAX_PAGE_SIZE + 1}, "page_size"),
        ({"page_size": 0}, "page_size"),
        ({"page": 0}, "page"),
        ({"page": "two"}, "page"),
    ],
)
def test_a_page_out_of_bounds_is_refused_by_field(api, operator_admin, params, field):
    answer = api(operator_admin, "/cycles/", **params)
    assert answer.status_code == 422
    assert answer.json()["code"] == "invalid_input"
    assert [item["field"] for item in answer.json()["details"]] == [field]


def test_the_largest_page_is_allowed(api, operator_admin):
    assert api(operator_admin, "/cycles/", page_size=MAX_PAGE_SIZE).status_code == 200


# --- Every list that can grow: the page's shape and a fixed number of queries ---------------


def _queries(api, user, path: str, page_size: int) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as queries:
        answer = api(user, path, page_size=page_size)
    assert answer.status_code == 200, answer.content
    return len(queries), answer.json()


@pytest.fixture
def catalogue(db):
    from vereinbar.measures.services import catalogue_load

    return catalogue_load()


@pytest.fixture
def filled(catalogue, audit, seal2, employer_org, operator_org, coordinator, operator_admin, platform_admin):
    """Six of everything each list shows (two programmes), and who may read each list."""
    cycles = _cycles(audit, employer_org, 6)
    _awards(cycles)
    for n in range(6):
        MembershipFactory(organisation=employer_org, role="viewer", user=UserFactory(email=f"m{n}@test.example"))
        MeasureFactory(organisation=employer_org)
        Entry.objects.create(organisation=employer_org, verb="organisation.updated", actor_label="x")
        pending = OrganisationFactory(
            slug=f"pending-{n}", status=OrganisationStatus.PENDING, registered_at=timezone.now()
        )
        MembershipFactory(organisation=pending, user=UserFactory(email=f"c{n}@test.example"))
    slug = employer_org.slug
    return {
        "/cycles/": (operator_admin, 6),
        "/awards/": (operator_admin, 6),
        "/organisations/": (platform_admin, None),
        "/organisations/registrations": (operator_admin, 6),
        f"/organisations/{slug}/members": (coordinator, None),
        f"/organisations/{slug}/measures": (coordinator, 6),
        f"/organisations/{slug}/history": (coordinator, None),
        "/programmes/": (operator_admin, 2),
    }


@pytest.mark.parametrize(
    "path",
    [
        "/cycles/",
        "/awards/",
        "/organisations/",
        "/organisations/registrations",
        "/organisations/{slug}/members",
        "/organisations/{slug}/measures",
        "/organisations/{slug}/history",
        "/programmes/",
    ],
)
def test_every_growing_list_pages_in_a_fixed_number_of_queries(api, filled, employer_org, path):
    path = path.format(slug=employer_org.slug)
    user, count = filled[path]
    _queries(api, user, path, 1)  # the first request reads the session and fills caches
    one, small = _queries(api, user, path, 1)
    many, large = _queries(api, user, path, 100)
    assert list(small) == PAGE_KEYS and small["count"] == large["count"] >= 2
    if count is not None:
        assert small["count"] == count
    assert len(small["results"]) == 1 and len(large["results"]) == large["count"]
    assert small["next"] is not None and large["next"] is None
    assert many == one, f"{path}: {one} queries for a page of one, {many} for a page of {large['count']}"


def test_surveys_page_in_a_fixed_number_of_queries(api, employer_org, coordinator):
    from tests.api.journey import INSTRUMENTS
    from vereinbar.surveys.services.instruments import instrument_load
    from vereinbar.surveys.services.surveys import survey_create

    path = INSTRUMENTS / "work-family-care.yaml"
    version = instrument_load(raw=path.read_bytes(), filename=path.name).version
    for n in range(4):
        survey_create(
            actor=coordinator, organisation=employer_org, instrument_version=version, title=f"S{n}", languages=["en"]
        )
    url = f"/organisations/{employer_org.slug}/surveys"
    _queries(api, coordinator, url, 1)
    one, small = _queries(api, coordinator, url, 1)
    many, large = _queries(api, coordinator, url, 100)
    assert small["count"] == 4 and [s["title"] for s in large["results"]] == ["S3", "S2", "S1", "S0"]
    assert many == one


# --- Enumerated filters: an unknown value is refused, naming the parameter and the values ---


@pytest.mark.parametrize(
    ("path", "parameter", "values"),
    [
        ("/cycles/", "status", [s.value for s in CycleStatus]),
        ("/awards/", "status", [s.value for s in AwardStatus]),
        ("/organisations/registrations", "status", ["pending", "approved", "rejected"]),
        ("/organisations/{slug}/measures", "status", ["planned", "in_place", "ended"]),
        ("/organisations/{slug}/measures", "category", ["working_time"]),
    ],
)
@pytest.mark.parametrize("language", ["en", "de", "nl"])
def test_an_unknown_filter_value_is_refused_with_the_values_allowed(
    catalogue, login, operator_admin, coordinator, employer_org, path, parameter, values, language
):
    user = operator_admin if "registrations" in path else coordinator
    answer = login(user).get(
        f"/api/v1{path.format(slug=employer_org.slug)}", {parameter: "typo"}, HTTP_ACCEPT_LANGUAGE=language
    )
    assert answer.status_code == 422
    body = answer.json()
    assert body["code"] == "invalid_input"
    [detail] = body["details"]
    assert detail["field"] == parameter
    for value in values:
        assert f"'{value}'" in detail["message"]
    lead = {"en": "Choose one of", "de": "Wählen Sie", "nl": "Kies"}[language]
    assert detail["message"].startswith(lead), detail["message"]


def test_a_known_filter_value_and_an_empty_one_still_filter_as_before(api, audit, employer_org, operator_admin):
    _cycles(audit, employer_org, 3)
    assert api(operator_admin, "/cycles/", status="completed").json()["count"] == 3
    assert api(operator_admin, "/cycles/", status="open").json()["count"] == 0
    assert api(operator_admin, "/cycles/", status="").json()["count"] == 3


def test_awards_filter_by_their_status_today(api, audit, employer_org, operator_admin):
    """As ``status`` answers it: a valid award past its last day is expired before the daily task marks it."""
    cycles = _cycles(audit, employer_org, 5)
    _awards(cycles)
    yesterday = timezone.localdate() - timedelta(days=1)
    Award.objects.filter(number="T-0001").update(valid_until=yesterday)  # lapsed, still marked valid
    Award.objects.filter(number="T-0002").update(status=AwardStatus.EXPIRED, valid_until=yesterday)
    Award.objects.filter(number="T-0003").update(status=AwardStatus.REVOKED)
    Award.objects.filter(number="T-0004").update(status=AwardStatus.SUPERSEDED)

    def numbers(status: str) -> set[str]:
        answer = api(operator_admin, "/awards/", status=status).json()
        assert {award["status"] for award in answer["results"]} <= {status}
        return {award["number"] for award in answer["results"]}

    assert numbers("valid") == {"T-0000"}
    assert numbers("expired") == {"T-0001", "T-0002"}
    assert numbers("revoked") == {"T-0003"}
    assert numbers("superseded") == {"T-0004"}
    assert api(operator_admin, "/awards/", status="").json()["count"] == 5


# --- A paged list refuses a parameter it does not read ---------------------------------------


@pytest.mark.parametrize(
    ("parameter", "language", "lead"),
    [
        ("limit", "en", "This list answers in pages: send page (from 1) and page_size"),
        ("offset", "de", "Diese Liste antwortet in Seiten"),
        (
            "statuss",
            "nl",
            "Deze lijst kent deze parameter niet. Mogelijke parameters: 'organisation', 'page', 'page_size', 'status'.",
        ),
    ],
)
def test_an_unknown_parameter_of_a_paged_list_is_refused(login, operator_admin, parameter, language, lead):
    answer = login(operator_admin).get(
        "/api/v1/cycles/", {parameter: "5", "status": "open"}, HTTP_ACCEPT_LANGUAGE=language
    )
    assert answer.status_code == 422
    body = answer.json()
    assert body["code"] == "invalid_input"
    [detail] = body["details"]
    assert detail["field"] == parameter
    assert detail["message"].startswith(lead), detail["message"]


def test_a_cache_busting_parameter_is_neither_refused_nor_read(login, operator_admin):
    client = login(operator_admin)
    plain = client.get("/api/v1/cycles/", {"status": "open", "page_size": 1})
    busted = client.get("/api/v1/cycles/", {"status": "open", "page_size": 1, "_": "1733560000000"})
    assert busted.status_code == 200, busted.content
    assert busted.json()["count"] == plain.json()["count"]
    assert busted.json()["results"] == plain.json()["results"]
    # A parameter merely starting with an underscore is still a typo to report.
    assert client.get("/api/v1/cycles/", {"_status": "open"}).status_code == 422


def test_every_paged_list_refuses_an_old_limit_and_other_operations_ignore_it(login, platform_admin, employer_org):
    """The rule is the API's, not each list's: every operation that takes page_size refuses
    ``limit`` (and its schema says so), and only those."""
    client = login(platform_admin)
    schema = client.get("/api/v1/openapi.json").json()
    paged = {
        path.replace("{slug}", employer_org.slug): item["get"]
        for path, item in schema["paths"].items()
        if any(p["name"] == "page_size" for p in item.get("get", {}).get("parameters", []))
    }
    assert len(paged) >= 9
    for path, operation in paged.items():
        assert "`limit`" in operation["responses"]["422"]["description"], path
        assert client.get(path, {"page_size": 5}).status_code == 200, path
        answer = client.get(path, {"page_size": 5, "limit": 5})
        assert answer.status_code == 422, path
        assert [d["field"] for d in answer.json()["details"]] == ["limit"], path
    assert client.get("/api/v1/measures/catalogue", {"limit": 5}).status_code == 200
    assert client.get("/api/v1/directory/", {"limit": 5}).status_code == 200


def test_the_schema_lists_the_values_of_every_enumerated_filter(client):
    schema = client.get("/api/v1/openapi.json").json()
    components = schema["components"]["schemas"]

    def values(path: str, name: str) -> list[str]:
        [parameter] = [p for p in schema["paths"][path]["get"]["parameters"] if p["name"] == name]
        [reference] = [option["$ref"] for option in parameter["schema"]["anyOf"] if "$ref" in option]
        return components[reference.rsplit("/", 1)[1]]["enum"]

    assert values("/api/v1/cycles/", "status") == [s.value for s in CycleStatus]
    assert values("/api/v1/awards/", "status") == [s.value for s in AwardStatus]
    assert values("/api/v1/organisations/registrations", "status") == ["pending", "approved", "rejected"]
    assert values("/api/v1/organisations/{slug}/measures", "status") == ["planned", "in_place", "ended"]
    page_size = next(p for p in schema["paths"]["/api/v1/cycles/"]["get"]["parameters"] if p["name"] == "page_size")
    assert page_size["schema"]["maximum"] == MAX_PAGE_SIZE


# --- Addresses the API answers with are absolute, on the installation's SITE_URL -------------


def test_addresses_are_absolute_on_the_site_url_never_the_requests_host(client, settings, operator_org, employer_org):
    from tests.cycles.conftest import programme_from_file
    from tests.directory.conftest import LIBRARY, award_issue

    programme = programme_from_file(LIBRARY / "erkenning-mantelzorgvriendelijk.yaml", operator_org)
    award = award_issue(employer_org, programme, issued_on=date(2025, 2, 20), valid_until=date(2099, 2, 20))
    settings.SITE_URL = "https://vereinbar.example"
    settings.ALLOWED_HOSTS = ["*"]
    answer = client.get("/api/v1/directory/", HTTP_HOST="attacker.example", HTTP_ACCEPT_LANGUAGE="en").json()
    [entry] = answer["results"]
    assert entry["profile_url"] == f"https://vereinbar.example/en/employers/{employer_org.slug}/"
    [listing] = entry["programmes"]
    assert listing["verification_url"] == f"https://vereinbar.example/en/verify/{award.verification_code}/"
    assert (answer["next"], answer["previous"]) == (None, None)  # one page: the directory's links too


def test_an_evidence_file_has_an_absolute_address(settings):
    from vereinbar.cycles.api.common import evidence_out
    from vereinbar.cycles.models import Evidence

    settings.SITE_URL = "https://vereinbar.example"
    item = Evidence(pk=5, cycle_id=3, original_name="plan.pdf", content_type="application/pdf", size=1)
    assert evidence_out(item)["url"] == "https://vereinbar.example/api/v1/cycles/3/evidence/5"
