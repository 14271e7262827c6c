"""A parsed lead into the database: counted once, merged with its person, assigned.

1. Refuse a lead without a request date or any usable phone number or e-mail address.
2. A provider lead id already seen for this source (an ADF resend, a webhook delivered twice)
   is a duplicate: nothing is counted again.
3. The person by the one rule (`analytics.repeats.Identities`, read and written through
   `leads.dedupe`): persons met by any of the lead's phones and e-mails are one person, who
   keeps them all; within 30 days of one of their leads it is a repeat inquiry on that lead.
4. Otherwise a new lead (on that person, or a new one), its first inquiry, an assignment by
   the dealer's rules, and its response clock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from scoreline.analytics.repeats import outranks
from scoreline.dealers.models import Dealer, User
from scoreline.followup.actions import record_imported_close
from scoreline.followup.clocks import start_response_clock
from scoreline.intake.assignment import assign_new_lead
from scoreline.intake.errors import NoContact
from scoreline.intake.formats.parsed import Contact, ParsedLead, Vehicle
from scoreline.intake.models import ResultStatus
from scoreline.leads.contact import PhoneReading, normalised_emails, phone_readings
from scoreline.leads.dedupe import Identities, contact_keys, join_persons, teach
from scoreline.leads.models import Campaign, Inquiry, Lead, Person, Source, VehicleCondition


@dataclass(frozen=True, slots=True)
class Outcome:
    status: ResultStatus
    lead: Lead | None = None
    inquiry: Inquiry | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Item:
    """One unit of a payload imported on its own: a lead of a document, a row of a file."""

    where: str
    run: Callable[[], Outcome]


@dataclass(frozen=True, slots=True)
class Destination:
    """Where a payload's leads go: which dealer, from which source, over which channel."""

    dealer: Dealer
    source: Source
    channel: str
    arrived_at: datetime
    imported_history: bool = False


@dataclass(frozen=True, slots=True)
class History:
    """What another system's export says became of a lead: applied when the lead is new.

    `salesperson` None leaves an open lead to the dealer's rule; a won or lost lead is closed
    at `closed_at` (with `lost_reason`, free text) as imported history.
    """

    status: str
    campaign: Campaign | None = None
    salesperson: User | None = None
    closed_at: datetime | None = None
    lost_reason: str | None = None


def settle_repeat(lead: Lead, history: History) -> None:
    """A repeat inquiry's history onto its lead, when its status is the better outcome
    (`repeats.outranks`: a sale on a later inquiry makes the lead won), as the exchange
    folder's report settles the same rows."""
    if outranks(history.status, lead.status):
        assert history.closed_at is not None  # only a close outranks
        record_imported_close(
            lead, history.status, at=history.closed_at, reason=history.lost_reason
        )


def import_lead(parsed: ParsedLead, to: Destination) -> Outcome:
    """Record one parsed lead (steps in the module docstring); raises IntakeError to refuse it."""
    parsed.check()
    readings, emails = contact_readings(parsed.customer, to.dealer, parsed.place())
    phones = [r.number for r in readings]
    provider_id = parsed.provider_lead_id
    if provider_id:
        seen = Inquiry.objects.filter(source=to.source, provider_id=provider_id).first()
        if seen is not None:
            return Outcome(ResultStatus.DUPLICATE, seen.lead, seen, f"provider id {provider_id}")
    assert parsed.request_time is not None  # check() refused the lead otherwise
    received_at = min(local_moment(parsed.request_time, to.dealer), to.arrived_at)
    identities: Identities[Person, Lead] = Identities()
    known = teach(identities, to.dealer.pk, phones, emails, (received_at, received_at))
    stored = {person.pk: values for person, values in known}
    found = identities.match(contact_keys(to.dealer.pk, phones, emails), received_at)
    person = found.person
    if person is None:
        person = new_person(parsed.customer, to.dealer, readings, emails)
        person.save()
        stored[person.pk] = {person.phone, person.email} - {""}
    join_persons(person, found.absorbed, stored, phones + emails)
    if found.lead is not None:
        inquiry = _inquiry(found.lead, parsed, to, received_at, provider_id, is_repeat=True)
        return Outcome(ResultStatus.REPEAT, found.lead, inquiry)
    lead = new_lead(parsed, to, received_at, person)
    lead.save()
    inquiry = _inquiry(lead, parsed, to, received_at, provider_id, is_repeat=False)
    if not to.imported_history:
        assign_new_lead(lead, at=to.arrived_at)
    start_response_clock(lead)
    return Outcome(ResultStatus.CREATED, lead, inquiry)


def contact_readings(
    contact: Contact, dealer: Dealer, where: str
) -> tuple[list[PhoneReading], list[str]]:
    """The person's phones read in their country, else the dealer's (valid ones first), and
    e-mails; NoContact when there is neither."""
    phones = phone_readings([p.number for p in contact.phones], dealer.country, contact.country)
    emails = normalised_emails([e.address for e in contact.emails])
    if not phones and not emails:
        given = [p.number for p in contact.phones] + [e.address for e in contact.emails]
        raise NoContact(f"no usable phone number or e-mail address among {given}", where)
    return phones, emails


def local_moment(moment: datetime, dealer: Dealer) -> datetime:
    """A sender's time without offset is read in the dealer's time zone."""
    if timezone.is_aware(moment):
        return moment
    return moment.replace(tzinfo=ZoneInfo(dealer.time_zone))


def new_person(
    contact: Contact, dealer: Dealer, phones: list[PhoneReading], emails: list[str]
) -> Person:
    """An unsaved person from a lead's contact, with its first phone and e-mail on it (any
    further ones are its contacts); a phone kept as written is flagged (`phone_valid` off)."""
    first, last = _names(contact)
    address = contact.address
    return Person(
        dealer=dealer,
        first_name=first[:100],
        last_name=last[:150],
        email=emails[0] if emails else "",
        phone=phones[0].number[:40] if phones else "",
        phone_valid=phones[0].valid if phones else True,
        street=" ".join(address.street)[:200] if address else "",
        postal_code=address.postal_code[:20] if address else "",
        city=address.city[:100] if address else "",
        country=address.country[:2].upper() if address and len(address.country) == 2 else "",
    )


def _names(contact: Contact) -> tuple[str, str]:
    """First and last name; a full name alone splits at its first space ("Anna de Vries")."""
    first = " ".join(p for p in (contact.first_name, contact.middle_name) if p)
    if first or contact.last_name:
        return first, contact.last_name
    given, _, family = contact.full_name.partition(" ")
    return given, family


def new_lead(parsed: ParsedLead, to: Destination, received_at: datetime, person: Person) -> Lead:
    """An unsaved lead: its vehicle of interest, the details, the message."""
    vehicle = parsed.interest
    return Lead(
        dealer=to.dealer,
        person=person,
        source=to.source,
        received_at=received_at,
        vehicle_make=vehicle.make[:60] if vehicle else "",
        vehicle_model=vehicle.model[:80] if vehicle else "",
        vehicle_condition=_condition(vehicle),
        vehicle=vehicle_details(parsed),
        message=parsed.comments,
        is_imported=to.imported_history,
    )


def _condition(vehicle: Vehicle | None) -> str:
    if vehicle is None:
        return VehicleCondition.UNKNOWN
    status = vehicle.status.lower()
    return (
        status
        if status in (VehicleCondition.NEW, VehicleCondition.USED)
        else VehicleCondition.UNKNOWN
    )


def vehicle_details(parsed: ParsedLead) -> dict[str, Any]:
    """What the lead says about the car wanted and any trade-in, for the lead page."""
    details: dict[str, Any] = {}
    if parsed.interest:
        details.update(_vehicle_facts(parsed.interest))
    trade_ins = [_vehicle_facts(v) for v in parsed.trade_ins]
    if trade_ins:
        details["trade_in"] = trade_ins
    if parsed.timeframe and parsed.timeframe.description:
        details["timeframe"] = parsed.timeframe.description
    return details


def _vehicle_facts(vehicle: Vehicle) -> dict[str, Any]:
    facts: dict[str, Any] = {
        "interest": vehicle.interest,
        "status": vehicle.status,
        "year": vehicle.year,
        "make": vehicle.make,
        "model": vehicle.model,
        "trim": vehicle.trim,
        "vin": vehicle.vin,
        "stock": vehicle.stock,
        "odometer": vehicle.odometer,
        "odometer_units": vehicle.odometer_units,
    }
    if vehicle.price and vehicle.price.amount is not None:
        facts["price"] = str(vehicle.price.amount)
        facts["price_type"] = vehicle.price.type
        facts["currency"] = vehicle.price.currency
    if vehicle.options:
        facts["options"] = [o.name for o in vehicle.options]
    if vehicle.comments:
        facts["comments"] = vehicle.comments
    facts.update(vehicle.extra)
    return {k: v for k, v in facts.items() if v not in ("", None, [])}


def _inquiry(
    lead: Lead,
    parsed: ParsedLead,
    to: Destination,
    received_at: datetime,
    provider_id: str,
    *,
    is_repeat: bool,
) -> Inquiry:
    return Inquiry.objects.create(
        lead=lead,
        source=to.source,
        received_at=received_at,
        channel=to.channel,
        provider_id=provider_id[:120],
        message=parsed.comments,
        is_repeat=is_repeat,
    )
