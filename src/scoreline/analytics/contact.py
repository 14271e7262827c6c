"""Phone and e-mail normalisation for finding the same person again, vectorised.

The intake code normalises one contact at a time; a report normalises a million. The common
notations (06-12345678, +31 6 12345678, 0031612345678) are rewritten to E.164 with string
expressions; anything else goes through the phonenumbers library once per distinct raw value.
"""

from __future__ import annotations

from functools import lru_cache

import phonenumbers
import polars as pl

_SEPARATORS = r"[\s\-./()]"
# a country code followed by the trunk prefix 0 ("+31 06…"): phonenumbers drops that 0
_TRUNK_AFTER_CODE = [
    pl.Series([f"{c}0" for c in phonenumbers.COUNTRY_CODE_TO_REGION_CODE if len(str(c)) == n])
    for n in (1, 2, 3)
]


def _trunk_after_code(international: pl.Expr) -> pl.Expr:
    """Whether "+<code>0…" repeats the trunk prefix (set lookups, cheaper than a regex)."""
    return (
        international.str.slice(1, 2).is_in(_TRUNK_AFTER_CODE[0].implode())
        | international.str.slice(1, 3).is_in(_TRUNK_AFTER_CODE[1].implode())
        | international.str.slice(1, 4).is_in(_TRUNK_AFTER_CODE[2].implode())
    )


def normalise_email(column: str) -> pl.Expr:
    """Lower-cased and trimmed; empty becomes null."""
    cleaned = pl.col(column).str.strip_chars().str.to_lowercase()
    return pl.when(cleaned.str.len_chars() > 0).then(cleaned).alias(column)


def normalise_phones(frame: pl.DataFrame, column: str, region_column: str) -> pl.DataFrame:
    """The frame with `column` in E.164 (null when not a phone number), by the row's region.

    1. Fast path: digits with separators only, written internationally (+ or 00) or
       nationally with a trunk prefix 0 in a country that uses one.
    2. Everything else: phonenumbers, once per distinct (raw, region).
    """
    raw = pl.col(column).str.strip_chars()
    digits = raw.str.replace_all(_SEPARATORS, "")
    international = (
        pl.when(digits.str.starts_with("00"))
        .then(pl.lit("+") + digits.str.slice(2))
        .otherwise(digits)
    )
    # "(06) 1234 5678" is plain; "+31 (0)6…" is not: its (0) is a trunk prefix to drop
    plain = raw.str.contains(r"^[0-9\s\-./()+]+$") & ~(
        pl.col("_i").str.starts_with("+") & raw.str.contains("(", literal=True)
    )
    frame = frame.with_columns(digits.alias("_d"), international.alias("_i"))
    codes = _calling_codes(frame[region_column].unique().drop_nulls().to_list())
    code = pl.col(region_column).replace_strict(codes, default=None, return_dtype=pl.String)
    fast = (
        pl.when(~plain)
        .then(None)
        .when(pl.col("_i").str.contains(r"^\+[1-9][0-9]{6,14}$") & ~_trunk_after_code(pl.col("_i")))
        .then(pl.col("_i"))
        .when(code.is_not_null() & pl.col("_d").str.contains(r"^0[1-9][0-9]{5,12}$"))
        .then(pl.lit("+") + code + pl.col("_d").str.slice(1))
    )
    frame = frame.with_columns(fast.alias("_fast"))
    slow = frame.filter(pl.col("_fast").is_null() & pl.col(column).is_not_null())
    if slow.height:
        pairs = slow.select(column, region_column).unique()
        parsed = [_parse_phone(r, g) for r, g in pairs.iter_rows()]
        lookup = pairs.with_columns(pl.Series("_slow", parsed, dtype=pl.String))
        frame = frame.join(lookup, on=[column, region_column], how="left", nulls_equal=False)
    else:
        frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias("_slow"))
    return frame.with_columns(pl.coalesce("_fast", "_slow").alias(column)).drop(
        "_fast", "_slow", "_d", "_i"
    )


def _calling_codes(regions: list[str]) -> dict[str, str]:
    """Calling codes of the regions whose national notation starts with the trunk prefix 0."""
    codes = {}
    for region in regions:
        metadata = phonenumbers.PhoneMetadata.metadata_for_region(region.upper(), None)
        if metadata is not None and metadata.national_prefix == "0":
            codes[region] = str(phonenumbers.country_code_for_region(region.upper()))
    return codes


@lru_cache(maxsize=200_000)
def _parse_phone(raw: str, region: str | None) -> str | None:
    try:
        number = phonenumbers.parse(raw, (region or "NL").upper())
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
