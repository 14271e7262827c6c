"""The normalised input tables every report starts from, and their validation.

The exchange reader and the database extract both produce these frames, so the rest of the
core never knows where the data came from. Times are UTC; names are as the dealer wrote them,
except sources, which are lower-cased so "AutoTrack" and "autotrack" are one source.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl

UTC = pl.Datetime("us", "UTC")

LEADS: Mapping[str, pl.DataType] = {
    "lead_key": pl.Int64(),
    "lead_id": pl.String(),
    "dealer": pl.String(),
    "source": pl.String(),
    "campaign": pl.String(),
    "received_at": UTC,
    "email": pl.String(),
    "phone": pl.String(),
    "vehicle_make": pl.String(),
    "vehicle_model": pl.String(),
    "vehicle_condition": pl.String(),
    "salesperson": pl.String(),
    "status": pl.String(),
    "closed_at": UTC,
    "lost_reason": pl.String(),
    "repeat_inquiries": pl.Int32(),
    "came_back_at": UTC,
    "person": pl.Int64(),  # the same person's leads share it (analytics.repeats); not read
}

ACTIVITY_KINDS = (
    "call",
    "email",
    "sms",
    "whatsapp",
    "appointment",
    "visit",
    "test_drive",
    "quote",
    "order",
    "lost",
    "note",
)

# Activities are the biggest table (four to six a lead): their few distinct texts are held
# as codes (an Enum, categories), 1-4 bytes a row instead of a 16-byte string view.
ACTIVITIES: Mapping[str, pl.DataType] = {
    "lead_key": pl.Int64(),
    "at": UTC,
    "kind": pl.Enum(ACTIVITY_KINDS),
    "outcome": pl.Categorical(),
    "duration_s": pl.Float64(),
    "salesperson": pl.Categorical(),
    "script": pl.Categorical(),
    "inbound": pl.Boolean(),
    "automatic": pl.Boolean(),
    # phone_system, scoreline_mail, import or hand (DESIGN.md, "evidence"); optional
    "evidence": pl.Categorical(),
}
EVIDENCE = ("phone_system", "scoreline_mail", "import", "hand")
PHONE_SYSTEM = "phone_system"

COSTS: Mapping[str, pl.DataType] = {
    "dealer": pl.String(),
    "source": pl.String(),
    "month": pl.String(),
    "amount": pl.Float64(),
}

DEALERS: Mapping[str, pl.DataType] = {
    "dealer": pl.String(),
    "timezone": pl.String(),
    "country": pl.String(),
    "opening_hours": pl.String(),
    # Dated changes to the week, e.g. "2026-12-24=09:00-14:00;2026-12-31=off" (optional).
    "exceptions": pl.String(),
}

SALES: Mapping[str, pl.DataType] = {
    "dealer": pl.String(),
    "ordered_at": UTC,
    "email": pl.String(),
    "phone": pl.String(),
    "order_id": pl.String(),
}

LEAD_STATUSES = ("open", "won", "lost", "spam")
DEFAULT_TIMEZONE = "Europe/Amsterdam"
DEFAULT_COUNTRY = "NL"
DEFAULT_OPENING_HOURS = "Mo-Fr 09:00-18:00; Sa 09:00-17:00"


class FrameError(ValueError):
    """Bad input data, with the file (or table), row and column where it was found."""

    def __init__(self, place: str, row: int | None, column: str | None, problem: str) -> None:
        where = place
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column {column!r}"
        super().__init__(f"{where}: {problem}")
        self.place, self.row, self.column, self.problem = place, row, column, problem


@dataclass(frozen=True)
class Inputs:
    """Everything one report reads. costs and sales are None when the data has none."""

    leads: pl.DataFrame
    activities: pl.DataFrame
    dealers: pl.DataFrame
    costs: pl.DataFrame | None = None
    sales: pl.DataFrame | None = None


def conform(frame: pl.DataFrame, schema: Mapping[str, pl.DataType], place: str) -> pl.DataFrame:
    """The frame with exactly the schema's columns in order; missing optional ones are null."""
    columns: list[pl.Expr | pl.Series] = []
    for name, dtype in schema.items():
        if name in frame.columns:
            columns.append(_cast(frame, name, dtype, place))
        else:
            columns.append(pl.lit(None, dtype=dtype).alias(name))
    return frame.select(columns)


def _cast(frame: pl.DataFrame, name: str, dtype: pl.DataType, place: str) -> pl.Expr | pl.Series:
    if frame.schema[name] == dtype:
        return pl.col(name)
    try:
        return frame[name].cast(dtype, strict=True)  # cast once, kept
    except pl.exceptions.PolarsError:
        bad = frame.with_row_index("_row").filter(
            pl.col(name).cast(dtype, strict=False).is_null() & pl.col(name).is_not_null()
        )
        row = int(bad["_row"][0]) if bad.height else None
        value = bad[name][0] if bad.height else None
        raise FrameError(place, row, name, f"{value!r} is not a {dtype}") from None


def validate_inputs(inputs: Inputs) -> None:
    """Refuse tables the core cannot read, naming the table, row and column."""
    _require_values(inputs.leads, "leads", ("lead_key", "dealer", "source", "received_at"))
    _require_known(inputs.leads, "leads", "status", LEAD_STATUSES)
    _require_values(inputs.activities, "activities", ("lead_key", "at", "kind"))
    _require_known(inputs.activities, "activities", "kind", ACTIVITY_KINDS)
    duplicated = inputs.leads.with_row_index("_row").filter(pl.col("lead_key").is_duplicated())
    if duplicated.height:
        raise FrameError("leads", int(duplicated["_row"][0]), "lead_key", "lead key repeated")


def _require_values(frame: pl.DataFrame, place: str, columns: tuple[str, ...]) -> None:
    for column in columns:
        missing = frame.select(
            pl.col(column).is_null().arg_max().alias("row"), pl.col(column).null_count().alias("n")
        )
        if missing.item(0, 1):
            raise FrameError(place, int(missing.item(0, 0)), column, "a value is required")


def _require_known(frame: pl.DataFrame, place: str, column: str, known: tuple[str, ...]) -> None:
    distinct = frame[column].unique()  # a few values: checked before rows are searched
    if (distinct.is_in(known) | distinct.is_null()).all():
        return
    bad = frame.with_row_index("_row").filter(
        pl.col(column).is_not_null() & ~pl.col(column).is_in(known)
    )
    if bad.height:
        raise FrameError(
            place,
            int(bad["_row"][0]),
            column,
            f"unknown value {bad[column][0]!r} (expected one of {', '.join(known)})",
        )
