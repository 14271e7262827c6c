"""The whole funnel from the lead page: appointment, visit, test drive, quote, sale; a lead
added by hand; a wrong phone number put right. Each through the follow-up actions."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from cast import Cast, logged_in, make_lead
from django.utils import timezone

from scoreline.followup.models import Activity, CallScript
from scoreline.intake.models import Payload
from scoreline.leads.models import Channel, EventKind, Lead, LeadStatus, Order, Source

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_an_appointment_is_recorded_and_stands_on_the_agenda(cast: Cast) -> None:
    lead = make_lead(cast, to=cast.sanne)
    when = timezone.localtime() + timedelta(days=3)
    response = logged_in(cast.sanne).post(
        f"/leads/{lead.pk}/step/",
        {"kind": "appointment", "when": when.strftime("%Y-%m-%dT%H:%M"), "car": "ID.4"},
        **HTMX,
    )
    assert response.status_code == 200
    assert "Appointment" in response.content.decode()
    activity = Activity.objects.get(lead=lead)
    assert (activity.kind, activity.by) == ("appointment", cast.sanne)
    assert "ID.4" in activity.note
    lead.refresh_from_db()
    assert lead.next_follow_up_at == when.replace(second=0, microsecond=0)
    assert lead.contacted_at == activity.at


def test_an_appointment_without_its_time_is_refused_by_name(cast: Cast) -> None:
    lead = make_lead(cast, to=cast.sanne)
    response = logged_in(cast.sanne).post(f"/leads/{lead.pk}/step/", {"kind": "appointment"})
    assert response.status_code == 422
    assert "needs its date and time" in response.content.decode()
    assert not Activity.objects.filter(lead=lead).exists()


def test_a_visit_a_test_drive_and_a_quote_each_show_on_the_timeline(cast: Cast) -> None:
    lead = make_lead(cast, to=cast.sanne)
    sanne = logged_in(cast.sanne)
    sanne.post(f"/leads/{lead.pk}/step/", {"kind": "visit"})
    sanne.post(f"/leads/{lead.pk}/step/", {"kind": "test_drive", "car": "VW ID.4 Pro"})
    refused = sanne.post(f"/leads/{lead.pk}/step/", {"kind": "quote"})
    sanne.post(f"/leads/{lead.pk}/step/", {"kind": "quote", "amount": "41950"})
    assert refused.status_code == 422
    kinds = list(Activity.objects.filter(lead=lead).values_list("kind", "note"))
    assert kinds == [("visit", ""), ("test_drive", "VW ID.4 Pro"), ("quote", "EUR 41.950")]
    page = sanne.get(f"/leads/{lead.pk}/").content.decode()
    for title in ("Showroom visit", "Test drive", "Quote", "EUR 41.950"):
        assert title in page


def test_a_sale_wins_the_lead_with_its_order_so_a_dms_order_is_not_counted_twice(
    cast: Cast,
) -> None:
    lead = make_lead(cast, to=cast.sanne)
    response = logged_in(cast.sanne).post(
        f"/leads/{lead.pk}/sale/",
        {"order_id": "VO-2291", "car": "Volkswagen ID.4", "amount": "43500"},
    )
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.status == LeadStatus.WON
    order = Order.objects.get(dealer=cast.noord, order_id="VO-2291")
    assert (order.lead, order.vehicle_make, order.vehicle_model) == (lead, "Volkswagen", "ID.4")
    sale = Activity.objects.get(lead=lead, kind="order")
    assert sale.note == "Order VO-2291 · Volkswagen ID.4 · EUR 43.500"


def test_a_sale_without_an_order_number_is_refused(cast: Cast) -> None:
    lead = make_lead(cast, to=cast.sanne)
    response = logged_in(cast.sanne).post(f"/leads/{lead.pk}/sale/", {"order_id": ""})
    assert response.status_code == 422
    lead.refresh_from_db()
    assert lead.status == LeadStatus.OPEN


def test_a_walk_in_is_taken_in_given_to_her_and_answered_at_arrival(cast: Cast) -> None:
    walk_in = Source.objects.create(name="Walk-in", slug="walk-in")
    sanne = logged_in(cast.sanne)
    form = sanne.get("/leads/new/").content.decode()
    assert 'value="walk_in"' in form
    response = sanne.post(
        "/leads/new/",
        {
            "how": "walk_in",
            "first_name": "Joost",
            "last_name": "Bakker",
            "phone": "06 1122 3344",
            "vehicle_make": "Skoda",
            "vehicle_model": "Enyaq",
            "source": walk_in.pk,
        },
    )
    lead = Lead.objects.get(person__last_name="Bakker")
    assert response.status_code == 302 and response["Location"] == f"/leads/{lead.pk}/"
    assert (lead.assigned_to, lead.source, lead.person.phone) == (
        cast.sanne,
        walk_in,
        "+31611223344",
    )
    assert Payload.objects.get().channel == Channel.WALK_IN
    visit = Activity.objects.get(lead=lead)
    assert visit.kind == "visit" and lead.first_response_at == visit.at


def test_a_caller_with_an_open_lead_is_added_to_it_not_counted_again(cast: Cast) -> None:
    lead = make_lead(cast, to=cast.sanne)  # Eva, +31612345678
    logged_in(cast.bram).post(
        "/leads/new/",
        {"how": "phone", "last_name": "de Vries", "phone": "0612345678", "source": cast.website.pk},
    )
    assert Lead.objects.count() == 1
    call = Activity.objects.get(lead=lead)
    assert (call.kind, call.direction, call.outcome, call.by) == (
        "call",
        "in",
        "reached",
        cast.bram,
    )
    lead.refresh_from_db()
    assert lead.assigned_to == cast.sanne


def test_a_lead_by_hand_needs_a_way_to_reach_the_person(cast: Cast) -> None:
    response = logged_in(cast.sanne).post(
        "/leads/new/", {"how": "walk_in", "last_name": "Bakker", "source": cast.website.pk}
    )
    assert response.status_code == 422
    assert "A phone number or an e-mail address" in response.content.decode()
    assert not Lead.objects.exists()


def test_a_wrong_phone_number_is_put_right_with_who_changed_it(cast: Cast) -> None:
    lead = make_lead(cast, to=cast.sanne)
    sanne = logged_in(cast.sanne)
    response = sanne.post(f"/leads/{lead.pk}/phone/", {"phone": "06-87654321"}, **HTMX)
    assert response.status_code == 200
    lead.person.refresh_from_db()
    assert (lead.person.phone, lead.person.phone_valid) == ("+31687654321", True)
    event = lead.events.get(kind=EventKind.CONTACT)
    assert event.by == cast.sanne
    assert event.reason == "phone +31612345678 → +31687654321"
    assert "Contact details changed" in sanne.get(f"/leads/{lead.pk}/").content.decode()


def test_a_phone_number_that_is_no_number_is_refused(cast: Cast) -> None:
    lead = make_lead(cast, to=cast.sanne)
    response = logged_in(cast.sanne).post(f"/leads/{lead.pk}/phone/", {"phone": "no idea"})
    assert response.status_code == 422
    assert "is not a phone number" in response.content.decode()
    lead.person.refresh_from_db()
    assert lead.person.phone == "+31612345678"


def test_another_dealers_salesperson_cannot_record_a_step(cast: Cast) -> None:
    lead = make_lead(cast, to=cast.sanne)
    response = logged_in(cast.olaf).post(f"/leads/{lead.pk}/step/", {"kind": "visit"})
    assert response.status_code in (403, 404)
    assert not Activity.objects.filter(lead=lead).exists()


def test_the_plan_buttons_never_plan_when_the_dealer_is_closed(cast: Cast) -> None:
    friday_evening = datetime(2025, 3, 14, 17, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
    with time_machine.travel(friday_evening, tick=False):
        lead = make_lead(cast, to=cast.sanne)
        page = logged_in(cast.sanne).get(f"/leads/{lead.pk}/").content.decode()
    planned = re.findall(r'name="at" value="([0-9T:-]+)"', page)
    # in 2 hours: Saturday 10:00; next opening day: Saturday 9:30; in 2 days: Monday, not Sunday
    assert planned == ["2025-03-15T10:00", "2025-03-15T09:30", "2025-03-17T09:30"]


def test_an_unanswered_call_from_the_page_says_when_the_next_attempt_is(cast: Cast) -> None:
    lead = make_lead(cast, to=cast.sanne)
    response = logged_in(cast.sanne).post(
        f"/leads/{lead.pk}/call/", {"outcome": "no_answer"}, **HTMX
    )
    assert "Next attempt:" in response.content.decode()
    lead.refresh_from_db()
    assert lead.next_follow_up_at is not None and lead.next_follow_up_at > timezone.now()


def test_the_script_shows_with_its_placeholders_filled_without_a_click(cast: Cast) -> None:
    CallScript.objects.create(
        dealer=cast.noord,
        name="Portal",
        body="Goedendag {naam}, fijn dat u reageerde op de {auto} via {portal}. {onbekend}",
    )
    lead = make_lead(cast, to=cast.sanne)
    page = logged_in(cast.sanne).get(f"/leads/{lead.pk}/").content.decode()
    filled = "Goedendag Eva de Vries, fijn dat u reageerde op de Volkswagen ID.4 via Website."
    assert filled in page
    assert "{auto}" not in page and "{onbekend}" in page  # an unknown placeholder stays
    assert "<summary>Script" not in page


def test_the_person_is_edited_on_the_lead_page_and_the_audit_trail_says_so(cast: Cast) -> None:
    lead = make_lead(cast, to=cast.sanne)
    sanne = logged_in(cast.sanne)
    data = {"first_name": "Eva", "last_name": "de Vries-Bos", "phone": "06-12345678"}
    response = sanne.post(f"/leads/{lead.pk}/person/", {**data, "email": "eva@example.nl"})
    assert response.status_code == 302
    lead.person.refresh_from_db()
    assert (lead.person.last_name, lead.person.email) == ("de Vries-Bos", "eva@example.nl")
    event = lead.events.get(kind=EventKind.CONTACT)
    assert event.by == cast.sanne and "de Vries → de Vries-Bos" in event.reason
    refused = sanne.post(f"/leads/{lead.pk}/person/", {**data, "email": "not an address"})
    assert refused.status_code == 422
    assert "is not an e-mail address" in refused.content.decode()
    assert logged_in(cast.olaf).post(f"/leads/{lead.pk}/person/", data).status_code == 404
