"""The only door from the database into the analytics core: ORM queries in, input frames out.

It reads the same tables the exchange folder describes — leads with their person and
repeat count, activities, monthly costs, dealers, orders — and hands them over as the frames
of `frames.py`, so a report on the database and on an exchange folder share every line of
the computation after this one.

Speed: each big table is one narrow query (ids, not joined names), streamed by COPY into
Polars on PostgreSQL and read in large batches on SQLite; names are joined from small lookup
tables and timestamps parsed per column, never per row. Sources keep their display name
("AutoTrack").
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

import polars as pl
from django.db import connections
from django.db.models import Count, Q, QuerySet, TextField
from django.db.models.functions import Cast

from scoreline.analytics import business, repeats
from scoreline.analytics.frames import (
    ACTIVITIES,
    COSTS,
    DEALERS,
    LEADS,
    SALES,
    UTC,
    Inputs,
    validate_inputs,
)
from scoreline.analytics.standard import FollowUpStandard, ReportSettings
from scoreline.dealers.models import Dealer, OpeningException
from scoreline.followup.models import Activity, CallScript, Direction
from scoreline.followup.models import FollowUpStandard as StandardRow
from scoreline.leads.models import (
    Campaign,
    Inquiry,
    Lead,
    LeadStatus,
    LostReason,
    MonthlyCost,
    Order,
    Source,
)

# Below this many judged leads a dealer's own history is too thin for the verdict's model.
MIN_OWN_HISTORY = 1_000


INT, TEXT = pl.Int64(), pl.String()
# Each frame's column: (the queryset's field, its type). Ids are named from small lookups.
LEAD_COLUMNS: Mapping[str, tuple[str, pl.DataType]] = {
    "lead_key": ("pk", INT),
    "dealer_id": ("dealer_id", INT),
    "person": ("person_id", INT),
    "source_id": ("source_id", INT),
    "campaign_id": ("campaign_id", INT),
    "received_at": ("received_at", UTC),
    "email": ("person__email", TEXT),
    "phone": ("person__phone", TEXT),
    "vehicle_make": ("vehicle_make", TEXT),
    "vehicle_model": ("vehicle_model", TEXT),
    "vehicle_condition": ("vehicle_condition", TEXT),
    "assigned_to_id": ("assigned_to_id", INT),
    "status": ("status", TEXT),
    "closed_at": ("closed_at", UTC),
    "lost_reason_id": ("lost_reason_id", INT),
}
ACTIVITY_COLUMNS: Mapping[str, tuple[str, pl.DataType]] = {
    "lead_key": ("lead_id", INT),
    "at": ("at", UTC),
    "kind": ("kind", TEXT),
    "outcome": ("outcome", TEXT),
    "duration_s": ("duration_s", pl.Float64()),
    "by_id": ("by_id", INT),
    "script_id": ("script_id", INT),
    "direction": ("direction", TEXT),
    "automatic": ("is_automatic", pl.Boolean()),
    "evidence": ("evidence", TEXT),
}


@dataclass(frozen=True)
class History:
    """Which dealers' leads a report on `dealers` reads, and why."""

    dealers: tuple[str, ...]
    own_judged: int
    borrowed: bool  # the group's leads were added for the model: the own history is thin


def read_database(dealers: Sequence[str] = ()) -> Inputs:
    """The input frames of the whole database, or of the named dealers only.

    Costs shared by every dealer (no dealer on the row) come, for named dealers, as each
    one's share: divided over the whole database's leads, exactly as the core divides them.
    """
    ids = _dealer_ids(dealers)
    names = _names(Dealer.objects.all(), "name")
    leads = Lead.objects.all() if ids is None else Lead.objects.filter(dealer_id__in=ids)
    activities = Activity.objects.all()
    if ids is not None:
        activities = activities.filter(lead__dealer_id__in=ids)
    inputs = Inputs(
        leads=_leads(leads, names),
        activities=pl.concat([_activities(activities), _order_activities(ids)]).sort(
            "lead_key", "at", maintain_order=True
        ),
        dealers=_dealers(ids),
        costs=_costs(ids, names),
        sales=_sales(ids, names),
    )
    validate_inputs(inputs)
    return inputs


def history_for(dealers: Sequence[str], as_of: datetime) -> History:
    """The dealers to read for a report on `dealers`: their own leads, or also their
    groups' when their judged history (closed, or past the attribution window) is thin."""
    chosen = Dealer.objects.filter(name__in=dealers)
    own = sum(_judged(dealer, as_of) for dealer in chosen)
    if own >= MIN_OWN_HISTORY:
        return History(tuple(dealers), own, borrowed=False)
    groups = [d.group_id for d in chosen if d.group_id is not None]
    grouped = Dealer.objects.filter(Q(group_id__in=groups) | Q(name__in=dealers))
    wider = tuple(sorted(grouped.values_list("name", flat=True)))
    return History(wider, own, borrowed=len(wider) > len(set(dealers)))


def dealer_settings(
    base: ReportSettings, dealers: Sequence[str] = ()
) -> tuple[ReportSettings, tuple[str, ...]]:
    """`base` with the target, margin per sale and attribution window the dealers (all of
    them when none are named) agree on, and the names of the fields where they differ.

    The core takes one value of each per report, so a field the dealers disagree on keeps
    `base`'s value.
    """
    rows = Dealer.objects.filter(name__in=dealers) if dealers else Dealer.objects.all()
    values = list(rows.values_list("target_conversion", "margin_per_sale", "attribution_days"))
    if not values:
        return base, ()
    fields = ("target", "margin_per_sale", "attribution_days")
    agreed: dict[str, Any] = {}
    differing = []
    for i, field in enumerate(fields):
        seen = {row[i] for row in values}
        if len(seen) == 1:
            agreed[field] = type(getattr(base, field))(seen.pop())
        else:
            differing.append(field)
    return replace(base, **agreed), tuple(differing)


def source_names() -> list[tuple[str, str]]:
    """Every source's (name, slug): the report names a source as the data does, the pages
    and sentences as the reader's language does (`leads.names`)."""
    return list(Source.objects.values_list("name", "slug"))


def unknown_dealers(dealers: Sequence[str]) -> list[str]:
    """The names among `dealers` that no dealer in the database has."""
    known = set(Dealer.objects.filter(name__in=dealers).values_list("name", flat=True))
    return [name for name in dealers if name not in known]


def dealer_standards(dealers: Sequence[str] = ()) -> dict[str, FollowUpStandard]:
    """Each dealer's own follow-up standard, where it set one."""
    rows = StandardRow.objects.select_related("dealer")
    if dealers:
        rows = rows.filter(dealer__name__in=dealers)
    return {row.dealer.name: row.rule() for row in rows}


# --- reading ------------------------------------------------------------------------------


def _fetch(rows: QuerySet[Any], columns: Mapping[str, tuple[str, pl.DataType]]) -> pl.DataFrame:
    """The queryset's rows as `columns` (name: (field, type)), in bulk, never row by row.

    The SQL comes from the queryset (`sql_with_params`), skipping Django's per-row
    converters. PostgreSQL streams it with `COPY … TO STDOUT` as CSV into Polars' typed CSV
    reader; SQLite has no COPY, so its cursor is read in large batches, each one frame.
    Timestamps are selected as text and parsed per column, never per row.
    """
    fields = [
        Cast(field, TextField()) if _is_stamp(dtype) else field for field, dtype in columns.values()
    ]
    sql, params = rows.values_list(*fields).query.sql_with_params()
    connection = connections[rows.db]
    raw_schema = {name: TEXT if _is_stamp(dtype) else dtype for name, (_, dtype) in columns.items()}
    sqlite = connection.vendor == "sqlite"
    read = _batched if sqlite else _copied
    return read(connection, sql, params, raw_schema).with_columns(
        _parsed(name, sqlite) for name, (_, dtype) in columns.items() if _is_stamp(dtype)
    )


BATCH_ROWS = 200_000


def _batched(
    connection: Any, sql: str, params: Sequence[Any], schema: Mapping[str, pl.DataType]
) -> pl.DataFrame:
    """A cursor's rows, fetched a batch at a time, each batch one frame with the schema."""
    frames = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(BATCH_ROWS):
            frames.append(pl.DataFrame(batch, schema=dict(schema), orient="row"))
    if not frames:
        return pl.DataFrame(schema=dict(schema))
    return pl.concat(frames, rechunk=True)


def _copied(
    connection: Any, sql: str, params: Sequence[Any], schema: Mapping[str, pl.DataType]
) -> pl.DataFrame:
    """A query's rows by PostgreSQL's COPY as CSV (NULL unquoted and empty, '' quoted), read
    by Polars with the schema; booleans arrive as t/f."""
    buffer = io.BytesIO()
    statement = f"COPY ({sql}) TO STDOUT (FORMAT csv)"
    # psycopg merges COPY's parameters on the client: the server takes none in COPY.
    with connection.cursor() as cursor, cursor.cursor.copy(statement, params) as copy:
        for block in copy:
            buffer.write(block)
    flags = [name for name, dtype in schema.items() if dtype == pl.Boolean()]
    as_text = {name: TEXT if name in flags else dtype for name, dtype in schema.items()}
    frame = pl.read_csv(
        buffer.getvalue(), has_header=False, new_columns=list(schema), schema=as_text
    )
    return frame.with_columns((pl.col(name) == "t").alias(name) for name in flags)


def _parsed(column: str, sqlite: bool) -> pl.Expr:
    """A timestamp column from text: SQLite holds naive UTC, PostgreSQL writes the offset."""
    if sqlite:
        return pl.col(column).str.to_datetime(
            "%Y-%m-%d %H:%M:%S%.f", time_unit="us", time_zone="UTC"
        )
    stamp = pl.col(column).str.to_datetime("%Y-%m-%d %H:%M:%S%.f%#z", time_unit="us")
    return stamp.dt.convert_time_zone("UTC")


def _is_stamp(dtype: pl.DataType) -> bool:
    return isinstance(dtype, pl.Datetime)


def _names(rows: QuerySet[Any], field: str) -> dict[int, str]:
    return dict(rows.order_by().values_list("pk", field))


def _named(column: str, names: Mapping[int, str], alias: str) -> pl.Expr:
    """An id column as the names of the rows it points at (null stays null)."""
    return pl.col(column).replace_strict(names, default=None, return_dtype=pl.String).alias(alias)


def _dealer_ids(dealers: Sequence[str]) -> list[int] | None:
    if not dealers:
        return None
    return list(Dealer.objects.filter(name__in=dealers).values_list("pk", flat=True))


def _person_names() -> dict[int, str]:
    """Each user as a salesperson is named: first and last name, else the username."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.order_by()
    return {
        pk: f"{first or ''} {last or ''}".strip() or username
        for pk, first, last, username in users.values_list(
            "pk", "first_name", "last_name", "username"
        )
    }


def _blank_is_null(*columns: str) -> list[pl.Expr]:
    return [pl.when(pl.col(c) != "").then(pl.col(c)).alias(c) for c in columns]


def _leads(leads: QuerySet[Lead], dealers: Mapping[int, str]) -> pl.DataFrame:
    """The leads frame: one narrow query, names joined from lookups, first provider id."""
    raw = _fetch(leads.order_by(), LEAD_COLUMNS)
    inquiries = Inquiry.objects.filter(lead__in=leads.order_by().values("pk")).order_by()
    frame = (
        raw.sort("lead_key")
        .join(_first_provider_ids(inquiries), on="lead_key", how="left")
        .join(_repeats(inquiries), on="lead_key", how="left")
    )
    frame = frame.with_columns(_named("dealer_id", dealers, "dealer"))
    return frame.with_columns(
        repeats.came_back_at(frame, _asked(inquiries, frame)),
        pl.col("lead_id").fill_null(pl.col("lead_key").cast(pl.String)),
        _named("source_id", _names(Source.objects.all(), "name"), "source"),
        _named("campaign_id", _names(Campaign.objects.all(), "name"), "campaign"),
        _named("assigned_to_id", _person_names(), "salesperson"),
        _named("lost_reason_id", _names(LostReason.objects.all(), "code"), "lost_reason"),
        pl.col("repeat_inquiries").fill_null(0),
        *_blank_is_null("email", "phone", "vehicle_make", "vehicle_model", "vehicle_condition"),
    ).select(list(LEADS))


def _first_provider_ids(inquiries: QuerySet[Inquiry]) -> pl.DataFrame:
    """The provider's id of each lead's first inquiry that has one: the exchange's lead_id."""
    rows = _fetch(
        inquiries.exclude(provider_id=""),
        {"lead_key": ("lead_id", INT), "at": ("received_at", UTC), "pk": ("pk", INT)}
        | {"lead_id": ("provider_id", TEXT)},
    )
    return rows.sort("lead_key", "at", "pk").unique("lead_key", keep="first").drop("at", "pk")


def _asked(inquiries: QuerySet[Inquiry], leads: pl.DataFrame) -> pl.DataFrame:
    """Every time a person asked, with the dealer: each lead's arrival and every inquiry
    recorded on it (a lead typed in on a page may have no inquiry row)."""
    asked = _fetch(inquiries, {"lead_key": ("lead_id", INT), "received_at": ("received_at", UTC)})
    people = leads.select("lead_key", "dealer", "person")
    return pl.concat(
        [
            asked.join(people, on="lead_key").select("dealer", "person", "received_at"),
            leads.select("dealer", "person", "received_at"),
        ]
    )


def _repeats(inquiries: QuerySet[Inquiry]) -> pl.DataFrame:
    counted = inquiries.filter(is_repeat=True).values("lead_id").annotate(n=Count("pk"))
    return _fetch(
        counted.order_by(),
        {"lead_key": ("lead_id", INT), "repeat_inquiries": ("n", pl.Int32())},
    )


def _activities(activities: QuerySet[Activity]) -> pl.DataFrame:
    raw = _fetch(activities.order_by(), ACTIVITY_COLUMNS)
    return raw.with_columns(
        *_blank_is_null("outcome"),
        _named("by_id", _person_names(), "salesperson"),
        _named("script_id", _names(CallScript.objects.all(), "name"), "script"),
        (pl.col("direction") == Direction.INBOUND.value).alias("inbound"),
    ).select(pl.col(c).cast(t) for c, t in ACTIVITIES.items())  # codes, as the folder's


def _order_activities(ids: list[int] | None) -> pl.DataFrame:
    """Orders already matched to a lead count for it as an order activity."""
    orders = Order.objects.filter(lead__isnull=False)
    if ids is not None:
        orders = orders.filter(dealer_id__in=ids)
    matched = _fetch(orders.order_by(), {"lead_key": ("lead_id", INT), "at": ("ordered_at", UTC)})
    return matched.select(
        pl.col(c) if c in matched.columns else pl.lit(None, dtype=t).alias(c)
        for c, t in ACTIVITIES.items()
    ).with_columns(
        pl.lit("order", dtype=ACTIVITIES["kind"]).alias("kind"),
        pl.lit(False).alias("inbound"),
        pl.lit(False).alias("automatic"),
    )


def _dealers(ids: list[int] | None) -> pl.DataFrame:
    dealers = Dealer.objects.all() if ids is None else Dealer.objects.filter(pk__in=ids)
    exceptions: dict[int, list[str]] = {}
    dated = OpeningException.objects.filter(dealer__in=dealers).order_by("date")
    for dealer_id, day, hours in dated.values_list("dealer_id", "date", "hours"):
        exceptions.setdefault(dealer_id, []).append(f"{day.isoformat()}={hours}")
    rows = dealers.values_list("pk", "name", "time_zone", "country", "opening_hours")
    return _frame(
        ((*row[1:], ";".join(exceptions.get(row[0], [])) or None) for row in rows), DEALERS
    )


def _frame(rows: Iterable[Sequence[Any]], schema: Mapping[str, pl.DataType]) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=dict(schema), orient="row")


def _costs(ids: list[int] | None, dealers: Mapping[int, str]) -> pl.DataFrame | None:
    """The monthly costs; for named dealers, their own and their share of the shared ones."""
    sources = _names(Source.objects.all(), "name")
    rows = MonthlyCost.objects.order_by()
    if ids is not None:
        rows = rows.filter(Q(dealer_id__in=ids) | Q(dealer__isnull=True))
    costs = _frame(
        (
            (dealers.get(d) if d else None, sources[s], m.strftime("%Y-%m"), float(a))
            for d, s, m, a in rows.values_list("dealer_id", "source_id", "month", "amount")
        ),
        COSTS,
    )
    if costs.is_empty():
        return None
    if ids is None:
        return costs
    own = costs.filter(pl.col("dealer").is_not_null())
    return pl.concat([own, _shares_of_shared(costs.filter(pl.col("dealer").is_null()), ids)])


def _shares_of_shared(shared: pl.DataFrame, ids: list[int]) -> pl.DataFrame:
    """Each named dealer's part of the costs without a dealer, as its own cost rows.

    The core shares such a cost over every dealer's counted leads of that source and month;
    a dealer's part is the amount × its leads / all leads, which the core then divides over
    the dealer's leads: each lead ends up with the same share as in a whole-database report.
    """
    if shared.is_empty():
        return shared
    counts = _counted_leads(shared)
    whole = counts.group_by("source", "month").agg(pl.col("n").sum().alias("all"))
    mine = counts.filter(pl.col("dealer_id").is_in(ids))
    return (
        shared.drop("dealer")
        .join(mine, on=["source", "month"])
        .join(whole, on=["source", "month"])
        .select(
            _named("dealer_id", _names(Dealer.objects.all(), "name"), "dealer"),
            "source",
            "month",
            pl.col("amount") * pl.col("n") / pl.col("all"),
        )
    )


def _counted_leads(shared: pl.DataFrame) -> pl.DataFrame:
    """Counted (not spam) leads per dealer, source and local month, of every dealer."""
    sources = {name: pk for pk, name in _names(Source.objects.all(), "name").items()}
    first = datetime.fromisoformat(str(shared["month"].min()) + "-01T00:00+00:00") - timedelta(
        days=1
    )
    leads = Lead.objects.exclude(status=LeadStatus.SPAM).filter(
        source_id__in=[sources[s] for s in shared["source"].unique()],
        received_at__gte=first,
    )
    raw = _fetch(
        leads.order_by(),
        {c: (c, INT) for c in ("dealer_id", "source_id")} | {"received_at": ("received_at", UTC)},
    )
    zones = dict(Dealer.objects.values_list("pk", "time_zone"))
    local = business.local("received_at", {str(k): v for k, v in zones.items()}, "_dealer")
    return (
        raw.with_columns(pl.col("dealer_id").cast(pl.String).alias("_dealer"))
        .with_columns(
            local.dt.strftime("%Y-%m").alias("month"),
            _named("source_id", {v: k for k, v in sources.items()}, "source"),
        )
        .group_by("dealer_id", "source", "month")
        .agg(pl.len().alias("n"))
    )


def _sales(ids: list[int] | None, dealers: Mapping[int, str]) -> pl.DataFrame | None:
    orders = Order.objects.all() if ids is None else Order.objects.filter(dealer_id__in=ids)
    raw = _fetch(
        orders.order_by(),
        {"dealer_id": ("dealer_id", INT), "ordered_at": ("ordered_at", UTC)}
        | {c: (c, TEXT) for c in ("email", "phone", "order_id")},
    )
    if raw.is_empty():
        return None
    return raw.with_columns(
        _named("dealer_id", dealers, "dealer"), *_blank_is_null("email", "phone")
    ).select(list(SALES))


def _judged(dealer: Dealer, as_of: datetime) -> int:
    """Leads of the dealer whose outcome is known: closed, or past the attribution window."""
    window_over = as_of - timedelta(days=dealer.attribution_days)
    return (
        Lead.objects.filter(dealer=dealer)
        .exclude(status=LeadStatus.SPAM)
        .filter(Q(status__in=[LeadStatus.WON, LeadStatus.LOST]) | Q(received_at__lte=window_over))
        .count()
    )
