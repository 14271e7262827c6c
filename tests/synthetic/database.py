"""The seeded leads of `synthetic.leads` written straight into the product's tables, in bulk.

For `bench/report.py --database --leads N`: the demo loader writes a lead at a time through
its whole life (about 30 minutes per million leads); this writes a million leads in a few
minutes, so the report from the database can be timed at the size issue 15 asks about.

The rows are the ones the models expect: the cast (group, dealers, salespeople, sources,
campaigns, scripts, lost reason, monthly costs) through the ORM, the big tables (persons,
leads, inquiries, activities, orders) as whole columns — `COPY … FROM STDIN` on PostgreSQL,
`executemany` in large transactions on SQLite (with PRAGMAs for the load only). Every column
of a table is written (a model default where the data has none), and the database's own
constraints (checks, foreign keys, unique provider ids) check every row.

Shape, as a dealer's: one person per lead, 5 % of leads asked again within days (a repeat
inquiry on the same lead), about 3.5 activities per lead (calls until reached, e-mails, the
funnel) by the lead's salesperson, half the calls with a script; won leads have their DMS
order matched to the lead, a tenth of sales are known only to the DMS (no lead, found again
by e-mail); monthly costs by dealer and source, one source's shared by every dealer.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
import polars as pl
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import NOT_PROVIDED, Model

from synthetic.leads import MAKES, SOURCES, Story, _costs, draw, team

CAMPAIGNS = {"website": ("spring-sale", "summer-lease"), "importer": ("ev-launch",)}
CHUNK = 250_000  # rows per COPY write or SQLite transaction
US = pl.Datetime("us")


def marker(story: Story) -> str:
    """The dealer group's name: says which story a database holds, so a run can reuse it."""
    return f"Bench {story.n_leads} leads, {story.months} months, seed {story.seed}"


def holds(story: Story) -> bool:
    from scoreline.dealers.models import DealerGroup

    return DealerGroup.objects.filter(name=marker(story)).exists()


def load(story: Story) -> dict[str, int]:
    """Write the story into the (migrated, empty) database; returns rows per table."""
    from scoreline.followup.models import Activity
    from scoreline.leads.models import Inquiry, Lead, Order, Person

    rng, leads, acts = draw(story)
    cast = _cast(story, rng, leads)
    n = len(leads["i"])
    frames = {
        Person: _persons(leads, cast),
        Lead: _leads(leads, acts, cast),
        Inquiry: _inquiries(story, rng, leads, cast),
        Activity: _activities(acts, leads, cast),
        Order: _orders(leads, cast),
    }
    for model, frame in frames.items():
        _write(model, frame)
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [Person, Lead]):
            cursor.execute(statement)
        for model in frames:  # as autovacuum would after a day's writes: plans and hint bits
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"VACUUM ANALYZE {table}" if _pg() else f"ANALYZE {table}")
    assert n == Lead.objects.count()
    return {model._meta.model_name or "": frame.height for model, frame in frames.items()}


# --- the cast, through the ORM ------------------------------------------------------------


class Cast:
    def __init__(self, **ids: Any) -> None:
        self.__dict__.update(ids)

    dealers: list[int]
    users: list[int]  # by the team's index
    sources: list[int]  # by SOURCES' index
    campaigns: dict[str, int]
    scripts: list[int]  # by dealer index
    lost: int


def _cast(story: Story, rng: np.random.Generator, leads: dict[str, np.ndarray]) -> Cast:
    from scoreline.dealers.models import Dealer, DealerGroup, Membership, Role, User
    from scoreline.followup.models import CallScript, FollowUpStandard
    from scoreline.leads.models import Campaign, LostReason, MonthlyCost, Source

    with transaction.atomic():
        group = DealerGroup.objects.create(name=marker(story))
        dealers = [
            Dealer.objects.create(group=group, name=name, slug=f"bench-{i}")
            for i, name in enumerate(story.dealers)
        ]
        FollowUpStandard.objects.bulk_create(FollowUpStandard(dealer=d) for d in dealers)
        people = team(story)
        k = story.salespeople_per_dealer
        users = User.objects.bulk_create(
            User(
                username=f"bench-{i}",
                first_name=f"{story.dealers[d]} {'slow' if slow else 'fast'} {i % k + 1}",
                password="!",  # no login
            )
            for i, (d, slow) in enumerate(zip(people.dealer, people.slow, strict=True))
        )
        Membership.objects.bulk_create(
            Membership(user=u, dealer=dealers[d], role=Role.SALESPERSON)
            for u, d in zip(users, people.dealer, strict=True)
        )
        sources = [
            Source.objects.get_or_create(slug=slug, defaults={"name": slug.capitalize()})[0]
            for slug in SOURCES
        ]
        first = date(story.start.year, story.start.month, 1)
        campaigns = {
            name: Campaign.objects.create(
                source=sources[SOURCES.index(slug)],
                name=name,
                starts_on=first,
                ends_on=date(first.year + story.months // 12 + 1, 12, 31),
            ).pk
            for slug, names in CAMPAIGNS.items()
            for name in names
        }
        scripts = [
            CallScript.objects.create(dealer=d, name="intro-v2", version=2, body="…").pk
            for d in dealers
        ]
        lost = LostReason.objects.get_or_create(
            code="no_reaction", defaults={"label": "No reaction"}
        )[0]
        by_name = dict(zip(story.dealers, dealers, strict=True))
        MonthlyCost.objects.bulk_create(
            MonthlyCost(
                dealer=by_name.get(dealer),
                source=sources[SOURCES.index(source)],
                month=date.fromisoformat(f"{month}-01"),
                amount=Decimal(str(amount)),
            )
            for dealer, source, month, amount in _costs(story, rng, leads).iter_rows()
        )
    return Cast(
        dealers=[d.pk for d in dealers],
        users=[u.pk for u in users],
        sources=[s.pk for s in sources],
        campaigns=campaigns,
        scripts=scripts,
        lost=lost.pk,
    )


# --- the big tables, as whole columns -----------------------------------------------------


def _ids(values: np.ndarray, pks: list[int]) -> pl.Series:
    return pl.Series(np.asarray(pks, dtype=np.int64)[values])


def _where(present: Any, values: pl.Series) -> pl.Series:
    """`values` where `present`, else null."""
    return pl.select(pl.when(pl.Series(present)).then(values)).to_series()


def _instant(us: np.ndarray | pl.Series, present: Any = None) -> pl.Series:
    """µs since 1970 UTC as an instant; absent (null) where `present` is false."""
    stamps = pl.Series(us).cast(pl.Int64).cast(US)
    return stamps if present is None else _where(present, stamps)


def _persons(leads: dict[str, np.ndarray], cast: Cast) -> pl.DataFrame:
    i = pl.Series(leads["i"])
    return pl.DataFrame(
        {
            "id": i + 1,
            "dealer_id": _ids(leads["dealer"], cast.dealers),
            "first_name": pl.repeat("Sam", len(i), eager=True),
            "last_name": "Klant" + i.cast(pl.String),
            "email": "klant" + i.cast(pl.String) + "@example.nl",
            "phone": "+316" + (i + 10_000_000).cast(pl.String),
            "created_at": _instant(leads["received"]),
        }
    )


def _leads(leads: dict[str, np.ndarray], acts: dict[str, np.ndarray], cast: Cast) -> pl.DataFrame:
    n = len(leads["i"])
    kinds = pl.Series(acts["kind"])
    done = pl.DataFrame({"lead": acts["lead"], "at": acts["at"], "kind": kinds}).filter(
        pl.col("kind") != "order"
    )
    per = (
        done.group_by("lead")
        .agg(
            pl.col("at").filter(pl.col("kind").is_in(["call", "email"])).min().alias("first"),
            pl.col("at").max().alias("last"),
        )
        .sort("lead")
    )
    per = pl.DataFrame({"lead": leads["i"]}).join(per, on="lead", how="left")
    source = np.array(SOURCES)[leads["source"]]
    campaign = pl.Series([None] * n, dtype=pl.Int64)
    for slug, names in CAMPAIGNS.items():
        on = source == slug
        pick = (leads["campaign"] * (len(names) + 1)).astype(int)
        for j, name in enumerate(names):
            campaign = campaign.scatter(np.flatnonzero(on & (pick == j)), cast.campaigns[name])
    status = leads["status"]
    return pl.DataFrame(
        {
            "id": pl.Series(leads["i"]) + 1,
            "dealer_id": _ids(leads["dealer"], cast.dealers),
            "person_id": pl.Series(leads["i"]) + 1,
            "source_id": _ids(leads["source"], cast.sources),
            "campaign_id": campaign,
            "received_at": _instant(leads["received"]),
            "status": status.astype(str),
            "assigned_to_id": _ids(leads["salesperson"], cast.users),
            "vehicle_make": np.array(MAKES)[leads["make"]],
            "vehicle_condition": np.where(leads["used"], "used", "new"),
            "first_response_at": per["first"].cast(US),
            "contacted_at": _instant(leads["contact_at"], leads["contacted"]),
            "last_activity_at": per["last"].cast(US),
            "closed_at": _instant(leads["closed"], status != "open"),
            "lost_reason_id": _where(status == "lost", pl.repeat(cast.lost, n, eager=True)),
            "is_imported": pl.repeat(True, n, eager=True),
            "created_at": _instant(leads["received"]),
        }
    )


def _inquiries(
    story: Story, rng: np.random.Generator, leads: dict[str, np.ndarray], cast: Cast
) -> pl.DataFrame:
    """Each lead's first inquiry (with the provider's id), and a repeat for a few of them."""
    i = leads["i"]
    again = np.sort(rng.choice(i, int(len(i) * story.repeat_share), replace=False))
    later = rng.integers(1, 25, len(again)) * 86_400_000_000
    lead = np.concatenate([i, again])
    received = np.concatenate([leads["received"], leads["received"][again] + later])
    repeat = np.concatenate([np.zeros(len(i), bool), np.ones(len(again), bool)])
    ids = pl.Series(lead).cast(pl.String)
    return pl.DataFrame(
        {
            "lead_id": pl.Series(lead) + 1,
            "source_id": _ids(leads["source"][lead], cast.sources),
            "received_at": _instant(received),
            "channel": pl.repeat("api", len(lead), eager=True),
            "provider_id": pl.Series(np.where(repeat, "R", "")) + "L" + ids,
            "is_repeat": repeat,
        }
    ).sort("lead_id", "received_at")


def _activities(
    acts: dict[str, np.ndarray], leads: dict[str, np.ndarray], cast: Cast
) -> pl.DataFrame:
    """What the salespeople did; orders are the DMS's (`_orders`), not activities."""
    keep = acts["kind"] != "order"
    lead = acts["lead"][keep]
    kind = acts["kind"][keep]
    call = kind == "call"
    frame = pl.DataFrame(
        {
            "lead_id": pl.Series(lead) + 1,
            "kind": kind.astype(str),
            "at": _instant(acts["at"][keep]),
            "by_id": _ids(leads["salesperson"][lead], cast.users),
            "outcome": acts["outcome"][keep].astype(str),
            "duration_s": _where(call, pl.Series(acts["duration_s"][keep])),
            "script_id": _where(
                acts["script"][keep] != "", _ids(leads["dealer"][lead], cast.scripts)
            ),
            "evidence": pl.repeat("import", len(lead), eager=True),
        }
    ).with_columns(pl.col("at").alias("created_at"))
    return frame.sort("lead_id", "at")


def _orders(leads: dict[str, np.ndarray], cast: Cast) -> pl.DataFrame:
    """The DMS's sales: a won lead's matched to it, the DMS-only ones by e-mail alone (as
    the DMS import stores it: lower-cased)."""
    sold = leads["won"]
    dms_only = leads["dms_only"][sold]
    i = pl.Series(leads["i"][sold])
    return pl.DataFrame(
        {
            "dealer_id": _ids(leads["dealer"][sold], cast.dealers),
            "order_id": pl.Series(np.where(dms_only, "DMS", "O")) + i.cast(pl.String),
            "ordered_at": _instant(leads["order_at"][sold]),
            "first_name": pl.repeat("Sam", len(i), eager=True),
            "last_name": "Klant" + i.cast(pl.String),
            "email": "klant" + i.cast(pl.String) + "@example.nl",
            "vehicle_make": np.array(MAKES)[leads["make"][sold]],
            "lead_id": _where(~dms_only, i + 1),
        }
    )


# --- writing ------------------------------------------------------------------------------


def _pg() -> bool:
    return connection.vendor == "postgresql"


def _complete(model: type[Model], frame: pl.DataFrame) -> pl.DataFrame:
    """Every concrete column of the table, in its order: the frame's, else the field's
    default (null where the field allows it and has none); timestamps as the backend keeps
    them (SQLite: naive UTC text, as Django writes it)."""
    columns = []
    for field in model._meta.concrete_fields:
        name = field.column
        if name in frame.columns:
            column = frame[name]
        elif field.primary_key:
            continue
        else:
            default = field.get_default()
            if default is None and field.db_default is not NOT_PROVIDED:
                default = field.db_default
            if default is None and not field.null:
                raise ValueError(f"{model.__name__}.{field.name}: no value and no default")
            if isinstance(default, dict | list):
                default = "{}" if isinstance(default, dict) else "[]"
            column = pl.repeat(default, frame.height, eager=True)
        if column.dtype == US:
            fmt = "%Y-%m-%d %H:%M:%S+00" if _pg() else "%Y-%m-%d %H:%M:%S"
            column = column.dt.strftime(fmt)
        elif column.dtype == pl.Boolean and not _pg():
            column = column.cast(pl.Int8)
        columns.append(column.alias(name))
    return pl.DataFrame(columns)


def _write(model: type[Model], frame: pl.DataFrame) -> None:
    frame = _complete(model, frame)
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(c) for c in frame.columns)
    if _pg():
        statement = f"COPY {table} ({names}) FROM STDIN (FORMAT csv, NULL '\\N')"
        with (
            transaction.atomic(),
            connection.cursor() as cursor,
            cursor.cursor.copy(statement) as copy,
        ):
            for part in _chunks(frame):
                copy.write(part.write_csv(include_header=False, null_value="\\N"))
        return
    connection.ensure_connection()
    raw = connection.connection
    marks = ", ".join("?" * frame.width)
    with _sqlite_load(raw):
        for part in _chunks(frame):
            with transaction.atomic():
                raw.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", part.iter_rows())


def _chunks(frame: pl.DataFrame) -> Iterator[pl.DataFrame]:
    yield from frame.iter_slices(CHUNK)


class _sqlite_load:
    """PRAGMAs for the load only: no fsync, a large page cache; restored afterwards."""

    SET: Mapping[str, str] = {"synchronous": "OFF", "cache_size": "-1000000"}

    def __init__(self, raw: Any) -> None:
        self.raw = raw
        self.before: dict[str, Any] = {}

    def __enter__(self) -> None:
        for pragma, value in self.SET.items():
            self.before[pragma] = self.raw.execute(f"PRAGMA {pragma}").fetchone()[0]
            self.raw.execute(f"PRAGMA {pragma} = {value}")

    def __exit__(self, *exc: object) -> None:
        for pragma, value in self.before.items():
            self.raw.execute(f"PRAGMA {pragma} = {value}")
