"""Phone numbers and e-mail addresses in the one notation that finds a person again.

Phones follow the analytics core's rule (`scoreline.analytics.contact`, the same for the
intake and for a report over an exchange folder): read in the customer's country when the
lead says it, else the dealer's; E.164 when valid there (06-12345678, +31 6 12345678 and
0031612345678 are all +31612345678), else kept as written and flagged. E-mails follow the core's
`normalise_address`: trimmed and lower-cased.
"""

from scoreline.analytics.contact import (
    DEFAULT_REGION,
    PhoneReading,
    normalise_address,
    read_phone,
)

__all__ = [
    "PhoneReading",
    "normalise_email",
    "normalise_phone",
    "normalised_emails",
    "phone_readings",
    "read_phone",
]


def normalise_phone(raw: str, region: str = DEFAULT_REGION, country: str = "") -> str | None:
    """The number as stored (E.164, or as written when not valid in the customer's `country`
    or else the dealer's `region`), or None when `raw` is not a phone number."""
    reading = read_phone(raw, country, region)
    return reading.number if reading else None


def normalise_email(raw: str) -> str | None:
    """The address trimmed and lower-cased, or None when it is not an e-mail address (the
    analytics core's rule, so the database and an exchange folder find the same person)."""
    return normalise_address(raw)


def phone_readings(
    raws: list[str], region: str = DEFAULT_REGION, country: str = ""
) -> list[PhoneReading]:
    """The distinct numbers among `raws`, the valid ones first, each in order."""
    found = [r for r in (read_phone(raw, country, region) for raw in raws) if r]
    ordered = [r for r in found if r.valid] + [r for r in found if not r.valid]
    return list(dict.fromkeys(ordered))


def normalised_phones(
    raws: list[str], region: str = DEFAULT_REGION, country: str = ""
) -> list[str]:
    """The distinct numbers among `raws` as stored, the valid (E.164) ones first."""
    return [r.number for r in phone_readings(raws, region, country)]


def normalised_emails(raws: list[str]) -> list[str]:
    found = (normalise_email(raw) for raw in raws)
    return list(dict.fromkeys(address for address in found if address))
