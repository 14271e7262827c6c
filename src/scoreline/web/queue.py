"""My leads, most urgent first: the response clock, then overdue follow-ups, then the rest;
within each, the most valuable lead first, as on the board's dust list.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Case, F, FloatField, IntegerField, Q, QuerySet, Value, When

from scoreline.dealers.models import Dealer, User
from scoreline.followup.dust import default_value, lead_values
from scoreline.leads.models import Lead, LeadQuerySet
from scoreline.web.freshness import cached

VALUES_SECONDS = 300  # a source's value moves with a year of history: minutes do not matter


def my_open_leads(leads: LeadQuerySet, user: User, now: datetime) -> QuerySet[Lead]:
    """Open leads assigned to the user, ordered by urgency, then by value.

    1. untouched leads, the earliest response deadline first (the clock cannot be made good);
    2. follow-ups that are overdue, the oldest first;
    3. the rest by their next follow-up, unplanned last, then the newest lead first.
    Within each group the lead's expected margin (dust.py's value: its source's conversion at
    the dealer, shrunk toward the target, times the margin per sale) comes before the times.
    """
    urgency = Case(
        When(first_response_at__isnull=True, then=Value(0)),
        When(Q(next_follow_up_at__lte=now), then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    mine = leads.open().filter(assigned_to=user)
    dealers = Dealer.objects.filter(pk__in=mine.values("dealer_id"))
    return mine.annotate(urgency=urgency, value=lead_value(dealers, now)).order_by(
        "urgency",
        F("value").desc(),
        F("response_due_at").asc(nulls_last=True),
        F("next_follow_up_at").asc(nulls_last=True),
        "-received_at",
    )


def lead_value(dealers: Iterable[Dealer], now: datetime) -> Case:
    """Each lead's expected margin in EUR as an SQL expression, by its dealer and source."""
    whens = []
    for dealer in dealers:
        values = _dealer_values(dealer, now)
        whens += [
            When(dealer_id=dealer.pk, source_id=source_id, then=Value(value))
            for source_id, value in values.items()
        ]
        whens.append(When(dealer_id=dealer.pk, then=Value(default_value(dealer))))
    return Case(*whens, default=Value(0.0), output_field=FloatField())


def _dealer_values(dealer: Dealer, now: datetime) -> dict[int, float]:
    """The dealer's value per source, cached: it is a year's history of leads, grouped."""

    def compute() -> dict[int, float]:
        values = lead_values([dealer], now)
        return {source_id: value for (_dealer, source_id), value in values.items()}

    return cached(f"web:lead-values:{dealer.pk}", VALUES_SECONDS, compute)
