"""Every day of the month: leads per source against plan, spend against budget, sales against
target, each pro-rated by the business days gone.

On the 10th of a month with 25 business days of which 8 have passed, a source planned at 100
leads should have brought 32. Pure: counts and plan lines in, rows out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from scoreline.planning.sources import source_key

IsBusinessDay = Callable[[date], bool]


@dataclass(frozen=True)
class PlannedSource:
    """The plan's month for one source: leads and their cost."""

    source: str
    leads: float
    cost: float

    @property
    def cost_per_lead(self) -> float:
        return self.cost / self.leads if self.leads else 0.0


@dataclass(frozen=True)
class SourceTrack:
    source: str
    leads: int
    planned_to_date: float
    planned_month: float
    spend: float  # leads so far at the plan's cost per lead
    budget_to_date: float

    @property
    def ratio(self) -> float | None:
        """Leads against the plan so far (1.0 = on plan); None when nothing was planned yet."""
        return self.leads / self.planned_to_date if self.planned_to_date > 0 else None


@dataclass(frozen=True)
class MonthTrack:
    month: date
    business_days: int
    business_days_gone: int
    sources: tuple[SourceTrack, ...]
    sales: int
    target: float | None

    @property
    def share_gone(self) -> float:
        return self.business_days_gone / self.business_days if self.business_days else 1.0

    @property
    def target_to_date(self) -> float | None:
        return None if self.target is None else self.target * self.share_gone

    @property
    def leads(self) -> int:
        return sum(source.leads for source in self.sources)

    @property
    def planned_to_date(self) -> float:
        return sum(source.planned_to_date for source in self.sources)

    @property
    def spend(self) -> float:
        return sum(source.spend for source in self.sources)

    @property
    def budget_to_date(self) -> float:
        return sum(source.budget_to_date for source in self.sources)


def business_days(month: date, today: date, is_business_day: IsBusinessDay) -> tuple[int, int]:
    """Business days in the month, and those up to and including today."""
    first = month.replace(day=1)
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    days = [first + timedelta(days=i) for i in range((following - first).days)]
    open_days = [day for day in days if is_business_day(day)]
    return len(open_days), sum(1 for day in open_days if day <= today)


def track_month(
    today: date,
    leads_by_source: Mapping[str, int],
    plan: Sequence[PlannedSource],
    *,
    sales: int,
    target: float | None,
    is_business_day: IsBusinessDay,
) -> MonthTrack:
    """Month to date against the plan, for the month containing `today`.

    Leads meet their plan line by `source_key`, whichever spelling they carry; a row shows the
    plan's spelling. Sources with leads but no plan line appear with a plan of zero, so
    nothing is hidden.
    """
    total, gone = business_days(today, today, is_business_day)
    share = gone / total if total else 1.0
    counts, names = _counts_by_key(leads_by_source)
    planned = {source_key(line.source): line for line in plan}
    keys = list(planned) + sorted(set(counts) - set(planned))
    rows = []
    for key in keys:
        line = planned.get(key) or PlannedSource(names[key], 0.0, 0.0)
        count = counts.get(key, 0)
        rows.append(
            SourceTrack(
                source=line.source,
                leads=count,
                planned_to_date=line.leads * share,
                planned_month=line.leads,
                spend=count * line.cost_per_lead,
                budget_to_date=line.cost * share,
            )
        )
    return MonthTrack(today.replace(day=1), total, gone, tuple(rows), sales, target)


def _counts_by_key(leads_by_source: Mapping[str, int]) -> tuple[dict[str, int], dict[str, str]]:
    """Lead counts per source key (spellings of one source added up), and a name for each key."""
    counts: dict[str, int] = {}
    names: dict[str, str] = {}
    for name in sorted(leads_by_source):
        key = source_key(name)
        counts[key] = counts.get(key, 0) + int(leads_by_source[name])
        names.setdefault(key, name)
    return counts, names
