"""The analytics core's report for one dealer and period, as the pages' cached figure.

The pages show the same numbers as `scoreline report`: they call the core, never recompute.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from scoreline.analytics.report import Scope
from scoreline.dealers.models import Dealer
from scoreline.planning.actions import planned_leads
from scoreline.reports.assembly import database_report
from scoreline.web import freshness

CACHE_SECONDS = 300
UNUSED = ("untouched_leads", "stale_leads", "method")


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # exclusive
    key: str

    @property
    def last(self) -> date:
        """The period's last day, for showing it."""
        return self.end - timedelta(days=1)


PERIODS = {
    "twelve": _("Last 12 complete months"),
    "year": _("This year"),
    "quarter": _("Last 3 months"),
    "month": _("This month"),
}
# The board's choice for its salesperson table: the same periods, plus the last 30 days and
# the cohort of leads old enough to be mostly decided (where conversion is judged).
BOARD_PERIODS = {
    "month": PERIODS["month"],
    "thirty": _("Last 30 days"),
    "decided": _("Received 30 to 120 days ago"),
    "quarter": PERIODS["quarter"],
    "twelve": PERIODS["twelve"],
}
DEFAULT_PERIOD = "twelve"  # marketing judges sources on months whose leads had their chance


def _today(now: datetime, dealer: Dealer) -> date:
    return timezone.localtime(now, timezone=ZoneInfo(dealer.time_zone)).date()


def month_period(now: datetime, dealer: Dealer) -> Period:
    return period_named("month", now, dealer)


def period_named(key: str, now: datetime, dealer: Dealer) -> Period:
    """A named reporting period in the dealer's time zone.

    "twelve" is the twelve calendar months before this one, so it never repeats "this year";
    "decided" the leads received 30 to 120 days ago; the others run to today inclusive
    ("thirty": the last 30 days). An unknown key is this month.
    """
    today = _today(now, dealer)
    end = today + timedelta(days=1)
    first = today.replace(day=1)
    if key == "quarter":
        return Period(_months_back(first, 2), end, key)
    if key == "thirty":
        return Period(today - timedelta(days=29), end, key)
    if key == "decided":
        return decided_period(now, dealer)
    if key == "year":
        return Period(today.replace(month=1, day=1), end, key)
    if key == "twelve":
        return Period(_months_back(first, 12), first, key)
    return Period(first, end, "month")


# Conversion per salesperson is judged on leads old enough to be mostly decided: a month's
# own leads are mostly still open, and shrinking them makes everyone look alike.
DECIDED_DAYS = (30, 120)


def decided_period(now: datetime, dealer: Dealer) -> Period:
    """Leads received 30 to 120 days ago: the cohort whose conversion the board shows."""
    today = _today(now, dealer)
    newest, oldest = DECIDED_DAYS
    return Period(today - timedelta(days=oldest), today - timedelta(days=newest - 1), "decided")


def cohort_totals(report: dict[str, Any] | None) -> dict[str, Any] | None:
    """A cohort's totals with how many of its leads are still open (neither won nor lost):
    a conversion is always shown with its open leads."""
    if not report or not report.get("totals"):
        return None
    totals = report["totals"]
    return {**totals, "open": totals["leads"] - totals["won"] - totals["closed_lost"]}


def _months_back(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def dealer_report(dealer: Dealer, period: Period, now: datetime) -> dict[str, Any] | None:
    """The report dict (EXCHANGE.md keys, plus by_campaign and by_source_salesperson) for a
    dealer and period.

    None when the dealer has no leads at all. A cached figure per dealer, named period and
    language, kept fresh by the worker (see freshness.py); keyed by the period's name, not its
    dates, so a new day does not leave every reader of the morning a report to compute.
    """
    language = (get_language() or "en")[:2]
    language = language if language in ("nl", "fr", "en") else "en"
    named = period.key in PERIODS or period.key == "decided"
    key = period.key if named else f"{period.start}/{period.end}"  # any other: by its dates
    report = freshness.read("report", dealer, now, key, language)
    return report or None


def forget_reports(dealer_id: int) -> None:
    """After a change to the dealer's costs or targets, the next page computes a new report."""
    freshness.forget(dealer_id, "report")


@freshness.figure("report", fresh_seconds=CACHE_SECONDS)
def _report(dealer: Dealer, now: datetime, period: str, language: str) -> dict[str, Any]:
    if "/" in period:
        start, end = (date.fromisoformat(day) for day in period.split("/"))
        return _build(dealer, Period(start, end, period), now, language) or {}
    if period == "decided":
        return _build(dealer, decided_period(now, dealer), now, language) or {}
    return _build(dealer, period_named(period, now, dealer), now, language) or {}


def _build(dealer: Dealer, period: Period, now: datetime, language: str) -> dict[str, Any] | None:
    if not dealer.leads.exists():
        return None
    scope = Scope(
        date_from=period.start,
        date_to=period.end - timedelta(days=1),
        extra_cuts=(("campaign",), ("source", "salesperson")),
    )
    report = database_report([dealer.name], now, scope=scope, language=language).report
    # The pages list leads from the database; the report's own lists would only make every
    # cached read slower (thousands of rows for a busy dealer).
    return {key: value for key, value in report.items() if key not in UNUSED}


def salesperson_rows(
    month: dict[str, Any] | None, decided: dict[str, Any] | None
) -> list[dict[str, Any]]:
    """Each salesperson's figures of this month's leads, with `decided` holding the figures
    of the leads received 30 to 120 days ago (conversion, came back after lost)."""
    rows = {row["salesperson"]: {**row} for row in (month or {}).get("by_salesperson", [])}
    for row in (decided or {}).get("by_salesperson", []):
        rows.setdefault(row["salesperson"], {"salesperson": row["salesperson"]})["decided"] = row
    return list(rows.values())


def plan_rows(
    dealer: Dealer, period: Period, report: dict[str, Any] | None
) -> list[dict[str, Any]]:
    """Leads planned (the year's latest plan, this month's pro rata by business days gone)
    and received (the report) per month of the period."""
    received = {row["month"]: row["leads"] for row in (report or {}).get("by_month", [])}
    planned = planned_leads(dealer, period.start, period.last, timezone.now())
    months = sorted(key for key in planned if _in_period(key, period))
    return [{"month": m, "planned": planned[m], "actual": received.get(m, 0)} for m in months]


def _in_period(month: str, period: Period) -> bool:
    first = date.fromisoformat(month + "-01")
    return period.start.replace(day=1) <= first < period.end
