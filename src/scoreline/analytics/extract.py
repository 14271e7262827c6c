"""The only door from the database into the analytics core: ORM rows in, input frames out.

It reads the same tables the exchange folder describes — leads with their person and
repeat count, activities, monthly costs, dealers, orders — and hands them over as the frames
of `frames.py`, so a report on the database and on an exchange folder share every line of
the computation after this one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import polars as pl
from django.db.models import Count, OuterRef, Q, Subquery

from scoreline.analytics.frames import (
    ACTIVITIES,
    COSTS,
    DEALERS,
    LEADS,
    SALES,
    Inputs,
    validate_inputs,
)
from scoreline.analytics.standard import FollowUpStandard
from scoreline.dealers.models import Dealer
from scoreline.followup.models import Activity, Direction
from scoreline.followup.models import FollowUpStandard as StandardRow
from scoreline.leads.models import Inquiry, Lead, MonthlyCost, Order

CHUNK = 20_000


def read_database(dealers: Sequence[str] = ()) -> Inputs:
    """The input frames of the whole database, or of the named dealers only."""
    leads = Lead.objects.all()
    if dealers:
        leads = leads.filter(dealer__name__in=dealers)
    inputs = Inputs(
        leads=_leads(leads),
        activities=_activities(Activity.objects.filter(lead__in=leads.values("pk"))),
        dealers=_dealers(
            Dealer.objects.filter(name__in=dealers) if dealers else Dealer.objects.all()
        ),
        costs=_costs(dealers),
        sales=_sales(dealers),
    )
    validate_inputs(inputs)
    return _with_order_activities(inputs, dealers)


def dealer_standards(dealers: Sequence[str] = ()) -> dict[str, FollowUpStandard]:
    """Each dealer's own follow-up standard, where it set one."""
    rows = StandardRow.objects.select_related("dealer")
    if dealers:
        rows = rows.filter(dealer__name__in=dealers)
    return {
        row.dealer.name: FollowUpStandard(
            first_response_minutes=float(row.first_response_minutes),
            call_attempts=row.call_attempts,
            call_days=row.distinct_days,
            written_messages=1 if row.written_message_required else 0,
            stale_business_days=row.stale_business_days,
        )
        for row in rows
    }


def _frame(rows: Iterable[Sequence[Any]], schema: Mapping[str, pl.DataType]) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=dict(schema), orient="row")


def _blank(value: Any) -> Any:
    return None if value == "" else value


def _leads(leads: Any) -> pl.DataFrame:
    first_id = (
        Inquiry.objects.filter(lead=OuterRef("pk"))
        .exclude(provider_id="")
        .order_by("received_at", "pk")
        .values("provider_id")[:1]
    )
    rows = (
        leads.annotate(
            repeats=Count("inquiries", filter=Q(inquiries__is_repeat=True)),
            provider_id=Subquery(first_id),
        )
        .values_list(
            "pk",
            "provider_id",
            "dealer__name",
            "source__name",
            "campaign__name",
            "received_at",
            "person__email",
            "person__phone",
            "vehicle_make",
            "vehicle_model",
            "vehicle_condition",
            "assigned_to__first_name",
            "assigned_to__last_name",
            "assigned_to__username",
            "status",
            "closed_at",
            "lost_reason__code",
            "repeats",
        )
        .order_by("pk")
        .iterator(chunk_size=CHUNK)
    )
    return _frame((_lead_row(r) for r in rows), LEADS).with_columns(
        pl.col("source").str.to_lowercase()
    )


def _lead_row(r: tuple[Any, ...]) -> tuple[Any, ...]:
    (
        pk,
        provider_id,
        dealer,
        source,
        campaign,
        received,
        email,
        phone,
        make,
        model,
        condition,
        first,
        last,
        username,
        status,
        closed,
        reason,
        repeats,
    ) = r
    person = f"{first or ''} {last or ''}".strip() or username
    return (
        pk,
        provider_id or str(pk),
        dealer,
        source,
        campaign,
        received,
        _blank(email),
        _blank(phone),
        _blank(make),
        _blank(model),
        _blank(condition),
        person,
        status,
        closed,
        reason,
        repeats,
    )


def _activities(activities: Any) -> pl.DataFrame:
    rows = (
        activities.values_list(
            "lead_id",
            "at",
            "kind",
            "outcome",
            "duration_s",
            "by__first_name",
            "by__last_name",
            "by__username",
            "script__name",
            "direction",
            "is_automatic",
        )
        .order_by("lead_id", "at")
        .iterator(chunk_size=CHUNK)
    )

    def row(r: tuple[Any, ...]) -> tuple[Any, ...]:
        lead, at, kind, outcome, duration, first, last, username, script, direction, automatic = r
        person = f"{first or ''} {last or ''}".strip() or username
        return (
            lead,
            at,
            kind,
            _blank(outcome),
            duration,
            person,
            script,
            direction == Direction.INBOUND,
            automatic,
        )

    return _frame((row(r) for r in rows), ACTIVITIES)


def _dealers(dealers: Any) -> pl.DataFrame:
    rows = dealers.values_list("name", "time_zone", "country", "opening_hours")
    return _frame(rows, DEALERS)


def _costs(dealers: Sequence[str]) -> pl.DataFrame | None:
    costs = MonthlyCost.objects.all()
    if dealers:
        costs = costs.filter(Q(dealer__name__in=dealers) | Q(dealer__isnull=True))
    rows = [
        (d, s.lower(), m.strftime("%Y-%m"), float(a))
        for d, s, m, a in costs.values_list("dealer__name", "source__name", "month", "amount")
    ]
    return _frame(rows, COSTS) if rows else None


def _sales(dealers: Sequence[str]) -> pl.DataFrame | None:
    orders = Order.objects.all()
    if dealers:
        orders = orders.filter(dealer__name__in=dealers)
    rows = [
        (d, at, _blank(e), _blank(p), o)
        for d, at, e, p, o in orders.values_list(
            "dealer__name", "ordered_at", "email", "phone", "order_id"
        )
    ]
    return _frame(rows, SALES) if rows else None


def _with_order_activities(inputs: Inputs, dealers: Sequence[str]) -> Inputs:
    """Orders already matched to a lead count for it as an order activity."""
    orders = Order.objects.filter(lead__isnull=False)
    if dealers:
        orders = orders.filter(dealer__name__in=dealers)
    rows = [
        (lead, at, "order", None, None, None, None, False, False)
        for lead, at in orders.values_list("lead_id", "ordered_at")
    ]
    if not rows:
        return inputs
    extra = _frame(rows, ACTIVITIES)
    return Inputs(
        inputs.leads,
        pl.concat([inputs.activities, extra]),
        inputs.dealers,
        inputs.costs,
        inputs.sales,
    )
