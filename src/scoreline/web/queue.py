"""My leads, most urgent first: the response clock, then overdue follow-ups, then the rest."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When

from scoreline.dealers.models import User
from scoreline.leads.models import Lead, LeadQuerySet


def my_open_leads(leads: LeadQuerySet, user: User, now: datetime) -> QuerySet[Lead]:
    """Open leads assigned to the user, ordered by urgency.

    1. untouched leads, the earliest response deadline first (the clock cannot be made good);
    2. follow-ups that are overdue, the oldest first;
    3. the rest by their next follow-up, unplanned last, then the newest lead first.
    """
    urgency = Case(
        When(first_response_at__isnull=True, then=Value(0)),
        When(Q(next_follow_up_at__lte=now), then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        leads.open()
        .filter(assigned_to=user)
        .annotate(urgency=urgency)
        .order_by(
            "urgency",
            F("response_due_at").asc(nulls_last=True),
            F("next_follow_up_at").asc(nulls_last=True),
            "-received_at",
        )
    )
