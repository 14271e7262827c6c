"""The next follow-up always falls while the dealer is open (Mo-Fr 9-18, Sa 9-17 here)."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from followup.clock import MONDAY_10, amsterdam
from scoreline.followup.actions import log_activity, plan_follow_up, plan_next_attempt
from scoreline.followup.models import Activity, Job, JobKind
from scoreline.followup.next_step import (
    latest_next_attempt,
    next_attempt,
    opening_day,
    quick_plans,
)
from scoreline.hours import BusinessCalendar

CALENDAR = BusinessCalendar.build("Mo-Fr 09:00-18:00; Sa 09:00-17:00", "NL", "Europe/Amsterdam")
FRIDAY_17 = amsterdam(2025, 3, 14, 17, 0)
SATURDAY_16 = amsterdam(2025, 3, 15, 16, 30)


def test_in_2_days_from_friday_is_monday_not_sunday() -> None:
    plans = dict(quick_plans(CALENDAR, FRIDAY_17))
    assert plans["next_day"] == amsterdam(2025, 3, 15, 9, 30)  # Saturday: open
    assert plans["two_days"] == amsterdam(2025, 3, 17, 9, 30)  # Monday, not Sunday


def test_in_2_hours_late_in_the_day_carries_into_the_next_opening() -> None:
    plans = dict(quick_plans(CALENDAR, SATURDAY_16))
    assert plans["later"] == amsterdam(2025, 3, 17, 10, 30)  # 30 min Saturday, 90 Monday


@pytest.mark.parametrize("now", [FRIDAY_17, SATURDAY_16, MONDAY_10, amsterdam(2025, 4, 18, 12)])
def test_every_quick_plan_lands_while_the_dealer_is_open(now: datetime) -> None:
    for _key, at in quick_plans(CALENDAR, now):
        assert CALENDAR.is_open(at), at
        assert at > now


def test_a_day_that_opens_late_is_planned_at_its_opening() -> None:
    late = BusinessCalendar.build("Mo-Fr 11:00-18:00", "NL", "Europe/Amsterdam")
    assert opening_day(late, MONDAY_10, 1, datetime.min.time().replace(hour=9, minute=30)) == (
        amsterdam(2025, 3, 11, 11, 0)
    )


def test_more_attempts_than_days_left_means_another_try_the_same_day() -> None:
    assert next_attempt(CALENDAR, 3, 2, MONDAY_10) == amsterdam(2025, 3, 10, 12, 0)


def test_one_attempt_per_remaining_day_means_the_next_opening_day_same_time() -> None:
    assert next_attempt(CALENDAR, 2, 2, FRIDAY_17) == amsterdam(2025, 3, 15, 17, 0).replace(
        hour=9
    )  # Saturday closes at 17:00: its opening instead
    assert next_attempt(CALENDAR, 2, 2, MONDAY_10) == amsterdam(2025, 3, 11, 10, 0)


def test_an_unanswered_call_plans_the_next_attempt_in_opening_hours(cast, clock) -> None:  # noqa: ANN001
    clock.move_to(FRIDAY_17)
    lead = cast.arrive(amsterdam(2025, 3, 14, 16, 50), to=cast.sanne)
    log_activity(lead, "call", by=cast.sanne, outcome="no_answer")
    lead.refresh_from_db()
    # 3 attempts on 2 more days owed: another try 2 business hours on, one of them Saturday's
    assert lead.next_follow_up_at == amsterdam(2025, 3, 15, 10, 0)
    assert Job.objects.filter(lead=lead, kind=JobKind.FOLLOW_UP_DUE).count() == 1


def test_a_reached_call_or_a_later_plan_is_left_alone(cast, clock) -> None:  # noqa: ANN001
    clock.move_to(MONDAY_10)
    lead = cast.arrive(MONDAY_10, to=cast.sanne)
    plan_follow_up(lead, amsterdam(2025, 3, 20, 14, 0), by=cast.sanne)
    log_activity(lead, "call", by=cast.sanne, outcome="busy")
    other = cast.arrive(MONDAY_10, to=cast.sanne, name="Bas Jansen")
    log_activity(other, "call", by=cast.sanne, outcome="reached")
    lead.refresh_from_db()
    other.refresh_from_db()
    assert lead.next_follow_up_at == amsterdam(2025, 3, 20, 14, 0)
    assert other.next_follow_up_at is None


def test_an_old_call_from_a_log_plans_nothing_in_the_past(cast, clock) -> None:  # noqa: ANN001
    clock.move_to(amsterdam(2025, 3, 20, 12, 0))
    lead = cast.arrive(MONDAY_10, to=cast.sanne)
    log_activity(lead, "call", by=None, outcome="no_answer", at=amsterdam(2025, 3, 10, 10, 5))
    lead.refresh_from_db()
    assert lead.next_follow_up_at is None


@pytest.mark.parametrize("now", [FRIDAY_17, SATURDAY_16, MONDAY_10, amsterdam(2025, 4, 18, 12)])
def test_no_next_attempt_falls_after_the_latest_one(now: datetime) -> None:
    latest = latest_next_attempt(CALENDAR, now)
    owed = [next_attempt(CALENDAR, a, d, now) for a in range(4) for d in range(-1, 3)]
    assert max(owed) == latest  # the latest is one of them: it bounds, it does not overshoot


def test_an_old_call_is_not_judged_to_know_it_plans_nothing(cast, clock) -> None:  # noqa: ANN001
    clock.move_to(amsterdam(2025, 3, 20, 12, 0))
    lead = cast.arrive(MONDAY_10, to=cast.sanne)
    with CaptureQueriesContext(connection) as captured:
        plan_next_attempt(lead, by=None, now=amsterdam(2025, 3, 10, 10, 5))
    assert not [q for q in captured if Activity._meta.db_table in q["sql"]]
