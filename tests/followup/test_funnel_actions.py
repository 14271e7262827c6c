"""The funnel's steps as actions: the same for the page, the API and the CLI."""

from decimal import Decimal

import pytest

from followup.clock import MONDAY_10, amsterdam
from scoreline.followup.actions import (
    book_appointment,
    change_phone,
    record_sale,
    record_step,
)
from scoreline.followup.errors import InvalidChange
from scoreline.leads.models import EventKind, LeadStatus, Order


def test_an_appointment_is_contact_and_its_time_the_next_follow_up(cast, clock):
    lead = cast.arrive(MONDAY_10)
    clock.move_to(amsterdam(2025, 3, 10, 10, 5))

    activity = book_appointment(lead, amsterdam(2025, 3, 15, 11, 0), by=cast.sanne)

    assert activity.kind == "appointment" and "15" in activity.note
    assert lead.contacted_at == amsterdam(2025, 3, 10, 10, 5)
    assert lead.next_follow_up_at == amsterdam(2025, 3, 15, 11, 0)


def test_a_step_is_a_visit_a_test_drive_or_a_quote_with_its_amount(cast, clock):
    lead = cast.arrive(MONDAY_10)
    clock.move_to(amsterdam(2025, 3, 10, 10, 5))

    quote = record_step(lead, "quote", by=cast.sanne, car="ID.4", amount=Decimal("41950"))

    assert (quote.kind, quote.note) == ("quote", "ID.4 · EUR 41.950")
    with pytest.raises(InvalidChange, match="needs its amount"):
        record_step(lead, "quote", by=cast.sanne)
    with pytest.raises(InvalidChange, match="not a call"):
        record_step(lead, "call", by=cast.sanne)


def test_a_sale_keeps_its_order_so_the_dms_order_of_the_same_number_is_the_same_sale(cast, clock):
    lead = cast.arrive(MONDAY_10)
    clock.move_to(amsterdam(2025, 3, 12, 16, 0))

    record_sale(lead, by=cast.sanne, order_id="VO-1", car="Skoda Enyaq")

    assert lead.status == LeadStatus.WON
    order = Order.objects.get()
    assert (order.order_id, order.lead, order.vehicle_make) == ("VO-1", lead, "Skoda")
    with pytest.raises(InvalidChange, match="needs its order number"):
        record_sale(cast.arrive(MONDAY_10, name="Bo Bo"), by=cast.sanne, order_id=" ")
    assert Order.objects.count() == 1


def test_a_phone_number_is_read_by_the_one_rule_and_the_change_audited(cast, clock):
    lead = cast.arrive(MONDAY_10)
    clock.move_to(amsterdam(2025, 3, 10, 10, 5))
    old = lead.person.phone

    assert change_phone(lead, "06 11 22 33 44", by=cast.sanne) == "+31611223344"
    assert change_phone(lead, "", by=cast.sanne) == ""  # a wrong number removed

    reasons = list(lead.events.filter(kind=EventKind.CONTACT).values_list("reason", flat=True))
    assert reasons == [f"phone {old} → +31611223344", "phone +31611223344 → –"]
    with pytest.raises(InvalidChange, match="is not a phone number"):
        change_phone(lead, "call me", by=cast.sanne)


def test_the_person_is_put_right_in_one_audited_change_and_other_numbers_stay(cast, clock):
    from scoreline.followup.actions import change_person
    from scoreline.leads.models import PersonContact

    lead = cast.arrive(MONDAY_10)
    PersonContact.objects.create(person=lead.person, value="+31699999999")
    clock.move_to(amsterdam(2025, 3, 10, 10, 5))
    old_first = lead.person.first_name

    person = change_person(
        lead, by=cast.sanne, first_name=" Anneke ", email="Anneke.Smit@Example.com "
    )

    assert (person.first_name, person.email) == ("Anneke", "anneke.smit@example.com")
    event = lead.events.get(kind=EventKind.CONTACT)
    assert event.by == cast.sanne
    assert event.reason.startswith(f"first name {old_first or '–'} → Anneke — e-mail ")
    assert list(person.contacts.values_list("value", flat=True)) == ["+31699999999"]
    change_person(lead, by=cast.sanne, first_name="Anneke")  # nothing changed: no event
    assert lead.events.filter(kind=EventKind.CONTACT).count() == 1
    with pytest.raises(InvalidChange, match="is not an e-mail address"):
        change_person(lead, by=cast.sanne, email="anna at home")
    with pytest.raises(InvalidChange, match="longer than 100"):
        change_person(lead, by=cast.sanne, first_name="x" * 101)
    lead.person.refresh_from_db()
    assert lead.person.email == "anneke.smit@example.com"
