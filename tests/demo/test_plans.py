"""The demo's year plans and this month's pace: Utrecht comfortable, Amersfoort at risk."""

from datetime import UTC, date, datetime
from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command
from django.test import TestCase, override_settings

from scoreline.dealers.models import Dealer
from scoreline.demo.generate import until_from_text
from scoreline.demo.plans import month_target, yearly_target
from scoreline.demo.story import PLANS
from scoreline.followup.models import Notification, NotificationKind
from scoreline.leads.models import CostModel
from scoreline.planning.models import PaceCheck, PaceWarning, Plan
from scoreline.planning.pace import MonthParts, PaceForecast, month_end_pmf
from scoreline.planning.plan import monthly_targets
from scoreline.planning.seasonality import market_profile

UNTIL = "2026-11-13"  # mid-month: the month's end is still open
LOAD = {"until": UNTIL, "scale": 0.06, "months": 13, "seed": 5}  # from October 2025
CHANCE = {story.dealer: story.month_chance for story in PLANS}
GROWTH = {story.dealer: story.growth for story in PLANS}


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class TheDemosPlans(TestCase):
    """Van Dijk at 6 % of its size over 13 months, loaded once for every test here."""

    @classmethod
    def setUpTestData(cls) -> None:
        call_command("demo", verbosity=0, stdout=StringIO(), **LOAD)
        cls.utrecht, cls.amersfoort, cls.antwerpen = Dealer.objects.order_by("pk")

    def check(self, dealer: Dealer) -> PaceCheck:
        return PaceCheck.objects.get(dealer=dealer)

    def test_every_dealer_has_this_and_last_years_plan_with_twelve_monthly_targets(self) -> None:
        for dealer in (self.utrecht, self.amersfoort, self.antwerpen):
            for year in (2025, 2026):  # the story reaches back into October 2025
                plan = Plan.objects.get(dealer=dealer, year=year)
                targets = list(plan.months.values_list("target", flat=True))
                self.assertEqual(len(targets), 12, (dealer, year))
                self.assertEqual(sum(targets), plan.yearly_target, (dealer, year))
                self.assertEqual(plan.created_by.username, "femke")
                self.assertTrue(plan.lines.exists(), (dealer, year))

    def test_last_years_target_is_this_years_over_the_storys_growth(self) -> None:
        for dealer, key in ((self.utrecht, "utrecht"), (self.amersfoort, "amersfoort")):
            this, last = (Plan.objects.get(dealer=dealer, year=y) for y in (2026, 2025))
            self.assertEqual(last.yearly_target, round(this.yearly_target / GROWTH[key]))

    def test_free_sources_are_planned_as_they_come_and_paid_ones_bought_up_to_a_cap(self) -> None:
        plan = Plan.objects.get(dealer=self.utrecht, year=2026)
        for assumption in plan.sources.select_related("source"):
            free = assumption.source.cost_model == CostModel.FREE
            as_they_come = assumption.minimum_leads == assumption.monthly_cap
            self.assertEqual(as_they_come, free, assumption.source.name)
            self.assertGreater(assumption.monthly_cap, 0, assumption.source.name)

    def test_the_pace_check_measures_this_month_against_this_years_plan(self) -> None:
        for dealer in (self.utrecht, self.amersfoort, self.antwerpen):
            november = Plan.objects.get(dealer=dealer, year=2026).months.get(month=11)
            check = self.check(dealer)
            self.assertEqual((check.month, check.target), (date(2026, 11, 1), november.target))
            self.assertEqual(check.as_of, until_from_text(UNTIL))

    def test_amersfoorts_month_is_at_risk_and_warns_its_sales_manager_and_marketing(self) -> None:
        check = self.check(self.amersfoort)
        self.assertLessEqual(check.p_target, CHANCE["amersfoort"])
        self.assertIs(check.warned, True)
        warned = PaceWarning.objects.filter(pace_check=check).values_list("user__username")
        self.assertEqual(sorted(u for (u,) in warned), ["femke", "peter"])
        for username in ("peter", "femke"):
            notes = Notification.objects.filter(user__username=username, kind=NotificationKind.PACE)
            self.assertEqual([self.amersfoort.name in n.text for n in notes], [True], username)

    def test_utrecht_is_comfortably_on_pace_and_warns_nobody(self) -> None:
        check = self.check(self.utrecht)
        self.assertGreaterEqual(check.p_target, CHANCE["utrecht"])
        self.assertIs(check.warned, False)
        self.assertFalse(check.warnings.exists())
        manager = Notification.objects.filter(user__username="marieke", kind=NotificationKind.PACE)
        self.assertFalse(manager.exists())

    def test_antwerpen_is_on_pace_without_room_to_spare_and_warns_nobody(self) -> None:
        check = self.check(self.antwerpen)
        plan = Plan.objects.get(dealer=self.antwerpen, year=2026)
        self.assertGreaterEqual(check.p_target, CHANCE["antwerpen"])
        self.assertLess(CHANCE["antwerpen"], CHANCE["utrecht"])
        self.assertGreaterEqual(CHANCE["antwerpen"], plan.warn_below)
        self.assertIs(check.warned, False)

    def test_loading_again_if_empty_adds_no_plan_and_no_check(self) -> None:
        before = Plan.objects.count(), PaceCheck.objects.count(), Notification.objects.count()
        call_command("demo", if_empty=True, verbosity=0, stdout=StringIO(), **LOAD)
        after = Plan.objects.count(), PaceCheck.objects.count(), Notification.objects.count()
        self.assertEqual(after, before)


def forecast_of(sold: int, open_chances: list[float]) -> PaceForecast:
    parts = MonthParts(sold, np.array(open_chances), 0, expected_new_leads=0.0, p_new=0.0)
    as_of = datetime(2026, 3, 16, 12, tzinfo=UTC)
    return PaceForecast("Noord", date(2026, 3, 1), as_of, parts, None, month_end_pmf(parts))


@pytest.mark.parametrize(("chance", "target"), [(0.9, 11), (0.65, 12), (0.2, 14)])
def test_the_months_target_is_the_sales_reached_with_the_storys_chance(
    chance: float, target: int
) -> None:
    # 10 sold, 4 open leads at even odds: P(≥11) = 15/16, P(≥12) = 11/16, P(≥13) = 5/16,
    # P(≥14) = 1/16. At or above the 0.5 threshold the largest target with that chance,
    # below it the smallest target with at most that chance.
    assert month_target(forecast_of(10, [0.5] * 4), chance, threshold=0.5) == target


def test_a_month_with_little_to_come_still_gets_a_target_of_one_sale() -> None:
    assert month_target(forecast_of(0, [0.1]), 0.9, threshold=0.5) == 1


@pytest.mark.parametrize(("month", "target"), [(1, 31), (3, 9), (11, 140)])
def test_the_yearly_target_spreads_back_to_the_months_target(month: int, target: int) -> None:
    profile = market_profile(None)
    yearly = yearly_target(target, month, profile)
    assert monthly_targets(yearly, profile)[month - 1] == target
    assert yearly == pytest.approx(target / profile.shares[month - 1], rel=0.06)
