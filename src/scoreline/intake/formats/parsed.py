"""The one shape every intake format parses into, whatever the wire looked like.

Parsers extract what the document says and keep it; they refuse only what makes the whole
document unreadable. What makes one lead unusable (no request date, nobody to contact) is
checked afterwards by `check()`, so the other leads of a batch still go on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from scoreline.intake.errors import BadDate, BadValue, MissingRequestDate, NoContact

# Characters no database here stores as text: NUL (PostgreSQL refuses it) and lone surrogates
# (no UTF-8 encoding exists for them; JSON's "\ud800" decodes to one).
UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")


class LeadStatus(StrEnum):
    NEW = "new"
    RESEND = "resend"


class PhoneType(StrEnum):
    """ADF's phone types; other labels seen in the wild are mapped onto these."""

    VOICE = "voice"
    FAX = "fax"
    CELLPHONE = "cellphone"
    PAGER = "pager"


@dataclass(slots=True)
class ProviderId:
    """An id the sender gives a lead (ADF `<id sequence source>`); the key for resends."""

    value: str
    source: str = ""
    sequence: str = ""


@dataclass(slots=True)
class Phone:
    number: str
    type: PhoneType = PhoneType.VOICE
    label: str = ""  # the type exactly as sent, e.g. "home" or "mobile"
    time: str = ""
    preferred: bool = False


@dataclass(slots=True)
class Email:
    address: str
    preferred: bool = False


@dataclass(slots=True)
class Address:
    street: list[str] = field(default_factory=list)
    apartment: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""
    country: str = ""
    type: str = ""


@dataclass(slots=True)
class Contact:
    first_name: str = ""
    middle_name: str = ""
    last_name: str = ""
    full_name: str = ""
    name_type: str = "individual"  # or "business"
    emails: list[Email] = field(default_factory=list)
    phones: list[Phone] = field(default_factory=list)
    address: Address | None = None
    primary: bool = False

    @property
    def country(self) -> str:
        """The country the lead gives for the person (its address's), as sent; "" when none."""
        return self.address.country.strip() if self.address else ""

    @property
    def display_name(self) -> str:
        parts = [self.first_name, self.middle_name, self.last_name]
        return " ".join(p for p in parts if p) or self.full_name


@dataclass(slots=True)
class Price:
    amount: Decimal | None
    type: str = "quote"
    currency: str = ""
    delta: str = ""
    relative_to: str = ""
    source: str = ""
    text: str = ""  # as sent, when it is not a plain number ("call", "26.995,-")


@dataclass(slots=True)
class VehicleOption:
    name: str
    manufacturer_code: str = ""
    stock: str = ""
    weighting: str = ""
    price: Price | None = None


@dataclass(slots=True)
class ColorCombination:
    interior: str = ""
    exterior: str = ""
    preference: str = ""


@dataclass(slots=True)
class FinanceAmount:
    amount: Decimal | None
    type: str = "total"
    limit: str = "maximum"
    currency: str = ""


@dataclass(slots=True)
class Finance:
    method: str = ""
    amounts: list[FinanceAmount] = field(default_factory=list)
    balance: FinanceAmount | None = None


@dataclass(slots=True)
class Vehicle:
    interest: str = "buy"  # buy, lease, sell, trade-in, test-drive
    status: str = "new"  # new or used
    year: int | None = None
    make: str = ""
    model: str = ""
    trim: str = ""
    vin: str = ""
    stock: str = ""
    doors: str = ""
    bodystyle: str = ""
    transmission: str = ""
    condition: str = ""
    odometer: int | None = None
    odometer_units: str = ""
    odometer_status: str = ""
    colors: list[ColorCombination] = field(default_factory=list)
    image_url: str = ""
    price: Price | None = None
    price_comments: str = ""
    options: list[VehicleOption] = field(default_factory=list)
    finance: Finance | None = None
    comments: str = ""
    ids: list[ProviderId] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)  # unknown elements, kept by name

    @property
    def is_trade_in(self) -> bool:
        return self.interest in ("sell", "trade-in")


@dataclass(slots=True)
class Timeframe:
    description: str = ""
    earliest: date | None = None
    latest: date | None = None


@dataclass(slots=True)
class Party:
    """The vendor (dealer) or the provider (portal, OEM site) named in a document."""

    name: str = ""
    service: str = ""
    url: str = ""
    ids: list[ProviderId] = field(default_factory=list)
    contact: Contact | None = None


@dataclass(slots=True)
class ParsedLead:
    """One person's inquiry as a document states it; `where` says where it sits in it."""

    format: str
    where: str  # the lead's place in its document: an element path, a JSON path, a row
    line: int | None = None
    ids: list[ProviderId] = field(default_factory=list)
    request_time: datetime | None = None  # naive when the sender gave no offset
    request_time_text: str = ""
    status: LeadStatus = LeadStatus.NEW
    customer: Contact = field(default_factory=Contact)
    customer_ids: list[ProviderId] = field(default_factory=list)
    vehicles: list[Vehicle] = field(default_factory=list)
    timeframe: Timeframe | None = None
    comments: str = ""
    vendor: Party | None = None
    provider: Party | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def provider_lead_id(self) -> str:
        """The sender's own id for this lead, or "" when it gave none."""
        for provider_id in self.ids:
            if provider_id.value:
                value = provider_id.value
                return f"{provider_id.source}:{value}" if provider_id.source else value
        return ""

    @property
    def interest(self) -> Vehicle | None:
        """The vehicle the person wants (not the one offered in trade)."""
        wanted = [v for v in self.vehicles if not v.is_trade_in]
        return wanted[0] if wanted else None

    @property
    def trade_ins(self) -> list[Vehicle]:
        return [v for v in self.vehicles if v.is_trade_in]

    def place(self, child: str = "") -> str:
        """Where a field of this lead sits, for error messages: path, then line if known."""
        path = f"{self.where}/{child}" if child else self.where
        return f"{path}, line {self.line}" if self.line else path

    def check(self) -> None:
        """Refuse a lead nobody could act on: without a request date or any way to contact,
        or holding text no database can store (named by its field)."""
        unstorable = _unstorable(self, "")
        if unstorable:
            field_name, char = unstorable
            raise BadValue(
                f"{field_name} holds the character U+{ord(char):04X}, which cannot be stored",
                self.place(field_name),
            )
        if self.request_time is None:
            if self.request_time_text:
                raise BadDate(
                    f"request date {self.request_time_text!r} is not a date and time",
                    self.place("requestdate"),
                )
            raise MissingRequestDate("the lead has no request date", self.place())
        if not self.customer.phones and not self.customer.emails:
            raise NoContact("the lead has no phone number and no e-mail address", self.place())


def _unstorable(value: Any, name: str) -> tuple[str, str] | None:
    """The first text inside `value` (dataclasses, lists, dicts) with an unstorable character,
    as (field path, character)."""
    if isinstance(value, str):
        found = UNSTORABLE.search(value)
        return (name, found.group()) if found else None
    if is_dataclass(value) and not isinstance(value, type):
        children: list[tuple[str, Any]] = [(f.name, getattr(value, f.name)) for f in fields(value)]
    elif isinstance(value, dict):
        children = [(str(k), v) for k, v in value.items()] + [(str(k), k) for k in value]
    elif isinstance(value, list):
        children = [(str(i), v) for i, v in enumerate(value)]
    else:
        return None
    for child, item in children:
        inside = _unstorable(item, f"{name}.{child}" if name else child)
        if inside:
            return inside
    return None
