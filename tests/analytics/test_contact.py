"""The phone rule: read in the customer's country when the lead says it, else the dealer's;
E.164 when valid there, else kept as written and flagged. One contact or a column, one answer."""

import polars as pl
import pytest

from scoreline.analytics.contact import (
    PhoneReading,
    normalise_address,
    normalise_email,
    normalise_phones,
    phone_region,
    read_phone,
    region_column,
)

# (as written, the customer's country, the dealer's country, as stored, valid)
CASES = [
    # a Canadian prospect at a Dutch dealer: never +31 followed by ten digits
    ("(416) 555-0123", "CA", "NL", "+14165550123", True),
    ("416-555-0123", "ca", "NL", "+14165550123", True),
    ("+1 416 555 0123", "", "NL", "+14165550123", True),
    ("001 416 555 0123", "", "NL", "+14165550123", True),
    # a German customer of a Dutch dealer, by country or by prefix
    ("0151 23456789", "DE", "NL", "+4915123456789", True),
    ("+49 151 23456789", "", "NL", "+4915123456789", True),
    ("0049 151 23456789", "", "NL", "+4915123456789", True),
    ("0049 151 23456789", "", "CA", "+4915123456789", True),  # 00 where 011 dials out
    # a French customer of a Belgian dealer
    ("06 12 34 56 78", "FR", "BE", "+33612345678", True),
    ("+33 6 12 34 56 78", "", "BE", "+33612345678", True),
    # no country said: the dealer's
    ("06-12345678", "", "NL", "+31612345678", True),
    ("0470 12 34 56", "", "BE", "+32470123456", True),
    # not valid where it is read: kept as written, flagged
    ("(416) 555-0123", "", "NL", "(416) 555-0123", False),
    ("0151 23456789", "", "NL", "0151 23456789", False),
    ("06 12 34 56 78", "", "BE", "06 12 34 56 78", False),
    ("06 12 34 56 78", "Frankrijk", "BE", "06 12 34 56 78", False),  # not a country code
]


@pytest.mark.parametrize(("raw", "country", "dealer", "stored", "valid"), CASES)
def test_a_phone_is_read_in_the_customers_country_else_the_dealers(
    raw, country, dealer, stored, valid
):
    assert read_phone(raw, country, dealer) == PhoneReading(stored, valid)


def test_a_number_not_valid_anywhere_is_never_a_made_up_e164_number():
    reading = read_phone("  (416) 555-0123 ", None, "NL")
    assert reading == PhoneReading("(416) 555-0123", False)
    assert not reading.number.startswith("+31")


@pytest.mark.parametrize("raw", ["", "   ", "call me", "12", "06-1234567890123456", None])
def test_what_is_not_a_phone_number_at_all_is_no_phone(raw):
    assert read_phone(raw, "NL", "NL") is None


def test_the_region_is_the_customers_known_country_else_the_dealers_else_nl():
    assert phone_region("ca", "NL") == "CA"
    assert phone_region("Canada", "BE") == "BE"
    assert phone_region("", "") == "NL"
    frame = pl.DataFrame(
        {"country": ["ca", "Canada", None, None], "dealer": ["NL", "BE", "DE", "XX"]}
    )
    regions = frame.select(region_column(pl.col("country"), pl.col("dealer")))
    assert regions.to_series().to_list() == ["CA", "BE", "DE", "NL"]


def test_the_vectorised_path_stores_what_one_contact_at_a_time_stores():
    frame = pl.DataFrame(
        {"phone": [c[0] for c in CASES], "country": [c[1] for c in CASES],
         "dealer": [c[2] for c in CASES]}
    )  # fmt: skip
    frame = frame.with_columns(region_column(pl.col("country"), pl.col("dealer")).alias("r"))
    stored = normalise_phones(frame, "phone", "r")["phone"].to_list()
    assert stored == [c[3] for c in CASES]


def test_an_email_is_the_same_key_one_at_a_time_and_over_a_column():
    raw = [" Anna@Example.NL ", "<jdoe@example.com>", "emailaddress", "", None, "a b@x.nl"]
    column = pl.DataFrame({"email": raw}).select(normalise_email("email"))["email"].to_list()
    expected = ["anna@example.nl", "jdoe@example.com", None, None, None, None]
    assert [normalise_address(r) for r in raw] == column == expected
