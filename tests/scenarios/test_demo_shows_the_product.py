"""The demo shows the product at its best (issue: a newcomer saw no survey, no report, no news,
and a directory of four): the survey phases of the demo employers have surveys whose reports
show every part, the operators have news, every questionnaire a library programme names is
loaded, and made-up employers, marked as examples, fill the directory. (The package's demo:
see conftest.py.)"""

import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from vereinbar.certificates.selectors import awards_listed
from vereinbar.news.models import Announcement, AnnouncementStatus
from vereinbar.organisations.models import Organisation
from vereinbar.site.examples import vocabulary
from vereinbar.surveys.models import InstrumentVersion, Survey, SurveyStatus
from vereinbar.surveys.report.build import report_build

pytestmark = pytest.mark.django_db


def test_every_questionnaire_a_library_programme_names_is_loaded():
    named = set()
    for path in (Path(settings.VEREINBAR_LIBRARY_DIR) / "programmes").glob("*.yaml"):
        definition = yaml.safe_load(path.read_text(encoding="utf-8"))
        named |= {stage["survey_instrument"] for stage in definition["stages"] if stage.get("survey_instrument")}
    assert named, "the library has programmes with a staff survey"
    loaded = set(InstrumentVersion.objects.values_list("instrument__urn", flat=True))
    assert named <= loaded, f"named but not in the library: {sorted(named - loaded)}"


@pytest.mark.parametrize("slug", ["landkreis-leer", "saale-orla-kreis"])
def test_the_survey_phases_have_reports_that_show_every_part(slug):
    surveys = list(Survey.objects.filter(organisation__slug=slug).order_by("closed_at"))
    assert len(surveys) == 2 and all(s.status == SurveyStatus.CLOSED for s in surveys)
    assert all("(" in s.title for s in surveys), "the made-up answers are named in the title"
    assert all(s.phase_run is not None and s.phase_run.status == "accepted" for s in surveys)
    for language in ("de", "nl"):
        report = report_build(survey=surveys[-1], language=language)
        assert report.n_total >= 300
        assert len(report.units) >= 4 and sum(1 for unit in report.units if unit.shown) >= 3
        assert report.breakdowns, "results by a breakdown question"
        assert report.comments, "comments of groups large enough"
        assert report.previous_title == surveys[0].title, "compared with the earlier wave"
        assert len(report.trend) == 2
        assert report.benchmark_organisations >= 5, "a peer benchmark"


def test_the_operators_have_published_news():
    published = Announcement.objects.filter(status=AnnouncementStatus.PUBLISHED)
    assert published.count() >= 4
    assert published.values("operator").distinct().count() >= 4
    assert all(a.title_de and a.title_nl and a.title_en for a in published)


def test_made_up_employers_are_marked_as_examples_and_fill_the_directory():
    examples = Organisation.objects.filter(is_example=True)
    assert examples.count() >= 50
    listed = awards_listed().filter(organisation__is_example=True).values("organisation").distinct().count()
    assert listed >= 40
    regions = set(examples.values_list("region", flat=True))
    assert len(regions) >= 10
    # No real place's administration: example names always carry a made-up word.
    regions = vocabulary()["regions"]
    cities = {city for country in regions.values() for places in country.values() for city in places}
    plain = {f"{word} {city}" for city in cities for word in ("Stadt", "Gemeente", "Gemeinde", "Landkreis")}
    assert not examples.filter(name__in=plain).exists()
    peers = Survey.objects.filter(organisation__is_example=True, status=SurveyStatus.CLOSED)
    assert peers.values("organisation").distinct().count() >= 5


def test_an_example_says_so_in_the_directory_and_on_its_profile(client):
    html = client.get("/de/").content.decode()
    marked = re.findall(
        r'<a href="/de/employers/([^/"]+)/">[^<]+</a> <span class="kern-badge kern-badge--info badge-example">'
        r'<span class="kern-label">Beispiel</span>',
        html,
    )
    assert marked, "the directory marks the examples"
    assert Organisation.objects.get(slug=marked[0]).is_example
    profile = client.get(f"/nl/employers/{marked[0]}/").content.decode()
    assert "Voorbeeld" in profile and "Deze werkgever bestaat niet" in profile
    real = client.get("/de/employers/kreis-soest/").content.decode()
    assert "badge-example" not in real and "Kreis Soest" in real
