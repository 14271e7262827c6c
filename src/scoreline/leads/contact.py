"""Phone numbers and e-mail addresses in the one notation that finds a person again.

Phones become E.164 with the phonenumbers library, read in the dealer's country when written
nationally: 06-12345678, +31 6 12345678 and 0031612345678 are all +31612345678. A number is
kept when it is a possible number for its country (the same rule as the analytics core's
vectorised `normalise_phones`, so a report over files and the database agree). E-mails are
trimmed and lower-cased.
"""

from functools import lru_cache

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

DEFAULT_REGION = "NL"


@lru_cache(maxsize=100_000)
def normalise_phone(raw: str, region: str = DEFAULT_REGION) -> str | None:
    """The number in E.164, or None when `raw` is not a phone number for that region."""
    text = raw.strip()
    if not text or not any(c.isdigit() for c in text):
        return None
    try:
        number = phonenumbers.parse(text, (region or DEFAULT_REGION).upper())
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_email(raw: str) -> str | None:
    """The address trimmed and lower-cased, or None when it is not an e-mail address."""
    address = raw.strip().strip("<>").strip().lower()
    if not address:
        return None
    try:
        validate_email(address)
    except ValidationError:
        return None
    return address


def normalised_phones(raws: list[str], region: str = DEFAULT_REGION) -> list[str]:
    """The distinct numbers among `raws`, in order, each in E.164."""
    found = (normalise_phone(raw, region) for raw in raws)
    return list(dict.fromkeys(number for number in found if number))


def normalised_emails(raws: list[str]) -> list[str]:
    found = (normalise_email(raw) for raw in raws)
    return list(dict.fromkeys(address for address in found if address))
