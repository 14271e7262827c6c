"""/api/v1/plans: the dealers' year plans (read-only; plans are made on the plan page or CLI)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from scoreline.api.auth import caller_of
from scoreline.api.problems import not_found
from scoreline.api.schemas import Input, Problem
from scoreline.planning.models import Plan, PlanLine

router = Router(tags=["plans"])
ERRORS = {401: Problem, 404: Problem, 422: Problem}


class PlanOut(Schema):
    id: int
    dealer: str
    year: int
    version: int
    yearly_target: int | None
    target_origin: str
    budget_cap: Decimal | None
    minimum_budget: Decimal | None
    created_at: datetime


class PlanMonthOut(Schema):
    month: int
    target: Decimal
    planned_sales: Decimal


class PlanLineOut(Schema):
    month: int
    source: str
    leads: Decimal
    cost: Decimal
    sales: Decimal
    at_cap: bool


class PlanDetail(PlanOut):
    months: list[PlanMonthOut]
    lines: list[PlanLineOut]


class PlanFilters(Input):
    dealer: str = Field(default="", max_length=120, description="A dealer's slug")
    year: int | None = Field(default=None, ge=2000, le=2100)


def _plan_out(plan: Plan) -> dict:
    return {
        "id": plan.pk,
        "dealer": plan.dealer.slug,
        "year": plan.year,
        "version": plan.version,
        "yearly_target": plan.yearly_target,
        "target_origin": plan.target_origin,
        "budget_cap": plan.budget_cap,
        "minimum_budget": plan.minimum_budget,
        "created_at": plan.created_at,
    }


@router.get("/plans", response={200: list[PlanOut], **ERRORS}, summary="Year plans")
def list_plans(request: HttpRequest, filters: Query[PlanFilters]) -> list[dict]:
    plans = Plan.objects.filter(dealer_id__in=caller_of(request).dealer_ids)
    if filters.dealer:
        plans = plans.filter(dealer__slug=filters.dealer)
    if filters.year:
        plans = plans.filter(year=filters.year)
    return [_plan_out(plan) for plan in plans.select_related("dealer")]


@router.get("/plans/{plan_id}", response={200: PlanDetail, **ERRORS}, summary="One plan")
def read_plan(request: HttpRequest, plan_id: int) -> dict:
    plan = (
        Plan.objects.filter(pk=plan_id, dealer_id__in=caller_of(request).dealer_ids)
        .select_related("dealer")
        .first()
    )
    if plan is None:
        raise not_found("plan", "plan_id")
    lines = plan.lines.select_related("source")
    return {
        **_plan_out(plan),
        "months": list(plan.months.values("month", "target", "planned_sales")),
        "lines": [_line_out(line) for line in lines],
    }


def _line_out(line: PlanLine) -> dict:
    return {
        "month": line.month,
        "source": line.source.slug,
        "leads": line.leads,
        "cost": line.cost,
        "sales": line.sales,
        "at_cap": line.at_cap,
    }
