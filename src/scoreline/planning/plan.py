"""The year plan, worked backwards from sales targets: leads per source per month, and budget.

Each month m has a sales target T_m; each source s converts c_s of its leads (times the
month's conversion factor: short stock converts fewer), costs p_s per lead and delivers at
most cap_s leads a month (and at least its committed minimum). With x_sm the leads planned:

* without a budget cap, or with one the targets fit under: the cheapest mix reaching every
  target, min Σ p_s x_sm subject to Σ_s c_sm x_sm ≥ T_m;
* with a budget cap below that minimum: the mix with the most expected sales,
  max Σ c_sm x_sm subject to Σ p_s x_sm ≤ B and Σ_s c_sm x_sm ≤ T_m (sales beyond a month's
  target would only take budget from a month that is short).

Both are linear programmes solved by `scipy.optimize.linprog` (HiGHS); their dual values
give the marginal figures: what one more sale costs in each month, and what one more lead
of capacity from a source is worth in euros. Pure: no Django, numbers in, numbers out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from scipy.optimize import linprog

from scoreline.planning.errors import (
    BudgetBelowMinimumError,
    PlanInputError,
    UnreachableTargetError,
    ZeroConversionError,
)
from scoreline.planning.seasonality import Profile, spread_target
from scoreline.planning.sources import source_key
from scoreline.planning.whole import largest_remainder

MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Money and lead counts below a cent or a thousandth of a lead are rounding, not a figure.
TOLERANCE = 1e-6
# A millionth of a euro per lead: among plans of equal cost (free sources) the one with the
# fewest leads, so a free source is not planned at its cap when the target needs less.
TIE_BREAK = 1e-6


@dataclass(frozen=True)
class SourceAssumption:
    """What marketing expects of one source: conversion, cost per lead, monthly volume."""

    source: str
    conversion: float  # expected sales per lead
    cost_per_lead: float  # EUR
    monthly_cap: float | None = None  # the most leads a month the source can deliver
    minimum_leads: float = 0.0  # leads a month committed (a contract) or coming anyway


@dataclass(frozen=True)
class MonthAdjustment:
    """A month that differs: a model launch, a stock shortage.

    `sales_factor` reweights the month when a yearly target is spread (a launch month takes
    more of the year); `conversion_factor` scales every source's conversion in that month.
    """

    month: int
    sales_factor: float = 1.0
    conversion_factor: float = 1.0
    note: str = ""


@dataclass(frozen=True)
class PlanRequest:
    """Everything a year plan is built from."""

    year: int
    targets: tuple[float, ...]  # sales per month, January first
    sources: tuple[SourceAssumption, ...]
    adjustments: tuple[MonthAdjustment, ...] = ()
    budget_cap: float | None = None  # EUR for the year

    def conversion_factors(self) -> list[float]:
        factors = [1.0] * 12
        for adjustment in self.adjustments:
            factors[adjustment.month - 1] *= adjustment.conversion_factor
        return factors


@dataclass(frozen=True)
class PlanLine:
    """One source in one month of the plan."""

    month: int
    source: str
    conversion: float  # after the month's adjustment
    cost_per_lead: float
    leads: float
    cost: float
    sales: float
    at_cap: bool
    # EUR that one more lead of this source's monthly capacity would be worth (a dual value):
    # cost saved in a target plan, budget-equivalent sales gained under a budget cap.
    capacity_value: float | None

    @property
    def cost_per_sale(self) -> float | None:
        """What a sale through this source costs: the marginal cost while it has room (None:
        a source that converts nothing has no such cost)."""
        return self.cost_per_lead / self.conversion if self.conversion > 0 else None


@dataclass(frozen=True)
class PlanMonth:
    month: int
    target: float
    leads: float
    cost: float
    sales: float
    # EUR one more sale would cost this month (the dual value of its target); None: no price.
    marginal_cost_per_sale: float | None

    @property
    def shortfall(self) -> float:
        return max(self.target - self.sales, 0.0)


@dataclass(frozen=True)
class YearPlan:
    """The plan's lines per month and source, with month totals and the marginal figures."""

    year: int
    lines: tuple[PlanLine, ...]
    months: tuple[PlanMonth, ...]
    budget_cap: float | None
    minimum_budget: float | None  # the cheapest budget reaching every target
    marginal_cost_per_sale: float | None  # EUR per extra sale if the budget grew (budget plans)
    notes: tuple[str, ...] = field(default=())

    @property
    def budget_binding(self) -> bool:
        return self.marginal_cost_per_sale is not None

    @property
    def cost(self) -> float:
        return sum(month.cost for month in self.months)

    @property
    def sales(self) -> float:
        return sum(month.sales for month in self.months)

    @property
    def leads(self) -> float:
        return sum(month.leads for month in self.months)

    @property
    def target(self) -> float:
        return sum(month.target for month in self.months)

    @property
    def shortfall(self) -> float:
        return sum(month.shortfall for month in self.months)

    def sources(self) -> list[str]:
        return list(dict.fromkeys(line.source for line in self.lines))

    def line(self, month: int, source: str) -> PlanLine:
        for line in self.lines:
            if line.month == month and line.source == source:
                return line
        raise KeyError(f"no plan line for {source!r} in month {month}")


def monthly_targets(
    yearly_target: int, profile: Profile, adjustments: Sequence[MonthAdjustment] = ()
) -> tuple[int, ...]:
    """A yearly target spread over the months by the profile and the months' sales factors."""
    factors = [1.0] * 12
    for adjustment in adjustments:
        _check_month(adjustment.month)
        factors[adjustment.month - 1] *= adjustment.sales_factor
    return spread_target(yearly_target, profile, factors)


def build_plan(request: PlanRequest, *, accept_short: bool = False) -> YearPlan:
    """The year plan for the request; a PlanningError says why when there is none.

    1. Check the assumptions (each bad one named with what it prevents).
    2. Solve the cheapest plan reaching every target; refuse targets the caps cannot reach,
       or with `accept_short` plan the months beyond them at every source's cap (`_short`).
    3. With a budget cap below that plan's cost, solve the most-sales plan under the cap.
    4. Round leads and sales to whole numbers that add up (`whole_plan`). The cheapest
       budget stays the programme's own optimum: it never falls as a target rises.
    """
    check_request(request)
    problem = _Problem.of(request)
    try:
        check_reachable(problem)
    except UnreachableTargetError as refused:
        if not accept_short:
            raise
        return _short(request, problem, refused)
    cheapest = _solve_cheapest(problem)
    minimum = cheapest.cost
    if request.budget_cap is None or request.budget_cap >= minimum - TOLERANCE:
        notes = _budget_notes(request.budget_cap, minimum)
        return _with(whole_plan(cheapest), minimum_budget=minimum, notes=notes)
    check_minimum_spend(problem, request.budget_cap)
    capped = whole_plan(_solve_most_sales(problem, request.budget_cap))
    note = (
        f"The budget of €{request.budget_cap:,.0f} is below the €{minimum:,.0f} the targets "
        f"need: the plan reaches {capped.sales:.1f} of {capped.target:.0f} sales."
    )
    return _with(capped, minimum_budget=minimum, notes=(note,))


def most_sales(request: PlanRequest) -> list[float | None]:
    """Per month, the most sales every source at its cap gives (None: a source has no cap)."""
    caps = [source.monthly_cap for source in request.sources]
    if any(cap is None for cap in caps):
        return [None] * 12
    factors = request.conversion_factors()
    return [
        sum(s.conversion * factor * (s.monthly_cap or 0.0) for s in request.sources)
        for factor in factors
    ]


def _short(request: PlanRequest, problem: _Problem, refused: UnreachableTargetError) -> YearPlan:
    """A plan for targets beyond the caps: each month short of its target planned at the most
    the caps give, the other months as usual; the months keep their own targets, so the plan
    shows what is short, and no budget is the cheapest reaching every target (None)."""
    most = problem.conversion @ problem.caps
    reachable = tuple(
        min(target, float(top) - 1e-9) for target, top in zip(request.targets, most, strict=True)
    )
    reached = build_plan(replace(request, targets=reachable))
    months = tuple(
        replace(month, target=float(target))
        for month, target in zip(reached.months, request.targets, strict=True)
    )
    notes = (str(refused), *reached.notes)
    return replace(reached, months=months, minimum_budget=None, notes=notes)


def _with(plan: YearPlan, *, minimum_budget: float, notes: tuple[str, ...]) -> YearPlan:
    return YearPlan(
        plan.year,
        plan.lines,
        plan.months,
        plan.budget_cap,
        minimum_budget,
        plan.marginal_cost_per_sale,
        notes,
    )


def _budget_notes(budget_cap: float | None, minimum: float) -> tuple[str, ...]:
    if budget_cap is None:
        return ()
    return (f"The budget of €{budget_cap:,.0f} leaves €{budget_cap - minimum:,.0f} unspent.",)


def whole_plan(plan: YearPlan) -> YearPlan:
    """The plan in whole leads and sales, with the months adding up to the year.

    Each source's leads are rounded over its twelve months by largest remainders (so its
    year keeps its rounded total); cost and expected sales follow the whole leads; the
    months' planned sales are rounded the same way over the year, so they add up to it
    (to the target, when the plan reaches every month's).
    """
    leads = {}
    for source in plan.sources():
        own = [plan.line(month, source) for month in range(1, 13)]
        for line, whole in zip(own, largest_remainder([ln.leads for ln in own]), strict=True):
            leads[line.month, source] = float(whole)
    lines = tuple(
        replace(
            line,
            leads=leads[line.month, line.source],
            cost=leads[line.month, line.source] * line.cost_per_lead,
            sales=leads[line.month, line.source] * line.conversion,
        )
        for line in plan.lines
    )
    return _totalled(plan, lines)


def _totalled(plan: YearPlan, lines: tuple[PlanLine, ...]) -> YearPlan:
    """The plan with these lines, its months summed from them, planned sales in whole ones."""
    sales = [sum(ln.sales for ln in lines if ln.month == m.month) for m in plan.months]
    months = tuple(
        replace(
            month,
            leads=sum(ln.leads for ln in lines if ln.month == month.month),
            cost=sum(ln.cost for ln in lines if ln.month == month.month),
            sales=float(whole),
        )
        for month, whole in zip(plan.months, largest_remainder(sales), strict=True)
    )
    return replace(plan, lines=lines, months=months)


def with_leads(plan: YearPlan, leads: Mapping[tuple[int, str], float]) -> YearPlan:
    """The plan with the leads marketing typed into some cells, and what follows from them.

    Each cell is (month, source) → whole leads. Cost and expected sales follow at the
    cell's cost per lead and conversion; the month totals and the planned sales follow the
    lines. The other cells keep their leads: the marketer sees what the change does to the
    target, not a plan re-solved under their hands. The marginal figures, dual values of the
    solved plan, no longer hold and are dropped.
    """
    known = {(line.month, source_key(line.source)): line for line in plan.lines}
    changed = {}
    for (month, source), value in leads.items():
        _check_month(month)
        line = known.get((month, source_key(source)))
        if line is None:
            raise PlanInputError(
                f"no source {source!r} in the plan; its sources are {', '.join(plan.sources())}"
            )
        if not np.isfinite(value) or value < 0 or value != int(value):
            raise PlanInputError(
                f"{month_name(month)}, {line.source}: leads must be a whole number ≥ 0, not {value}"
            )
        changed[month, line.source] = float(value)
    lines = tuple(
        replace(
            line,
            leads=changed[key],
            cost=changed[key] * line.cost_per_lead,
            sales=changed[key] * line.conversion,
            at_cap=False,
            capacity_value=None,
        )
        if (key := (line.month, line.source)) in changed
        else replace(line, capacity_value=None)
        for line in plan.lines
    )
    edited = _totalled(plan, lines)
    months = tuple(replace(month, marginal_cost_per_sale=None) for month in edited.months)
    return replace(edited, months=months, marginal_cost_per_sale=None, notes=())


# --- checks -------------------------------------------------------------------------------


def check_request(request: PlanRequest) -> None:
    """Refuse assumptions no plan can be built from, naming the source or month and why."""
    if len(request.targets) != 12:
        raise PlanInputError(f"a year plan needs 12 monthly targets, not {len(request.targets)}")
    for month, target in enumerate(request.targets, start=1):
        if not np.isfinite(target) or target < 0:
            raise PlanInputError(f"the target for {month_name(month)} must be ≥ 0, not {target}")
    if not request.sources:
        raise PlanInputError("a plan needs at least one source with its conversion and cost")
    names = [source.source for source in request.sources]
    if len({source_key(name) for name in names}) != len(names):
        raise PlanInputError(f"each source once, please: {', '.join(sorted(names))}")
    for source in request.sources:
        check_source(source)
    for adjustment in request.adjustments:
        _check_adjustment(adjustment)
    _check_adjusted_conversions(request)
    if request.budget_cap is not None and not request.budget_cap >= 0:
        raise PlanInputError(f"the budget cap must be ≥ 0 EUR, not {request.budget_cap}")


def check_source(source: SourceAssumption) -> None:
    name = repr(source.source)
    if not 0 <= source.conversion <= 1 or not np.isfinite(source.conversion):
        raise PlanInputError(
            f"source {name}: conversion {source.conversion} is not between 0 and 1"
        )
    if source.conversion == 0:
        raise ZeroConversionError(
            f"source {name} converts 0 % of its leads: no number of its leads reaches a sales "
            "target. Give the conversion you expect, or leave the source out of the plan."
        )
    if not source.cost_per_lead >= 0:
        raise PlanInputError(f"source {name}: cost per lead must be ≥ 0 EUR")
    if not source.minimum_leads >= 0:
        raise PlanInputError(f"source {name}: minimum leads must be ≥ 0")
    cap = source.monthly_cap
    if cap is not None and not cap >= source.minimum_leads:
        raise PlanInputError(
            f"source {name}: monthly cap {cap} is below its minimum of {source.minimum_leads} leads"
        )
    if cap is None and source.cost_per_lead == 0:
        raise PlanInputError(
            f"source {name} costs nothing and has no monthly cap, so the plan would take every "
            "lead from it. Give it a cap: the leads it brings in a good month."
        )


def _check_adjustment(adjustment: MonthAdjustment) -> None:
    _check_month(adjustment.month)
    if not adjustment.sales_factor >= 0 or not adjustment.conversion_factor > 0:
        raise PlanInputError(
            f"{month_name(adjustment.month)}: the sales factor must be ≥ 0 and the conversion "
            "factor > 0"
        )


def _check_adjusted_conversions(request: PlanRequest) -> None:
    for month, factor in enumerate(request.conversion_factors(), start=1):
        for source in request.sources:
            if source.conversion * factor > 1:
                raise PlanInputError(
                    f"{month_name(month)}: source {source.source!r} would convert "
                    f"{source.conversion * factor:.0%} of its leads after the month's "
                    f"conversion factor {factor}: more than every lead"
                )


def _check_month(month: int) -> None:
    if month not in range(1, 13):
        raise PlanInputError(f"month {month} is not a month (1–12)")


def month_name(month: int) -> str:
    return MONTH_NAMES[month - 1]


def check_reachable(problem: _Problem) -> None:
    """Refuse months whose target is beyond every source at its cap."""
    if np.isinf(problem.caps).any():
        return
    short = []
    for m in range(12):
        most = float(problem.conversion[m] @ problem.caps)
        if most < problem.targets[m] - TOLERANCE:
            short.append((m + 1, float(problem.targets[m]), most))
    if short:
        caps = tuple(
            (name, float(cap), float(conversion))
            for name, cap, conversion in zip(
                problem.names, problem.caps, problem.base_conversion, strict=True
            )
        )
        months = "; ".join(
            f"{month_name(month)} needs {target:g}, at most {most:.1f}"
            for month, target, most in short
        )
        sources = ", ".join(f"{name} {cap:g} leads × {rate:.1%}" for name, cap, rate in caps)
        raise UnreachableTargetError(
            f"the sources at their monthly caps cannot reach the target: {months} "
            f"(caps: {sources}). Raise a cap, add a source or lower the target.",
            tuple(short),
            caps,
        )


def check_minimum_spend(problem: _Problem, budget_cap: float) -> None:
    """Refuse a budget that does not pay for the committed minimum leads."""
    committed = 12 * float(problem.minimums @ problem.costs)
    if budget_cap < committed - TOLERANCE:
        parts = ", ".join(
            f"{name} {minimum:g} leads × €{cost:g}"
            for name, minimum, cost in zip(
                problem.names, problem.minimums, problem.costs, strict=True
            )
            if minimum > 0
        )
        raise BudgetBelowMinimumError(
            f"the budget of €{budget_cap:,.0f} is below the €{committed:,.0f} the committed "
            f"minimum leads cost over the year ({parts} a month): raise the budget or lower "
            "the minimums."
        )


# --- the linear programmes ------------------------------------------------------------------


@dataclass(frozen=True)
class _Problem:
    """The request as arrays: sources along axis 1, months along axis 0."""

    year: int
    names: list[str]
    targets: np.ndarray  # (12,)
    base_conversion: np.ndarray  # (S,)
    conversion: np.ndarray  # (12, S) after the month factors
    costs: np.ndarray  # (S,)
    caps: np.ndarray  # (S,), inf where uncapped
    minimums: np.ndarray  # (S,)
    budget_cap: float | None

    @classmethod
    def of(cls, request: PlanRequest) -> _Problem:
        sources = request.sources
        base = np.array([s.conversion for s in sources])
        factors = np.array(request.conversion_factors())
        return cls(
            year=request.year,
            names=[s.source for s in sources],
            targets=np.array(request.targets, dtype=float),
            base_conversion=base,
            conversion=factors[:, None] * base[None, :],
            costs=np.array([s.cost_per_lead for s in sources]),
            caps=np.array([np.inf if s.monthly_cap is None else s.monthly_cap for s in sources]),
            minimums=np.array([s.minimum_leads for s in sources]),
            budget_cap=request.budget_cap,
        )

    @property
    def size(self) -> int:
        return len(self.names)

    def bounds(self) -> list[tuple[float, float | None]]:
        one_month = [
            (float(low), None if np.isinf(high) else float(high))
            for low, high in zip(self.minimums, self.caps, strict=True)
        ]
        return one_month * 12

    def month_rows(self) -> np.ndarray:
        """A (12, 12·S) matrix: row m sums the expected sales of month m."""
        rows = np.zeros((12, 12 * self.size))
        for m in range(12):
            rows[m, m * self.size : (m + 1) * self.size] = self.conversion[m]
        return rows


def _solve_cheapest(problem: _Problem) -> YearPlan:
    """min Σ p x  s.t.  Σ_s c_sm x_sm ≥ T_m, minimum ≤ x ≤ cap.

    The target row's dual is what one more sale costs that month; the cap's dual is the
    cost saved by one more lead of capacity.
    """
    result = linprog(
        c=np.tile(problem.costs, 12) + TIE_BREAK,
        A_ub=-problem.month_rows(),
        b_ub=-problem.targets,
        bounds=problem.bounds(),
        method="highs",
    )
    _require_solved(result, problem)
    month_marginal = [-float(value) for value in result.ineqlin.marginals]
    capacity_value = [-float(value) for value in result.upper.marginals]
    return _assemble(problem, result.x, month_marginal, capacity_value, None)


def _solve_most_sales(problem: _Problem, budget_cap: float) -> YearPlan:
    """max Σ c x  s.t.  Σ p x ≤ B, Σ_s c_sm x_sm ≤ T_m, minimum ≤ x ≤ cap.

    With λ the budget's dual (sales per extra euro) and μ_m the month target's, one more
    sale in month m costs (1 − μ_m)/λ: the euros it takes from the budget, less what the
    month's full target frees. A cap's dual ν (sales per extra lead) is worth ν/λ euros.
    """
    budget_row = np.tile(problem.costs, 12)[None, :]
    result = linprog(
        c=-problem.month_rows().sum(axis=0),
        A_ub=np.vstack([budget_row, problem.month_rows()]),
        b_ub=np.concatenate([[budget_cap], problem.targets]),
        bounds=problem.bounds(),
        method="highs",
    )
    _require_solved(result, problem)
    x = _even_shortfall(problem, budget_cap, -float(result.fun))
    duals = -np.asarray(result.ineqlin.marginals, dtype=float)
    per_euro, month_duals = float(duals[0]), duals[1:]
    if per_euro <= TOLERANCE:
        return _assemble(problem, x, [None] * 12, [None] * (12 * problem.size), budget_cap)
    month_marginal = [(1 - float(mu)) / per_euro for mu in month_duals]
    capacity_value = [-float(nu) / per_euro for nu in result.upper.marginals]
    plan = _assemble(problem, x, month_marginal, capacity_value, budget_cap)
    return YearPlan(plan.year, plan.lines, plan.months, budget_cap, None, 1 / per_euro, plan.notes)


def _even_shortfall(problem: _Problem, budget_cap: float, best: float) -> np.ndarray:
    """Among the plans with the most sales, one where the months fall short evenly.

    The most-sales programme is indifferent to which month falls short; marketing is not.
    Keeping the total, a second programme raises the least share of its target any month
    reaches (t), a third lowers the largest (u) with t kept. Their dual values are those of
    the first: every one of these plans is optimal for the same programme.
    """
    size = 12 * problem.size
    rows = problem.month_rows()
    positive = problem.targets > 0
    share_rows = np.hstack([rows[positive], np.zeros((int(positive.sum()), 1))])
    targets = problem.targets[positive][:, None]
    base_rows = np.vstack(
        [
            np.append(np.tile(problem.costs, 12), 0.0),
            np.hstack([rows, np.zeros((12, 1))]),
            np.append(-rows.sum(axis=0), 0.0),
        ]
    )
    base_limits = np.concatenate([[budget_cap], problem.targets, [-best + 1e-7 * max(best, 1)]])
    at_least = np.hstack([-share_rows[:, :-1], targets])  # t·T_m − sales_m ≤ 0
    lowest = _solve_share(problem, base_rows, base_limits, at_least, maximise=True)
    floor_limits = -(lowest - 1e-7) * problem.targets[positive]  # sales_m ≥ t·T_m, t fixed
    at_most = np.hstack([share_rows[:, :-1], -targets])  # sales_m − u·T_m ≤ 0
    result = linprog(
        c=np.append(np.zeros(size), 1.0),
        A_ub=np.vstack([base_rows, -share_rows, at_most]),
        b_ub=np.concatenate([base_limits, floor_limits, np.zeros(len(targets))]),
        bounds=[*problem.bounds(), (0.0, 1.0)],
        method="highs",
    )
    _require_solved(result, problem)
    return np.asarray(result.x[:size])


def _solve_share(
    problem: _Problem, rows: np.ndarray, limits: np.ndarray, share: np.ndarray, maximise: bool
) -> float:
    result = linprog(
        c=np.append(np.zeros(12 * problem.size), -1.0 if maximise else 1.0),
        A_ub=np.vstack([rows, share]),
        b_ub=np.concatenate([limits, np.zeros(len(share))]),
        bounds=[*problem.bounds(), (0.0, 1.0)],
        method="highs",
    )
    _require_solved(result, problem)
    return float(result.x[-1])


def _require_solved(result: object, problem: _Problem) -> None:
    status = getattr(result, "status", -1)
    if status != 0:
        raise UnreachableTargetError(
            f"no plan for {problem.year} satisfies the targets, caps and minimums together "
            f"({getattr(result, 'message', 'solver failed')})"
        )


def _assemble(
    problem: _Problem,
    x: np.ndarray,
    month_marginal: Sequence[float | None],
    capacity_value: Sequence[float | None],
    budget_cap: float | None,
) -> YearPlan:
    leads = np.clip(np.asarray(x, dtype=float).reshape(12, problem.size), 0, None)
    lines = []
    for m in range(12):
        for s, name in enumerate(problem.names):
            value = capacity_value[m * problem.size + s]
            lines.append(
                PlanLine(
                    month=m + 1,
                    source=name,
                    conversion=float(problem.conversion[m, s]),
                    cost_per_lead=float(problem.costs[s]),
                    leads=float(leads[m, s]),
                    cost=float(leads[m, s] * problem.costs[s]),
                    sales=float(leads[m, s] * problem.conversion[m, s]),
                    at_cap=bool(leads[m, s] >= problem.caps[s] - TOLERANCE),
                    capacity_value=None if value is None else max(value, 0.0) + 0.0,
                )
            )
    months = tuple(_month_total(m + 1, problem, lines, month_marginal[m]) for m in range(12))
    return YearPlan(problem.year, tuple(lines), months, budget_cap, None, None)


def _month_total(
    month: int, problem: _Problem, lines: list[PlanLine], marginal: float | None
) -> PlanMonth:
    own = [line for line in lines if line.month == month]
    return PlanMonth(
        month=month,
        target=float(problem.targets[month - 1]),
        leads=sum(line.leads for line in own),
        cost=sum(line.cost for line in own),
        sales=sum(line.sales for line in own),
        marginal_cost_per_sale=None if marginal is None else max(marginal, 0.0) + 0.0,
    )
