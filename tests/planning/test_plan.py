"""The year plan, worked backwards from targets; every figure here was worked out on paper."""

import pytest

from scoreline.planning.errors import (
    BudgetBelowMinimumError,
    PlanInputError,
    UnreachableTargetError,
    ZeroConversionError,
)
from scoreline.planning.plan import MonthAdjustment, PlanRequest, SourceAssumption, build_plan

# A portal converting 10 % at €20 a lead (€200 a sale) that can deliver 100 leads a month,
# and the website converting 5 % at €25 (€500 a sale) that can deliver 400.
PORTAL = SourceAssumption("portal", conversion=0.10, cost_per_lead=20, monthly_cap=100)
WEBSITE = SourceAssumption("website", conversion=0.05, cost_per_lead=25, monthly_cap=400)


def january(target: float) -> tuple[float, ...]:
    return (target,) + (0.0,) * 11


def test_one_source_needs_target_over_conversion_leads_every_month() -> None:
    # 10 sales at 12.5 % = 80 leads, at €40 = €3,200 a month, €38,400 a year
    only = SourceAssumption("website", conversion=0.125, cost_per_lead=40)
    plan = build_plan(PlanRequest(2026, (10.0,) * 12, (only,)))
    assert plan.line(5, "website").leads == pytest.approx(80)
    assert plan.months[4].cost == pytest.approx(3200)
    assert plan.cost == pytest.approx(38_400)
    assert plan.sales == pytest.approx(120)
    assert plan.months[4].marginal_cost_per_sale == pytest.approx(320)  # 40 / 0.125


def test_a_month_short_of_stock_needs_more_leads_for_the_same_sales() -> None:
    only = SourceAssumption("website", conversion=0.125, cost_per_lead=40)
    stock = MonthAdjustment(3, conversion_factor=0.8, note="few cars in stock")
    plan = build_plan(PlanRequest(2026, (10.0,) * 12, (only,), (stock,)))
    assert plan.line(3, "website").leads == pytest.approx(100)  # 10 / (0.125 × 0.8)
    assert plan.line(4, "website").leads == pytest.approx(80)


def test_the_cheapest_plan_fills_the_cheapest_sales_first_and_prices_the_next_one() -> None:
    # 20 sales: the portal's 100 leads give 10 for €2,000; the website's 200 give 10 for €5,000.
    plan = build_plan(PlanRequest(2026, january(20), (PORTAL, WEBSITE)))
    portal, website = plan.line(1, "portal"), plan.line(1, "website")
    assert (portal.leads, website.leads) == (pytest.approx(100), pytest.approx(200))
    assert plan.cost == pytest.approx(7000)
    assert plan.minimum_budget == pytest.approx(7000)
    # one more sale comes from the website: €500
    assert plan.months[0].marginal_cost_per_sale == pytest.approx(500)
    # one more portal lead gives 0.1 sale for €20 instead of 2 website leads for €50: saves €30
    assert portal.at_cap and portal.capacity_value == pytest.approx(30)
    assert not website.at_cap and website.capacity_value == pytest.approx(0)
    assert plan.marginal_cost_per_sale is None  # no budget cap binds


def test_under_a_budget_cap_the_plan_buys_the_most_sales_and_says_what_one_more_costs() -> None:
    # €4,500: the portal's 100 leads (€2,000, 10 sales), then 100 website leads (€2,500, 5)
    plan = build_plan(PlanRequest(2026, january(20), (PORTAL, WEBSITE), budget_cap=4500))
    assert plan.line(1, "portal").leads == pytest.approx(100)
    assert plan.line(1, "website").leads == pytest.approx(100)
    assert plan.sales == pytest.approx(15)
    assert plan.shortfall == pytest.approx(5)
    # the budget's dual: 1/500 sale per euro, so one more sale costs €500
    assert plan.marginal_cost_per_sale == pytest.approx(500)
    # the portal's cap: 0.1 − 20/500 = 0.06 sales per extra lead, worth €30 of budget
    assert plan.line(1, "portal").capacity_value == pytest.approx(30)
    assert "reaches 15.0 of 20 sales" in plan.notes[0]


def test_a_month_at_its_target_prices_its_next_sale_at_its_own_cheapest_source() -> None:
    # Jan needs 5 (50 portal leads, €1,000); Feb needs 20 (€7,000). With €6,000 Jan is full,
    # Feb gets 100 portal and 120 website leads: 21 sales.
    targets = (5.0, 20.0) + (0.0,) * 10
    plan = build_plan(PlanRequest(2026, targets, (PORTAL, WEBSITE), budget_cap=6000))
    assert plan.sales == pytest.approx(21)
    assert plan.line(2, "website").leads == pytest.approx(120)
    # a 6th January sale costs €200 at the portal, taken from February's website leads
    assert plan.months[0].marginal_cost_per_sale == pytest.approx(200)
    assert plan.months[1].marginal_cost_per_sale == pytest.approx(500)
    assert plan.line(1, "portal").capacity_value == pytest.approx(0)


def test_a_budget_above_the_minimum_buys_the_cheapest_plan_and_leaves_the_rest() -> None:
    plan = build_plan(PlanRequest(2026, january(20), (PORTAL, WEBSITE), budget_cap=10_000))
    assert plan.cost == pytest.approx(7000)
    assert plan.marginal_cost_per_sale is None
    assert "leaves €3,000 unspent" in plan.notes[0]


def test_a_source_with_zero_conversion_is_refused_by_name() -> None:
    dead = SourceAssumption("flyers", conversion=0.0, cost_per_lead=5, monthly_cap=50)
    with pytest.raises(ZeroConversionError, match="source 'flyers' converts 0 %"):
        build_plan(PlanRequest(2026, january(5), (PORTAL, dead)))


def test_caps_that_cannot_reach_the_target_name_the_month_and_the_most_they_give() -> None:
    # at most 100 × 10 % + 400 × 5 % = 30 sales in a month
    with pytest.raises(UnreachableTargetError) as refused:
        build_plan(PlanRequest(2026, (12.0, 35.0) + (0.0,) * 10, (PORTAL, WEBSITE)))
    message = str(refused.value)
    assert "Feb needs 35, at most 30.0" in message
    assert "Jan" not in message.split("(caps")[0]
    assert "Raise a cap" in message


def test_a_budget_below_the_committed_minimum_says_what_the_minimum_costs() -> None:
    contract = SourceAssumption(
        "importer", 0.15, cost_per_lead=30, monthly_cap=80, minimum_leads=50
    )
    # 50 leads × €30 × 12 months = €18,000 committed
    with pytest.raises(BudgetBelowMinimumError, match="below the €18,000 the committed"):
        build_plan(PlanRequest(2026, (20.0,) * 12, (contract, WEBSITE), budget_cap=12_000))


def test_a_free_source_without_a_cap_is_refused() -> None:
    walk_in = SourceAssumption("walk-in", conversion=0.3, cost_per_lead=0)
    with pytest.raises(PlanInputError, match="costs nothing and has no monthly cap"):
        build_plan(PlanRequest(2026, january(5), (walk_in,)))


def test_a_plan_needs_twelve_months() -> None:
    with pytest.raises(PlanInputError, match="12 monthly targets, not 11"):
        build_plan(PlanRequest(2026, (5.0,) * 11, (PORTAL,)))


def test_a_month_factor_may_not_make_a_source_convert_more_than_every_lead() -> None:
    boost = MonthAdjustment(6, conversion_factor=12)
    with pytest.raises(PlanInputError, match="Jun: source 'portal' would convert 120%"):
        build_plan(PlanRequest(2026, january(5), (PORTAL,), (boost,)))


def test_a_budget_short_of_the_targets_makes_every_month_fall_short_alike() -> None:
    # two months of 10 sales at €100 a sale need €2,000; €1,000 buys 10 sales: 5 in each
    only = SourceAssumption("website", conversion=0.1, cost_per_lead=10, monthly_cap=1000)
    plan = build_plan(PlanRequest(2026, (10.0, 10.0) + (0.0,) * 10, (only,), budget_cap=1000))
    assert [month.sales for month in plan.months[:2]] == [pytest.approx(5), pytest.approx(5)]
