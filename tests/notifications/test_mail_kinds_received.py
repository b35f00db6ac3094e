"""The cycle mails no other test reads as received: subject, greeting, the sentence that says
what happened (in German going on in lower case after the greeting's comma), and the absolute
link to the reader's page, in German and Dutch."""

from __future__ import annotations

import pytest
from django.core import mail

from tests.factories import UserFactory
from vereinbar.notifications.outbox import outbox_deliver
from vereinbar.notifications.services import notification_send

CYCLE = {"version": {"title_text": "audit berufundfamilie"}, "stage": "Auditierung", "status_reason": "Es fehlt X."}


class _Run:
    """A phase run as the templates read it: its title, its phase's deliverable and reviewer."""

    def __init__(self, title: str, accepted_by: str = "") -> None:
        self.title, self.due_on = title, None
        self.phase = {"deliverable": "workshop", "accepted_by": accepted_by}

    def __str__(self) -> str:
        return self.title


KINDS = {
    # event: {language: (subject, the first paragraph after the greeting)}
    "cycle_accepted": {
        "de": (
            "Bewerbung angenommen: audit berufundfamilie",
            "die Bewerbung von Landkreis Leer für das Programm audit berufundfamilie wurde angenommen. "
            "Der Durchlauf „Auditierung“ hat begonnen; die ersten Phasen sind geöffnet.",
        ),
        "nl": (
            "Aanvraag geaccepteerd: audit berufundfamilie",
            "De aanvraag van Landkreis Leer voor het programma audit berufundfamilie is geaccepteerd. "
            "Het traject ‘Auditierung’ is gestart; de eerste stappen zijn open.",
        ),
    },
    "cycle_declined": {
        "de": (
            "Bewerbung abgelehnt: audit berufundfamilie",
            "die Bewerbung von Landkreis Leer für das Programm audit berufundfamilie wurde abgelehnt. "
            "Grund: Es fehlt X.",
        ),
        "nl": (
            "Aanvraag afgewezen: audit berufundfamilie",
            "De aanvraag van Landkreis Leer voor het programma audit berufundfamilie is afgewezen. Reden: Es fehlt X.",
        ),
    },
    "auditor_assigned": {
        "de": (
            "Auditierung übertragen: Landkreis Leer",
            "Ihnen wurde die Auditierung von Landkreis Leer im Programm audit berufundfamilie, "
            "Durchlauf „Auditierung“, übertragen.",
        ),
        "nl": (
            "Aangewezen als auditor: Landkreis Leer",
            "U bent aangewezen als auditor van Landkreis Leer in het programma audit berufundfamilie, "
            "traject ‘Auditierung’.",
        ),
    },
    "phase_submitted": {
        "de": (
            "Zur Prüfung eingereicht: „Workshop“ – Landkreis Leer",
            "Landkreis Leer hat die Phase „Workshop“ des Programms audit berufundfamilie eingereicht. "
            "Bitte prüfen Sie sie: Nehmen Sie sie an oder geben Sie sie mit Kommentaren zurück.",
        ),
        "nl": (
            "Ingediend voor beoordeling: ‘Workshop’ – Landkreis Leer",
            "Landkreis Leer heeft de stap ‘Workshop’ van het programma audit berufundfamilie ingediend. "
            "Beoordeel de stap: accepteer deze of stuur deze terug met opmerkingen.",
        ),
    },
    "phase_reopened": {
        # "ihr Ergebnis": the phase's result, not the reader's ("Ihr")
        "de": (
            "Erneut zu bearbeiten: „Workshop“ – Landkreis Leer",
            "die Phase „Workshop“ des Programms audit berufundfamilie ist für Landkreis Leer wieder offen: "
            "ihr Ergebnis hat keine Auszeichnungsstufe erreicht, deshalb wird sie erneut bearbeitet. "
            "Sobald sie abgeschlossen ist, richtet sich die Auszeichnung nach dem neuen Ergebnis.",
        ),
        "nl": (
            "Opnieuw uit te voeren: ‘Workshop’ – Landkreis Leer",
            "De stap ‘Workshop’ van het programma audit berufundfamilie is weer open voor Landkreis Leer: "
            "het resultaat bereikte geen niveau van de erkenning, daarom wordt de stap opnieuw uitgevoerd. "
            "Zodra hij is afgerond, volgt de erkenning uit het nieuwe resultaat.",
        ),
    },
}
GREETING = {"de": "Guten Tag Lisa Leer,", "nl": "Beste Lisa Leer,"}
LINK = {"de": "Hier geht es zur Seite:", "nl": "Bekijk het hier:"}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "nl"])
@pytest.mark.parametrize("event", list(KINDS))
def test_a_cycle_mail_says_what_happened_and_links_to_the_reader_s_page(settings, event, language):
    settings.SITE_URL = "https://vereinbar.example.org"
    user = UserFactory(full_name="Lisa Leer", preferred_language=language)
    path = f"/{language}/workspace/landkreis-leer/cycles/7/"
    notification_send(
        recipients=[(user, path)],
        event=event,
        template=f"cycles/mail/{event}",
        context={"cycle": CYCLE, "organisation": "Landkreis Leer", "run": _Run("Workshop", "auditor")},
    )
    outbox_deliver()
    (received,) = mail.outbox
    subject, sentence = KINDS[event][language]
    assert received.subject == subject
    greeting, first, link, *_ = received.body.split("\n\n")
    assert (greeting, first) == (GREETING[language], sentence)
    assert link == f"{LINK[language]} https://vereinbar.example.org{path}"


INVITATION = {
    "de": (
        "Einladung zu Kreis Musterstadt auf vereinbar",
        "Guten Tag,\n\nCora Koordination lädt Sie ein, Kreis Musterstadt auf vereinbar in der Rolle „Mitwirkende“ "
        "beizutreten.\n\nUm die Einladung anzunehmen, öffnen Sie bitte innerhalb von 14 Tagen diesen Link:\n"
        "https://vereinbar.example.org/de/accounts/invitation/",
    ),
    "nl": (
        "Uitnodiging voor Kreis Musterstadt op vereinbar",
        "Hallo,\n\nCora Koordination nodigt u uit om lid te worden van Kreis Musterstadt op vereinbar, met de rol "
        "‘Bijdrager’.\n\nWilt u de uitnodiging accepteren? Open dan binnen 14 dagen deze link:\n"
        "https://vereinbar.example.org/nl/accounts/invitation/",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "nl"])
def test_a_member_invitation_names_who_invites_to_what_and_until_when(settings, coordinator, employer_org, language):
    from vereinbar.organisations.members import invitation_send

    settings.SITE_URL = "https://vereinbar.example.org"
    settings.INVITATION_VALID_DAYS = 14
    coordinator.full_name = "Cora Koordination"
    coordinator.save(update_fields=["full_name"])
    invitation_send(
        actor=coordinator, organisation=employer_org, email="neu@test.example", role="contributor", language=language
    )
    outbox_deliver()
    (received,) = mail.outbox
    subject, start = INVITATION[language]
    assert received.subject == subject
    assert received.body.startswith(start)
    assert received.reply_to == [coordinator.email]  # a question goes to who invited


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("de", "Um ein neues Passwort zu wählen, öffnen Sie bitte innerhalb von 3 Tagen diesen Link:\n"),
        ("nl", "Open binnen 3 dagen deze link om een nieuw wachtwoord te kiezen:\n"),
    ],
)
def test_the_password_reset_mail_says_how_long_its_link_works(settings, client, language, sentence):
    settings.PASSWORD_RESET_TIMEOUT = 3 * 24 * 60 * 60
    user = UserFactory(preferred_language=language)
    client.post(f"/{language}/accounts/password/reset/", {"email": user.email})
    outbox_deliver()
    assert f"{sentence}http" in mail.outbox[-1].body
