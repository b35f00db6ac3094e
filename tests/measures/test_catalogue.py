"""The measure catalogue: a data file loaded idempotently, searchable in every language,
extendable by operator admins."""

import textwrap

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from tests.organisations.helpers import Api, field_errors
from vereinbar.activity.models import Entry
from vereinbar.measures.catalogue import CatalogueInvalid, catalogue_file, catalogue_parse
from vereinbar.measures.models import CatalogueOrigin, MeasureCategory, MeasureType
from vereinbar.measures.selectors import catalogue_types_matching, statutory_types_for
from vereinbar.measures.services import catalogue_entry_create, catalogue_load

pytestmark = pytest.mark.django_db


def test_the_shipped_catalogue_names_every_entry_in_every_language(catalogue):
    assert catalogue.created > 40
    for entry in MeasureType.objects.all():
        assert entry.name_de and entry.name_nl and entry.name_en, entry.key
        assert entry.life_situations, entry.key
    assert set(MeasureCategory.objects.values_list("key", flat=True)) == {
        "working_time",
        "work_organisation",
        "place_of_work",
        "information_communication",
        "leadership",
        "staff_development",
        "pay_benefits",
        "family_services",
        "health",
    }


def test_loading_twice_changes_nothing_the_second_time(catalogue):
    entries = Entry.objects.filter(verb="measure_catalogue.loaded").count()
    again = catalogue_load()
    assert (again.created, again.updated, again.retired) == (0, 0, 0)
    assert again.unchanged == catalogue.created
    assert Entry.objects.filter(verb="measure_catalogue.loaded").count() == entries == 1


@pytest.mark.parametrize("query", ["Kinderbetreuung", "kinderopvang", "childcare", "KINDERBETREUUNG"])
def test_one_search_finds_the_same_entries_in_every_language(catalogue, query):
    found = set(catalogue_types_matching(query=query).values_list("key", flat=True))
    assert {"company_childcare", "holiday_childcare", "childcare_subsidy"} <= found


def test_search_ignores_accents_and_finds_synonyms(catalogue):
    assert "holiday_childcare" in catalogue_types_matching(query="brueckentag").values_list("key", flat=True) or (
        "holiday_childcare" in catalogue_types_matching(query="bruckentag").values_list("key", flat=True)
    )
    assert list(catalogue_types_matching(query="Pflege-Guide").values_list("key", flat=True)) == ["care_guides"]
    assert "home_office_agreement" in catalogue_types_matching(query="thuiswerken").values_list("key", flat=True)
    assert not catalogue_types_matching(query="   ").exists()


def test_statutory_rights_are_shown_by_country_with_the_eu_baseline(catalogue):
    germany = set(statutory_types_for(country="DE").values_list("key", flat=True))
    assert {"de_short_term_care_leave", "de_care_leave", "de_family_care_leave", "eu_carers_leave"} <= germany
    assert "nl_care_leave" not in germany
    netherlands = set(statutory_types_for(country="nl").values_list("key", flat=True))
    assert {"nl_care_leave", "eu_carers_leave"} <= netherlands
    assert {"nl_pregnancy_leave", "nl_birth_leave", "nl_parental_leave", "nl_emergency_leave"} <= netherlands
    assert set(statutory_types_for(country="GB").values_list("key", flat=True)) == {"gb_carers_leave"}
    short_term = MeasureType.objects.get(key="de_short_term_care_leave")
    assert short_term.legal_reference == "§ 2 PflegeZG" and short_term.life_situations == ["care"]


BROKEN = textwrap.dedent(
    """\
    format: vereinbar-measure-catalogue/1
    categories:
      - key: working_time
        name: {de: Arbeitszeit, nl: Werktijd, en: Working time}
        measures:
          - key: flexitime
            name: {de: Gleitzeit, en: Flexitime}
            life_situations: [children, holidays]
          - key: flexitime
            name: {de: Gleitzeit, nl: Glijtijd, en: Flexitime}
            statutory: true
    """
)


def test_a_broken_file_names_line_and_field_of_every_problem():
    with translation.override("en"), pytest.raises(CatalogueInvalid) as caught:
        catalogue_parse(BROKEN, file="broken.yaml")
    assert [str(problem) for problem in caught.value.problems] == [
        "broken.yaml:7: categories[0].measures[0].name: The text is missing in: nl. [missing_translation]",
        "broken.yaml:8: categories[0].measures[0].life_situations[1]: “holidays” is not allowed here. "
        "Choose one of: children, care, health, flexible_work, all. [not_allowed]",
        "broken.yaml:9: categories[0].measures[1].key: “flexitime” is already used on line 6; "
        "each key must be unique. [duplicate_key]",
        "broken.yaml:11: categories[0].measures[1].country: "
        "A statutory right needs the country where it applies. [statutory_country]",
    ]


def test_the_shape_of_the_file_is_checked_like_every_definition_file():
    text = BROKEN.replace("key: working_time", "key: Working Time\n    colour: blue").replace(
        "statutory: true", "statutory: true\n        country: de\n        legal_reference: 12"
    )
    with translation.override("en"), pytest.raises(CatalogueInvalid) as caught:
        catalogue_parse(text, file="broken.yaml")
    found = {(p.code, p.line, p.path): p.message for p in caught.value.problems}
    assert found[("bad_format", 3, "categories[0].key")] == (
        "“Working Time” is not a key of lower case letters, digits, _ and - such as “working_time”."
    )
    assert found[("unknown_field", 4, "categories[0].colour")].startswith("Unknown field “colour”. Allowed here: key,")
    assert found[("bad_format", 13, "categories[0].measures[1].country")] == (
        "“de” is not a country code of two capital letters such as DE, NL or EU."
    )
    assert found[("wrong_type", 14, "categories[0].measures[1].legal_reference")] == (
        'Expected text, found a whole number. Put it in quotes, e.g. "12", so that it is read as text.'
    )


def test_a_file_that_is_not_a_mapping_or_has_blank_texts_is_refused():
    with translation.override("en"), pytest.raises(CatalogueInvalid) as caught:
        catalogue_parse("- working_time\n", file="list.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "list.yaml:1: The file must contain one mapping (field: value) at the top, not a list. [not_a_mapping]"
    ]
    with pytest.raises(CatalogueInvalid) as caught:
        catalogue_parse(BROKEN.replace("nl: Werktijd", "nl: ' '"), file="blank.yaml")
    assert ("empty_text", 4, "categories[0].name.nl") in {(p.code, p.line, p.path) for p in caught.value.problems}


def test_a_broken_file_loads_nothing(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("measures", "load-catalogue", str(path))
    assert not MeasureCategory.objects.exists()


def test_a_yaml_syntax_error_names_its_line(tmp_path):
    with pytest.raises(CatalogueInvalid) as caught:
        catalogue_parse("format: x\ncategories: [\n  - {", file="bad.yaml")
    (problem,) = caught.value.problems
    assert (problem.code, problem.line) == ("yaml_syntax", 3)


def test_the_command_loads_the_default_file(capsys, db):
    call_command("measures", "load-catalogue")
    assert "created" in capsys.readouterr().out
    assert MeasureType.objects.filter(key="company_childcare").exists()


def test_entries_dropped_from_the_file_are_retired_and_operator_entries_kept(tmp_path, catalogue, operator_admin):
    category = MeasureCategory.objects.get(key="health")
    mine = catalogue_entry_create(
        actor=operator_admin, data={"category": category, "name_en": "Walking group", "life_situations": ["health"]}
    )
    smaller = tmp_path / "catalogue.yaml"
    smaller.write_text(
        textwrap.dedent(
            """\
            format: vereinbar-measure-catalogue/1
            categories:
              - key: health
                name: {de: Gesundheit, nl: Gezondheid, en: Health}
                measures:
                  - key: health_days
                    name: {de: Gesundheitstage, nl: Gezondheidsdagen, en: Health days}
                    life_situations: [health]
            """
        ),
        encoding="utf-8",
    )
    result = catalogue_load(path=smaller)
    assert result.retired > 0
    assert not MeasureType.objects.get(key="company_childcare").is_active
    assert not MeasureCategory.objects.get(key="family_services").is_active
    assert MeasureType.objects.get(key="health_days").is_active
    mine.refresh_from_db()
    assert mine.is_active and mine.origin == CatalogueOrigin.OPERATOR
    catalogue_load(path=catalogue_file())
    assert MeasureType.objects.get(key="company_childcare").is_active


# --- The operator page and API ----------------------------------------------------------


def entry_data(**changes):
    data = {
        "category": "family_services",
        "name_de": "Ferienfreizeit für Beschäftigtenkinder",
        "name_nl": "",
        "name_en": "Holiday camp for staff children",
        "synonyms_de": "Ferienlager, Sommercamp",
        "synonyms_nl": "zomerkamp",
        "synonyms_en": "",
        "life_situations": ["children"],
        "country": "",
        "legal_reference": "",
    }
    data.update(changes)
    return data


def test_an_operator_admin_adds_an_entry_that_search_finds(login, operator_admin, catalogue):
    response = login(operator_admin).post("/en/operator/catalogue/add/", entry_data())
    assert response.status_code == 302
    entry = MeasureType.objects.get(origin=CatalogueOrigin.OPERATOR)
    assert entry.key == "holiday_camp_for_staff_children"
    assert entry.synonyms_de == "Ferienlager\nSommercamp"
    assert list(catalogue_types_matching(query="zomerkamp")) == [entry]
    assert Entry.objects.filter(verb="measure_type.created").exists()
    edited = login(operator_admin).post(f"/en/operator/catalogue/{entry.key}/", entry_data(name_nl="Zomerkamp"))
    assert edited.status_code == 302
    entry.refresh_from_db()
    assert entry.name_nl == "Zomerkamp"


def test_an_entry_needs_a_name_and_a_statutory_right_its_country(login, operator_admin, catalogue):
    client = login(operator_admin)
    no_name = client.post("/en/operator/catalogue/add/", entry_data(name_de="", name_en=""))
    assert field_errors(no_name, "name_en")
    no_country = client.post("/en/operator/catalogue/add/", entry_data(statutory="on"))
    assert field_errors(no_country, "country")
    assert not MeasureType.objects.filter(origin=CatalogueOrigin.OPERATOR).exists()


def test_entries_from_the_file_are_changed_in_the_file(login, operator_admin, catalogue):
    response = login(operator_admin).post("/en/operator/catalogue/company_childcare/", entry_data())
    assert response.status_code == 200
    assert "catalogue file" in " ".join(response.context["form"].non_field_errors())
    assert MeasureType.objects.get(key="company_childcare").name_en == "Company childcare"


def test_operator_staff_read_the_catalogue_and_only_admins_extend_it(login, client, auditor, coordinator, catalogue):
    assert login(auditor).get("/en/operator/catalogue/").status_code == 200
    assert login(auditor).get("/en/operator/catalogue/add/").status_code == 403
    assert login(auditor).post("/en/operator/catalogue/add/", entry_data()).status_code == 403
    assert login(coordinator).get("/en/operator/catalogue/").status_code == 404
    assert login(coordinator).post("/en/operator/catalogue/add/", entry_data()).status_code == 404
    client.logout()
    assert client.get("/en/operator/catalogue/").status_code == 302
    assert not MeasureType.objects.filter(origin=CatalogueOrigin.OPERATOR).exists()


def test_the_catalogue_api_is_public_and_searchable(client, catalogue):
    everything = client.get("/api/v1/measures/catalogue")
    assert everything.status_code == 200 and len(everything.json()) == 9
    found = client.get("/api/v1/measures/catalogue", {"q": "kinderopvang"}).json()
    keys = {entry["key"] for category in found for entry in category["entries"]}
    assert "company_childcare" in keys and "home_office_agreement" not in keys


def test_only_operator_admins_add_entries_through_the_api(client, operator_admin, auditor, coordinator, catalogue):
    body = {"category": "health", "name_en": "Walking group", "life_situations": ["health"]}
    assert Api(client, coordinator).post("/measures/catalogue", body).status_code == 404
    assert Api(client, auditor).post("/measures/catalogue", body).status_code == 403
    created = Api(client, operator_admin).post("/measures/catalogue", body)
    assert created.status_code == 201 and created.json()["key"] == "walking_group"
    unknown = Api(client, operator_admin).post("/measures/catalogue", {**body, "category": "nope"})
    assert unknown.status_code == 422 and unknown.json()["details"][0]["field"] == "category"
