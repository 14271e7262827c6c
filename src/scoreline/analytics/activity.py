"""What the activities say about each lead, in one pass over arrays sorted by lead and time.

Activities are sorted by (lead, at) once; every per-lead fact is then a reduction over
contiguous runs (the first or last row of a run that passes a mask, a count, a distinct
count of days), done with numpy on whole columns. This is several times faster than a
group-by with conditional aggregations, which matters at millions of activities.

The definitions are the follow-up engine's (`scoreline.followup.standard`), so the figures
and a lead's own page agree:
- outreach: an outbound, non-automatic call, e-mail, SMS or WhatsApp (the effort counts it);
- contact: a reached call, an inbound call nobody missed, an inbound message (a reply), an
  appointment, a visit, a test drive or an order;
- first response: the first outreach or the first contact, whichever comes first, so a phone
  call answered or a showroom visit at arrival is a response at arrival.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from scoreline.analytics.business import local_days_in_zones, zone_codes
from scoreline.analytics.frames import ACTIVITY_KINDS, PHONE_SYSTEM

OUTREACH_KINDS = ("call", "email", "sms", "whatsapp")
WRITTEN_KINDS = ("email", "sms", "whatsapp")
MEETING_KINDS = ("appointment", "visit", "test_drive", "order")  # a quote alone is no contact
UNANSWERED = ("no_answer", "voicemail", "busy")  # an inbound call that rang, nobody spoke
FUNNEL = ("appointment", "visit", "test_drive", "quote")
NAT = np.iinfo(np.int64).min
NEVER = np.iinfo(np.int64).max

Bools = npt.NDArray[np.bool_]
Ints = npt.NDArray[np.int64]
Flags = dict[str, npt.NDArray[Any]]  # boolean columns, and "steps": the funnel steps as bits


def lead_activity(
    leads: pl.DataFrame, acts: pl.DataFrame, as_of: datetime, zones: Mapping[str, str]
) -> pl.DataFrame:
    """`leads` (sorted by lead_key) with the facts its activities give, one row per lead.

    1. The activities as numpy columns of flags, sorted by lead and time, up to `as_of`,
       each with the row of its lead.
    2. First response (first outreach or contact), contact and order, last activity, the
       funnel steps.
    3. Until the person was reached (or the lead closed, or `as_of`): calls, distinct call
       days in the dealer's time zone, written messages and their distinct days, whether a
       script was used.
    4. Every human call, and those the phone system recorded (`calls`, `calls_confirmed`).
    """
    keys = leads["lead_key"].to_numpy()
    row, at, flags = _columns(acts, keys, _epoch(as_of))
    n = len(keys)
    starts = _runs(row)
    contacted = _first(row, at, flags["contact"], n, starts)
    instants = {
        "first_response_at": _first(row, at, flags["response"], n, starts),
        "contacted_at": contacted,
        "order_at": _first(row, at, flags["order"], n, starts),
        "last_activity_at": _last(row, at, n, starts),
    }
    before = at <= _until(leads, contacted, as_of)[row]
    calls = before & flags["outbound"] & flags["call"]
    written = before & flags["outbound"] & flags["written"]
    call_rows, written_rows = row[calls], row[written]
    zone, names = zone_codes(leads["dealer"], zones)  # per lead, not per activity
    # in one zone every code is 0: no look-up per activity
    zone_of = lambda rows: zone[rows] if len(names) > 1 else np.zeros(len(rows), np.int32)  # noqa: E731
    days = local_days_in_zones(zone_of(call_rows), names, at[calls].view("datetime64[us]"))
    written_at = at[written].view("datetime64[us]")
    written_days = local_days_in_zones(zone_of(written_rows), names, written_at)
    # the funnel steps and a scripted call, one bit each, gathered per lead in one pass
    scripted = (calls & flags["scripted"]).astype(np.uint8) << len(FUNNEL)
    steps = _or_per_lead(row, flags["steps"] | scripted, n, starts)
    return leads.with_columns(
        *[_instants(name, values) for name, values in instants.items()],
        *[pl.Series(kind, (steps >> i) & 1 == 1) for i, kind in enumerate(FUNNEL)],
        pl.Series("attempts", np.bincount(call_rows, minlength=n).astype(np.int32)),
        pl.Series("call_days", _distinct(call_rows, days.astype(np.int64), n).astype(np.int32)),
        pl.Series("written", np.bincount(written_rows, minlength=n).astype(np.int32)),
        pl.Series(
            "written_days",
            _distinct(written_rows, written_days.astype(np.int64), n).astype(np.int32),
        ),
        pl.Series("scripted", (steps >> len(FUNNEL)) & 1 == 1),
        pl.Series("calls", np.bincount(row[flags["human_call"]], minlength=n).astype(np.int32)),
        pl.Series(
            "calls_confirmed",
            np.bincount(row[flags["human_call"] & flags["confirmed"]], minlength=n).astype(
                np.int32
            ),
        ),
    )


def _epoch(at: datetime) -> int:
    return int(pl.Series([at]).dt.epoch("us")[0])


def _columns(acts: pl.DataFrame, keys: Ints, as_of: int) -> tuple[Ints, Ints, Flags]:
    """Lead row, time and flags of every activity of a known lead up to `as_of`, sorted.

    Extracts and exports usually arrive sorted already; then nothing is reordered.
    """
    flags = _flags(acts)
    lead = acts["lead_key"].to_numpy()
    at = acts["at"].dt.epoch("us").to_numpy()
    # compared neighbour to neighbour as flags: np.diff made two int64 copies of millions
    same_lead = lead[1:] == lead[:-1]
    in_order = np.all(lead[1:] >= lead[:-1]) and np.all(~same_lead | (at[1:] >= at[:-1]))
    if not in_order:
        order = np.lexsort((at, lead))
        lead, at = lead[order], at[order]
        flags = {name: values[order] for name, values in flags.items()}
    if len(keys) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), {k: v[:0] for k, v in flags.items()}
    row = _rows_of(keys, lead)
    keep = (at <= as_of) & (row >= 0)
    if keep.all():  # the usual case: no copy of every column of millions of activities
        return row, at, flags
    return row[keep], at[keep], {name: values[keep] for name, values in flags.items()}


def _rows_of(keys: Ints, lead: Ints) -> Ints:
    """The row in `keys` (sorted) of each lead key; -1 where the key is not there.

    Dense keys (row numbers, database ids) use a lookup table, else a binary search.
    """
    low, high = (
        int(min(keys[0], lead.min(initial=keys[0]))),
        int(max(keys[-1], lead.max(initial=keys[-1]))),
    )
    if high - low < 4 * len(keys) + 1_000_000:
        table = np.full(high - low + 1, -1, dtype=np.int64)
        table[keys - low] = np.arange(len(keys))
        return table[lead - low if low else lead]  # keys from 0: no shifted copy of them
    row = np.minimum(np.searchsorted(keys, lead), len(keys) - 1)
    return np.where(keys[row] == lead, row, -1)


def _flags(acts: pl.DataFrame) -> Flags:
    """Boolean columns of the activities; the kind is coded once, then compared as numbers."""
    codes = {kind: i for i, kind in enumerate(ACTIVITY_KINDS)}
    table = acts.select(
        _kind_codes(acts.schema["kind"], codes).alias("kind"),
        (pl.col("outcome") == "reached").fill_null(False).alias("reached"),
        pl.col("outcome").is_in(UNANSWERED).fill_null(False).alias("unanswered"),
        pl.col("inbound").fill_null(False),
        pl.col("automatic").fill_null(False),
        pl.col("script").is_not_null().alias("scripted"),
        (pl.col("evidence") == PHONE_SYSTEM).fill_null(False).alias("confirmed"),
    )
    kind = table["kind"].to_numpy()
    inbound = table["inbound"].to_numpy()
    automatic = table["automatic"].to_numpy()
    outbound = ~inbound & ~automatic
    among = lambda kinds: _lookup([codes[k] for k in kinds], len(codes))[kind]  # noqa: E731
    is_call = kind == codes["call"]
    answered_in = inbound & is_call & ~table["unanswered"].to_numpy()
    contact = (
        (is_call & table["reached"].to_numpy())
        | answered_in
        | (inbound & among(WRITTEN_KINDS))
        | among(MEETING_KINDS)
    )
    return {
        "outbound": outbound,
        "response": (outbound & among(OUTREACH_KINDS)) | contact,
        "contact": contact,
        "order": kind == codes["order"],
        "call": is_call,
        "human_call": is_call & ~automatic,
        "confirmed": table["confirmed"].to_numpy(),
        "written": among(WRITTEN_KINDS),
        "scripted": table["scripted"].to_numpy(),
        "steps": _step_bits([codes[k] for k in FUNNEL], len(codes))[kind],
    }


def _kind_codes(dtype: pl.DataType, codes: dict[str, int]) -> pl.Expr:
    """The kind as its code in `codes` (-1: unknown). An Enum (the exchange reader's) is
    already coded: its own codes are renumbered through a table of its few categories, not
    looked up per row by text (a tenth of a second at four million activities)."""
    kind = pl.col("kind")
    if not isinstance(dtype, pl.Enum):
        return kind.replace_strict(codes, default=-1, return_dtype=pl.Int8)
    own = [codes.get(category, -1) for category in dtype.categories.to_list()]
    if own == list(range(len(own))):  # the same order: the physical codes are the codes
        return kind.to_physical().cast(pl.Int8).fill_null(-1)
    return kind.to_physical().replace_strict(
        list(range(len(own))), own, default=-1, return_dtype=pl.Int8
    )


def _lookup(members: list[int], size: int) -> Bools:
    """A table over codes 0..size-1 (and -1, unknown: the last slot) marking `members`."""
    table = np.zeros(size + 1, dtype=bool)
    table[members] = True
    return table


def _runs(row: Ints) -> Ints:
    """Where each lead's run of rows starts (rows sorted by lead)."""
    if len(row) == 0:
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(np.r_[True, row[1:] != row[:-1]])


def _first(row: Ints, at: Ints, mask: Bools, n: int, starts: Ints) -> Ints:
    """Per lead, the time of its first row passing `mask` (NAT where none).

    Times are sorted within a lead, so the first passing row has the least passing time: a
    mask that passes most rows is reduced over the runs whole; a sparse one is picked out
    first, which leaves fewer rows to look at.
    """
    if len(starts) and 2 * np.count_nonzero(mask) > len(mask):
        least = np.minimum.reduceat(np.where(mask, at, NEVER), starts)
        out = np.full(n, NAT, dtype=np.int64)
        out[row[starts]] = np.where(least == NEVER, NAT, least)  # activities are before as_of
        return out
    index = np.flatnonzero(mask)
    leads = row[index]
    first = np.r_[True, leads[1:] != leads[:-1]] if len(leads) else np.zeros(0, bool)
    out = np.full(n, NAT, dtype=np.int64)
    out[leads[first]] = at[index[first]]
    return out


def _last(row: Ints, at: Ints, n: int, starts: Ints) -> Ints:
    """Per lead, the time of its last row (NAT where none): the row before the next run."""
    out = np.full(n, NAT, dtype=np.int64)
    if len(row):
        out[row[starts]] = at[np.r_[starts[1:], len(row)] - 1]
    return out


def _step_bits(steps: list[int], size: int) -> npt.NDArray[np.uint8]:
    """A table over codes 0..size-1 (and -1, unknown: the last slot): bit i for steps[i]."""
    table = np.zeros(size + 1, dtype=np.uint8)
    for i, code in enumerate(steps):
        table[code] = 1 << i
    return table


def _or_per_lead(
    row: Ints, bits: npt.NDArray[np.uint8], n: int, starts: Ints
) -> npt.NDArray[np.uint8]:
    """Per lead, the bits set on any of its rows (rows sorted by lead): one reduction over
    the runs instead of a scatter over every activity per flag."""
    out = np.zeros(n, dtype=np.uint8)
    if len(row):
        out[row[starts]] = np.bitwise_or.reduceat(bits, starts)
    return out


def _distinct(row: Ints, values: Ints, n: int) -> Ints:
    """Per lead, how many distinct values its rows have (values sorted within a lead)."""
    if len(row) == 0:
        return np.zeros(n, dtype=np.int64)
    new = np.r_[True, (row[1:] != row[:-1]) | (values[1:] != values[:-1])]
    return np.bincount(row[new], minlength=n)


def _until(leads: pl.DataFrame, contacted: Ints, as_of: datetime) -> Ints:
    """When the standard's effort stops counting: contact, else close, else `as_of`."""
    closed = leads["closed_at"].dt.epoch("us").fill_null(NAT).to_numpy()
    return np.where(contacted != NAT, contacted, np.where(closed != NAT, closed, _epoch(as_of)))


def _instants(name: str, us: Ints) -> pl.Series:
    """UTC instants from microseconds, NAT as null: the integers are cast as they are (a
    detour through numpy's NaT and a time zone conversion cost 25x as much)."""
    values = pl.Series(name, us)
    return pl.select(
        pl.when(values != NAT).then(values).cast(pl.Datetime("us", "UTC")).alias(name)
    ).to_series()
