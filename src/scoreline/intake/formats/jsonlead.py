"""Scoreline's plain JSON lead API: one lead object, a list, or `{"leads": [...]}`.

A lead object uses the exchange format's words (EXCHANGE.md), nested where JSON allows:

    {"lead_id": "web-4711", "received_at": "2025-03-14T21:05:00+01:00", "status": "new",
     "first_name": "Anna", "last_name": "de Vries", "email": "anna@example.nl",
     "phone": "06-12345678",  # or "phones": [{"number": ..., "type": "cellphone"}]
     "country": "NL",  # the person's, for reading their phone; else the dealer's
     "vehicle": {"make": "Kia", "model": "Niro", "condition": "used", "year": 2022,
                 "vin": ..., "stock": ..., "trim": ..., "mileage": 41000, "price": 27950,
                 "currency": "EUR"},
     "trade_in": {...same keys...}, "comments": "...", "timeframe": "within a month"}

The flat exchange columns (`vehicle_make`, `vehicle_model`, `vehicle_condition`) work too.
"""

from typing import Any

from scoreline.intake.errors import BadValue
from scoreline.intake.formats.amounts import parse_amount, parse_whole_number
from scoreline.intake.formats.dates import parse_timestamp
from scoreline.intake.formats.jsondoc import (
    MAX_JSON_BYTES,
    obj,
    read_json,
    records,
    string,
    strings,
)
from scoreline.intake.formats.parsed import (
    Address,
    Contact,
    Email,
    LeadStatus,
    ParsedLead,
    Phone,
    PhoneType,
    Price,
    ProviderId,
    Timeframe,
    Vehicle,
)

FORMAT = "json"


def parse(body: bytes, *, max_bytes: int = MAX_JSON_BYTES) -> list[ParsedLead]:
    """Every lead in a JSON lead API body; raises IntakeError for an unreadable body."""
    return [
        _lead(path, record)
        for path, record in records(read_json(body, max_bytes=max_bytes), "leads")
    ]


def _lead(path: str, record: dict[str, Any]) -> ParsedLead:
    received = string(record, path, "received_at", "created_at", "requestdate")
    lead_id = string(record, path, "lead_id", "id")
    status = string(record, path, "status").lower()
    timeframe = string(record, path, "timeframe")
    return ParsedLead(
        format=FORMAT,
        where=path,
        ids=[ProviderId(lead_id)] if lead_id else [],
        request_time=parse_timestamp(received) if received else None,
        request_time_text=received,
        status=LeadStatus.RESEND if status == "resend" else LeadStatus.NEW,
        customer=contact_of(record, path),
        vehicles=_vehicles(record, path),
        timeframe=Timeframe(description=timeframe) if timeframe else None,
        comments=string(record, path, "comments", "message"),
        extra={k: string(record, path, k) for k in ("source", "campaign") if record.get(k)},
    )


def contact_of(record: dict[str, Any], path: str) -> Contact:
    """The person in a flat record: names, `email`/`emails`, `phone`/`phones`/`mobile`, and
    `country` (theirs, which their phone numbers are read in)."""
    contact = Contact(
        first_name=string(record, path, "first_name", "firstname"),
        last_name=string(record, path, "last_name", "lastname"),
        full_name=string(record, path, "name", "full_name"),
    )
    emails = strings(record, path, "emails") + [string(record, path, "email")]
    contact.emails = [Email(e) for e in emails if e]
    contact.phones = _phones(record, path)
    country = string(record, path, "country")
    if country:
        contact.address = Address(country=country)
    return contact


def _phones(record: dict[str, Any], path: str) -> list[Phone]:
    """`phones` as texts or `{"number": ..., "type": ...}` objects, then `phone` and `mobile`."""
    listed = record.get("phones") or []
    if not isinstance(listed, list):
        listed = [listed]
    phones = [_phone(item, f"{path}.phones[{i}]") for i, item in enumerate(listed)]
    single = string(record, path, "phone", "telephone")
    if single:
        phones.append(Phone(single))
    mobile = string(record, path, "mobile")
    if mobile:
        phones.append(Phone(mobile, type=PhoneType.CELLPHONE, label="mobile"))
    return [p for p in phones if p.number]


def _phone(item: Any, path: str) -> Phone:
    if isinstance(item, dict):
        label = string(item, path, "type").lower()
        kind = PhoneType(label) if label in PhoneType._value2member_map_ else PhoneType.VOICE
        return Phone(string(item, path, "number"), type=kind, label=label)
    if isinstance(item, str | int) and not isinstance(item, bool):
        return Phone(str(item).strip())
    raise BadValue("a phone must be text or an object with a number", path)


def _vehicles(record: dict[str, Any], path: str) -> list[Vehicle]:
    vehicles = []
    nested = obj(record, path, "vehicle")
    if nested:
        vehicles.append(vehicle_of(*nested, interest="buy"))
    elif record.get("vehicle_make") or record.get("vehicle_model"):
        flat = {
            k.removeprefix("vehicle_"): v for k, v in record.items() if k.startswith("vehicle_")
        }
        vehicles.append(vehicle_of(path, flat, interest="buy"))
    trade_in = obj(record, path, "trade_in")
    if trade_in:
        vehicles.append(vehicle_of(*trade_in, interest="trade-in"))
    return vehicles


def vehicle_of(path: str, record: dict[str, Any], *, interest: str) -> Vehicle:
    """A vehicle from a flat object: make, model, condition (new/used), year, vin, price, ..."""
    year = string(record, path, "year")
    price = string(record, path, "price")
    mileage = string(record, path, "mileage", "odometer")
    return Vehicle(
        interest=string(record, path, "interest").lower() or interest,
        status=string(record, path, "condition", "status").lower() or "new",
        year=int(year) if year.isdigit() and len(year) == 4 else None,
        make=string(record, path, "make", "brand"),
        model=string(record, path, "model"),
        trim=string(record, path, "trim", "version"),
        vin=string(record, path, "vin").upper(),
        stock=string(record, path, "stock", "stock_number"),
        odometer=parse_whole_number(mileage) if mileage else None,
        odometer_units="km" if mileage else "",
        price=Price(
            parse_amount(price), currency=string(record, path, "currency").upper(), text=price
        )
        if price
        else None,
        comments=string(record, path, "comments"),
    )
