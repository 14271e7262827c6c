"""The worker's daily work: each dealer's pace check once it opens, and the retention rule.

Daily work is kept as rows like the response clocks, one per (dealer, kind, day): each
round of the worker makes sure today's rows exist (get_or_create on that key, so a second
worker or a restart adds nothing) and then claims the due ones like any other job. No cron:
a worker that was down does today's work when it comes back; a row left from a day it missed
is closed as moot, because today's row does the same work with fresher data.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, time, tzinfo
from functools import partial
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db.models import Exists, OuterRef
from django.utils import timezone

from scoreline.api.idempotency import purge_idempotency_records
from scoreline.dealers.models import Dealer
from scoreline.followup.calendars import calendar_for
from scoreline.followup.models import DailyJob, DailyKind, JobResult
from scoreline.ops.retention import apply_retention
from scoreline.planning.actions import DealerPace, dealer_pace, keep_pace
from scoreline.planning.errors import PlanningError
from scoreline.planning.models import Plan

log = logging.getLogger(__name__)

# Retention runs at night in the site's time zone (TIME_ZONE), before any dealer opens.
RETENTION_AT = time(3, 0)

# A daily job's write step: run in the transaction that marks the job done.
Write = Callable[[], JobResult]


def ensure_daily_jobs(now: datetime) -> int:
    """Add today's daily rows that do not exist yet; returns how many were added."""
    added = _ensure_retention(now)
    for zone in _active_zones():
        added += _ensure_pace_checks(zone, now)
    return added


def opening_on(dealer: Dealer, day: date) -> datetime | None:
    """When the dealer opens on its local `day`, or None when it stays closed that day."""
    hours = calendar_for(dealer).hours_on(day)
    if not hours:
        return None
    minute = hours[0][0]
    return datetime.combine(day, time(minute // 60, minute % 60), ZoneInfo(dealer.time_zone))


def prepare(job: DailyJob, now: datetime) -> Write:
    """Read and compute a daily job's work before any transaction; the step returned writes it.

    Computing first keeps the write transaction short: on SQLite it holds the write lock.
    """
    return PREPARE[job.kind](job, now)


def _ensure_retention(now: datetime) -> int:
    zone = timezone.get_default_timezone()
    day = now.astimezone(zone).date()
    _job, created = DailyJob.objects.get_or_create(
        dealer=None,
        kind=DailyKind.RETENTION,
        day=day,
        defaults={"due_at": datetime.combine(day, RETENTION_AT, zone)},
    )
    return int(created)


def _active_zones() -> list[str]:
    zones = Dealer.objects.filter(is_active=True).order_by("time_zone")
    return list(zones.values_list("time_zone", flat=True).distinct())


def _ensure_pace_checks(zone: str, now: datetime) -> int:
    """Today's pace check rows, in this zone's today, for its dealers that have none yet."""
    try:
        day = now.astimezone(ZoneInfo(zone)).date()
    except (ZoneInfoNotFoundError, ValueError) as error:
        log.warning("no pace checks for dealers in time zone %r: %s", zone, error)
        return 0
    has_row = DailyJob.objects.filter(dealer=OuterRef("pk"), kind=DailyKind.PACE_CHECK, day=day)
    missing = Dealer.objects.filter(~Exists(has_row), is_active=True, time_zone=zone)
    return sum(_add_pace_check(dealer, day, now) for dealer in missing)


def _add_pace_check(dealer: Dealer, day: date, now: datetime) -> int:
    """The row due when the dealer opens; on a closed day a row already done, so the day is
    settled and not looked at again every round."""
    try:
        opens = opening_on(dealer, day)
    except ValueError as error:  # unreadable opening hours: said every round until fixed
        log.warning("no pace check for %s today: %s", dealer, error)
        return 0
    settled = {"done_at": now, "result": JobResult.MOOT} if opens is None else {}
    _job, created = DailyJob.objects.get_or_create(
        dealer=dealer,
        kind=DailyKind.PACE_CHECK,
        day=day,
        defaults={"due_at": opens or now, **settled},
    )
    return int(created)


def _pace_check(job: DailyJob, now: datetime) -> Write:
    """The month's pace for the job's dealer, kept (and warned about) by `keep_pace`.

    A dealer without a plan for the year has no target to fall behind, and one with too
    little history cannot be forecast: for them nothing is kept.
    """
    dealer = job.dealer
    if dealer is None:
        raise ValueError(f"pace check job {job.pk} has no dealer")
    if _outdated(job.day, ZoneInfo(dealer.time_zone), now) or not dealer.is_active:
        return _nothing
    if Plan.objects.latest_for(dealer, job.day.year) is None:
        return _nothing
    try:
        today = dealer_pace(dealer, now)
    except PlanningError as error:  # too little history to forecast: retrying will not help
        return partial(_refused, job, str(error))
    if today.forecast.target is None:
        return _nothing
    return partial(_keep, dealer, today)


def _keep(dealer: Dealer, today: DealerPace) -> JobResult:
    keep_pace(dealer, today)
    return JobResult.DONE


def _refused(job: DailyJob, reason: str) -> JobResult:
    """Nothing to keep today; the reason stays on the row for the admin to read."""
    DailyJob.objects.filter(pk=job.pk).update(last_error=reason[:2000])
    return JobResult.MOOT


def _retention(job: DailyJob, now: datetime) -> Write:
    if _outdated(job.day, timezone.get_default_timezone(), now):
        return _nothing
    return partial(_retain, now)


def _retain(now: datetime) -> JobResult:
    """The retention rule as `scoreline retention` applies it: anonymise, then purge."""
    done = apply_retention(now=now)
    purged = purge_idempotency_records(now)
    log.info("retention: %s person(s) anonymised, %s record(s) purged", done.persons, purged)
    return JobResult.DONE


def _nothing() -> JobResult:
    return JobResult.MOOT


def _outdated(day: date, zone: tzinfo, now: datetime) -> bool:
    """A row from a day the worker missed: today's row does its work."""
    return day < now.astimezone(zone).date()


PREPARE: dict[str, Callable[[DailyJob, datetime], Write]] = {
    DailyKind.PACE_CHECK: _pace_check,
    DailyKind.RETENTION: _retention,
}
