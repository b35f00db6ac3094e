"""Staff lists in the encodings Excel writes, one-time tokens mailed in each person's
language, reminders to those who have not answered, printed codes, the open link."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from vereinbar.surveys import tokens
from vereinbar.surveys.models import InvitationKind, SurveyInvitation
from vereinbar.surveys.services.answering import draft_submit, token_open
from vereinbar.surveys.services.invitations import codes_create, invitations_import, invitations_remind
from vereinbar.surveys.services.surveys import survey_open_link_set
from vereinbar.surveys.staff_csv import staff_list_parse

pytestmark = pytest.mark.django_db(transaction=True)

STAFF = "E-Mail;Einheit;Sprache\nanna.mueller@example.org;Personal;de\njan@example.nl;Jugendamt;nl\nsam@example.com;Bauamt;en\n"
LINK = re.compile(r"http://\S+/(de|nl|en)/s/([0-9a-f]{40})/")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_staff_lists_are_read_in_the_encodings_excel_writes(encoding):
    raw = STAFF.replace("Personal", "Kämmerei").encode(encoding)
    parsed = staff_list_parse(raw, default_language="de", languages=["de", "nl", "en"])
    assert not parsed.errors
    assert [row.language for row in parsed.rows] == ["de", "nl", "en"]
    assert parsed.rows[0].unit == "Kämmerei"


def test_a_latin1_file_keeps_its_umlauts():
    raw = "email,unit\nx@example.org,Kämmerei\n".encode("cp1252")
    parsed = staff_list_parse(raw, default_language="de", languages=["de"])
    assert parsed.rows[0].unit == "Kämmerei" and parsed.encoding == "cp1252" and parsed.delimiter == ","


def test_a_list_without_header_uses_email_unit_language_and_the_default_language():
    parsed = staff_list_parse(
        b"a@example.org\tPersonal\nb@example.org\tBauamt\tnl\n", default_language="en", languages=["en", "nl"]
    )
    assert [(row.email, row.unit, row.language) for row in parsed.rows] == [
        ("a@example.org", "Personal", "en"),
        ("b@example.org", "Bauamt", "nl"),
    ]


def test_every_bad_line_is_reported_with_its_number():
    raw = b"email;unit;language\nnot-an-address;Personal\nx@example.org;Personal;fr\ny@example.org;Personal\ny@example.org;A\n"
    parsed = staff_list_parse(raw, default_language="de", languages=["de"])
    assert [error[:6] for error in parsed.errors] == ["Line 2", "Line 3", "Line 5"]
    assert [row.email for row in parsed.rows] == ["y@example.org"]


def test_invitations_are_mailed_in_each_persons_language_with_a_one_time_link(open_survey, coordinator):
    result = invitations_import(
        actor=coordinator, survey=open_survey, raw=STAFF.encode("utf-8-sig"), default_language="de"
    )
    assert result.sent == 3
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert by_recipient["jan@example.nl"].extra_headers["Content-Language"] == "nl"
    assert LINK.search(by_recipient["jan@example.nl"].body).group(1) == "nl"
    language, token = LINK.search(by_recipient["anna.mueller@example.org"].body).groups()
    assert language == "de"
    invitation = SurveyInvitation.objects.get(email="anna.mueller@example.org")
    assert invitation.token_hash == tokens.token_hash(token) and invitation.unit.name == "Personal"
    assert token not in str(list(SurveyInvitation.objects.values()))  # only the hash is stored


def test_a_second_upload_invites_only_new_people(open_survey, coordinator):
    invitations_import(actor=coordinator, survey=open_survey, raw=STAFF.encode(), default_language="de")
    more = STAFF + "neu@example.org;Bauamt;de\n"
    result = invitations_import(actor=coordinator, survey=open_survey, raw=more.encode(), default_language="de")
    assert (result.sent, result.skipped) == (1, 3)


def test_a_list_with_an_unknown_unit_changes_nothing(open_survey, coordinator):
    with pytest.raises(ValidationError) as caught:
        invitations_import(
            actor=coordinator, survey=open_survey, raw=(STAFF + "x@example.org;Mars\n").encode(), default_language="de"
        )
    assert "Line 5" in str(caught.value.message_dict["file"])
    assert not SurveyInvitation.objects.exists() and not mail.outbox


def test_invitations_need_an_open_survey(make_survey, coordinator):
    with pytest.raises(ValidationError):
        invitations_import(actor=coordinator, survey=make_survey(), raw=STAFF.encode(), default_language="de")


def test_reminders_go_only_to_those_who_have_not_submitted_with_the_same_link(open_survey, coordinator):
    invitations_import(actor=coordinator, survey=open_survey, raw=STAFF.encode(), default_language="de")
    first = {m.to[0]: LINK.search(m.body).group(2) for m in mail.outbox}
    opened = token_open(raw_token=first["jan@example.nl"])
    draft_submit(opened=opened)
    mail.outbox.clear()
    assert invitations_remind(actor=coordinator, survey=open_survey) == 2
    reminded = {m.to[0]: LINK.search(m.body).group(2) for m in mail.outbox}
    assert set(reminded) == {"anna.mueller@example.org", "sam@example.com"}
    assert all(reminded[email] == first[email] for email in reminded)


def test_printed_codes_are_shown_once_and_work_once(open_survey, coordinator):
    unit = open_survey.units.get(name="Bauamt")
    codes = codes_create(actor=coordinator, survey=open_survey, count=3, unit=unit, language="de")
    assert len(set(codes)) == 3 and all(re.fullmatch(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}", c) for c in codes)
    assert SurveyInvitation.objects.filter(kind=InvitationKind.CODE, unit=unit, email="").count() == 3
    opened = token_open(raw_token=codes[0].lower().replace("-", " "))
    assert opened is not None and opened.draft.unit == unit and opened.draft.unit_fixed
    draft_submit(opened=opened)
    assert token_open(raw_token=codes[0]).state == "used"


def test_the_open_link_gives_each_person_their_own_resume_link(open_survey, coordinator):
    from vereinbar.surveys.services.answering import open_code_start

    survey_open_link_set(actor=coordinator, survey=open_survey, enabled=True)
    open_survey.refresh_from_db()
    assert len(open_survey.open_code) == 8
    first, second = open_code_start(code=open_survey.open_code), open_code_start(code=open_survey.open_code.lower())
    assert first and second and first != second
    assert open_code_start(code="WRONGCDE") is None
    survey_open_link_set(actor=coordinator, survey=open_survey, enabled=False)
    assert open_code_start(code=open_survey.open_code) is None
