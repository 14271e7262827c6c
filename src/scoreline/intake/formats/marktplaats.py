"""Marktplaats-style lead webhooks: JSON events signed with HMAC-SHA256 in `X-Ecg-Signature`.

The portal may deliver one event more than once; its `eventId` is the key that makes the second
delivery a no-op. An event carries one lead:

    {"eventId": "evt-81f2", "eventType": "LEAD_CREATED", "occurredAt": "2025-03-14T21:05:00Z",
     "lead": {"id": "L-5521", "createdAt": "2025-03-14T21:04:58+01:00",
              "buyer": {"name": "Anna de Vries", "email": "anna@example.nl", "phone": "0612345678"},
              "message": "Is deze auto nog beschikbaar?",
              "ad": {"id": "m2034", "title": "Kia Niro 1.6 GDi", "make": "Kia", "model": "Niro",
                     "year": 2022, "price": 27950, "mileage": 41000, "licensePlate": "X-123-YZ"}}}

`snake_case` spellings of the same keys are accepted too.
"""

import base64
import hashlib
import hmac
from typing import Any

from scoreline.intake.errors import BadSignature, BadValue, MissingField
from scoreline.intake.formats.amounts import parse_amount, parse_whole_number
from scoreline.intake.formats.dates import parse_timestamp
from scoreline.intake.formats.jsondoc import MAX_JSON_BYTES, obj, read_json, string
from scoreline.intake.formats.parsed import (
    Contact,
    Email,
    ParsedLead,
    Phone,
    Price,
    ProviderId,
    Vehicle,
)

FORMAT = "marktplaats"
SIGNATURE_HEADER = "X-Ecg-Signature"


def parse(
    body: bytes,
    *,
    secret: str | None = None,
    signature: str | None = None,
    max_bytes: int = MAX_JSON_BYTES,
) -> list[ParsedLead]:
    """The lead in one webhook event; with `secret`, the signature is verified first."""
    if secret is not None:
        verify(body, signature, secret)
    event = read_json(body, max_bytes=max_bytes)
    if not isinstance(event, dict):
        raise BadValue("the event must be a JSON object", "$")
    found = obj(event, "$", "lead", "payload", "data")
    if found is None:
        raise MissingField("the event has no lead object", "$.lead")
    path, lead = found
    return [_lead(path, lead, event_id(event))]


def verify(body: bytes, signature: str | None, secret: str) -> None:
    """Accept the body only if `signature` is its HMAC-SHA256 (hex, `sha256=hex` or base64)."""
    if not signature:
        raise BadSignature(f"the {SIGNATURE_HEADER} header is missing", SIGNATURE_HEADER)
    digest = hmac.new(secret.encode(), body, hashlib.sha256).digest()
    given = signature.strip().removeprefix("sha256=")
    matches_hex = hmac.compare_digest(given.lower(), digest.hex())
    matches_base64 = hmac.compare_digest(given, base64.b64encode(digest).decode())
    if not (matches_hex or matches_base64):
        raise BadSignature("the signature does not match the body", SIGNATURE_HEADER)


def sign(body: bytes, secret: str) -> str:
    """The signature a sender puts in `X-Ecg-Signature` (hex), for tests and tools."""
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def event_id(event: dict[str, Any]) -> str:
    return string(event, "$", "eventId", "event_id")


def _lead(path: str, lead: dict[str, Any], event: str) -> ParsedLead:
    created = string(lead, path, "createdAt", "created_at", "timestamp")
    lead_id = string(lead, path, "id", "leadId", "lead_id")
    buyer = obj(lead, path, "buyer", "contact", "sender")
    ad = obj(lead, path, "ad", "listing", "advertisement")
    return ParsedLead(
        format=FORMAT,
        where=path,
        ids=[ProviderId(lead_id, source="marktplaats")] if lead_id else [],
        request_time=parse_timestamp(created) if created else None,
        request_time_text=created,
        customer=_buyer(*buyer) if buyer else Contact(),
        vehicles=[_ad(*ad)] if ad else [],
        comments=string(lead, path, "message", "text"),
        extra={"event_id": event} if event else {},
    )


def _buyer(path: str, buyer: dict[str, Any]) -> Contact:
    email = string(buyer, path, "email", "emailAddress")
    phone = string(buyer, path, "phone", "phoneNumber", "phone_number")
    return Contact(
        full_name=string(buyer, path, "name", "fullName", "full_name"),
        emails=[Email(email)] if email else [],
        phones=[Phone(phone)] if phone else [],
    )


def _ad(path: str, ad: dict[str, Any]) -> Vehicle:
    year = string(ad, path, "year", "constructionYear")
    price = string(ad, path, "price", "priceCents")
    mileage = string(ad, path, "mileage")
    plate = string(ad, path, "licensePlate", "license_plate")
    amount = parse_amount(price) if price else None
    if amount is not None and "priceCents" in ad:
        amount = amount / 100
    return Vehicle(
        status="used",
        year=int(year) if year.isdigit() and len(year) == 4 else None,
        make=string(ad, path, "make", "brand"),
        model=string(ad, path, "model"),
        stock=string(ad, path, "id", "adId", "ad_id"),
        odometer=parse_whole_number(mileage) if mileage else None,
        odometer_units="km" if mileage else "",
        price=Price(amount, type="asking", currency="EUR", text=price) if price else None,
        comments=string(ad, path, "title"),
        extra={"license_plate": plate, "url": string(ad, path, "url")},
    )
