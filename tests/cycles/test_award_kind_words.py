"""Awards are named after their programme's kind in what people read beyond the award's own pages:
the history (workspace, operator) and the mails about the grant, the renewal, the expiry and the
revocation, in German and Dutch. A certification's award is a certificate (das Zertifikat /
het certificaat), a recognition's a recognition (die Anerkennung / de erkenning), a charter's a
signature (die Unterzeichnung der Charta / de ondertekening van het handvest), which is confirmed
rather than granted; the neutral word remains only where no kind is known."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import translation

from tests.conftest import _member
from tests.cycles.helpers import drive
from vereinbar.activity.display import lines_for
from vereinbar.activity.models import Entry
from vereinbar.certificates.services import award_revoke, awards_expire
from vereinbar.cycles import services
from vereinbar.notifications.outbox import outbox_deliver
from vereinbar.notifications.reminders import reminders_send

pytestmark = pytest.mark.django_db


def neutral(language: str, programme: str) -> str:
    """The neutral word, which a text naming the kind does not use (in Dutch it is a recognition's own)."""
    return "Auszeichnung" if language == "de" else ("" if programme == "scored" else "erkenning")


def absent(word: str, text: str) -> bool:
    return not word or word.lower() not in text.lower()


def _on(day: date, action):
    with time_machine.travel(day, tick=False):
        result = action()
        outbox_deliver()
    return result


@pytest.fixture
def dutch(employer_org):
    return _member(employer_org, "coordinator", "hr-nl@test.example", "nl")


def _granted(programme, open_cycle, parties):
    cycle = _on(date(2025, 1, 15), lambda: open_cycle(programme))
    _on(date(2025, 1, 15), lambda: drive(cycle, parties, until_award=True))
    return cycle


def _mail(user, subject: str):
    found = [m for m in mail.outbox if m.to == [user.email] and m.subject.startswith(subject)]
    assert len(found) == 1, [m.subject for m in mail.outbox if m.to == [user.email]]
    return found[0]


def _history(organisation, language: str) -> list[str]:
    with translation.override(language):
        return [line.text for line in lines_for(Entry.objects.filter(organisation=organisation))]


def _labels(organisation, language: str) -> set[str]:
    """The labels of the values the history lists under its sentences."""
    with translation.override(language):
        lines = lines_for(Entry.objects.filter(organisation=organisation))
        return {detail.label for line in lines for detail in line.details}


# The grant and the revocation, for each kind

GRANT = {
    "audit": {
        "de": (
            "Zertifikat erteilt: Kreis Musterstadt",
            "das Zertifikat des Programms Test-Audit, Durchlauf „Audit“, wurde Kreis Musterstadt erteilt.",
            "Das Zertifikat {number} ist bis zum 15. Januar 2028 gültig;",
        ),
        "nl": (
            "Certificaat toegekend: Kreis Musterstadt",
            "Het certificaat van het programma Test audit, traject ‘Audit’, is toegekend aan Kreis Musterstadt.",
            "Het certificaat {number} is geldig tot en met 15 januari 2028;",
        ),
    },
    "scored": {
        "de": (
            "Anerkennung ausgesprochen: Kreis Musterstadt",
            "die Anerkennung des Programms Test scored recognition, Durchlauf „Assessment“, wurde Kreis "
            "Musterstadt ausgesprochen.",
            "Die Anerkennung {number} ist bis zum 15. Januar 2027 gültig; ihre Urkunde finden Sie",
        ),
        "nl": (
            "Erkenning toegekend: Kreis Musterstadt",
            "De erkenning van het programma Test erkenning, traject ‘Assessment’, is toegekend aan Kreis Musterstadt.",
            "De erkenning {number} is geldig tot en met 15 januari 2027; de oorkonde staat",
        ),
    },
    "charter": {
        "de": (
            "Unterzeichnung der Charta bestätigt: Kreis Musterstadt",
            "der Programmträger hat die Unterzeichnung der Charta durch Kreis Musterstadt bestätigt: Programm "
            "Test-Charta, Durchlauf „Unterzeichnung“.",
            "Die Unterzeichnung der Charta ist unter der Nummer {number} eingetragen; ihre Urkunde finden Sie",
        ),
        "nl": (
            "Ondertekening van het handvest bevestigd: Kreis Musterstadt",
            "De programma-uitvoerder heeft de ondertekening van het handvest door Kreis Musterstadt bevestigd: "
            "programma Test-Charta, traject ‘Unterzeichnung’.",
            "De ondertekening van het handvest is geregistreerd onder nummer {number}; de oorkonde staat",
        ),
    },
}

REVOKED = {
    "audit": {
        "de": ("Zertifikat widerrufen:", "das Zertifikat {number} des Programms Test-Audit wurde widerrufen."),
        "nl": ("Certificaat ingetrokken:", "Het certificaat {number} van het programma Test audit is ingetrokken."),
    },
    "scored": {
        "de": ("Anerkennung widerrufen:", "die Anerkennung {number} des Programms Test scored recognition wurde"),
        "nl": ("Erkenning ingetrokken:", "De erkenning {number} van het programma Test erkenning is ingetrokken."),
    },
    "charter": {
        "de": ("Unterzeichnung der Charta widerrufen:", "die unter der Nummer {number} eingetragene Unterzeichnung"),
        "nl": ("Ondertekening van het handvest ingetrokken:", "geregistreerd onder nummer {number}, is ingetrokken."),
    },
}

HISTORY = {
    "audit": {
        "de": [
            "hat das Zertifikat Nr. {number} ausgestellt.",
            "hat das Zertifikat erteilt: Test-Audit – Audit.",
            "hat das Zertifikat Nr. {number} widerrufen.",
        ],
        "nl": [
            "heeft certificaat nr. {number} uitgereikt.",
            "heeft het certificaat toegekend: Test audit – Audit.",
            "heeft certificaat nr. {number} ingetrokken.",
        ],
    },
    "scored": {
        "de": [
            "hat die Anerkennung Nr. {number} ausgesprochen.",
            "hat die Anerkennung ausgesprochen: Test scored recognition – Assessment.",
            "hat die Anerkennung Nr. {number} widerrufen.",
        ],
        "nl": [
            "heeft erkenning nr. {number} toegekend.",
            "heeft de erkenning toegekend: Test erkenning – Assessment.",
            "heeft erkenning nr. {number} ingetrokken.",
        ],
    },
    "charter": {
        "de": [
            "hat die Unterzeichnung der Charta unter der Nummer {number} eingetragen.",
            "hat die Unterzeichnung der Charta bestätigt: Test-Charta – Unterzeichnung.",
            "hat die unter der Nummer {number} eingetragene Unterzeichnung der Charta widerrufen.",
        ],
        "nl": [
            "heeft de ondertekening van het handvest geregistreerd onder nummer {number}.",
            "heeft de ondertekening van het handvest bevestigd: Test-Charta – Unterzeichnung.",
            "heeft de onder nummer {number} geregistreerde ondertekening van het handvest ingetrokken.",
        ],
    },
}

# the label of the award's number under the decision's entry
NUMBER_LABEL = {
    "audit": {"de": "Zertifikat Nr.", "nl": "Certificaat nr."},
    "scored": {"de": "Anerkennung Nr.", "nl": "Erkenning nr."},
    "charter": {"de": "Nummer der Unterzeichnung der Charta", "nl": "Nummer van de ondertekening van het handvest"},
}


@pytest.mark.parametrize("programme", ["audit", "scored", "charter"])
def test_the_grant_the_revocation_and_their_history_name_the_award_by_its_kind(
    programme, request, open_cycle, parties, employer_org, dutch
):
    cycle = _granted(request.getfixturevalue(programme), open_cycle, parties)
    award = cycle.award
    _on(date(2025, 9, 3), lambda: award_revoke(actor=parties["operator"], award=award, reason="Wrong figures"))
    readers = {"de": parties["coordinator"], "nl": dutch}
    for language, reader in readers.items():
        subject, sentence, number_sentence = GRANT[programme][language]
        granted = _mail(reader, subject)
        assert sentence in granted.body and number_sentence.format(number=award.number) in granted.body
        revoked_subject, revoked_sentence = REVOKED[programme][language]
        revoked = _mail(reader, revoked_subject)
        assert revoked_sentence.format(number=award.number) in revoked.body
        for message in (granted, revoked):
            assert absent(neutral(language, programme), message.subject + message.body)
        history = _history(employer_org, language)
        for expected in HISTORY[programme][language]:
            assert any(line.endswith(expected.format(number=award.number)) for line in history), (expected, history)
        assert all(absent(neutral(language, programme), line) for line in history)
        labels = _labels(employer_org, language)
        assert NUMBER_LABEL[programme][language] in labels
        assert all(absent(neutral(language, programme), label) for label in labels)


# The expiry: a certificate and a recognition expire; the reminders say so by their kind


@pytest.mark.parametrize(
    ("programme", "last_day", "de", "nl"),
    [
        (
            "audit",
            date(2028, 1, 15),
            ("Ihr Zertifikat läuft am 15. Januar 2028 ab:", "Ihr Zertifikat läuft heute ab:"),
            ("Uw certificaat verloopt op 15 januari 2028:", "Uw certificaat verloopt vandaag:"),
        ),
        (
            "scored",
            date(2027, 1, 15),
            ("Ihre Anerkennung läuft am 15. Januar 2027 ab:", "Ihre Anerkennung läuft heute ab:"),
            ("Uw erkenning verloopt op 15 januari 2027:", "Uw erkenning verloopt vandaag:"),
        ),
    ],
)
def test_the_expiry_reminders_name_the_award_by_its_kind(
    programme, last_day, de, nl, request, open_cycle, parties, employer_org, dutch
):
    cycle = _granted(request.getfixturevalue(programme), open_cycle, parties)
    month_before = date(last_day.year - 1, 12, 15)
    _on(month_before, lambda: reminders_send(today=month_before))
    _on(last_day, lambda: reminders_send(today=last_day))
    for language, reader, subjects in (("de", parties["coordinator"], de), ("nl", dutch, nl)):
        for subject in subjects:
            assert absent(neutral(language, programme), _mail(reader, subject).body)
    with time_machine.travel(last_day + timedelta(days=1), tick=False):
        awards_expire()
    expired = {"audit": ("Das Zertifikat Nr.", "Certificaat nr."), "scored": ("Die Anerkennung Nr.", "Erkenning nr.")}
    for language, start in zip(("de", "nl"), expired[programme], strict=True):
        assert f"{start} {cycle.award.number}" in " ".join(_history(employer_org, language))


def test_a_completed_cycle_reads_as_a_sentence(audit, open_cycle, parties, employer_org):
    cycle = _granted(audit, open_cycle, parties)
    _on(date(2025, 2, 1), lambda: services.cycle_renew(actor=parties["operator"], cycle=cycle))
    assert "Der Durchlauf ist abgeschlossen: Test-Audit – Audit." in _history(employer_org, "de")
    assert "Het traject Test audit – Audit is afgerond." in _history(employer_org, "nl")
    assert "The cycle Test audit – Audit is complete." in _history(employer_org, "en")


def test_the_awards_desk_names_each_award_by_its_kind(audit, charter, open_cycle, parties, login):
    certificate = _granted(audit, open_cycle, parties).award
    signature = _granted(charter, open_cycle, parties).award
    client = login(parties["operator"])
    for language, words in (
        ("de", ("Art und Nummer", "Zertifikat", "Charta-Unterzeichnung Nr. {number}")),
        ("nl", ("Soort en nummer", "Certificaat", "Ondertekening nr. {number} van het handvest")),
    ):
        html = client.get(f"/{language}/operator/cycles/awards/").content.decode()
        label, certificate_word, signature_words = words
        assert f'data-label="{label}">{certificate_word} <span class="award-number">{certificate.number}</span>' in html
        number = f'<span class="award-number">{signature.number}</span>'
        assert f'data-label="{label}">{signature_words.format(number=number)}</td>' in html


# A withheld award: the phase whose result reached no level is done again

REOPENED = {
    "certification": {
        "de": "ihr Ergebnis hat keine Stufe des Zertifikats erreicht, deshalb wird sie erneut bearbeitet. Sobald "
        "sie abgeschlossen ist, richtet sich das Zertifikat nach dem neuen Ergebnis.",
        "nl": "het resultaat bereikte geen niveau van het certificaat, daarom wordt de stap opnieuw uitgevoerd. "
        "Zodra hij is afgerond, volgt het certificaat uit het nieuwe resultaat.",
    },
    "recognition": {
        "de": "ihr Ergebnis hat keine Stufe der Anerkennung erreicht, deshalb wird sie erneut bearbeitet. Sobald "
        "sie abgeschlossen ist, richtet sich die Anerkennung nach dem neuen Ergebnis.",
        "nl": "het resultaat bereikte geen niveau van de erkenning, daarom wordt de stap opnieuw uitgevoerd. "
        "Zodra hij is afgerond, volgt de erkenning uit het nieuwe resultaat.",
    },
}


@pytest.mark.parametrize("kind", list(REOPENED))
@pytest.mark.parametrize("language", ["de", "nl"])
def test_the_mail_of_a_phase_done_again_names_the_award_by_its_kind(kind, language):
    from vereinbar.notifications.outbox import mail_render

    cycle = {"version": {"title_text": "Programm", "kind": kind}, "stage": "Stufe"}
    _, body = mail_render(
        language=language,
        template="cycles/mail/phase_reopened",
        context={"cycle": cycle, "organisation": "Landkreis Leer", "run": "Workshop", "url": "/x/"},
    )
    assert REOPENED[kind][language] in body
    assert absent(neutral(language, "scored" if kind == "recognition" else "audit"), body)
