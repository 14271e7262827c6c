"""Plans through the API: the token's dealers only."""

from datetime import UTC, datetime
from decimal import Decimal

from django.test import Client
from security.seeded import SeededCast as Cast

from scoreline.planning.models import Plan, PlanLine, PlanMonth


def _plan(cast: Cast, dealer) -> Plan:  # type: ignore[no-untyped-def]
    plan = Plan.objects.create(
        dealer=dealer, year=2025, version=1, yearly_target=120, created_at=datetime.now(UTC)
    )
    PlanMonth.objects.create(plan=plan, month=3, target=Decimal("10"), planned_sales=Decimal("10"))
    PlanLine.objects.create(
        plan=plan, month=3, source=cast.website, leads=Decimal("77"), cost=Decimal("1540"),
        sales=Decimal("10"),
    )  # fmt: skip
    return plan


def test_a_plan_reads_with_its_months_and_lines(client: Client, cast: Cast) -> None:
    plan = _plan(cast, cast.noord)

    body = client.get(f"/api/v1/plans/{plan.pk}", **cast.bearer("noord_read")).json()

    assert body["yearly_target"] == 120
    assert body["lines"][0]["source"] == "website"
    assert float(body["lines"][0]["leads"]) == 77.0


def test_another_dealers_plans_are_neither_listed_nor_read(client: Client, cast: Cast) -> None:
    mine, theirs = _plan(cast, cast.noord), _plan(cast, cast.zuid)

    listed = client.get("/api/v1/plans", **cast.bearer("noord_read")).json()
    read = client.get(f"/api/v1/plans/{theirs.pk}", **cast.bearer("noord_read"))

    assert [p["id"] for p in listed] == [mine.pk]
    assert read.status_code == 404
