"""Properties of the year plan over targets: what a marketer expects of any plan."""

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from scoreline.planning.errors import UnreachableTargetError
from scoreline.planning.plan import (
    PlanRequest,
    SourceAssumption,
    build_plan,
    monthly_targets,
    with_leads,
)
from scoreline.planning.seasonality import market_profile

# Two paid sources with room and two free ones that come as they come (cap = minimum), as
# `assumptions` drafts them from history: none of these figures depends on the target.
SOURCES = (
    SourceAssumption("portal", 0.10, 20.0, 150.0),
    SourceAssumption("website", 0.05, 25.0, 600.0),
    SourceAssumption("walk-in", 0.25, 0.0, 40.0, 40.0),
    SourceAssumption("phone", 0.15, 0.0, 30.0, 30.0),
)
PROFILE = market_profile()


def cheapest(yearly: int) -> float | None:
    """The cheapest budget for a yearly target spread by the Dutch seasons, None if beyond caps."""
    try:
        plan = build_plan(PlanRequest(2026, monthly_targets(yearly, PROFILE), SOURCES))
    except UnreachableTargetError:
        return None
    assert plan.minimum_budget is not None
    return plan.minimum_budget


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 900), st.integers(1, 200))
def test_raising_the_target_never_lowers_the_cheapest_budget(low: int, step: int) -> None:
    before, after = cheapest(low), cheapest(low + step)
    assume(before is not None and after is not None)
    assert after >= before - 1e-3  # and so lowering the target never raises it


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2000), st.integers(1, 300))
def test_a_larger_year_never_takes_a_sale_from_a_month(low: int, step: int) -> None:
    smaller, larger = monthly_targets(low, PROFILE), monthly_targets(low + step, PROFILE)
    assert sum(larger) == low + step
    assert all(big >= small for small, big in zip(smaller, larger, strict=True))


@settings(max_examples=30, deadline=None)
@given(st.integers(250, 500))  # above what the free sources bring anyway, within the caps
def test_the_plan_is_in_whole_leads_and_sales_adding_up_to_the_target(yearly: int) -> None:
    plan = build_plan(PlanRequest(2026, monthly_targets(yearly, PROFILE), SOURCES))
    assert all(line.leads == int(line.leads) for line in plan.lines)
    assert all(month.sales == int(month.sales) for month in plan.months)
    assert sum(month.sales for month in plan.months) == yearly


def test_a_target_beyond_the_caps_names_each_short_month_and_the_sources_caps() -> None:
    with pytest.raises(UnreachableTargetError) as refused:
        build_plan(PlanRequest(2026, (30.0,) * 11 + (80.0,), SOURCES))
    assert [month for month, _target, _most in refused.value.short] == [12]
    assert refused.value.short[0][2] == pytest.approx(15 + 30 + 10 + 4.5)
    assert [name for name, _cap, _rate in refused.value.caps] == [s.source for s in SOURCES]


def test_typing_aprils_leads_shows_what_april_and_the_year_then_expect() -> None:
    plan = build_plan(PlanRequest(2026, (30.0,) * 12, SOURCES))
    april = plan.line(4, "portal")
    edited = with_leads(plan, {(4, "Portal"): april.leads - 40})
    assert edited.line(4, "portal").leads == april.leads - 40
    assert edited.months[3].cost == pytest.approx(plan.months[3].cost - 40 * 20)
    assert edited.months[3].sales < plan.months[3].sales  # 4 sales fewer expected
    assert (edited.months[2].leads, edited.months[2].cost) == (
        plan.months[2].leads,
        plan.months[2].cost,
    )
    assert edited.sales == pytest.approx(plan.sales - 4, abs=1)


def test_a_plan_accepting_short_months_plans_them_at_every_cap_and_keeps_their_target() -> None:
    plan = build_plan(PlanRequest(2026, (30.0,) * 11 + (80.0,), SOURCES), accept_short=True)
    december = plan.months[11]
    assert december.target == 80
    assert december.sales == pytest.approx(59.5, abs=1)  # every source at its cap
    assert all(plan.line(12, s.source).at_cap for s in SOURCES)
    assert plan.months[0].sales == 30 and plan.minimum_budget is None
    assert "Dec needs 80" in plan.notes[0]
