"""Read an exchange-format folder (EXCHANGE.md) into the core's input frames, no database.

Every file is read as text and parsed here, so a bad value is reported with its file, row
(as a spreadsheet numbers it: the header is row 1) and column instead of a parser's guess.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

from scoreline.analytics import contact, repeats
from scoreline.analytics.frames import (
    ACTIVITIES,
    ACTIVITY_KINDS,
    COSTS,
    DEALERS,
    DEFAULT_COUNTRY,
    DEFAULT_TIMEZONE,
    LEAD_STATUSES,
    LEADS,
    SALES,
    UTC,
    FrameError,
    Inputs,
    conform,
    validate_inputs,
)

_OFFSET_FORMATS = ("%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%dT%H:%M%z")
_NAIVE_FORMATS = ("%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d")
OUTCOMES = ("reached", "no_answer", "voicemail", "busy", "wrong_number")


def read_folder(folder: Path, *, repeat_window_days: int = 30) -> Inputs:
    """The input frames of an exchange folder; only leads.csv is required."""
    folder = Path(folder)
    if not (folder / "leads.csv").is_file():
        raise FrameError(str(folder), None, None, "no leads.csv in this folder")
    acts = folder / "activities.csv"
    with ThreadPoolExecutor(max_workers=1) as pool:
        # activities.csv is read while the leads are worked out (much of that runs on one
        # core), unless the folder is so big that the two readings' passing columns together
        # would make the peak memory: then one after the other. Its errors still come after
        # those of leads.csv, and a bad value after an unknown lead (`_Activities.error`).
        pending = pool.submit(_prepare_activities, acts) if _side_by_side(folder) else None
        dealers = read_dealers(folder / "dealers.csv")
        raw = _read_csv(
            folder / "leads.csv",
            ("lead_id", "dealer", "source", "received_at"),
            {*LEADS, "country"},
            instants=("received_at", "closed_at"),
            coded=_LEAD_CODES,
        )
        dealers = _with_unlisted_dealers(dealers, raw)
        zones = dict(dealers.select("dealer", "timezone").iter_rows())
        countries = dict(dealers.select("dealer", "country").iter_rows())
        leads, keys = read_leads(raw, zones, countries, repeat_window_days)
        del raw
        prepared = pending.result() if pending is not None else None
        activities = read_activities(acts, keys, leads, zones, prepared)
    inputs = Inputs(
        leads=conform(leads, LEADS, "leads.csv"),
        activities=activities,
        dealers=dealers,
        costs=read_costs(folder / "costs.csv"),
        sales=read_sales(folder / "sales.csv", zones, countries),
    )
    validate_inputs(inputs)
    return inputs


# leads.csv's columns of few distinct values (lower-cased first: True), held as categories
# while the leads are worked out: 4 bytes a row, not a 16-byte string view and its text, in
# every copy merging the repeats makes (at ten million leads, gigabytes of the peak). The core
# gets LEADS' types again (`conform`).
_LEAD_CODES = {
    "dealer": False,
    "source": True,
    "campaign": False,
    "vehicle_make": False,
    "vehicle_model": False,
    "vehicle_condition": True,
    "salesperson": False,
    "status": True,
    "lost_reason": False,
}

# Up to this much CSV (leads.csv and activities.csv: about three million leads), the two are
# read side by side; past it one after the other, which at ten million leads kept the peak
# memory under 8 GB, for about a second more per million.
SIDE_BY_SIDE_BYTES = 1_500_000_000


def _side_by_side(folder: Path) -> bool:
    """Whether activities.csv is read in a second thread while the leads are worked out."""
    files = [folder / "leads.csv", folder / "activities.csv"]
    return files[1].is_file() and sum(f.stat().st_size for f in files) <= SIDE_BY_SIDE_BYTES


def _read_csv(
    path: Path,
    required: tuple[str, ...],
    wanted: Iterable[str] | None = None,
    instants: tuple[str, ...] = (),
    coded: Mapping[str, bool] | None = None,
) -> pl.DataFrame:
    """The columns the core uses (all if `wanted` is None) as text, names trimmed and
    lower-cased; required columns must be there. Unknown columns are not even parsed.

    The file is read in batches (a streaming scan), so it is never held whole beside its
    columns: at ten million leads that is gigabytes of peak memory. The `instants` columns
    are parsed in the same pass when every value has the common shape
    (2025-03-14T21:05:00+01:00): 41 bytes of text a row are never held; one other value
    and the file is read again as text, for `parse_instants` to read or name it. The `coded`
    columns are held as categories (lower-cased first where marked True), also in the pass."""
    try:
        header = pl.read_csv(path, infer_schema=False, n_rows=0).columns
        names = {c: c.strip().lower() for c in header}
        keep = [c for c in header if wanted is None or names[c] in wanted]
        text: dict[str, pl.Expr] = {
            names[c]: pl.when(pl.col(c) != "").then(pl.col(c)) for c in keep
        }  # "": missing
        for name, lowered in (coded or {}).items():
            if name in text:
                value = text[name].str.to_lowercase() if lowered else text[name]
                text[name] = value.cast(pl.Categorical)
        typed = {n: _instant_in_stream(text[n]) for n in instants if n in text}
        frame = None
        if typed and len(text) == len(keep):
            columns = [typed[n][0] if n in typed else t for n, t in text.items()]
            bad = pl.any_horizontal(b for _, b in typed.values())
            frame = _scan(path, [c.alias(n) for c, n in zip(columns, text, strict=True)], bad)
        if frame is None:
            frame = (
                pl.scan_csv(path, infer_schema=False)
                .select(t.alias(n) for n, t in text.items())
                .collect(engine="streaming")
            )
    except (pl.exceptions.ComputeError, UnicodeDecodeError) as error:
        raise FrameError(path.name, None, None, f"not a readable UTF-8 CSV ({error})") from None
    for column in required:
        if column not in frame.columns:
            raise FrameError(path.name, 1, column, "required column missing from the header")
    return frame


def _scan(path: Path, columns: list[pl.Expr], bad: pl.Expr) -> pl.DataFrame | None:
    """The columns of a CSV read in one streaming pass; None when `bad` holds for a row."""
    scan = pl.scan_csv(path, infer_schema=False)
    frame = scan.select(*columns, bad.alias("_bad")).collect(engine="streaming")
    return None if frame["_bad"].any() else frame.drop("_bad")


def _instant_in_stream(text: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """A text column of the common shape (YYYY-MM-DDTHH:MM:SS±HH:MM) as UTC instants, and
    whether a row's value is not one (it is there but of another shape or not a time): the
    text path then reads the file, so the instants and the errors are its own."""
    at = text.str.to_datetime(_ISO_WITH_OFFSET, strict=False, time_unit="us")
    shaped = (text.str.len_bytes() == 25) & text.str.slice(19, 1).is_in(["+", "-"])
    bad = text.is_not_null() & (~shaped.fill_null(False) | at.is_null())
    return at.dt.convert_time_zone("UTC"), bad


def read_dealers(path: Path) -> pl.DataFrame:
    """dealers.csv, with the defaults filled in; an empty frame when there is no file."""
    if not path.is_file():
        return conform(
            pl.DataFrame({"dealer": []}, schema={"dealer": pl.String}), DEALERS, path.name
        )
    frame = _read_csv(path, ("dealer",))
    frame = conform(frame, DEALERS, path.name).with_columns(
        pl.col("timezone").fill_null(DEFAULT_TIMEZONE),
        pl.col("country").fill_null(DEFAULT_COUNTRY).str.to_uppercase(),
    )
    _check_timezones(frame, path.name)
    return frame


def _check_timezones(dealers: pl.DataFrame, place: str) -> None:
    for row, tz in enumerate(dealers["timezone"].to_list()):
        try:
            pl.Series([0], dtype=pl.Datetime("us")).dt.replace_time_zone(tz)
        except pl.exceptions.PolarsError:
            raise FrameError(place, row + 2, "timezone", f"unknown time zone {tz!r}") from None


def _with_unlisted_dealers(dealers: pl.DataFrame, leads: pl.DataFrame) -> pl.DataFrame:
    """Dealers named in leads.csv but not in dealers.csv get the default calendar."""
    named = leads.select(pl.col("dealer").drop_nulls().unique().cast(pl.String))
    missing = named.join(dealers.select("dealer"), on="dealer", how="anti")
    if missing.height == 0:
        return dealers
    filled = conform(missing, DEALERS, "dealers").with_columns(
        pl.lit(DEFAULT_TIMEZONE).alias("timezone"), pl.lit(DEFAULT_COUNTRY).alias("country")
    )
    return pl.concat([dealers, filled])


def parse_instants(
    frame: pl.DataFrame, column: str, zones: Mapping[str, str], place: str
) -> pl.DataFrame:
    """`column` as UTC instants: with an offset as written, without one in the dealer's zone.

    The common shape (2025-03-14T21:05:00+01:00) is read by Arrow's ISO 8601 parser when
    every value has it, else cut apart with string slices (several times faster than a
    general parser); only when some value has another shape do the general formats run.
    """
    if frame.schema[column] == UTC:
        return frame  # read typed already (`_read_csv`)
    common = _common_shape_by_arrow(frame[column])
    if common is not None:
        return frame.with_columns(common)
    parsed = frame.with_columns(_common_shape(pl.col(column)).alias("_at"))
    if parsed["_at"].null_count() > frame[column].null_count():
        parsed = parsed.with_columns(
            pl.coalesce("_at", _any_shape(pl.col(column), zones)).alias("_at")
        )
    if parsed["_at"].null_count() == frame[column].null_count():
        return parsed.with_columns(pl.col("_at").alias(column)).drop("_at")
    bad = parsed.with_row_index("_row").filter(
        pl.col("_at").is_null() & pl.col(column).is_not_null()
    )
    if bad.height:
        value = bad[column][0]
        problem = f"{value!r} is not an ISO 8601 timestamp (like 2025-03-14T21:05:00+01:00)"
        raise FrameError(place, int(bad["_row"][0]) + 2, column, problem)
    return parsed.with_columns(pl.col("_at").alias(column)).drop("_at")


def _common_shape_by_arrow(text: pl.Series) -> pl.Series | None:
    """The column as UTC instants when every value is YYYY-MM-DDTHH:MM:SS±HH:MM (or null),
    read by Arrow's ISO 8601 parser: about four times less work than slicing. None when a
    value has another shape or Arrow refuses one (24:00, an offset of +25:00): the slicing
    path then reads the column as before, and names a bad value's row."""
    values = text.drop_nulls()
    if values.len() == 0:
        return None
    lengths = values.str.len_bytes()
    if lengths.min() != 25 or lengths.max() != 25:
        return None
    if not values.str.slice(19, 1).is_in(["+", "-"]).all():
        return None
    try:
        parsed = pc.cast(text.to_arrow(), pa.timestamp("us", "UTC"))
    except pa.ArrowInvalid:
        return None
    return pl.Series(text.name, parsed, dtype=pl.Datetime("us", "UTC"))


def _common_shape(text: pl.Expr) -> pl.Expr:
    """YYYY-MM-DDTHH:MM:SS±HH:MM, read by slicing; null for any other shape."""
    shaped = (text.str.len_bytes() == 25) & text.str.slice(19, 1).is_in(["+", "-"])
    wall = text.str.slice(0, 19).str.to_datetime("%Y-%m-%dT%H:%M:%S", strict=False, time_unit="us")
    sign = pl.when(text.str.slice(19, 1) == "-").then(-1).otherwise(1)
    hours = text.str.slice(20, 2).str.to_integer(strict=False)
    minutes = text.str.slice(23, 2).str.to_integer(strict=False)
    utc = wall - pl.duration(minutes=sign * (hours * 60 + minutes))
    return pl.when(shaped).then(utc.dt.replace_time_zone("UTC"))


def _any_shape(text: pl.Expr, zones: Mapping[str, str]) -> pl.Expr:
    """Every shape we accept: offsets with or without seconds and fractions, Z, a space for
    the T, and naive times (read in the dealer's zone)."""
    text = text.str.replace(r"^(\d{4}-\d\d-\d\d) ", "${1}T").str.replace(r"Z$", "+00:00")
    aware = [
        text.str.to_datetime(f, strict=False, time_unit="us", time_zone="UTC")
        for f in _OFFSET_FORMATS
    ]
    naive = pl.coalesce(
        [text.str.to_datetime(f, strict=False, time_unit="us") for f in _NAIVE_FORMATS]
    )
    return pl.coalesce(*aware, _in_dealer_zone(naive, zones))


def _in_dealer_zone(naive: pl.Expr, zones: Mapping[str, str]) -> pl.Expr:
    def placed(tz: str) -> pl.Expr:
        wall = naive.dt.replace_time_zone(tz, ambiguous="earliest", non_existent="null")
        return wall.dt.convert_time_zone("UTC")

    expr = placed(DEFAULT_TIMEZONE)
    for tz in set(zones.values()) - {DEFAULT_TIMEZONE}:
        names = [d for d, z in zones.items() if z == tz]
        expr = pl.when(pl.col("dealer").is_in(names)).then(placed(tz)).otherwise(expr)
    return expr


def read_leads(
    raw: pl.DataFrame, zones: Mapping[str, str], countries: Mapping[str, str], window_days: int
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """leads.csv normalised, with repeat inquiries merged into the lead they repeat."""
    place = "leads.csv"
    for column in ("lead_id", "dealer", "source", "received_at"):
        _require(raw, column, place)
    if raw["lead_id"].n_unique() == raw.height:  # the rows are searched only when one repeats
        duplicate = raw.clear()
    else:
        duplicate = raw.with_row_index("_row").filter(pl.col("lead_id").is_duplicated())
    if duplicate.height:
        raise FrameError(
            place,
            int(duplicate["_row"][1]) + 2,
            "lead_id",
            f"lead_id {duplicate['lead_id'][1]!r} appears twice",
        )
    raw = raw.with_columns(_phone_region(raw, countries))
    leads = conform(raw, {**_as_text(LEADS, raw), "_region": pl.String()}, place).with_columns(
        pl.col("status").fill_null("open"), contact.normalise_email("email")
    )
    _require_known(leads, "status", LEAD_STATUSES, place)
    leads = contact.normalise_phones(leads, "phone", "_region").drop("_region")
    for column in ("received_at", "closed_at"):
        leads = parse_instants(leads, column, zones, place)
    return merge_repeats(leads, window_days)


def _phone_region(frame: pl.DataFrame, countries: Mapping[str, str]) -> pl.Expr:
    """The region a row's phone is read in: its own country column when it has one, else
    the dealer's (contact.region_column)."""
    dealer = pl.col("dealer").replace_strict(countries, default=DEFAULT_COUNTRY)
    own = pl.col("country") if "country" in frame.columns else pl.lit(None, dtype=pl.String)
    return contact.region_column(own, dealer).alias("_region")


def merge_repeats(leads: pl.DataFrame, window_days: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """One row per lead (the first inquiry's fields, the best status by `repeats.OUTCOME_RANK`
    with its close, the repeat count), and the key of the lead every original lead_id now
    belongs to, for re-keying activities."""
    person = repeats.person_ids(leads.select("dealer", "phone", "email"))
    first = repeats.first_inquiry(leads, person, window_days)
    own = np.arange(len(first))
    leads = leads.with_columns(
        pl.Series("lead_key", own), pl.Series("_first", first), pl.Series("person", person)
    )
    keys = leads.select("lead_id", pl.col("_first").alias("lead_key"))
    merged = leads.filter(pl.col("_first") == pl.col("lead_key")).with_columns(
        pl.lit(0, dtype=pl.Int32).alias("repeat_inquiries")
    )
    repeated = np.unique(first[first != own])
    if len(repeated) == 0:
        return _with_came_back(merged, leads).drop("_first"), keys
    rank = pl.col("status").replace_strict(repeats.OUTCOME_RANK)
    outcome = (
        leads.filter(pl.col("_first").is_in(pl.Series(repeated).implode()))
        .group_by("_first")
        .agg(
            (pl.len() - 1).cast(pl.Int32).alias("_repeats"),
            pl.col("status").sort_by(rank).first().alias("_status"),
            pl.col("closed_at").sort_by(rank, "closed_at").first().alias("_closed"),
        )
    )
    # only the key is joined (a join copies every column it carries: gigabytes at ten
    # million leads), in lead_key order already, and the outcome set beside the rest
    found = merged.select("_first").join(outcome, on="_first", how="left", maintain_order="left")
    merged = merged.with_columns(
        found["_repeats"].fill_null(0).alias("repeat_inquiries"),
        pl.coalesce(found["_status"], "status").alias("status"),
        pl.when(found["_status"].is_null())
        .then(pl.col("closed_at"))
        .otherwise(found["_closed"])
        .alias("closed_at"),
    )
    return _with_came_back(merged, leads).drop("_first"), keys


def _with_came_back(merged: pl.DataFrame, rows: pl.DataFrame) -> pl.DataFrame:
    """When the person asked again after a loss: any of the lead's rows closed lost counts,
    even when a later row of the same lead reopened it (the database keeps such a lead lost).
    Every row is also an inquiry, so only people with more than one row can come back: the
    as-of join runs on those few rows, not on every lead."""
    rows = rows.filter(pl.col("person").is_duplicated())
    back = (
        rows.select("_first", repeats.came_back_at(rows, rows))
        .filter(pl.col("came_back_at").is_not_null())
        .group_by("_first")
        .agg(pl.col("came_back_at").min())
    )
    found = merged.select("_first").join(back, on="_first", how="left", maintain_order="left")
    return merged.with_columns(found["came_back_at"])  # the key joined, not every column


@dataclass(frozen=True)
class _Activities:
    """activities.csv checked and parsed as far as it can be without the leads: `error` is
    a bad value found (raised only after the lead ids are checked, so the errors keep their
    order), `timed` whether `at` is parsed already (a time without an offset needs its
    dealer's zone, so it is parsed after the leads)."""

    frame: pl.DataFrame
    error: FrameError | None = None
    timed: bool = False


def _prepare_activities(path: Path) -> _Activities:
    typed = _read_activities_typed(path)
    if typed is not None:
        return _Activities(typed, timed=True)
    return _prepare_activities_as_text(path)


# The columns of activities.csv the typed reading knows; a file with others (inbound,
# evidence) is read as text.
_TYPED_ACTIVITY_COLUMNS = (
    "lead_id",
    "at",
    "kind",
    "outcome",
    "duration_s",
    "salesperson",
    "script",
)
_ISO_WITH_OFFSET = "%Y-%m-%dT%H:%M:%S%:z"


def _read_activities_typed(path: Path) -> pl.DataFrame | None:
    """activities.csv parsed batch by batch as it is read, when every value is as the text
    path would read it without a second look; else None (the text path reads the file and
    names the file, row and column of a bad value).

    Read as text, the whole file is held as strings before it is parsed: 1.2 GB of the 1.8 GB
    peak at a million leads, so ten million would not fit in 8 GB. Here only the typed
    columns are held: `at` as an instant, the kind as an Enum, outcome, salesperson and
    script as categories. A value is taken only in the shape the text path reads the same
    way: `at` as 2025-03-14T21:05:00+01:00, a kind written as listed, an outcome known,
    a duration that is a number, every required value there; one other value anywhere and
    the file is read as text, as before, so the frames and the errors are the text path's.
    """
    try:
        header = pl.read_csv(path, infer_schema=False, n_rows=0).columns
    except (pl.exceptions.ComputeError, UnicodeDecodeError):
        return None
    names = {c: c.strip().lower() for c in header}
    wanted = {c: n for c, n in names.items() if n in {"lead_id", *ACTIVITIES}}
    if (
        len(set(names.values())) != len(names)
        or not {"lead_id", "at", "kind"} <= set(wanted.values())
        or not set(wanted.values()) <= set(_TYPED_ACTIVITY_COLUMNS)
    ):
        return None
    text = {n: pl.when(pl.col(c) != "").then(pl.col(c)) for c, n in wanted.items()}  # "": missing
    at, bad_at = _instant_in_stream(text["at"])
    columns = [
        text["lead_id"].alias("lead_id"),
        at.alias("at"),
        text["kind"].cast(ACTIVITIES["kind"], strict=False).alias("kind"),
    ]
    bad = text["lead_id"].is_null() | text["at"].is_null() | bad_at
    bad |= ~text["kind"].is_in(ACTIVITY_KINDS).fill_null(False)
    if "outcome" in text:
        known = text["outcome"].is_in(ACTIVITY_KINDS + OUTCOMES)
        bad |= text["outcome"].is_not_null() & ~known.fill_null(False)
        columns.append(text["outcome"].cast(pl.Categorical).alias("outcome"))
    if "duration_s" in text:
        number = text["duration_s"].cast(pl.Float64, strict=False)
        bad |= text["duration_s"].is_not_null() & number.is_null()
        columns.append(number.alias("duration_s"))
    columns += [
        text[c].cast(pl.Categorical).alias(c) for c in ("salesperson", "script") if c in text
    ]
    try:
        return _scan(path, columns, bad)
    except (pl.exceptions.PolarsError, UnicodeDecodeError):
        return None


def _prepare_activities_as_text(path: Path) -> _Activities:
    place = path.name
    frame = _read_csv(path, ("lead_id", "at", "kind"), {"lead_id", *ACTIVITIES})
    for column in ("lead_id", "at", "kind"):
        _require(frame, column, place)
    if "outcome" not in frame.columns:
        frame = frame.with_columns(pl.lit(None, pl.String).alias("outcome"))
    try:
        frame = _lower_unless_known(_lower_unless_known(frame, "kind"), "outcome")
        _require_known(frame, "kind", ACTIVITY_KINDS, place)
        common = _common_shape_by_arrow(frame["at"])
        if common is None:
            return _Activities(frame)
        frame = _check_number(frame.with_columns(common), "duration_s", place)
    except FrameError as error:
        return _Activities(frame, error)
    return _Activities(frame, timed=True)


def read_activities(
    path: Path,
    keys: pl.DataFrame,
    leads: pl.DataFrame,
    zones: Mapping[str, str],
    prepared: _Activities | None = None,
) -> pl.DataFrame:
    """activities.csv on the merged leads; an activity of an unknown lead_id is an error
    (before a bad value of the file: `_Activities.error`). `prepared` is what
    `_prepare_activities` made of the file, when that is done already."""
    if not path.is_file():
        return conform(pl.DataFrame(), ACTIVITIES, path.name).clear()  # no rows, not one null row
    place = path.name
    prepared = prepared if prepared is not None else _prepare_activities(path)
    keyed = prepared.frame.with_columns(_lead_keys(prepared.frame["lead_id"], keys))
    if keyed["lead_key"].null_count():
        unknown = keyed.with_row_index("_row").filter(pl.col("lead_key").is_null())
        raise FrameError(
            place,
            int(unknown["_row"][0]) + 2,
            "lead_id",
            f"no lead {unknown['lead_id'][0]!r} in leads.csv",
        )
    if prepared.error is not None:
        raise prepared.error
    if not prepared.timed:  # the general formats read a naive time in the lead's dealer's zone
        dealer = leads.select("lead_key", "dealer")
        keyed = keyed.join(dealer, on="lead_key", how="left", maintain_order="left")
        keyed = _check_number(parse_instants(keyed, "at", zones, place), "duration_s", place)
    return conform(keyed, ACTIVITIES, place).with_columns(
        pl.lit(False).alias("inbound"), pl.lit(False).alias("automatic")
    )


def _lead_keys(lead_ids: pl.Series, keys: pl.DataFrame) -> pl.Series:
    """The lead_key of each activity's lead_id (null when leads.csv has no such lead).

    An export lists a lead's activities together, so the text ids are looked up once per run
    of equal ids (a million runs for four million activities), not once per activity."""
    starts = lead_ids.ne_missing(lead_ids.shift(1)).fill_null(True)
    run = starts.cast(pl.UInt32).cum_sum() - 1
    heads = lead_ids.filter(starts).to_frame("lead_id")
    found = heads.join(keys, on="lead_id", how="left", maintain_order="left")["lead_key"]
    return found.gather(run).alias("lead_key")


def _lower_unless_known(frame: pl.DataFrame, column: str) -> pl.DataFrame:
    """The column lower-cased, unless every value is already written as expected (then the
    work is skipped: a check of the few distinct values)."""
    distinct = frame[column].unique()
    if (distinct.is_in(ACTIVITY_KINDS + OUTCOMES) | distinct.is_null()).all():
        return frame
    return frame.with_columns(pl.col(column).str.to_lowercase())


def read_costs(path: Path) -> pl.DataFrame | None:
    """costs.csv (dealer may be empty: shared), or None when the folder has no costs."""
    if not path.is_file():
        return None
    place = path.name
    frame = _read_csv(path, ("source", "month", "amount"))
    for column in ("source", "month", "amount"):
        _require(frame, column, place)
    bad = frame.with_row_index("_row").filter(
        ~pl.col("month").str.contains(r"^\d{4}-(0[1-9]|1[0-2])$")
    )
    if bad.height:
        raise FrameError(
            place,
            int(bad["_row"][0]) + 2,
            "month",
            f"{bad['month'][0]!r} is not a month like 2025-03",
        )
    frame = _check_number(frame, "amount", place)
    return conform(frame.with_columns(pl.col("source").str.to_lowercase()), COSTS, place)


def read_sales(
    path: Path, zones: Mapping[str, str], countries: Mapping[str, str]
) -> pl.DataFrame | None:
    """sales.csv with contacts normalised like the leads', or None when there is none."""
    if not path.is_file():
        return None
    place = path.name
    frame = _read_csv(path, ("dealer", "ordered_at"))
    for column in ("dealer", "ordered_at"):
        _require(frame, column, place)
    frame = frame.with_columns(_phone_region(frame, countries))
    frame = conform(frame, {**_as_text(SALES, frame), "_region": pl.String()}, place).with_columns(
        contact.normalise_email("email"),
    )
    frame = contact.normalise_phones(frame, "phone", "_region").drop("_region")
    return conform(parse_instants(frame, "ordered_at", zones, place), SALES, place)


def _as_text(schema: Mapping[str, pl.DataType], frame: pl.DataFrame) -> dict[str, pl.DataType]:
    """The schema with its timestamps still text, to be parsed by `parse_instants`, but for
    those the reader parsed already, and the columns read as categories kept so."""
    read = frame.schema
    return {
        k: pl.String()
        if isinstance(v, pl.Datetime) and read.get(k) != v
        else read[k]
        if read.get(k) == pl.Categorical
        else v
        for k, v in schema.items()
    }


def _require(frame: pl.DataFrame, column: str, place: str) -> None:
    if frame[column].null_count() == 0:
        return
    missing = frame.with_row_index("_row").filter(pl.col(column).is_null())
    if missing.height:
        raise FrameError(place, int(missing["_row"][0]) + 2, column, "a value is required")


def _require_known(frame: pl.DataFrame, column: str, known: tuple[str, ...], place: str) -> None:
    distinct = frame[column].unique()
    if (distinct.is_in(known) | distinct.is_null()).all():
        return
    bad = frame.with_row_index("_row").filter(
        pl.col(column).is_not_null() & ~pl.col(column).is_in(known)
    )
    if bad.height:
        expected = ", ".join(known)
        raise FrameError(
            place,
            int(bad["_row"][0]) + 2,
            column,
            f"unknown value {bad[column][0]!r} (expected one of {expected})",
        )


def _check_number(frame: pl.DataFrame, column: str, place: str) -> pl.DataFrame:
    """The frame with `column` as numbers (cast once); a value that is not one is an error."""
    if column not in frame.columns:
        return frame
    number = frame[column].cast(pl.Float64, strict=False)
    if number.null_count() == frame[column].null_count():
        return frame.with_columns(number)
    bad = frame.with_row_index("_row").filter(
        pl.col(column).is_not_null() & pl.col(column).cast(pl.Float64, strict=False).is_null()
    )
    raise FrameError(place, int(bad["_row"][0]) + 2, column, f"{bad[column][0]!r} is not a number")
