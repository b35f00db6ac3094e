"""History entries read as sentences with labels, in the reader's language, whatever was stored."""

import pytest
from django.utils import translation

from vereinbar.activity.display import lines_for
from vereinbar.activity.services import entry_record

pytestmark = pytest.mark.django_db


def line_in(language, entry):
    with translation.override(language):
        return lines_for([entry])[0]


def test_a_change_shows_the_fields_label_and_the_choices_labels(coordinator, employer_org):
    entry = entry_record(
        actor=coordinator,
        verb="organisation.updated",
        target=employer_org,
        organisation=employer_org,
        before={"staff_count": 1500, "country": "DE", "kind": "county_administration", "logo": "no"},
        after={"staff_count": 1600, "country": "NL", "kind": "municipality", "logo": "yes"},
    )
    line = line_in("de", entry)
    assert line.text == f"{coordinator} hat das Profil von {employer_org.name} geändert."
    shown = {d.label: (str(d.before), str(d.after)) for d in line.details}
    assert shown["Land"] == ("Deutschland", "Niederlande")
    assert shown["Logo"] == ("nein", "ja")
    with translation.override("de"):
        from vereinbar.organisations.models import OrganisationKind

        labels = (str(OrganisationKind.COUNTY_ADMINISTRATION.label), str(OrganisationKind.MUNICIPALITY.label))
    assert shown["Art"] == labels


def test_a_value_that_was_not_set_reads_not_set_and_an_unset_new_value_is_left_out(coordinator, employer_org):
    changed = entry_record(
        actor=coordinator,
        verb="organisation.updated",
        target=employer_org,
        organisation=employer_org,
        before={"city": None},
        after={"city": "Musterstadt"},
    )
    created = entry_record(
        actor=coordinator, verb="unit.created", organisation=employer_org, after={"name": "Amt 1", "parent": None}
    )
    (detail,) = line_in("nl", changed).details
    assert (detail.label, str(detail.before), str(detail.after)) == ("Plaats", "niet ingesteld", "Musterstadt")
    assert "None" not in " ".join(str(d.after) for d in line_in("de", created).details)


def test_ids_urns_and_hashes_are_never_shown(coordinator, employer_org):
    entry = entry_record(
        actor="system",
        verb="cycle.applied",
        organisation=employer_org,
        after={
            "programme": "urn:vereinbar:programme:x",
            "content_hash": "f8a0e4e52309e81256e0e77249b4f850",
            "cycle": 7,
        },
    )
    line = line_in("en", entry)
    text = line.text + " ".join(f"{d.label} {d.after}" for d in line.details)
    assert "urn:" not in text and "f8a0" not in text and "7" not in text
    assert line.text.startswith("The platform applied for")


def test_an_entry_about_a_deleted_object_keeps_its_stored_name(coordinator, employer_org):
    from vereinbar.organisations.services import unit_create, unit_delete

    unit = unit_create(actor=coordinator, organisation=employer_org, name="Bürgerbüro")
    unit_delete(actor=coordinator, unit=unit)
    from vereinbar.activity.models import Entry

    entry = Entry.objects.filter(verb="unit.deleted").latest("id")
    assert line_in("en", entry).text == f"{coordinator} deleted the unit “Bürgerbüro”."


def test_a_text_stored_per_language_is_read_in_the_readers_and_marked_otherwise(coordinator, employer_org):
    entry = entry_record(
        actor=coordinator,
        verb="announcement.updated",
        organisation=employer_org,
        before={"title": {"de": "Alt", "nl": "", "en": ""}},
        after={"title": {"de": "Neu", "nl": "Nieuw", "en": ""}},
    )
    (nl,) = line_in("nl", entry).details
    assert (str(nl.before), nl.before.lang, str(nl.after), nl.after.lang) == ("Alt", "de", "Nieuw", "")


def test_a_verb_without_a_sentence_still_reads_as_one(coordinator, employer_org):
    entry = entry_record(actor=coordinator, verb="something.new", organisation=employer_org, after={"odd_key": 1})
    line = line_in("de", entry)
    assert line.text.startswith(str(coordinator))
    assert line.details == []  # an unknown key has no label: it is not shown as a field name


def test_a_person_who_added_themselves_became_a_member(coordinator, employer_org):
    from vereinbar.accounts.models import Membership

    entry = entry_record(
        actor=coordinator,
        verb="membership.added",
        target=Membership.objects.get(user=coordinator),
        organisation=employer_org,
        after={"user": coordinator.email, "role": "coordinator"},
    )
    assert line_in("en", entry).text == f"{coordinator} became a member as Coordinator."
    assert line_in("de", entry).text == f"{coordinator} ist mit der Rolle „Koordination“ Mitglied geworden."


def test_the_admin_lists_entries_as_sentences(login, platform_admin, coordinator, employer_org):
    from django.contrib.auth import get_user_model

    get_user_model().objects.filter(pk=platform_admin.pk).update(is_staff=True, is_superuser=True)
    entry_record(actor=coordinator, verb="unit.created", organisation=employer_org, after={"name": "Amt 7"})
    page = login(platform_admin).get("/admin/activity/entry/").content.decode()
    assert f"{coordinator} added the unit" in page or f"{coordinator} hat die Organisationseinheit" in page


def test_a_survey_answered_by_its_open_link_does_not_say_it_invited_nobody(coordinator, employer_org):
    by_link = entry_record(
        actor=coordinator,
        verb="survey.closed",
        organisation=employer_org,
        before={"status": "open"},
        after={"status": "closed", "invited": 0, "responses": 60},
    )
    by_mail = entry_record(
        actor=coordinator,
        verb="survey.closed",
        organisation=employer_org,
        before={"status": "open"},
        after={"status": "closed", "invited": 1050, "responses": 590},
    )
    assert [(d.label, str(d.after)) for d in line_in("de", by_link).details] == [("Antworten", "60")]
    assert [(d.label, str(d.after)) for d in line_in("de", by_mail).details] == [
        ("Eingeladen", "1.050"),
        ("Antworten", "590"),
    ]
