"""A person's right of access and right to erasure (GDPR/AVG art. 15 and 17), one person at a time.

A "person" is everyone stored under the same e-mail address or phone number, at every dealer.
Erasure anonymises rather than deletes: the leads, their dates, sources, statuses and
activities stay, so every figure (leads, response times, conversion) is unchanged, but nothing
left can identify the person — names, contact details, address, free text and the raw
payloads they arrived in are wiped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from scoreline.followup.models import Activity
from scoreline.leads.contact import normalise_email, normalise_phone
from scoreline.leads.models import Inquiry, Lead, LeadEvent, Order, Person, PersonContact

ERASED_BODY = b""


class PersonNotFound(Exception):
    pass


@dataclass(frozen=True)
class Erased:
    persons: int
    leads: int
    payloads: int


def find_persons(*, email: str = "", phone: str = "", region: str = "NL") -> list[Person]:
    """Every person row with this e-mail or phone (normalised as at intake); raises if none."""
    wanted = Q(pk__in=[])
    if email:
        address = normalise_email(email) or email.strip().lower()
        wanted |= Q(email=address) | Q(pk__in=_with_contact(address))
    if phone:
        number = normalise_phone(phone, region) or phone.strip()
        wanted |= Q(phone=number) | Q(pk__in=_with_contact(number))
    persons = list(Person.objects.filter(wanted, anonymised_at__isnull=True).order_by("pk"))
    if not persons:
        what = " or ".join(
            x for x in (email and f"e-mail {email}", phone and f"phone {phone}") if x
        )
        raise PersonNotFound(f"nobody is stored with {what or 'no e-mail or phone given'}")
    return persons


def _with_contact(value: str) -> QuerySet[PersonContact, int]:
    """The persons found by this further phone or e-mail (`leads.dedupe`)."""
    return PersonContact.objects.filter(value=value).values_list("person", flat=True)


def export_person(persons: list[Person]) -> dict[str, Any]:
    """All that is stored about these person rows, as plain JSON-able data."""
    return {
        "exported_at": timezone.now().isoformat(),
        "persons": [_person_record(person) for person in persons],
    }


def _person_record(person: Person) -> dict[str, Any]:
    leads = Lead.objects.filter(person=person).select_related("dealer", "source", "lost_reason")
    return {
        "dealer": person.dealer.name,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "phone": person.phone,
        "further_contacts": sorted(person.contacts.values_list("value", flat=True)),
        "street": person.street,
        "postal_code": person.postal_code,
        "city": person.city,
        "country": person.country,
        "created_at": person.created_at.isoformat(),
        "leads": [_lead_record(lead) for lead in leads],
    }


def _lead_record(lead: Lead) -> dict[str, Any]:
    return {
        "received_at": lead.received_at.isoformat(),
        "source": lead.source.name,
        "status": lead.status,
        "vehicle": {
            "make": lead.vehicle_make,
            "model": lead.vehicle_model,
            "condition": lead.vehicle_condition,
            **lead.vehicle,
        },
        "message": lead.message,
        "inquiries": list(
            lead.inquiries.values("received_at", "channel", "provider_id", "message")
        ),
        "activities": list(
            lead.activities.values("kind", "at", "direction", "outcome", "duration_s", "note")
        ),
        "orders": list(
            lead.orders.values("order_id", "ordered_at", "vehicle_make", "vehicle_model", "vin")
        ),
        "received_documents": [
            bytes(body).decode("utf-8", "replace")
            for body in _payloads(lead).values_list("body", flat=True)
        ],
    }


@transaction.atomic
def erase_persons(persons: list[Person], *, now: datetime | None = None) -> Erased:
    """Anonymise these persons and everything that names them; the figures stay."""
    now = now or timezone.now()
    ids = [person.pk for person in persons]
    leads = Lead.objects.filter(person_id__in=ids)
    lead_ids = list(leads.values_list("pk", flat=True))
    payloads = _wipe_payloads(lead_ids)
    _forget_api_answers(persons)
    anonymise_leads(lead_ids)
    PersonContact.objects.filter(person__in=ids).delete()
    Person.objects.filter(pk__in=ids).update(
        first_name="",
        last_name="",
        email="",
        phone="",
        street="",
        postal_code="",
        city="",
        anonymised_at=now,
    )
    return Erased(len(ids), len(lead_ids), payloads)


def anonymise_leads(lead_ids: list[int]) -> None:
    """Clear the free text and personal details of these leads; keep what the figures need."""
    Lead.objects.filter(pk__in=lead_ids).update(message="", vehicle={})
    Inquiry.objects.filter(lead_id__in=lead_ids).update(message="")
    Activity.objects.filter(lead_id__in=lead_ids).update(note="")
    LeadEvent.objects.filter(lead_id__in=lead_ids).exclude(reason="").update(
        reason="(erased)", reason_parts=[]
    )
    Order.objects.filter(lead_id__in=lead_ids).update(
        first_name="", last_name="", email="", phone="", vin=""
    )


def _forget_api_answers(persons: list[Person]) -> None:
    """Stored API answers (idempotency replays) may quote the person: drop those naming them."""
    IdempotencyRecord = apps.get_model("api", "IdempotencyRecord")
    keys = {value for p in persons for value in (p.email, p.phone) if value}
    for key in keys:
        IdempotencyRecord.objects.filter(response_body__contains=key).delete()


def _payloads(lead: Lead) -> Any:
    Payload = apps.get_model("intake", "Payload")
    return Payload.objects.filter(results__lead=lead).distinct()


def _wipe_payloads(lead_ids: list[int]) -> int:
    """The raw documents these leads arrived in hold the person's data too: empty them."""
    Payload = apps.get_model("intake", "Payload")
    raw = Payload.objects.filter(results__lead_id__in=lead_ids).values_list("pk", flat=True)
    return Payload.objects.filter(pk__in=list(raw)).update(
        body=ERASED_BODY, size=0, checksum="", meta={"erased": True}
    )
