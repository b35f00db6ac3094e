"""An organisation's measures: recording, the status workflow, who may change them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.measures.factories import MeasureFactory
from tests.organisations.helpers import Api, field_errors
from vereinbar.activity.models import Entry
from vereinbar.measures.models import Measure, MeasureStatus, MeasureType
from vereinbar.measures.selectors import by_category, by_life_situation, public_measures_of
from vereinbar.measures.services import ALLOWED_STATUS_CHANGES, measure_change_status
from vereinbar.organisations.models import OrganisationStatus

pytestmark = pytest.mark.django_db

URL = "/de/workspace/kreis-musterstadt/measures/"
TODAY = datetime.date.today()


def measure_data(**changes):
    data = {
        "type": "home_office_agreement",
        "category": "",
        "title_de": "Dienstvereinbarung Homeoffice",
        "title_nl": "",
        "title_en": "",
        "description_de": "",
        "description_nl": "",
        "description_en": "",
        "basis": "service_agreement",
        "target_groups": ["all_staff", "carers"],
        "visibility": "public",
        "status": "in_place",
        "since": "2021-09-30",
        "ended_on": "",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("persona", ["coordinator", "contributor"])
def test_coordinators_and_contributors_record_a_measure_in_place(request, login, employer_org, catalogue, persona):
    user = request.getfixturevalue(persona)
    response = login(user).post(f"{URL}add/", measure_data())
    assert response.status_code == 302
    measure = Measure.objects.get(organisation=employer_org)
    assert (measure.status, measure.since, measure.basis) == (
        "in_place",
        datetime.date(2021, 9, 30),
        "service_agreement",
    )
    assert measure.type.key == "home_office_agreement" and measure.category.key == "place_of_work"
    assert measure.target_groups == ["all_staff", "carers"]
    entry = Entry.objects.get(verb="measure.created", organisation=employer_org)
    assert entry.actor == user and entry.after["status"] == "in_place" and entry.after["since"] == "2021-09-30"


def test_the_organisation_history_shows_since_when_a_measure_is_in_place(login, coordinator, viewer, catalogue):
    login(coordinator).post(f"{URL}add/", measure_data(status="planned", since=""))
    measure = Measure.objects.get()
    login(coordinator).post(f"{URL}{measure.pk}/status/", {"status": "in_place", "since": "2022-03-01"})
    entry = Entry.objects.get(verb="measure.put_in_place")
    assert entry.before == {"status": "planned"} and entry.after == {"status": "in_place", "since": "2022-03-01"}
    page = login(viewer).get("/de/workspace/kreis-musterstadt/history/").content.decode()
    assert "Dienstvereinbarung Homeoffice" in page and "Eingeführt seit: 1. März 2022" in page


def test_without_a_title_the_catalogue_entry_names_the_measure_in_every_language(login, coordinator, catalogue):
    login(coordinator).post(f"{URL}add/", measure_data(title_de="", type="company_childcare"))
    measure = Measure.objects.get()
    assert (measure.title_de, measure.title_nl, measure.title_en) == (
        "Betriebliche Kinderbetreuung",
        "Bedrijfskinderopvang",
        "Company childcare",
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"since": ""}, "since"),  # in place needs its date
        ({"since": (TODAY + datetime.timedelta(days=30)).isoformat()}, "since"),
        ({"status": "ended", "since": "2021-01-01", "ended_on": ""}, "ended_on"),
        ({"status": "ended", "since": "2021-01-01", "ended_on": "2020-12-31"}, "ended_on"),
        ({"type": "", "category": ""}, "category"),
        ({"type": "company_childcare", "category": "health"}, "category"),
        ({"type": "", "category": "health", "title_de": ""}, "title_de"),
        ({"status": "sleeping"}, "status"),
        ({"target_groups": ["aliens"]}, "target_groups"),
    ],
)
def test_bad_measure_input_is_named_next_to_its_field_and_saves_nothing(login, coordinator, catalogue, changes, field):
    response = login(coordinator).post(f"{URL}add/", measure_data(**changes))
    assert response.status_code == 200
    assert field_errors(response, field), response.context["form"].errors
    assert not Measure.objects.exists()
    assert not Entry.objects.filter(verb__startswith="measure.").exists()


def test_the_list_groups_by_category_and_filters_by_status(login, viewer, employer_org, catalogue):
    MeasureFactory(organisation=employer_org, title_de="Gleitzeit", in_place=True)
    MeasureFactory(
        organisation=employer_org,
        title_de="Gesundheitstage",
        category=MeasureType.objects.get(key="health_days").category,
    )
    client = login(viewer)
    page = client.get(URL).content.decode()
    page = page.split('class="measures-toc"', 1)[1].split("</nav>", 1)[1]  # the tables, after the jump links
    assert (
        page.index("Arbeitszeit") < page.index("Gleitzeit") < page.index("Gesundheit") < page.index("Gesundheitstage")
    )
    planned = client.get(URL, {"status": "planned"}).content.decode()
    assert "Gesundheitstage" in planned and "Gleitzeit" not in planned
    assert client.get(URL, {"status": "nonsense"}).status_code == 200


def test_a_long_list_is_searched_by_title_or_catalogue_synonym_and_by_visibility(
    login, viewer, employer_org, catalogue
):
    MeasureFactory(organisation=employer_org, title_de="Jobsharing im Sozialamt", public=True, in_place=True)
    MeasureFactory(organisation=employer_org, title_de="Teilzeit für Führungskräfte")
    MeasureFactory(
        organisation=employer_org,
        title_de="Kita-Plätze",
        type=MeasureType.objects.get(key="health_days"),
    )
    client = login(viewer)
    everything = client.get(URL).content.decode()
    assert "3 Maßnahmen." in everything and 'href="#category-working_time"' in everything  # jump to a category

    found = client.get(URL, {"query": "jobsharing"}).content.decode()
    assert "Jobsharing im Sozialamt" in found and "Teilzeit für Führungskräfte" not in found
    assert "1 von 3 Maßnahmen" in found
    assert f'href="{URL}export.csv?query=jobsharing"' in found  # the download keeps the filter
    assert "Alle Filter zurücksetzen" in found

    # the catalogue entry's names in other languages find it too
    assert "Kita-Plätze" in client.get(URL, {"query": "health days"}).content.decode()

    internal = client.get(URL, {"visibility": "internal"}).content.decode()
    assert "Teilzeit für Führungskräfte" in internal and "Jobsharing im Sozialamt" not in internal
    nothing = client.get(URL, {"query": "Sabbatical"}).content.decode()
    assert "Keine Maßnahme passt zu diesen Filtern." in nothing


def test_the_export_follows_the_search_as_the_page_does(login, viewer, employer_org, catalogue):
    MeasureFactory(organisation=employer_org, title_de="Jobsharing im Sozialamt")
    MeasureFactory(organisation=employer_org, title_de="Teilzeit für Führungskräfte")
    rows = login(viewer).get(f"{URL}export.csv", {"query": "teilzeit"}).content.decode("utf-8-sig").splitlines()
    assert len(rows) == 2 and "Teilzeit für Führungskräfte" in rows[1]


@pytest.mark.parametrize("current", list(MeasureStatus))
@pytest.mark.parametrize("target", list(MeasureStatus))
def test_every_status_change_follows_the_table(coordinator, employer_org, catalogue, current, target):
    traits = {MeasureStatus.IN_PLACE: {"in_place": True}, MeasureStatus.ENDED: {"ended": True}}.get(current, {})
    measure = MeasureFactory(organisation=employer_org, **traits)
    dates = {"since": datetime.date(2023, 1, 1), "ended_on": datetime.date(2023, 6, 30)}
    before = Entry.objects.count()
    if target in ALLOWED_STATUS_CHANGES[current]:
        measure_change_status(actor=coordinator, measure=measure, status=target, **dates)
        measure.refresh_from_db()
        assert measure.status == target
        entry = Entry.objects.latest("id")
        assert (entry.before["status"], entry.after["status"]) == (current.value, target.value)
        assert Entry.objects.count() == before + 1
    else:
        with pytest.raises(ValidationError):
            measure_change_status(actor=coordinator, measure=measure, status=target, **dates)
        measure.refresh_from_db()
        assert measure.status == current and Entry.objects.count() == before


def test_ending_keeps_the_start_and_needs_a_later_end(login, coordinator, employer_org, catalogue):
    measure = MeasureFactory(organisation=employer_org, in_place=True)
    client = login(coordinator)
    early = client.post(f"{URL}{measure.pk}/status/", {"status": "ended", "ended_on": "2020-01-01"})
    assert early.status_code == 200
    assert early.context["status_form"].errors["ended_on"]
    client.post(f"{URL}{measure.pk}/status/", {"status": "ended", "ended_on": "2023-12-31", "comment": "Replaced"})
    measure.refresh_from_db()
    assert (measure.status, measure.since, measure.ended_on) == (
        "ended",
        datetime.date(2021, 9, 30),
        datetime.date(2023, 12, 31),
    )
    assert Entry.objects.get(verb="measure.ended").comment == "Replaced"


def test_editing_a_measure_records_what_changed_but_never_the_status(login, coordinator, employer_org, catalogue):
    measure = MeasureFactory(organisation=employer_org, in_place=True, title_de="Alt")
    data = measure_data(type="", category="working_time", title_de="Neu", visibility="internal", since="2021-09-30")
    del data["status"]
    assert login(coordinator).post(f"{URL}{measure.pk}/", data).status_code == 302
    measure.refresh_from_db()
    assert (measure.title_de, measure.status, measure.basis) == ("Neu", "in_place", "service_agreement")
    entry = Entry.objects.get(verb="measure.updated")
    assert entry.before["title_de"] == "Alt" and entry.after["title_de"] == "Neu"


def test_viewers_read_measures_but_cannot_change_them(login, viewer, employer_org, catalogue):
    measure = MeasureFactory(organisation=employer_org, in_place=True)
    client = login(viewer)
    assert client.get(URL).status_code == 200
    page = client.get(f"{URL}{measure.pk}/")
    assert page.status_code == 200 and page.context["form"] is None
    assert client.get(f"{URL}add/").status_code == 403
    assert client.post(f"{URL}add/", measure_data()).status_code == 403
    assert client.post(f"{URL}{measure.pk}/", measure_data()).status_code == 403
    assert client.post(f"{URL}{measure.pk}/status/", {"status": "ended", "ended_on": "2023-01-01"}).status_code == 403
    assert client.post(f"{URL}{measure.pk}/delete/").status_code == 403
    measure.refresh_from_db()
    assert measure.status == "in_place" and Measure.objects.count() == 1


def test_an_outsider_gets_404_on_every_measure_page(login, outsider, employer_org, catalogue):
    measure = MeasureFactory(organisation=employer_org)
    client = login(outsider)
    for path in ("", "add/", f"{measure.pk}/"):
        assert client.get(f"{URL}{path}").status_code == 404
    for path in ("", "add/", f"{measure.pk}/", f"{measure.pk}/status/", f"{measure.pk}/delete/"):
        assert client.post(f"{URL}{path}", measure_data()).status_code == 404
    assert Measure.objects.filter(pk=measure.pk).exists()


def test_a_measure_of_another_organisation_is_not_found_in_mine(login, coordinator, outsider, catalogue):
    foreign = MeasureFactory(organisation=outsider.memberships.get().organisation)
    assert login(coordinator).get(f"{URL}{foreign.pk}/").status_code == 404
    assert login(coordinator).post(f"{URL}{foreign.pk}/delete/").status_code == 404


def test_deleting_a_measure_is_recorded(login, coordinator, employer_org, catalogue):
    measure = MeasureFactory(organisation=employer_org)
    assert login(coordinator).post(f"{URL}{measure.pk}/delete/").status_code == 302
    assert not Measure.objects.exists()
    assert Entry.objects.get(verb="measure.deleted").before["title"] == measure.title


def test_the_database_refuses_a_measure_in_place_without_a_date(employer_org, catalogue):
    with pytest.raises(IntegrityError), transaction.atomic():
        MeasureFactory(organisation=employer_org, status=MeasureStatus.IN_PLACE, since=None)


def test_the_public_sees_only_public_measures_in_place_of_approved_organisations(employer_org, catalogue):
    shown = MeasureFactory(organisation=employer_org, in_place=True, public=True)
    MeasureFactory(organisation=employer_org, in_place=True)  # internal
    MeasureFactory(organisation=employer_org, public=True)  # planned
    assert list(public_measures_of(organisation=employer_org)) == [shown]
    employer_org.status = OrganisationStatus.PENDING
    assert list(public_measures_of(organisation=employer_org)) == []


def test_measures_are_grouped_by_life_situation_for_the_staff_offers_page(employer_org, catalogue):
    childcare = MeasureFactory(organisation=employer_org, type=MeasureType.objects.get(key="company_childcare"))
    flexitime = MeasureFactory(organisation=employer_org, target_groups=["carers"])  # working time, for carers
    groups = by_life_situation([childcare, flexitime])
    assert groups["children"] == [childcare]
    assert groups["care"] == [flexitime] and groups["flexible_work"] == [flexitime]
    assert [category.key for category, _ in by_category([childcare, flexitime])] == ["working_time", "family_services"]


# --- API --------------------------------------------------------------------------------


def test_the_api_records_measures_and_their_status(client, coordinator, contributor, catalogue):
    api = Api(client, contributor)
    created = api.post(
        "/organisations/kreis-musterstadt/measures",
        {"type": "job_ticket", "status": "planned", "target_groups": ["all_staff"]},
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["category"], body["title_en"], body["status"]) == ("pay_benefits", "Job ticket", "planned")
    path = f"/organisations/kreis-musterstadt/measures/{body['id']}"
    missing = api.post(f"{path}/status", {"status": "in_place"})
    assert missing.status_code == 422 and missing.json()["details"][0]["field"] == "since"
    placed = api.post(f"{path}/status", {"status": "in_place", "since": "2024-01-01"})
    assert placed.status_code == 200 and placed.json()["since"] == "2024-01-01"
    assert api.patch(path, {"status": "ended"}).status_code == 422
    changed = api.patch(path, {"visibility": "public", "title_nl": "Gratis ov"})
    assert changed.status_code == 200 and changed.json()["title_nl"] == "Gratis ov"
    listed = (
        Api(client, coordinator)
        .get("/organisations/kreis-musterstadt/measures", {"status": "in_place"})
        .json()["results"]
    )
    assert [item["id"] for item in listed] == [body["id"]]
    assert api.delete(path).status_code == 204


def test_the_api_refuses_viewers_and_hides_measures_from_outsiders(client, viewer, outsider, employer_org, catalogue):
    measure = MeasureFactory(organisation=employer_org)
    path = f"/organisations/kreis-musterstadt/measures/{measure.pk}"
    assert Api(client, viewer).get(path).status_code == 200
    assert (
        Api(client, viewer).post("/organisations/kreis-musterstadt/measures", {"category": "health"}).status_code == 403
    )
    assert Api(client, viewer).delete(path).status_code == 403
    for call in (
        lambda api: api.get("/organisations/kreis-musterstadt/measures"),
        lambda api: api.get(path),
        lambda api: api.patch(path, {"title_de": "x"}),
        lambda api: api.post(f"{path}/status", {"status": "ended", "ended_on": "2023-01-01"}),
        lambda api: api.delete(path),
        lambda api: api.post("/organisations/kreis-musterstadt/measures", {"category": "health", "title_de": "x"}),
    ):
        assert call(Api(client, outsider)).status_code == 404
    assert Api(client, None).get("/organisations/kreis-musterstadt/measures").status_code == 401
    measure.refresh_from_db()
    assert measure.status == "planned"


def test_the_api_names_an_unknown_catalogue_key(client, coordinator, catalogue):
    response = Api(client, coordinator).post("/organisations/kreis-musterstadt/measures", {"type": "teleportation"})
    assert response.status_code == 422 and response.json()["details"][0]["field"] == "type"


def test_a_form_sent_twice_does_not_record_the_measure_twice(login, coordinator, employer_org, catalogue):
    client = login(coordinator)
    assert client.post(f"{URL}add/", measure_data()).status_code == 302
    again = client.post(f"{URL}add/", measure_data(title_de=" dienstvereinbarung homeoffice "))
    assert again.status_code == 200
    assert any("Es gibt bereits eine Maßnahme" in error for error in field_errors(again, "title_de"))
    assert Measure.objects.filter(organisation=employer_org).count() == 1
    assert Entry.objects.filter(verb="measure.created").count() == 1


def test_a_measure_cannot_be_renamed_to_the_title_of_another(coordinator, employer_org, catalogue):
    from vereinbar.measures.services import measure_update

    MeasureFactory(organisation=employer_org, title_de="Ferienbetreuung")
    other = MeasureFactory(organisation=employer_org, title_de="Eltern-Kind-Büro")
    with pytest.raises(ValidationError) as caught:
        measure_update(actor=coordinator, measure=other, data={"title_de": "Ferienbetreuung"})
    assert "title_de" in caught.value.message_dict
    measure_update(actor=coordinator, measure=other, data={"title_de": "Eltern-Kind-Büro"})  # its own title is fine


@pytest.mark.parametrize(("language", "none"), [("de", "– keine Angabe –"), ("nl", "– geen –"), ("en", "– none –")])
def test_the_catalogue_entry_and_the_category_offer_the_same_empty_choice(
    login, coordinator, catalogue, language, none
):
    html = login(coordinator).get(f"/{language}/workspace/kreis-musterstadt/measures/add/").content.decode()
    for name in ("type", "category"):
        select = html.split(f'name="{name}"')[1].split("</select>")[0]
        assert f'<option value="" selected>{none}</option>' in select, name


def test_the_list_sorts_within_each_category_and_the_download_keeps_the_order(login, viewer, employer_org, catalogue):
    part_time = MeasureFactory(organisation=employer_org, title_de="Teilzeit", in_place=True)
    MeasureFactory(organisation=employer_org, title_de="Ärztliche Sprechstunde")
    MeasureFactory(organisation=employer_org, title_de="Arbeitszeitkonto", ended=True)
    Measure.objects.filter(pk=part_time.pk).update(updated_at=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC))
    client = login(viewer)

    def order(**query):
        page = client.get(URL, query).content.decode()
        return sorted(("Teilzeit", "Ärztliche Sprechstunde", "Arbeitszeitkonto"), key=page.index)

    assert order() == ["Teilzeit", "Ärztliche Sprechstunde", "Arbeitszeitkonto"]  # as recorded
    assert order(sort="title") == ["Arbeitszeitkonto", "Ärztliche Sprechstunde", "Teilzeit"]  # Ä beside A
    assert order(sort="status") == ["Ärztliche Sprechstunde", "Teilzeit", "Arbeitszeitkonto"]  # planned first
    assert order(sort="-updated")[0] == "Teilzeit"
    assert order(sort="nonsense") == order()

    page = client.get(URL, {"sort": "title", "status": "ended"}).content.decode()
    assert '<label class="kern-label" for="id_sort">' in page
    assert f'href="{URL}export.csv?status=ended&amp;sort=title"' in page
    assert "1 von 3 Maßnahmen" in page  # sorting is not filtering
    rows = client.get(f"{URL}export.csv", {"sort": "title"}).content.decode("utf-8-sig").splitlines()
    assert [row.split(",")[1] for row in rows[1:]] == ["Arbeitszeitkonto", "Ärztliche Sprechstunde", "Teilzeit"]
