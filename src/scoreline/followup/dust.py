"""Dust: open leads nobody is working, as each salesperson's action list for the day.

A lead is dust when it is untouched (no first response), its planned follow-up is overdue,
or it is stale: no activity for the standard's number of business days (the dealer's open
days) and no follow-up planned ahead. A follow-up planned ahead is the salesperson's word
that the lead is in hand ("call me after the holidays"), so it keeps the lead off the list
until that day.

The list puts the most urgent first (a broken response clock, then untouched, then an
overdue follow-up, then stale) and, within each, the most valuable: the lead's expected
margin, its source's conversion at the dealer (shrunk toward the target) times the margin
per sale.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import models
from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from scoreline.dealers.models import Dealer, User
from scoreline.followup.calendars import calendar_for
from scoreline.followup.standard import standard_for
from scoreline.hours import BusinessCalendar
from scoreline.leads.models import Lead, LeadStatus

HISTORY = timedelta(days=365)
PRIOR_STRENGTH = 20.0  # the target counts as this many leads of history
MAX_DAYS_BACK = 800  # a dealer closed longer than this has no stale leads to speak of


class DustKind(models.TextChoices):
    BREACHED = "breached", _("Untouched, response clock broken")
    UNTOUCHED = "untouched", _("Untouched")
    FOLLOW_UP_OVERDUE = "follow_up_overdue", _("Planned follow-up overdue")
    STALE = "stale", _("No recent activity")


URGENCY = (DustKind.BREACHED, DustKind.UNTOUCHED, DustKind.FOLLOW_UP_OVERDUE, DustKind.STALE)


@dataclass(frozen=True)
class DustItem:
    """One lead on the list: why, since when it waits, and what it is worth in expectation."""

    lead: Lead
    kind: DustKind
    since: datetime
    value: float  # expected margin in EUR


def rank_key(item: DustItem) -> tuple[int, float, datetime, int]:
    """Most urgent kind first; within a kind the most valuable, then the longest waiting."""
    return (URGENCY.index(item.kind), -item.value, item.since, item.lead.pk)


def expected_conversion(won: int, leads: int, prior: float) -> float:
    """A source's conversion shrunk toward the target, so 1 sale in 3 leads is not 33 %."""
    return (won + PRIOR_STRENGTH * prior) / (leads + PRIOR_STRENGTH)


def business_days_before(calendar: BusinessCalendar, now: datetime, days: int) -> datetime:
    """The same wall-clock time `days` open days of the dealer before `now`."""
    local = now.astimezone(calendar.tz)
    day, counted = local.date(), 0
    for _step in range(MAX_DAYS_BACK):
        if counted >= days:
            break
        day -= timedelta(days=1)
        counted += bool(calendar.hours_on(day))
    return datetime.combine(day, local.timetz())


def follow_up_overdue_condition(now: datetime) -> Q:
    """A follow-up planned before `now` with no activity since it was due."""
    not_done = Q(last_activity_at__isnull=True) | Q(last_activity_at__lt=F("next_follow_up_at"))
    return Q(next_follow_up_at__lt=now) & not_done


def stale_condition(leads: QuerySet[Lead], now: datetime) -> Q:
    """Stale or overdue leads among `leads`, with each dealer's own cutoff (1 query)."""
    cutoffs = {dealer.pk: _stale_cutoff(dealer, now) for dealer in _dealers_of(leads)}
    return _stale_q(cutoffs, now)


def _stale_q(cutoffs: dict[int, datetime], now: datetime) -> Q:
    idle = Q(pk__in=[])
    for dealer_id, cutoff in cutoffs.items():
        untouched_since = Q(last_activity_at__isnull=True, received_at__lt=cutoff)
        idle |= Q(dealer_id=dealer_id) & (Q(last_activity_at__lt=cutoff) | untouched_since)
    planned_ahead = Q(next_follow_up_at__gte=now)
    return (idle & ~planned_ahead) | follow_up_overdue_condition(now)


def action_list(leads: QuerySet[Lead], now: datetime) -> list[DustItem]:
    """The dust among `leads` at `now`, most urgent and most valuable first."""
    dealers = {dealer.pk: dealer for dealer in _dealers_of(leads)}
    cutoffs = {pk: _stale_cutoff(dealer, now) for pk, dealer in dealers.items()}
    candidates = (
        leads.open()  # type: ignore[attr-defined]
        .filter(Q(first_response_at__isnull=True) | _stale_q(cutoffs, now))
        .select_related("person", "source", "assigned_to")
    )
    values = lead_values(dealers.values(), now)
    items = []
    for lead in candidates:
        lead.dealer = dealers[lead.dealer_id]
        kind, since = classify(lead, now, cutoffs[lead.dealer_id])
        value = values.get((lead.dealer_id, lead.source_id), default_value(lead.dealer))
        items.append(DustItem(lead, kind, since, value))
    return sorted(items, key=rank_key)


def classify(lead: Lead, now: datetime, stale_cutoff: datetime) -> tuple[DustKind, datetime]:
    """Why a lead is on the list, and since when; the most urgent reason wins."""
    if lead.first_response_at is None:
        due = lead.response_due_at
        if due is not None and due < now:
            return DustKind.BREACHED, due
        return DustKind.UNTOUCHED, lead.received_at
    planned = lead.next_follow_up_at
    worked = lead.last_activity_at
    if planned is not None and planned < now and (worked is None or worked < planned):
        return DustKind.FOLLOW_UP_OVERDUE, planned
    return DustKind.STALE, lead.last_activity_at or lead.received_at


def per_salesperson(items: Iterable[DustItem]) -> dict[User | None, list[DustItem]]:
    """The list split by assigned salesperson (None: unassigned), each in ranked order."""
    lists: dict[User | None, list[DustItem]] = defaultdict(list)
    for item in items:
        lists[item.lead.assigned_to].append(item)
    return dict(lists)


def lead_values(dealers: Iterable[Dealer], now: datetime) -> dict[tuple[int, int], float]:
    """Expected margin of a lead per (dealer, source), from the last year's leads (1 query)."""
    by_pk = {dealer.pk: dealer for dealer in dealers}
    history = (
        Lead.objects.filter(dealer_id__in=by_pk, received_at__gte=now - HISTORY)
        .filter(received_at__lt=now)
        .exclude(status=LeadStatus.SPAM)
        .values("dealer_id", "source_id", "source__target_conversion")
        .annotate(leads=Count("pk"), won=Count("pk", filter=Q(status=LeadStatus.WON)))
        .order_by()
    )
    values = {}
    for row in history:
        dealer = by_pk[row["dealer_id"]]
        prior = float(row["source__target_conversion"] or dealer.target_conversion)
        conversion = expected_conversion(row["won"], row["leads"], prior)
        values[(row["dealer_id"], row["source_id"])] = conversion * float(dealer.margin_per_sale)
    return values


def default_value(dealer: Dealer) -> float:
    return float(dealer.target_conversion) * float(dealer.margin_per_sale)


def _stale_cutoff(dealer: Dealer, now: datetime) -> datetime:
    days = standard_for(dealer).stale_business_days
    return business_days_before(calendar_for(dealer), now, days)


def _dealers_of(leads: QuerySet[Lead]) -> list[Dealer]:
    ids = leads.order_by().values_list("dealer_id", flat=True).distinct()
    return list(Dealer.objects.filter(pk__in=ids).select_related("standard"))
