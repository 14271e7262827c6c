"""The lead's vehicle details as the reader reads them: each fact named and formatted in the
reader's language ("Kilometerstand 76.874 km", "Prijs € 26.350", "Bouwjaar 2021").

Intake stores what each format says under its own keys (`lead.vehicle`, a JSON object); this
is the one place that names those keys, formats their numbers and translates the known
values, so the lead page never shows a raw key or an ungrouped number.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext_lazy as _

from scoreline.web.templatetags.scoreline import euro, number

LABELS: dict[str, Any] = {
    "interest": _("Interest"),
    "status": _("New or used"),
    "make": _("Make"),
    "model": _("Model"),
    "trim": _("Trim"),
    "year": _("Year of manufacture"),
    "fuel": _("Fuel"),
    "mileage_km": _("Mileage"),
    "odometer": _("Mileage"),
    "price_eur": _("Price"),
    "price": _("Price"),
    "vin": _("VIN"),
    "stock": _("Stock number"),
    "options": _("Options"),
    "comments": _("Comments"),
    "timeframe": _("Timeframe"),
    "trade_in": _("Trade-in"),
    "colour": _("Colour"),
    "color": _("Colour"),
    "transmission": _("Transmission"),
    "body": _("Body"),
    "license_plate": _("Licence plate"),
    "licensePlate": _("Licence plate"),
}
# Folded into another fact's value (the odometer's unit, the price's currency and type).
FOLDED = ("odometer_units", "currency", "price_type")

# Values said the same way by every language's people but written differently by each source.
VALUES: dict[str, Any] = {
    "petrol": _("petrol"),
    "benzine": _("petrol"),
    "gasoline": _("petrol"),
    "essence": _("petrol"),
    "diesel": _("diesel"),
    "hybrid": _("hybrid"),
    "hybride": _("hybrid"),
    "plug-in hybrid": _("plug-in hybrid"),
    "plug-in hybride": _("plug-in hybrid"),
    "electric": _("electric"),
    "elektrisch": _("electric"),
    "électrique": _("electric"),
    "lpg": _("LPG"),
    "new": _("new"),
    "used": _("used"),
    "buy": _("buy"),
    "lease": _("lease"),
    "rent": _("rent"),
    "automatic": _("automatic"),
    "manual": _("manual"),
}


def vehicle_facts(details: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(label, value) for each fact of a lead's vehicle details, known facts first in a fixed
    order, then any other key as written; empty values are left out."""
    known = [key for key in LABELS if key in details]
    others = sorted(key for key in details if key not in LABELS and key not in FOLDED)
    facts = []
    for key in [*known, *others]:
        shown = _value(key, details[key], details)
        if shown:
            facts.append((str(LABELS.get(key, key)), shown))
    return facts


def _value(key: str, value: Any, details: Mapping[str, Any]) -> str:
    if value in ("", None, [], {}):
        return ""
    if key == "trade_in":
        return "; ".join(_trade_in(v) for v in value if isinstance(v, Mapping))
    if isinstance(value, list):
        return ", ".join(_word(str(v)) for v in value if v not in ("", None))
    formatter = FORMATS.get(key)
    if formatter is not None:
        return formatter(value, details)
    return _word(str(value))


def _trade_in(details: Mapping[str, Any]) -> str:
    """A trade-in car in one line: 'Volkswagen Golf 2018, 76.874 km'."""
    name = " ".join(str(details[k]) for k in ("make", "model", "trim") if details.get(k))
    parts = [" ".join(p for p in (name, str(details.get("year") or "")) if p)]
    odometer = details.get("odometer", details.get("mileage_km"))
    if odometer not in ("", None):
        parts.append(_distance(odometer, details))
    return ", ".join(p for p in parts if p)


def _decimal(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value).replace(" ", ""))
    except InvalidOperation:
        return None


def _distance(value: Any, details: Mapping[str, Any]) -> str:
    amount = _decimal(value)
    if amount is None:
        return str(value)
    unit = "mi" if str(details.get("odometer_units", "km")).lower().startswith("mi") else "km"
    return f"{number(amount)}\u00a0{unit}"


def _price(value: Any, details: Mapping[str, Any]) -> str:
    amount = _decimal(value)
    if amount is None:
        return str(value)
    digits = 0 if amount == amount.to_integral_value() else 2
    currency = str(details.get("currency") or "EUR").upper()
    if currency == "EUR":
        return euro(amount, digits)
    return f"{number(amount, digits)}\u00a0{currency}"


def _year(value: Any, details: Mapping[str, Any]) -> str:
    return str(value)  # a year is never grouped: 2021, not 2.021


def _word(value: str) -> str:
    translated = VALUES.get(value.strip().lower())
    return str(translated) if translated is not None else value


FORMATS: dict[str, Callable[[Any, Mapping[str, Any]], str]] = {
    "mileage_km": _distance,
    "odometer": _distance,
    "price_eur": _price,
    "price": _price,
    "year": _year,
}
