"""When the next follow-up falls: always while the dealer is open, by the standard's cadence.

The quick-plan buttons and the attempt planned after an unanswered call both land in the
dealer's opening hours (its business calendar), so nobody is reminded on a Sunday.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from scoreline.hours import BusinessCalendar

LATER_TODAY_MINUTES = 120  # business minutes: "in 2 hours" skips the closed night
MORNING = time(9, 30)  # the quick plans' time of day, or the opening when later


def later_today(calendar: BusinessCalendar, now: datetime) -> datetime:
    """Two business hours from now: this afternoon, or the next opening day's morning."""
    return calendar.add_minutes(now, LATER_TODAY_MINUTES)


def opening_day(calendar: BusinessCalendar, now: datetime, days: int, at: time) -> datetime:
    """The `days`-th opening day after today, at `at` when open then, else at its opening."""
    day = now.astimezone(calendar.tz).date()
    moment = now
    for _step in range(days):
        midnight = datetime.combine(day + timedelta(days=1), time(0), calendar.tz)
        moment = calendar.next_open(midnight)
        day = moment.astimezone(calendar.tz).date()
    wanted = datetime.combine(day, at, calendar.tz)
    return wanted if wanted > moment and calendar.is_open(wanted) else moment


def quick_plans(calendar: BusinessCalendar, now: datetime) -> list[tuple[str, datetime]]:
    """The one-tap follow-up times by key: later today, the next opening day, the one after."""
    return [
        ("later", later_today(calendar, now)),
        ("next_day", opening_day(calendar, now, 1, MORNING)),
        ("two_days", opening_day(calendar, now, 2, MORNING)),
    ]


def next_attempt(
    calendar: BusinessCalendar, attempts_left: int, days_left: int, now: datetime
) -> datetime:
    """The next call attempt after one that did not reach the person.

    While more attempts are still owed than days, a second attempt is made the same day, two
    business hours on; otherwise (each remaining attempt needs a day of its own, or the
    effort is already made) the next opening day, at the time of day of this attempt.
    """
    if attempts_left > max(days_left, 0):
        return later_today(calendar, now)
    local = now.astimezone(calendar.tz)
    return opening_day(calendar, now, 1, local.time().replace(second=0, microsecond=0))


def latest_next_attempt(calendar: BusinessCalendar, now: datetime) -> datetime:
    """The latest `next_attempt` can return after an attempt at `now`, whatever is owed: when
    even this is past, nothing is planned, and the lead need not be judged to know it."""
    local = now.astimezone(calendar.tz)
    return max(
        later_today(calendar, now),
        opening_day(calendar, now, 1, local.time().replace(second=0, microsecond=0)),
    )
