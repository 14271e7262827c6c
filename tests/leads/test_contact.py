"""One person, one notation: phones in E.164 by the dealer's country, e-mails lower-cased."""

import pytest

from scoreline.leads.contact import (
    normalise_email,
    normalise_phone,
    normalised_emails,
    normalised_phones,
)


@pytest.mark.parametrize(
    "raw", ["06-12345678", "+31 6 12345678", "0031612345678", "(06) 1234 5678"]
)
def test_dutch_notations_of_one_mobile_number_are_one_number(raw):
    assert normalise_phone(raw, "NL") == "+31612345678"


def test_the_dealers_country_reads_national_numbers():
    assert normalise_phone("02 511 11 11", "BE") == "+3225111111"
    assert normalise_phone("416-555-0199", "US") == "+14165550199"
    assert normalise_phone("+31 6 12345678", "US") == "+31612345678"  # international wins


@pytest.mark.parametrize("raw", ["", "   ", "call me", "12", "06-1234567890123456"])
def test_what_is_not_a_phone_number_gives_none(raw):
    assert normalise_phone(raw, "NL") is None


def test_emails_are_trimmed_and_lower_cased_and_nonsense_is_dropped():
    assert normalise_email("  Anna.de.Vries@Example.NL ") == "anna.de.vries@example.nl"
    assert normalise_email("<jdoe@example.com>") == "jdoe@example.com"
    assert normalise_email("emailaddress") is None
    assert normalise_email("") is None


def test_lists_keep_distinct_numbers_and_addresses_in_order():
    assert normalised_phones(["06-12345678", "junk", "+31612345678", "020-1234567"], "NL") == [
        "+31612345678",
        "+31201234567",
    ]
    assert normalised_emails(["A@b.nl", "a@B.NL", "x"]) == ["a@b.nl"]
