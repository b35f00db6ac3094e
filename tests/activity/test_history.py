import pytest
from django.utils import timezone

from vereinbar.activity.models import AppendOnlyError, Entry
from vereinbar.activity.services import entry_record
from vereinbar.organisations.selectors import entries_for_organisation

pytestmark = pytest.mark.django_db


def test_it_records_who_what_when_before_after_and_why(coordinator, employer_org):
    entry = entry_record(
        actor=coordinator,
        verb="organisation.updated",
        target=employer_org,
        organisation=employer_org,
        before={"staff_count": 1500},
        after={"staff_count": 1600},
        comment="annual figures",
    )
    entry.refresh_from_db()
    assert entry.actor == coordinator and entry.actor_label == coordinator.email
    assert entry.before == {"staff_count": 1500} and entry.after == {"staff_count": 1600}
    assert entry.comment == "annual figures" and entry.created_at is not None
    assert entry.target_label == employer_org.name


def test_it_cannot_be_changed_or_deleted(coordinator, employer_org):
    entry = entry_record(actor=coordinator, verb="organisation.updated", organisation=employer_org)
    entry.comment = "rewritten"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        Entry.objects.filter(pk=entry.pk).update(comment="rewritten")
    with pytest.raises(AppendOnlyError):
        Entry.objects.all().delete()
    assert Entry.objects.get(pk=entry.pk).comment == ""


def test_it_keeps_the_actor_label_when_the_account_is_gone(coordinator, employer_org):
    entry = entry_record(actor=coordinator, verb="organisation.updated", organisation=employer_org)
    email = coordinator.email
    coordinator.delete()
    entry = Entry.objects.get(pk=entry.pk)
    assert entry.actor is None and entry.actor_label == email


def test_it_is_visible_to_members_only(coordinator, viewer, outsider, employer_org):
    entry_record(actor=coordinator, verb="organisation.updated", organisation=employer_org)
    assert entries_for_organisation(user=viewer, organisation=employer_org).count() >= 1
    assert entries_for_organisation(user=outsider, organisation=employer_org).count() == 0


def test_it_shows_on_the_history_page_in_the_users_language(login, coordinator, contributor, employer_org):
    from vereinbar.accounts.models import Membership
    from vereinbar.organisations.members import membership_change_role

    membership_change_role(actor=coordinator, membership=Membership.objects.get(user=contributor), role="viewer")
    client = login(coordinator)
    name = str(contributor)
    page = client.get("/en/workspace/kreis-musterstadt/history/").content.decode()
    assert f"{coordinator} gave {name} the role “Viewer”." in page
    page = client.get("/de/workspace/kreis-musterstadt/history/").content.decode()
    assert f"{coordinator} hat {name} die Rolle „Lesende“ gegeben." in page
    assert "role:" not in page and "viewer" not in page


def test_a_replayed_history_keeps_its_real_dates(coordinator, employer_org):
    from datetime import datetime

    from vereinbar.activity.services import recorded_at

    with recorded_at(datetime(2014, 6, 30, 10, 0)):
        replayed = entry_record(actor=coordinator, verb="organisation.updated", organisation=employer_org)
    explicit = entry_record(
        actor=coordinator,
        verb="organisation.updated",
        organisation=employer_org,
        at=timezone.make_aware(datetime(2017, 2, 20, 9, 0)),
    )
    now = entry_record(actor=coordinator, verb="organisation.updated", organisation=employer_org)

    assert timezone.localtime(replayed.created_at).date().isoformat() == "2014-06-30"
    assert timezone.localtime(explicit.created_at).date().isoformat() == "2017-02-20"
    assert abs((timezone.now() - now.created_at).total_seconds()) < 60
