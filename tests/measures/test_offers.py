"""The staff offers page: in-place measures (public and internal) by life situation, the
statutory rights of the country beside them, whom to ask; for members by login and for anyone
with the current link, which the coordinator can replace; never indexed, nothing of others."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.formats import date_format

from tests.measures.factories import MeasureFactory
from tests.organisations.factories import ContactFactory
from vereinbar.activity.models import Entry
from vereinbar.measures.models import LifeSituation, MeasureCategory, MeasureType, TargetGroup
from vereinbar.measures.offers import staff_offers
from vereinbar.measures.templatetags.contact_links import tel_href
from vereinbar.organisations.models import ContactRole
from vereinbar.organisations.services import organisation_offers_link_rotate

pytestmark = pytest.mark.django_db


@pytest.fixture
def offers(catalogue, employer_org, other_employer_org):
    flexitime = MeasureType.objects.get(key="flexitime_without_core_time")
    MeasureFactory(organisation=employer_org, type=flexitime, title_en="Flexitime for all", in_place=True, public=True)
    MeasureFactory(
        organisation=employer_org,
        title_en="Carers' round table",
        category=MeasureType.objects.get(key="de_care_leave").category,
        target_groups=[TargetGroup.CARERS],
        in_place=True,
    )
    MeasureFactory(organisation=employer_org, title_en="Planned crèche", type=flexitime)  # planned: not shown
    MeasureFactory(organisation=other_employer_org, title_en="Other employer's gym", type=flexitime, in_place=True)
    ContactFactory(organisation=employer_org, name="Petra Pflege", care_guide=True)
    ContactFactory(organisation=employer_org, name="Staff council office", role=ContactRole.STAFF_COUNCIL, public=True)
    ContactFactory(organisation=employer_org, name="Press office", role=ContactRole.PRESS, public=True)
    ContactFactory(organisation=other_employer_org, name="Other care guide", care_guide=True)
    return employer_org


def test_measures_and_statutory_rights_are_grouped_by_life_situation(offers):
    result = staff_offers(organisation=offers)
    groups = {group.key: group for group in result.groups}
    assert [group.key for group in result.groups] == ["children", "care", "health", "flexible_work", "all"]
    care = groups["care"]
    assert {m.title_en for m in care.measures} == {"Flexitime for all", "Carers' round table"}  # internal too
    assert {r.key for r in care.statutory} >= {"de_short_term_care_leave", "de_care_leave", "eu_carers_leave"}
    assert "nl_care_leave" not in {r.key for r in care.statutory}  # a German employer
    assert "Planned crèche" not in {m.title_en for group in result.groups for m in group.measures}
    assert [c.name for c in result.contacts] == ["Petra Pflege", "Staff council office"]  # not the press office
    # parents see their rights too, those of the employer's country
    children = {r.key for r in groups["children"].statutory}
    assert {"de_maternity_protection", "de_parental_leave", "de_sick_child_leave"} <= children
    assert not {key for key in children if key.startswith("nl_")}


def test_members_read_the_page_and_it_is_not_indexed(offers, login, viewer):
    response = login(viewer).get("/en/workspace/kreis-musterstadt/offers/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Carers&#x27; round table" in html and "Flexitime for all" in html and "Petra Pflege" in html
    assert "Other employer" not in html and "Other care guide" not in html
    assert '<meta name="robots" content="noindex, nofollow">' in html and response["X-Robots-Tag"].startswith("noindex")
    assert "measures/offers.css" in html
    assert "Make a link" not in html  # viewers cannot manage the link


def test_outsiders_and_strangers_do_not_see_the_page(offers, login, outsider, client):
    assert client.get("/en/workspace/kreis-musterstadt/offers/").status_code == 302
    assert login(outsider).get("/en/workspace/kreis-musterstadt/offers/").status_code == 404
    assert client.get("/en/offers/" + "x" * 32 + "/").status_code == 404


def test_the_coordinator_makes_and_rotates_the_link_and_the_old_one_stops_working(offers, login, coordinator, client):
    assert client.get("/en/offers//").status_code == 404
    member = login(coordinator)
    member.post("/en/workspace/kreis-musterstadt/offers/link/", {"action": "rotate"})
    offers.refresh_from_db()
    first = offers.offers_token
    assert first and len(first) >= 30
    page = member.get("/en/workspace/kreis-musterstadt/offers/").content.decode()
    assert f"/en/offers/{first}/" in page
    member.logout()
    by_link = client.get(f"/en/offers/{first}/")
    assert by_link.status_code == 200 and "Carers&#x27; round table" in by_link.content.decode()
    assert by_link["Referrer-Policy"] == "same-origin" and "Make a new link" not in by_link.content.decode()
    second = organisation_offers_link_rotate(actor=coordinator, organisation=offers)
    assert second != first
    assert client.get(f"/en/offers/{first}/").status_code == 404
    assert client.get(f"/en/offers/{second}/").status_code == 200
    organisation_offers_link_rotate(actor=coordinator, organisation=offers, disable=True)
    assert client.get(f"/en/offers/{second}/").status_code == 404
    entries = Entry.objects.filter(verb__startswith="organisation.offers_link").order_by("id")
    assert [e.verb for e in entries] == [
        "organisation.offers_link_rotated",
        "organisation.offers_link_rotated",
        "organisation.offers_link_disabled",
    ]
    assert all(first not in str(e.after) and second not in str(e.after) for e in entries)  # no secret in history


def test_only_the_coordinator_may_rotate(offers, login, viewer, contributor, outsider):
    for user in (viewer, contributor, outsider):
        with pytest.raises(PermissionDenied):
            organisation_offers_link_rotate(actor=user, organisation=offers)
    assert login(viewer).post("/en/workspace/kreis-musterstadt/offers/link/").status_code == 403
    assert login(outsider).post("/en/workspace/kreis-musterstadt/offers/link/").status_code == 404
    offers.refresh_from_db()
    assert offers.offers_token is None


@pytest.mark.parametrize("action", ["rotate", "disable"])
def test_replacing_or_turning_off_a_link_in_use_asks_first(offers, login, coordinator, action):
    member = login(coordinator)
    first = organisation_offers_link_rotate(actor=coordinator, organisation=offers)
    door = "/de/workspace/kreis-musterstadt/offers/link/" + ("?action=disable" if action == "disable" else "")
    page = member.get("/de/workspace/kreis-musterstadt/offers/").content.decode()
    assert f'href="{door}"' in page and 'name="action"' not in page  # links to the question, no direct POST

    question = member.get(door).content.decode()
    assert "funktioniert sofort nicht mehr" in question
    assert f'<input type="hidden" name="action" value="{action}">' in question
    offers.refresh_from_db()
    assert offers.offers_token == first  # asking changed nothing

    member.post(door, {"action": action})
    offers.refresh_from_db()
    assert offers.offers_token != first


def test_the_care_offers_name_the_care_guides_to_ask_right_under_them(offers):
    groups = {group.key: group for group in staff_offers(organisation=offers).groups}
    assert [c.name for c in groups["care"].contacts] == ["Petra Pflege"]  # not the staff council
    assert groups["children"].contacts == [] and groups["health"].contacts == []


def test_staff_reach_contacts_by_mail_and_phone_links_and_jump_to_each_situation(offers, login, viewer):
    ContactFactory(organisation=offers, name="HR office", role=ContactRole.COORDINATOR, phone="+49 (0)2921 30-3200")
    html = login(viewer).get("/en/workspace/kreis-musterstadt/offers/").content.decode()
    assert 'href="tel:+492921303200">+49 (0)2921 30-3200</a>' in html
    petra = ContactFactory._meta.model.objects.get(name="Petra Pflege")
    assert html.count(f'href="mailto:{petra.email}"') == 2  # under the care offers and among all contacts
    assert 'href="#situation-care"' in html and 'href="#ask-heading"' in html
    assert 'href="#situation-health"' not in html  # no offer or right for health: no jump link to nothing


def test_without_contacts_staff_learn_whom_else_to_ask_and_the_coordinator_where_to_add_them(
    catalogue, employer_org, login, viewer, coordinator
):
    advice = "Ask your manager, the personnel department or the staff council."
    add = 'href="/en/workspace/kreis-musterstadt/contacts/"'
    page = login(viewer).get("/en/workspace/kreis-musterstadt/offers/").content.decode()
    assert advice in page and "Add the contact persons for staff" not in page
    page = login(coordinator).get("/en/workspace/kreis-musterstadt/offers/").content.decode()
    assert advice in page and add in page


def test_the_printout_for_the_notice_board_says_when_it_was_printed(offers, login, viewer):
    html = login(viewer).get("/en/workspace/kreis-musterstadt/offers/").content.decode()
    assert f'<p class="print-only">As of {date_format(timezone.localdate(), "SHORT_DATE_FORMAT")}</p>' in html


@pytest.mark.parametrize(
    ("written", "href"),
    [
        ("071 545 85 00", "tel:0715458500"),
        ("+49 (0)2921 30-3200", "tel:+492921303200"),
        ("+31 71 545 85 00", "tel:+31715458500"),
        ("(02921) 303-200", "tel:02921303200"),
        ("n/a", ""),
        ("", ""),
    ],
)
def test_telephone_numbers_become_links_phones_can_dial(written, href):
    assert tel_href(written) == href


def test_an_old_link_tells_staff_it_was_replaced_and_whom_to_ask(offers, coordinator, client):
    old = organisation_offers_link_rotate(actor=coordinator, organisation=offers)
    organisation_offers_link_rotate(actor=coordinator, organisation=offers)
    response = client.get(f"/en/offers/{old}/")
    html = response.content.decode()
    assert response.status_code == 404 and response["X-Robots-Tag"].startswith("noindex")
    assert "This link no longer works" in html and "Ask your personnel department" in html
    assert 'href="/en/accounts/login/"' in html and "Carers&#x27; round table" not in html


def section(html: str, key: str) -> str:
    """The words of one life situation's section, as read."""
    return " ".join(re.sub(r"<[^>]+>", " ", html.split(f'id="situation-{key}"')[1].split("</section>")[0]).split())


def test_whom_to_ask_is_pointed_to_once_and_a_section_names_only_its_own_contacts(offers, login, viewer):
    # Every section without a contact of its own used to repeat "Questions about this? Whom to ask":
    # read top to bottom, the page said it four times; once, above the sections, is enough.
    html = login(viewer).get("/en/workspace/kreis-musterstadt/offers/").content.decode()
    # ... and that once is the table of contents' last entry, not a line repeating it just above
    assert html.count('href="#ask-heading"') == 1 and "Questions about an offer?" not in html
    assert re.search(r'<li><a href="#ask-heading">Whom to ask</a></li>\s*</ul>', html.split('id="toc-heading"')[1])
    for key in ("children", "flexible_work"):
        assert "Questions about this?" not in section(html, key) and "Whom to ask" not in section(html, key)
    assert "Talk to a care guide Care guides are colleagues" in section(html, "care")
    assert "Petra Pflege – Care guide" in section(html, "care") and "Staff council" not in section(html, "care")


def test_a_contact_chosen_for_a_situation_is_named_under_it_with_where_and_when(offers, login, viewer):
    leadership = MeasureCategory.objects.get(key="leadership")
    MeasureFactory(organisation=offers, category=leadership, title_en="Leadership training", in_place=True)
    ContactFactory(
        organisation=offers,
        name="Beleidsmedewerker HRM",
        role=ContactRole.COORDINATOR,
        public=True,
        function="Aanspreekpunt voor werk en mantelzorg",
        location="Town hall, room 2.14",
        office_hours="Tue and Thu 9–12",
        life_situations=["care", "all"],
    )
    html = login(viewer).get("/en/workspace/kreis-musterstadt/offers/").content.decode()
    care = section(html, "care")
    assert "Talk to a care guide" in care and "Petra Pflege – Care guide" in care  # the role still places her
    assert "Questions about this? Beleidsmedewerker HRM – Coordinator Aanspreekpunt voor werk en mantelzorg" in care
    assert "Location: Town hall, room 2.14 Office hours: Tue and Thu 9–12" in care
    assert "Questions about this? Beleidsmedewerker HRM" in section(html, "all")
    assert "Beleidsmedewerker HRM" not in section(html, "children")
    ask = " ".join(re.sub(r"<[^>]+>", " ", html.split('id="ask-heading"')[1]).split())
    assert "Beleidsmedewerker HRM" in ask and "Office hours: Tue and Thu 9–12" in ask  # and among all contacts


def test_with_a_contact_in_every_section_there_is_no_pointer(catalogue, employer_org, login, viewer):
    flexitime = MeasureType.objects.get(key="flexitime_without_core_time")
    MeasureFactory(organisation=employer_org, type=flexitime, title_en="Flexitime for all", in_place=True)
    ContactFactory(
        organisation=employer_org, name="HR office", role=ContactRole.COORDINATOR, life_situations=LifeSituation.values
    )
    html = login(viewer).get("/en/workspace/kreis-musterstadt/offers/").content.decode()
    assert "Questions about an offer?" not in html
    assert "Questions about this? HR office" in section(html, "flexible_work")


def test_the_internal_mark_is_explained_only_where_something_is_internal(catalogue, employer_org, login, viewer):
    note = "Items marked “Internal” are for staff only"
    flexitime = MeasureType.objects.get(key="flexitime_without_core_time")
    MeasureFactory(organisation=employer_org, type=flexitime, title_en="Flexitime for all", in_place=True, public=True)
    ContactFactory(organisation=employer_org, name="HR office", role=ContactRole.COORDINATOR, public=True)
    assert note not in login(viewer).get("/en/workspace/kreis-musterstadt/offers/").content.decode()
    ContactFactory(organisation=employer_org, name="Staff council", role=ContactRole.STAFF_COUNCIL)  # internal
    assert note in login(viewer).get("/en/workspace/kreis-musterstadt/offers/").content.decode()


@pytest.mark.parametrize(
    ("language", "written"),
    [("de", "seit 1. Januar 2017"), ("nl", "sinds 20 februari 2017"), ("en", "since 1 January 2017")],
)
def test_staff_read_since_when_an_offer_exists_in_words_as_on_every_other_page(
    catalogue, employer_org, coordinator, client, language, written
):
    flexitime = MeasureType.objects.get(key="flexitime_without_core_time")
    day = datetime.date(2017, 1, 1) if language != "nl" else datetime.date(2017, 2, 20)
    MeasureFactory(organisation=employer_org, type=flexitime, in_place=True, public=True, since=day)
    link = organisation_offers_link_rotate(actor=coordinator, organisation=employer_org)
    html = client.get(f"/{language}/offers/{link}/").content.decode()
    text = re.sub(r"<[^>]+>", "", html)
    assert written in text
