"""Phone and e-mail normalisation for finding the same person again: the one rule, scalar and
vectorised.

A phone is read in the customer's country when the lead says it (an address country, a
country field, or an international prefix such as +1, 001 or 0049 in the number itself), else
in the dealer's country. A number valid there becomes E.164: 06-12345678, +31 6 12345678 and
0031612345678 are all +31612345678. A number that is not valid there is kept as written and
flagged (`PhoneReading.valid` False), never turned into a wrong E.164 number; text that is not
even a possible phone number is no phone at all.

The intake reads one contact at a time (`read_phone`); a report reads a million
(`normalise_phones`): the common notations are rewritten with string expressions and checked
against the phonenumbers metadata's patterns, anything else goes through `read_phone` once per
distinct (raw, region). Both give the same number for the same text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt
import phonenumbers
import polars as pl

DEFAULT_REGION = "NL"

_SEPARATORS = r"[\s\-./()]"
# a country code followed by the trunk prefix 0 ("+31 06…"): phonenumbers drops that 0
_TRUNK_AFTER_CODE = [
    pl.Series([f"{c}0" for c in phonenumbers.COUNTRY_CODE_TO_REGION_CODE if len(str(c)) == n])
    for n in (1, 2, 3)
]
# the number types that make a number valid (phonenumbers' _number_type_helper), the
# commonest first: a number matched by one is not tried against the rest
_VALID_TYPES = (
    "mobile",
    "fixed_line",
    "premium_rate",
    "toll_free",
    "shared_cost",
    "voip",
    "personal_number",
    "pager",
    "uan",
    "voicemail",
)


@dataclass(frozen=True, slots=True)
class PhoneReading:
    """A phone as stored: E.164 when `valid`, else the number as written (trimmed)."""

    number: str
    valid: bool


def phone_region(country: str | None, dealer_country: str | None) -> str:
    """The region a national notation is read in: the customer's country when it is a known
    two-letter code, else the dealer's, else NL."""
    for candidate in (country, dealer_country):
        code = (candidate or "").strip().upper()
        if code in phonenumbers.SUPPORTED_REGIONS:
            return code
    return DEFAULT_REGION


def read_phone(
    raw: str | None, country: str | None = None, dealer_country: str | None = None
) -> PhoneReading | None:
    """The number by the module's rule, or None when `raw` is not a phone number at all."""
    return _read(raw.strip() if raw else "", phone_region(country, dealer_country))


@lru_cache(maxsize=200_000)
def _read(text: str, region: str) -> PhoneReading | None:
    if not text or not any(c.isdigit() for c in text):
        return None
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        written = _international_00(text)  # 0049… in a country that dials out with 011
        if written is not None:
            number = written
    if phonenumbers.is_valid_number(number):
        return PhoneReading(
            phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), True
        )
    if not phonenumbers.is_possible_number(number):
        return None
    return PhoneReading(text, False)


# What a PBX puts before a number to get an outside line ("0" in most Dutch and Belgian
# exchanges, "9" in some): tried only when the number as dialled is not valid.
OUTSIDE_LINE_PREFIXES = ("0", "9")


def read_dialled(raw: str | None, dealer_country: str | None = None) -> PhoneReading | None:
    """A number as a phone system logged it, read by the one rule in the dealer's country.

    Calls come as dialled: national (0612345678), international (+31…, 0031…), without the
    trunk 0 (612345678), or behind an outside-line prefix (00612345678, 9,0612345678). The
    number as written is read first; only when it is not valid is one outside-line digit
    dropped, so a valid number is never rewritten.
    """
    text = "".join(c for c in (raw or "") if c.isdigit() or c == "+")
    first = read_phone(text, None, dealer_country)
    if first is None or not first.valid:
        for prefix in OUTSIDE_LINE_PREFIXES:
            if text.startswith(prefix) and len(text) > len(prefix) + 6:
                found = read_phone(text[len(prefix) :], None, dealer_country)
                if found is not None and found.valid:
                    return found
    return first


def _international_00(text: str) -> phonenumbers.PhoneNumber | None:
    """A number written with the international prefix 00, read as such wherever it comes from."""
    digits = "".join(c for c in text if c.isdigit())
    if not text.lstrip("( ").startswith("00") or len(digits) < 9:
        return None
    try:
        return phonenumbers.parse("+" + digits[2:], None)
    except phonenumbers.NumberParseException:
        return None


# one "@" with something before it and a dotted domain after it, no spaces
_EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
_EMAIL_WHOLE = r"^([^@\s]+@[^@\s]+\.[^@\s]+)$"  # the same, the address as its group


def normalise_address(raw: str | None) -> str | None:
    """An e-mail address as it finds a person again: trimmed, without the angle brackets of
    "<jdoe@example.com>", lower-cased; None when it is not an address."""
    address = (raw or "").strip().strip("<>").strip().lower()
    return address if re.match(_EMAIL, address) else None


def normalise_email(column: str) -> pl.Expr:
    """`normalise_address` over a column: what is not an address becomes null."""
    cleaned = (
        pl.col(column).str.strip_chars().str.strip_chars("<>").str.strip_chars().str.to_lowercase()
    )
    # one pass: the whole address as the match, null when it is none (an eager frame would
    # clean it twice for a contains-then-keep)
    return cleaned.str.extract(_EMAIL_WHOLE, 1).alias(column)


def region_column(country: pl.Expr, dealer_country: pl.Expr) -> pl.Expr:
    """`phone_region` over columns: the customer's country when known, else the dealer's."""
    known = pl.Series(sorted(phonenumbers.SUPPORTED_REGIONS)).implode()
    customer = country.str.strip_chars().str.to_uppercase()
    dealer = dealer_country.str.strip_chars().str.to_uppercase()
    return (
        pl.when(customer.is_in(known))
        .then(customer)
        .when(dealer.is_in(known))
        .then(dealer)
        .otherwise(pl.lit(DEFAULT_REGION))
    )


def normalise_phones(frame: pl.DataFrame, column: str, region_column: str) -> pl.DataFrame:
    """The frame with `column` read by the module's rule in the row's region (see
    `region_column`): E.164 when valid, as written when not, null when not a phone number.

    1. Fast path: digits with separators only, written internationally (+ or 00) or
       nationally with a trunk prefix 0 in a country that uses one, and valid by the
       metadata's patterns.
    2. Everything else: `read_phone`, once per distinct (raw, region).

    The rows are read a million at a time (each row's number depends on that row alone):
    the steps' passing columns then take tens of MB, not gigabytes at ten million leads.
    """
    rows = frame.select(column, region_column)
    parts = [
        _normalised(rows.slice(start, PHONES_AT_A_TIME), column, region_column)
        for start in range(0, max(rows.height, 1), PHONES_AT_A_TIME)
    ]
    return frame.with_columns(pl.concat(parts).alias(column))


PHONES_AT_A_TIME = 1_000_000


def _normalised(frame: pl.DataFrame, column: str, region_column: str) -> pl.Series:
    """`normalise_phones` of the column, for one part of the rows."""
    # Each step is its own column: an eager frame does not share repeated sub-expressions,
    # so a digits expression used three times would strip and replace three times.
    frame = frame.with_columns(pl.col(column).str.strip_chars().alias("_raw"))
    raw = pl.col("_raw")
    frame = frame.with_columns(raw.str.replace_all(_SEPARATORS, "").alias("_d"))
    digits = pl.col("_d")
    international = (
        pl.when(digits.str.starts_with("00"))
        .then(pl.lit("+") + digits.str.slice(2))
        .otherwise(digits)
    )
    frame = frame.with_columns(international.alias("_i"))
    # "(06) 1234 5678" is plain; "+31 (0)6…" is not: its (0) is a trunk prefix to drop
    plain = raw.str.contains(r"^[0-9\s\-./()+]+$") & ~(
        pl.col("_i").str.starts_with("+") & raw.str.contains("(", literal=True)
    )
    codes = _calling_codes(frame[region_column].unique().drop_nulls().to_list())
    code = pl.col(region_column).replace_strict(codes, default=None, return_dtype=pl.String)
    candidate = (
        pl.when(~plain)
        .then(None)
        .when(pl.col("_i").str.contains(r"^\+[1-9][0-9]{6,14}$") & ~_trunk_after_code(pl.col("_i")))
        .then(pl.col("_i"))
        .when(code.is_not_null() & pl.col("_d").str.contains(r"^0[1-9][0-9]{5,12}$"))
        .then(pl.lit("+") + code + pl.col("_d").str.slice(1))
    )
    frame = frame.with_columns(candidate.alias("_fast"))
    frame = frame.with_columns(
        pl.when(_valid_e164(frame["_fast"])).then(pl.col("_fast")).alias("_fast")
    )
    slow = (
        frame.select(column, region_column, "_fast")
        .with_row_index("_at")
        .filter(pl.col("_fast").is_null() & pl.col(column).is_not_null())
    )
    found = pl.repeat(None, frame.height, dtype=pl.String, eager=True)
    if slow.height:
        pairs = slow.select(column, region_column).unique()
        read = [read_phone(r, g) for r, g in pairs.iter_rows()]
        numbers = [reading.number if reading else None for reading in read]
        lookup = pairs.with_columns(pl.Series("_slow", numbers, dtype=pl.String))
        slow = slow.join(lookup, on=[column, region_column], how="left", nulls_equal=False)
        found = found.scatter(slow["_at"], slow["_slow"])  # only the slow rows are joined
    frame = frame.with_columns(found.alias("_slow"))
    return frame.select(pl.coalesce("_fast", "_slow").alias(column)).to_series()


def _trunk_after_code(international: pl.Expr) -> pl.Expr:
    """Whether "+<code>0…" repeats the trunk prefix (set lookups, cheaper than a regex)."""
    return (
        international.str.slice(1, 2).is_in(_TRUNK_AFTER_CODE[0].implode())
        | international.str.slice(1, 3).is_in(_TRUNK_AFTER_CODE[1].implode())
        | international.str.slice(1, 4).is_in(_TRUNK_AFTER_CODE[2].implode())
    )


def _calling_codes(regions: list[str]) -> dict[str, str]:
    """Calling codes of the regions whose national notation starts with the trunk prefix 0."""
    codes = {}
    for region in regions:
        metadata = phonenumbers.PhoneMetadata.metadata_for_region(region.upper(), None)
        if metadata is not None and metadata.national_prefix == "0":
            codes[region] = str(phonenumbers.country_code_for_region(region.upper()))
    return codes


def _valid_e164(candidates: pl.Series) -> pl.Series:
    """Whether each "+<code><number>" is valid by the metadata of its code's regions (the
    test of phonenumbers' is_valid_number, as regular expressions over the numbers). A number
    this cannot decide is False: `read_phone` then reads it.

    The test runs by position, not over the distinct numbers: nearly every lead has its own
    number, so hashing them to find the distinct ones cost more than the patterns."""
    valid = np.zeros(len(candidates), dtype=bool)
    numbers = candidates.to_frame("number").with_row_index("_at").drop_nulls("number")
    for size in (1, 2, 3):
        prefix = numbers["number"].str.slice(1, size)
        for cc in prefix.unique().to_list():
            if not cc.isdigit() or int(cc) not in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
                continue
            ours = numbers.filter(prefix == cc)
            hit = _matches_code(ours["number"].str.slice(1 + size), int(cc))
            valid[ours["_at"].to_numpy()[hit]] = True
    return pl.Series(valid)


def _matches_code(national: pl.Series, code: int) -> npt.NDArray[np.bool_]:
    """Whether each national number (no nulls) is valid in one of the code's regions: it
    matches the region's general pattern and the pattern of one of its valid types.

    Each pattern runs only over the numbers no earlier pattern has decided (most numbers are
    mobile or fixed-line, tried first), not over all of them eleven times per region."""
    matched = np.zeros(len(national), dtype=bool)
    rest, rest_at = national, np.arange(len(national))
    for region in phonenumbers.COUNTRY_CODE_TO_REGION_CODE[code]:
        metadata = phonenumbers.PhoneMetadata.metadata_for_region(region, None)
        if metadata is None or len(rest_at) == 0:
            continue
        general = _matches_desc(rest, metadata.general_desc).to_numpy()
        open_, open_at = rest.filter(pl.Series(general)), rest_at[general]
        for name in _VALID_TYPES:
            if len(open_at) == 0:
                break
            typed = _matches_desc(open_, getattr(metadata, name)).to_numpy()
            matched[open_at[typed]] = True
            open_, open_at = open_.filter(pl.Series(~typed)), open_at[~typed]
        undecided = ~matched[rest_at]
        rest, rest_at = rest.filter(pl.Series(undecided)), rest_at[undecided]
    return matched


def _matches_desc(national: pl.Series, desc: phonenumbers.PhoneNumberDesc | None) -> pl.Series:
    pattern = _pattern(desc.national_number_pattern) if desc is not None else None
    if pattern is None:
        return pl.repeat(False, len(national), eager=True)
    matched = national.str.contains(pattern).fill_null(False)
    if desc is not None and desc.possible_length:
        matched = matched & national.str.len_chars().is_in(list(desc.possible_length))
    return matched


@lru_cache(maxsize=4_000)
def _pattern(national_number_pattern: str | None) -> str | None:
    """The metadata's pattern as a whole-string regex polars can compile, or None."""
    if not national_number_pattern:
        return None
    pattern = f"^(?:{national_number_pattern})$"
    try:
        pl.Series([""]).str.contains(pattern)
    except pl.exceptions.PolarsError:
        return None
    return pattern
