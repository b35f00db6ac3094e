"""An automatic deferral (no level reached where the award follows the survey by itself) stores
its conditions as data, so each reader sees why in their own language: the pages, the history,
the mail and the API say the same deferral in German and in Dutch, whoever's language was
active when the survey closed. Deferrals stored as text before keep their text."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.cycles.test_survey_conditions import surveyed
from tests.surveys.test_certification_by_survey_alone import programme, started  # noqa: F401 (fixture)
from vereinbar.accounts.services import token_create
from vereinbar.activity.display import lines_for
from vereinbar.activity.models import Entry
from vereinbar.cycles.models import Decision, DecisionOutcome
from vereinbar.notifications.models import Notification, OutgoingMail

pytestmark = pytest.mark.django_db

SAID = {
    "de": (
        "Keine Auszeichnung: Keine Auszeichnungsstufe dieser Stufe ist erreicht.",
        "Zertifizierte Kultur der Vereinbarkeit:",
        "Fehlertoleranz 12,5\u00a0% > 5\u00a0% bei 90\u00a0% Konfidenz.",
    ),
    "nl": (
        "Geen erkenning: geen niveau van deze fase is bereikt.",
        "Gecertificeerde cultuur van werk en zorg:",
        "Foutmarge 12,5\u00a0% > 5\u00a0% bij 90\u00a0% betrouwbaarheid.",
    ),
}
OTHER = {"de": "nl", "nl": "de"}


@pytest.fixture
def deferred(programme, employer_org, coordinator, operator_admin, auditor, instrument_version):  # noqa: F811
    """A cycle whose survey (18 of 30 staff: margin of error 12.5 %) reaches no level, closed while
    English was active."""
    with translation.override("en"):
        cycle = started(programme, employer_org, coordinator, operator_admin, auditor, review=False)
        surveyed(cycle, coordinator, instrument_version, admin=(13, 5), youth=(0, 0))
    cycle.refresh_from_db()
    return cycle


def says_it_in(text: str, language: str) -> None:
    for part in SAID[language]:
        assert part in text, (part, text)
    assert SAID[OTHER[language]][0] not in text and "No award" not in text


def test_the_deferral_stores_conditions_and_figures_not_a_text(deferred):
    decision = deferred.decisions.get()
    assert decision.automatic and decision.outcome == DecisionOutcome.DEFER
    assert decision.comment == "" and deferred.status_reason == ""
    failed = [r for check in decision.reasons for r in check["reasons"] if not r["satisfied"]]
    margin = next(r for r in failed if r["code"] == "survey_margin_of_error")
    assert margin["text"] == "Margin of error %(error)s %% > %(max)s %% at %(confidence)s %% confidence."
    assert margin["params"] == {"error": {"figure": "12.5"}, "max": {"number": "5"}, "confidence": {"number": "90"}}


@pytest.mark.parametrize("language", ["de", "nl"])
def test_the_same_deferral_reads_in_the_reader_s_language(deferred, language):
    decision = deferred.decisions.get()
    with translation.override(language):
        says_it_in(decision.explanation, language)
        line = next(line for line in lines_for(Entry.objects.filter(verb="cycle.deferred")))
        says_it_in(" ".join(detail.after.text for detail in line.details), language)


@pytest.mark.parametrize("language", ["de", "nl"])
def test_the_cycle_page_and_the_decision_page_say_it_in_the_page_s_language(deferred, coordinator, login, language):
    client = login(coordinator)
    slug = deferred.organisation.slug
    page = client.get(f"/{language}/workspace/{slug}/cycles/{deferred.pk}/")
    assert page.status_code == 200
    text = page.content.decode().replace("&gt;", ">")
    says_it_in(text, language)
    page = client.get(f"/{language}/workspace/{slug}/cycles/{deferred.pk}/decision/")
    assert page.status_code == 200
    says_it_in(page.content.decode().replace("&gt;", ">"), language)


@pytest.mark.parametrize("language", ["de", "nl"])
def test_the_mail_says_it_in_the_recipient_s_language(
    programme,  # noqa: F811 (the fixture)
    employer_org,
    coordinator,
    operator_admin,
    auditor,
    instrument_version,
    language,
):
    coordinator.preferred_language = language
    coordinator.save(update_fields=["preferred_language"])
    with translation.override(OTHER[language]):
        cycle = started(programme, employer_org, coordinator, operator_admin, auditor, review=False)
        surveyed(cycle, coordinator, instrument_version, admin=(13, 5), youth=(0, 0))
    mails = OutgoingMail.objects.filter(to=coordinator.email, subject__contains=employer_org.name)
    deferral = [row.body for row in mails if SAID[language][2] in row.body]
    assert len(deferral) == 1, [row.body for row in mails]
    says_it_in(deferral[0], language)
    inbox = Notification.objects.get(user=coordinator, event="cycle_defer")
    says_it_in(inbox.body, language)


@pytest.mark.parametrize("language", ["de", "nl"])
def test_the_api_gives_the_conditions_as_data_and_as_text_in_the_request_s_language(
    deferred, coordinator, client, language
):
    secret = token_create(user=coordinator, name="tests").secret
    response = client.get(
        f"/api/v1/cycles/{deferred.pk}", HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 200, response.content
    withheld = response.json()["award_withheld"]
    says_it_in(withheld["text"], language)
    certified = next(level for level in withheld["levels"] if level["level"] == "certified")
    assert certified["title"] + ":" == SAID[language][1]
    margin = next(c for c in certified["conditions"] if c["code"] == "survey_margin_of_error")
    assert margin["values"]["error"] == {"figure": "12.5"} and margin["text"] == SAID[language][2]


def test_a_deferral_stored_as_text_before_keeps_its_text(deferred):
    old = deferred.decisions.get()
    for check in old.reasons:
        for reason in check["reasons"]:
            del reason["text"], reason["params"]
    old.comment = "Keine Auszeichnung: Kein Niveau dieser Stufe ist erreicht. (as stored)"
    old.save(update_fields=["reasons", "comment"])
    decision = Decision.objects.get(pk=old.pk)
    with translation.override("nl"):
        assert decision.explanation == old.comment
        from vereinbar.cycles.services.decision import withheld_conditions

        texts = [c["text"] for level in withheld_conditions(decision) for c in level["conditions"]]
        assert "Margin of error 12.5 % > 5 % at 90 % confidence." in texts  # the message as stored (in English)
