"""What an HR coordinator reads in the mails about an award: on the grant, whether the new award
replaces an earlier one and which seal, certificate and verification page go on the website; at
a renewal's start, what becomes of the current award; before and on its last day, whether a
renewal is under way (and where it stands), how to start one or why there is none, and what the
award's end changes. Each mail is sent by the real service call and read in German and Dutch."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import time_machine
import yaml
from django.core import mail

from tests.conftest import _member
from tests.cycles.conftest import PROGRAMMES
from tests.cycles.helpers import drive
from vereinbar.certificates.services import awards_expire
from vereinbar.cycles import services
from vereinbar.notifications.outbox import outbox_deliver
from vereinbar.notifications.reminders import reminders_send

pytestmark = pytest.mark.django_db

SITE = "https://vereinbar.example.org"
GRANTED = {"de": "Zertifikat erteilt:", "nl": "Certificaat toegekend:"}
RENEWED = {"de": "Nächste Stufe begonnen:", "nl": "Volgende fase gestart:"}
EXPIRES = {"de": "läuft", "nl": "verloopt"}


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def readers(parties, employer_org):
    """The employer's two coordinators: one reads German, one Dutch."""
    return {"de": parties["coordinator"], "nl": _member(employer_org, "coordinator", "hr-nl@test.example", "nl")}


def _on(day: date, action):
    """Do ``action`` on ``day`` and send what it put into the outbox (due from that day)."""
    mail.outbox.clear()
    with time_machine.travel(day, tick=False):
        result = action()
        outbox_deliver()
    return result


def _bodies(readers, subjects) -> dict[str, str]:
    """The body of the one mail each reader got whose subject says ``subjects[language]``."""
    bodies = {}
    for language, reader in readers.items():
        found = [m for m in mail.outbox if m.to == [reader.email] and subjects[language] in m.subject]
        assert len(found) == 1, (language, [m.subject for m in mail.outbox if m.to == [reader.email]])
        bodies[language] = found[0].body
    return bodies


def _mail_to(user, subject: str) -> str:
    found = [m for m in mail.outbox if m.to == [user.email] and subject in m.subject]
    assert len(found) == 1
    return found[0].body


def _award_page(language, award) -> str:
    return f"{SITE}/{language}/workspace/kreis-musterstadt/awards/{award.number}/"


def _verify(language, award) -> str:
    return f"{SITE}/{language}/verify/{award.verification_code}/"


@pytest.fixture
def awarded(audit, open_cycle, parties, readers):
    """An audit granted on 15 January 2025: its award is valid until 15 January 2028."""
    cycle = _on(date(2025, 1, 15), lambda: open_cycle(audit))
    _on(date(2025, 1, 15), lambda: drive(cycle, parties, until_award=True))
    return cycle


def _renew_and_grant(cycle, parties, *, renewed_on: date, granted_on: date):
    renewal = _on(renewed_on, lambda: services.cycle_renew(actor=parties["operator"], cycle=cycle))
    _on(granted_on, lambda: drive(renewal, parties, until_award=True))
    return renewal


# The grant


def test_a_first_award_mail_gives_the_seal_certificate_and_verification_links(audit, open_cycle, parties, readers):
    cycle = _on(date(2025, 1, 15), lambda: open_cycle(audit))
    _on(date(2025, 1, 15), lambda: drive(cycle, parties, until_award=True))
    award = cycle.award
    bodies = _bodies(readers, GRANTED)
    assert (
        "Um das Zertifikat auf Ihrer Website zu zeigen, verwenden Sie sein Siegel und das Zertifikat selbst:"
        in bodies["de"]
    )
    assert (
        "Wilt u het certificaat op uw website tonen, gebruik dan het keurmerk en het certificaat zelf:" in bodies["nl"]
    )
    assert (
        "– die Seite des Zertifikats in Ihrem Arbeitsbereich, mit dem Siegel und dem HTML-Code zum Einfügen in "
        f"Ihre Website: {_award_page('de', award)}#seal-heading"
    ) in bodies["de"]
    assert f"– öffentliche Prüfseite: {_verify('de', award)}" in bodies["de"]
    assert (
        "– de pagina van het certificaat in uw werkruimte, met het keurmerk en de HTML-code om in uw website te "
        f"plakken: {_award_page('nl', award)}#seal-heading"
    ) in bodies["nl"]
    assert f"– openbare verificatiepagina: {_verify('nl', award)}" in bodies["nl"]
    for language, body in bodies.items():
        assert f"{SITE}/{language}/workspace/kreis-musterstadt/cycles/{cycle.pk}/certificate.pdf" in body
    # nothing is replaced by a first award
    assert "frühere" not in bodies["de"] and "löst" not in bodies["de"] and "ersetzen" not in bodies["de"]
    assert "eerdere" not in bodies["nl"] and "vervang" not in bodies["nl"]
    # the operator learns of the grant, not of the employer's website
    operator = _mail_to(parties["operator"], GRANTED["de"])
    assert "Siegel" not in operator and "/workspace/" not in operator


def test_a_renewal_award_mail_says_it_replaces_the_earlier_one_and_what_to_swap_on_the_website(
    awarded, parties, readers
):
    old = awarded.award
    renewal = _renew_and_grant(awarded, parties, renewed_on=date(2027, 11, 1), granted_on=date(2027, 12, 1))
    new = renewal.award
    bodies = _bodies(readers, GRANTED)
    assert (
        f"Das Zertifikat {new.number} löst das frühere Zertifikat {old.number} dieses Programms ab. "
        f"Prüfseite und Siegel von {old.number} zeigen es jetzt als abgelöst und verweisen auf das neue Zertifikat."
    ) in bodies["de"]
    assert (
        f"Het certificaat {new.number} vervangt het eerdere certificaat {old.number} van dit programma. "
        f"De verificatiepagina en het keurmerk van {old.number} tonen het nu als vervangen"
    ) in bodies["nl"]
    assert (
        "Bitte ersetzen Sie auf Ihrer Website das Siegel, das Zertifikat und jeden Link auf die alte Prüfseite "
        "durch die des neuen Zertifikats:"
    ) in bodies["de"]
    assert (
        "Vervang op uw website het keurmerk, het certificaat en elke link naar de oude verificatiepagina"
        in (bodies["nl"])
    )
    for language, body in bodies.items():
        assert f"{_award_page(language, new)}#seal-heading" in body
        assert f"{SITE}/{language}/workspace/kreis-musterstadt/cycles/{renewal.pk}/certificate.pdf" in body
        assert old.verification_code not in body  # only the new award's links
    assert f"– öffentliche Prüfseite des neuen Zertifikats: {_verify('de', new)}" in bodies["de"]
    assert f"– openbare verificatiepagina van het nieuwe certificaat: {_verify('nl', new)}" in bodies["nl"]
    operator = _mail_to(parties["operator"], GRANTED["de"])
    assert f"löst das frühere Zertifikat {old.number} dieses Programms ab" in operator
    assert "/workspace/" not in operator and "Bitte ersetzen Sie" not in operator


def test_a_new_award_after_the_old_one_expired_replaces_it_without_calling_it_replaced(awarded, parties, readers):
    old = awarded.award
    with time_machine.travel(date(2028, 1, 16), tick=False):
        awards_expire()
    renewal = _renew_and_grant(awarded, parties, renewed_on=date(2028, 2, 1), granted_on=date(2028, 3, 1))
    bodies = _bodies(readers, GRANTED)
    assert f"löst das frühere Zertifikat {old.number} dieses Programms ab." in bodies["de"]
    assert f"vervangt het eerdere certificaat {old.number} van dit programma." in bodies["nl"]
    assert "abgelöst" not in bodies["de"] and "als vervangen" not in bodies["nl"]  # its seal says "expired"
    assert _verify("de", renewal.award) in bodies["de"] and _verify("nl", renewal.award) in bodies["nl"]


# The start of the renewal


def test_the_renewal_mail_says_the_current_award_stays_valid_until_the_new_one_replaces_it(awarded, parties, readers):
    award = awarded.award
    _on(date(2027, 11, 1), lambda: services.cycle_renew(actor=parties["operator"], cycle=awarded))
    bodies = _bodies(readers, RENEWED)
    assert (
        f"Das jetzige Zertifikat {award.number} bleibt bis zum 15. Januar 2028 gültig. "
        "Wird diese Stufe zuerkannt, löst das neue Zertifikat es ab. "
        "Lassen Sie bis dahin sein Siegel und das Zertifikat auf Ihrer Website; sobald das neue Zertifikat "
        "erteilt ist, erhalten Sie es mit seinem Siegel per E-Mail, um beide zu ersetzen."
    ) in bodies["de"]
    assert (
        f"Het huidige certificaat {award.number} blijft geldig tot en met 15 januari 2028. "
        "Wordt deze fase toegekend, dan vervangt het nieuwe certificaat het. "
        "Laat tot dan het keurmerk en het certificaat op uw website staan;"
    ) in bodies["nl"]
    assert _award_page("de", award) in bodies["de"] and _award_page("nl", award) in bodies["nl"]
    auditor = _mail_to(parties["auditor"], RENEWED["de"])
    assert "löst das neue Zertifikat es ab" in auditor and "Website" not in auditor


def test_the_renewal_mail_after_the_award_ended_says_it_is_no_longer_valid(awarded, parties, readers):
    award = awarded.award
    with time_machine.travel(date(2028, 1, 16), tick=False):
        awards_expire()
    _on(date(2028, 2, 1), lambda: services.cycle_renew(actor=parties["operator"], cycle=awarded))
    bodies = _bodies(readers, RENEWED)
    assert f"Das frühere Zertifikat {award.number} ist nicht mehr gültig." in bodies["de"]
    assert "Bis dahin zeigt sein Siegel auf Ihrer Website es als nicht mehr gültig" in bodies["de"]
    assert f"Het eerdere certificaat {award.number} is niet meer geldig." in bodies["nl"]
    assert "bleibt" not in bodies["de"] and "blijft" not in bodies["nl"]


# The expiry reminders


def _remind(day: date):
    _on(day, lambda: reminders_send(today=day))


def test_the_last_day_mail_during_a_renewal_says_where_it_stands_and_links_to_it(awarded, parties, readers):
    renewal = _on(date(2027, 12, 1), lambda: services.cycle_renew(actor=parties["operator"], cycle=awarded))
    _remind(date(2028, 1, 15))
    bodies = _bodies(readers, EXPIRES)
    assert (
        "Die Verlängerung „Re-audit“ läuft seit dem 1. Dezember 2027. "
        "Sie steht jetzt bei der Phase „Target agreement“ (Status: Offen). "
        "Sie ist noch nicht zuerkannt, daher läuft das Zertifikat trotzdem heute ab;"
    ) in bodies["de"]
    assert (
        "De verlenging ‘Re-audit’ loopt sinds 1 december 2027. Ze is nu bij de stap ‘Target agreement’ (status: Open)."
    ) in bodies["nl"]
    assert (
        "Was sich ab morgen, dem 16. Januar 2028, ändert: Die öffentliche Prüfseite zeigt das Zertifikat als "
        "abgelaufen. Das Siegel auf Ihrer Website zeigt das ebenfalls an"
    ) in bodies["de"]
    assert (
        "Wat er vanaf morgen, 16 januari 2028, verandert: de openbare verificatiepagina toont het certificaat"
        in (bodies["nl"])
    )
    for language, body in bodies.items():
        assert f"{SITE}/{language}/workspace/kreis-musterstadt/cycles/{renewal.pk}/" in body
        assert _verify(language, awarded.award) in body
    assert "Nächste Stufe starten" not in bodies["de"]  # it has been started


def test_the_last_day_mail_dates_a_renewal_not_yet_started_by_its_application(awarded, parties, readers):
    """A renewal still waiting to be accepted (as the demo has them) has no start date: the
    mail dates it by its application instead of leaving a gap ("läuft seit dem .")."""
    renewal = _on(date(2027, 12, 1), lambda: services.cycle_renew(actor=parties["operator"], cycle=awarded))
    type(renewal).objects.filter(pk=renewal.pk).update(status="applied", started_on=None, applied_on=date(2027, 11, 20))
    renewal.phase_runs.all().delete()
    _remind(date(2028, 1, 15))
    bodies = _bodies(readers, EXPIRES)
    assert "Die Verlängerung „Re-audit“ läuft seit dem 20. November 2027. Sie ist noch nicht zuerkannt" in bodies["de"]
    assert "De verlenging ‘Re-audit’ loopt sinds 20 november 2027." in bodies["nl"]
    assert " dem ." not in bodies["de"] and "sinds ." not in bodies["nl"]


def test_the_month_before_mail_says_how_to_start_the_renewal(awarded, readers):
    _remind(date(2027, 12, 15))
    bodies = _bodies(readers, EXPIRES)
    assert (
        "Um das Zertifikat zu behalten, starten Sie jetzt die Verlängerung: auf der Seite des Durchlaufs unter "
        "„Verlängern“ mit „Nächste Stufe starten“. Noch nicht erreichte Ziele werden mit ihren Maßnahmen übernommen. "
        "Wird die Verlängerung "
        "bis zum 15. Januar 2028 zuerkannt, folgt das neue Zertifikat ohne Lücke."
    ) in bodies["de"]
    assert "onder ‘Verlengen’, kiest u ‘Volgende fase starten’." in bodies["nl"]
    assert "Was sich am 16. Januar 2028 ändert, wenn das neue Zertifikat bis dahin nicht erteilt ist:" in (bodies["de"])
    assert "Wat er op 16 januari 2028 verandert als het nieuwe certificaat dan nog niet is toegekend:" in bodies["nl"]
    for language, body in bodies.items():
        assert f"{SITE}/{language}/workspace/kreis-musterstadt/cycles/{awarded.pk}/" in body
        assert _award_page(language, awarded.award) in body and _verify(language, awarded.award) in body


def test_the_last_day_mail_without_a_renewal_says_it_can_still_be_started(awarded, readers):
    _remind(date(2028, 1, 15))
    bodies = _bodies(readers, EXPIRES)
    assert "ist nur noch heute (15. Januar 2028) gültig." in bodies["de"]
    assert (
        "Sie können das Zertifikat noch verlängern: auf der Seite des Durchlaufs unter „Verlängern“ mit "
        "„Nächste Stufe starten“."
    ) in bodies["de"]
    assert "U kunt het certificaat nog verlengen:" in bodies["nl"]
    assert "Was sich ab morgen, dem 16. Januar 2028, ändert" in bodies["de"]
    assert f"{SITE}/nl/workspace/kreis-musterstadt/cycles/{awarded.pk}/" in bodies["nl"]


def test_a_programme_closed_to_applications_says_the_award_cannot_be_renewed(awarded, readers):
    version = awarded.version
    version.applications_until = date(2027, 6, 30)
    version.save(update_fields=["applications_until"])
    _remind(date(2027, 12, 15))
    bodies = _bodies(readers, EXPIRES)
    assert (
        "Das Zertifikat kann nicht verlängert werden: Das Programm nimmt seit dem 30. Juni 2027 keine neuen "
        "Bewerbungen an."
    ) in bodies["de"]
    assert "Was sich am 16. Januar 2028 ändert: " in bodies["de"]
    assert "Nehmen Sie dann Siegel und Zertifikat von Ihrer Website." in bodies["de"]
    assert "Het certificaat kan niet worden verlengd: het programma neemt sinds 30 juni 2027" in bodies["nl"]
    assert "Haal dan het keurmerk en het certificaat van uw website." in bodies["nl"]
    assert "Verlängern" not in bodies["de"] and "Verlengen" not in bodies["nl"]


def test_a_programme_without_renewal_says_to_apply_anew(load_programme, open_cycle, parties, readers, tmp_path):
    data = yaml.safe_load((PROGRAMMES / "audit.yaml").read_text(encoding="utf-8"))
    data["id"] = "urn:vereinbar:programme:test-audit-once"
    data["stages"] = [{key: value for key, value in data["stages"][0].items() if key != "next"}]
    path = Path(tmp_path) / "audit-once.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    cycle = _on(date(2025, 1, 15), lambda: open_cycle(load_programme(path)))
    _on(date(2025, 1, 15), lambda: drive(cycle, parties, until_award=True))
    _remind(date(2027, 12, 15))
    bodies = _bodies(readers, EXPIRES)
    assert (
        "Das Programm sieht für dieses Zertifikat keine Verlängerung vor. Um es nach seinem Ablauf wieder zu erhalten, "
        f"bewerben Sie sich erneut für das Programm: {SITE}/de/workspace/kreis-musterstadt/cycles/"
    ) in bodies["de"]
    assert (
        "Het programma kent voor dit certificaat geen verlenging. Wilt u het certificaat na afloop weer hebben, "
        f"vraag dan opnieuw deelname aan het programma aan: {SITE}/nl/workspace/kreis-musterstadt/cycles/"
    ) in bodies["nl"]
    assert "Nehmen Sie dann Siegel und Zertifikat von Ihrer Website." in bodies["de"]


# The revocation


def test_the_revocation_mail_says_what_visitors_now_see_and_to_take_the_seal_down(awarded, parties, readers):
    from vereinbar.certificates.services import award_revoke

    award = awarded.award
    _on(date(2026, 3, 2), lambda: award_revoke(actor=parties["operator"], award=award, reason="Angaben waren falsch"))
    bodies = _bodies(readers, {"de": "widerrufen", "nl": "ingetrokken"})
    assert (
        "Die öffentliche Prüfseite und das Siegel auf Ihrer Website zeigen das Zertifikat jetzt als widerrufen, "
        "und das öffentliche Verzeichnis führt es nicht mehr. Bitte entfernen Sie Siegel und Zertifikat von Ihrer "
        "Website."
    ) in bodies["de"]
    assert (
        "De openbare verificatiepagina en het keurmerk op uw website tonen het certificaat nu als ingetrokken, en het "
        "openbare register toont het niet meer. Verwijder het keurmerk en het certificaat van uw website."
    ) in bodies["nl"]
    assert f"Das Zertifikat in Ihrem Arbeitsbereich: {_award_page('de', award)}" in bodies["de"]
    assert f"Die öffentliche Prüfseite des Zertifikats: {_verify('de', award)}" in bodies["de"]
    assert f"De openbare verificatiepagina van het certificaat: {_verify('nl', award)}" in bodies["nl"]
    assert _award_page("nl", award) in bodies["nl"]
