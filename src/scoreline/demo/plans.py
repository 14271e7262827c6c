"""The demo's year plans and this month's pace: the number the morning board is about.

Each dealer gets a plan for the current year, and for the previous one when the story covers
part of it, built by the planning app as `scoreline plan build` does it: a yearly target
spread by the seasons `planning.actions.seasonal_profile` picks, source assumptions from the
dealer's history (free sources at their average month, as `planning.assumptions` drafts them
for every plan), and what the history's leads cost as the budget cap. Then each dealer's pace
is checked once at the story's now (`planning.actions.keep_pace`), which warns the sales
manager and marketing of the dealer whose month is at risk.

The story (`story.PLANS`) must hold whatever the seed, scale or `--until`, so the current
month's target is read off today's forecast: the sales the dealer reaches with the story's
chance. The yearly target is the one whose seasonal spread gives the month that target;
last year's is this year's over the story's growth.
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from math import ceil
from zoneinfo import ZoneInfo

from scoreline.analytics.frames import Inputs
from scoreline.dealers.models import Dealer, User
from scoreline.demo.generate import DemoConfig
from scoreline.demo.story import DEALERS as DEALER_STORIES
from scoreline.demo.story import PLANNER, PLANS, PlanStory
from scoreline.planning import actions, plan
from scoreline.planning.errors import PlanningError
from scoreline.planning.models import Plan
from scoreline.planning.pace import PaceForecast
from scoreline.planning.seasonality import Profile
from scoreline.reports.extract import read_database

log = logging.getLogger(__name__)
PLANNED_AT = (12, 15, 10)  # a plan is made on 15 December at 10:00, the year before
WARN_BELOW = float(Plan._meta.get_field("warn_below").get_default())  # a new plan's threshold


@dataclass
class Planned:
    """What `plan_dealers` wrote."""

    plans: int = 0
    pace_checks: int = 0
    pace_warnings: int = 0


def plan_dealers(config: DemoConfig, dealer_ids: Sequence[int]) -> Planned:
    """Each dealer's plans (`story.PLANS`), then its pace check at the story's now.

    The leads are read once, as `scoreline pace` and the board read them, for every dealer.
    """
    inputs = read_database()
    planner = User.objects.filter(username=PLANNER).first()
    dealers = Dealer.objects.in_bulk(dealer_ids)
    stories = {story.dealer: story for story in PLANS}
    done = Planned()
    for dealer_story, dealer_id in zip(DEALER_STORIES, dealer_ids, strict=True):
        dealer = dealers[dealer_id]
        try:
            plans = plan_dealer(dealer, stories[dealer_story.key], config, inputs, planner)
            today = actions.dealer_pace(dealer, config.until, inputs)
        except PlanningError as error:
            # Only a demo too small or too short to learn from gets here: say so, load on.
            log.warning("The demo's %s has no plan: %s", dealer, error)
            continue
        check = actions.keep_pace(dealer, today)
        done.plans += len(plans)
        done.pace_checks += 1
        done.pace_warnings += check.warnings.count()
    return done


def plan_dealer(
    dealer: Dealer, story: PlanStory, config: DemoConfig, inputs: Inputs, planner: User | None
) -> list[Plan]:
    """This year's plan and, when the story reaches back into it, last year's.

    1. Today's forecast, without a plan; 2. the month's target it reaches with the story's
    chance; 3. the yearly target whose seasonal spread gives the month that target;
    4. last year's target, this year's over the story's growth.
    """
    now = config.until.astimezone(ZoneInfo(dealer.time_zone))
    today = actions.dealer_pace(dealer, config.until, inputs).forecast
    profile = actions.seasonal_profile(dealer, inputs)
    yearly = yearly_target(month_target(today, story.month_chance, WARN_BELOW), now.month, profile)
    plans = [_save(dealer, now.year, yearly, config, inputs, planner)]
    if config.first_day.year < now.year:
        last_year = round(yearly / story.growth)
        plans.append(_save(dealer, now.year - 1, last_year, config, inputs, planner))
    return plans


def month_target(today: PaceForecast, chance: float, threshold: float) -> int:
    """The month's sales target today's forecast reaches with about `chance`, at least 1.

    Below the threshold: the smallest target reached with at most that chance, so the pace
    check warns; otherwise the largest reached with at least it, so the check does not.
    """
    top = today.sales_so_far + len(today.pmf)
    chances = {t: replace(today, target=float(t)).p_target or 0.0 for t in range(1, top + 1)}
    if chance < threshold:
        return min(t for t, p in chances.items() if p <= chance)
    return max((t for t, p in chances.items() if p >= chance), default=1)


def yearly_target(month_target: int, month: int, profile: Profile) -> int:
    """The yearly target whose seasonal spread gives `month` its target (else the nearest)."""
    guess = round(month_target / max(profile.shares[month - 1], 0.01))

    def miss(yearly: int) -> tuple[int, int]:
        spread = plan.monthly_targets(yearly, profile)[month - 1]
        return abs(spread - month_target), abs(yearly - guess)

    return min(range(max(month_target, guess - 50), guess + 51), key=miss)


def _save(
    dealer: Dealer, year: int, yearly: int, config: DemoConfig, inputs: Inputs, by: User | None
) -> Plan:
    """The plan built and saved as `scoreline plan build --target` does, made in December.

    Its sources as the story's whole history sees them, for either year: a real plan reads
    the year before it, but the demo has little history before its story.
    """
    draft = actions.draft_plan(
        dealer, year, yearly_target=yearly, as_of=config.until, inputs=inputs
    )
    request = replace(draft.request, budget_cap=_last_years_spend(draft))
    made = datetime(year - 1, *PLANNED_AT, tzinfo=ZoneInfo(dealer.time_zone))
    return actions.save_plan(
        replace(draft, request=request),
        plan.build_plan(request, accept_short=True),  # a target beyond the caps shows short
        by=by,
        at=made,
    )


def _last_years_spend(draft: actions.Draft) -> float | None:
    """The budget cap: what the history's leads cost, rounded up to a thousand euros."""
    spend = sum(h.leads * (h.cost_per_lead or 0.0) for h in draft.history)
    return float(ceil(spend / 1000) * 1000) if spend else None
