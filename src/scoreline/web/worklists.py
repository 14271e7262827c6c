"""The board's two lists of leads that need a manager's eye: untouched ones and dust."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import F, Q, QuerySet

from scoreline.dealers.models import Dealer
from scoreline.followup.standard import standard_for
from scoreline.leads.models import Lead

RELATED = ("person", "source", "assigned_to")


def untouched_leads(dealer: Dealer, now: datetime) -> QuerySet[Lead]:
    """Open leads nobody has answered yet, the most overdue first."""
    return (
        Lead.objects.for_dealer(dealer)
        .untouched()
        .select_related(*RELATED)
        .order_by(F("response_due_at").asc(nulls_last=True), "received_at")
    )


def dusty_leads(dealer: Dealer, now: datetime) -> QuerySet[Lead]:
    """Answered open leads gathering dust: a planned follow-up overdue, or nothing done lately."""
    quiet_since = now - timedelta(days=standard_for(dealer).stale_business_days)
    return (
        Lead.objects.for_dealer(dealer)
        .open()
        .filter(first_response_at__isnull=False)
        .filter(Q(next_follow_up_at__lt=now) | Q(last_activity_at__lt=quiet_since))
        .select_related(*RELATED)
        .order_by(F("next_follow_up_at").asc(nulls_first=True), "last_activity_at")
    )
