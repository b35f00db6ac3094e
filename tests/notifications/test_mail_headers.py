"""Mails arrive as written: the subject reads back word for word whatever its length and
language, and every mail says it was sent by a machine so that absence notices stay away."""

from __future__ import annotations

import email
import email.policy

import pytest
from django.core import mail

from vereinbar.notifications.outbox import mail_record, outbox_deliver

DUTCH = "Landkreis Leer heeft deelname aangevraagd aan Kwaliteitszegel „Gezinsvriendelijke werkgever“"
GERMAN = "Landkreis Leer hat sich für Qualitätssiegel „Familienfreundlicher Arbeitgeber“ beworben"


def _received(policy: email.policy.Policy) -> email.message.EmailMessage:
    """The last mail sent, as the receiving side parses the bytes the backend writes."""
    raw = mail.outbox[-1].message(policy=policy).as_bytes()
    return email.message_from_bytes(raw, policy=email.policy.default)


@pytest.mark.django_db
@pytest.mark.parametrize("policy", [email.policy.SMTP, email.policy.default], ids=["smtp", "file"])
def test_a_long_subject_arrives_with_every_space_whatever_the_fold(policy):
    # Each prefix moves the fold to another place in the subject.
    subjects = [f"{'Ab ' * n}{text}" for text in (DUTCH, GERMAN) for n in range(0, 30)]
    for subject in subjects:
        mail_record(to="hr@example.org", language="nl", subject=subject, body="Tekst")
    outbox_deliver()
    assert len(mail.outbox) == len(subjects)
    for sent in mail.outbox:
        raw = sent.message(policy=policy).as_bytes()
        received = email.message_from_bytes(raw, policy=email.policy.default)
        assert received["Subject"] == sent.subject
        linesep = policy.linesep.encode()
        headers = raw.split(linesep * 2)[0].split(linesep)
        assert max(len(line) for line in headers) <= 78


@pytest.mark.django_db
@pytest.mark.parametrize("policy", [email.policy.SMTP, email.policy.default], ids=["smtp", "file"])
def test_a_long_ascii_subject_is_folded_at_a_space_and_arrives_without_a_leading_space(policy):
    subject = "Uw aanvraag voor audit berufundfamilie (werk en gezin) is geaccepteerd"
    mail_record(to="hr@example.org", language="nl", subject=subject, body="Tekst")
    outbox_deliver()
    raw = mail.outbox[-1].message(policy=policy).as_bytes()
    assert b"Subject: Uw aanvraag" in raw
    assert email.message_from_bytes(raw, policy=email.policy.default)["Subject"] == subject


@pytest.mark.django_db
def test_an_ascii_subject_stays_plain_text():
    mail_record(to="hr@example.org", language="en", subject="Your application was accepted", body="Text")
    outbox_deliver()
    raw = mail.outbox[-1].message(policy=email.policy.SMTP).as_bytes()
    assert b"Subject: Your application was accepted\r\n" in raw


@pytest.mark.django_db
def test_every_mail_asks_not_to_be_answered_automatically():
    mail_record(to="hr@example.org", language="de", subject=GERMAN, body="Text")
    outbox_deliver()
    received = _received(email.policy.SMTP)
    assert received["Auto-Submitted"] == "auto-generated"
    assert received["X-Auto-Response-Suppress"] == "All"
    assert received["Content-Language"] == "de"


@pytest.mark.parametrize(
    ("sender", "warned"),
    [
        ("vereinbar <noreply@localhost>", True),
        ("noreply@vereinbar.local", True),
        ("vereinbar", True),
        ("vereinbar <noreply@vereinbar.example.org>", False),
    ],
)
def test_the_deployment_check_warns_of_a_sender_mail_servers_refuse(settings, sender, warned):
    from vereinbar.notifications.checks import sender_address_set

    settings.DEFAULT_FROM_EMAIL = sender
    assert [warning.id for warning in sender_address_set()] == (["notifications.W002"] if warned else [])


@pytest.mark.django_db
def test_every_mail_has_an_html_part_with_the_same_words_and_clickable_links():
    body = "Guten Tag,\n\nMüller & Söhne hat sich beworben.\nZweite Zeile.\n\nHier: https://vereinbar.example.org/de/x/1/\n"
    mail_record(to="hr@example.org", language="de", subject=GERMAN, body=body)
    outbox_deliver()
    received = _received(email.policy.SMTP)
    assert received.get_body(("plain",)).get_content().replace("\r\n", "\n") == body
    html = received.get_body(("html",)).get_content()
    assert '<html lang="de">' in html and f"<title>{GERMAN}</title>" in html
    assert "<p>Müller &amp; Söhne hat sich beworben.<br>Zweite Zeile.</p>" in html
    url = "https://vereinbar.example.org/de/x/1/"
    assert f'<a href="{url}" rel="nofollow">{url}</a>' in html
    assert "<img" not in html


def test_the_html_part_shows_names_as_text_and_makes_only_real_links():
    from vereinbar.notifications.outbox import Message, html_of

    body = 'Müller & <b onclick="x()">Söhne</b> registered.\n\nhttps://vereinbar.example.org/de/x/?a=1&b=2'
    html = html_of(Message(to="a@example.org", language="de", subject="<Betreff>", body=body))
    assert "Müller &amp; &lt;b onclick=&quot;x()&quot;&gt;Söhne&lt;/b&gt; registered." in html
    assert "<b onclick" not in html and "<title>&lt;Betreff&gt;</title>" in html
    assert '<a href="https://vereinbar.example.org/de/x/?a=1&amp;b=2"' in html
