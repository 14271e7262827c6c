"""My leads in one urgency order, stated on the page:

1. overdue: a broken response clock or a follow-up past its time, the oldest due first;
2. due today: the response deadlines and follow-ups still ahead today, by time;
3. untouched new leads not due today (they came in while closed), the oldest first;
4. leads with nothing planned: no next step is itself urgent, the longest waiting first;
5. the rest by their next follow-up.
Leads equally urgent at the same moment: the most valuable (dust.py's value) first.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time, timedelta

from django.db.models import Case, F, FloatField, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from scoreline.dealers.models import Dealer, User
from scoreline.followup.dust import default_value, lead_values
from scoreline.leads.models import Lead, LeadQuerySet
from scoreline.web import freshness

VALUES_SECONDS = 300  # a source's value moves with a year of history: minutes do not matter
OVERDUE, TODAY, UNTOUCHED, UNPLANNED, LATER = range(5)
FILTERS = {
    "open": Q(),
    "overdue": Q(urgency=OVERDUE),
    "today": Q(urgency=TODAY),
    "untouched": Q(first_response_at__isnull=True),
}


def my_open_leads(leads: LeadQuerySet, user: User, now: datetime) -> QuerySet[Lead]:
    """Open leads assigned to the user, in the urgency order of this module's docstring."""
    mine = leads.open().filter(assigned_to=user)
    dealers = Dealer.objects.filter(pk__in=mine.values("dealer_id"))
    return (
        by_urgency(mine, now)
        .annotate(value=lead_value(dealers, now))
        .order_by(
            "urgency", F("sort_at").asc(nulls_last=True), F("value").desc(), "received_at", "pk"
        )
    )


def by_urgency(leads: QuerySet[Lead], now: datetime) -> QuerySet[Lead]:
    """Each lead's `due_at` (its response deadline while untouched, else its next follow-up),
    its `urgency` group and the time it is sorted by within the group."""
    tomorrow = datetime.combine(timezone.localdate(now) + timedelta(days=1), time(0))
    end_of_today = timezone.make_aware(tomorrow)
    untouched = Q(first_response_at__isnull=True)
    due = Case(When(untouched, then=F("response_due_at")), default=F("next_follow_up_at"))
    urgency = Case(
        When(due_at__lt=now, then=Value(OVERDUE)),
        When(due_at__lt=end_of_today, then=Value(TODAY)),
        When(untouched, then=Value(UNTOUCHED)),
        When(due_at__isnull=True, then=Value(UNPLANNED)),
        default=Value(LATER),
        output_field=IntegerField(),
    )
    waiting_since = Coalesce("last_activity_at", "received_at")
    sort_at = Case(
        When(urgency__in=(UNTOUCHED,), then=F("received_at")),
        When(urgency=UNPLANNED, then=waiting_since),
        default=F("due_at"),
    )
    return leads.annotate(due_at=due).annotate(urgency=urgency).annotate(sort_at=sort_at)


def search(leads: QuerySet[Lead], text: str) -> QuerySet[Lead]:
    """Leads whose person's name, phone or e-mail holds each word of `text`; a word without
    letters is (part of) a phone number, matched without its punctuation and leading 0.
    A NUL separates words like a space: PostgreSQL cannot compare text that holds one."""
    words = text.replace("\x00", " ").split()
    for word in words:
        match = (
            Q(person__first_name__icontains=word)
            | Q(person__last_name__icontains=word)
            | Q(person__email__icontains=word)
        )
        digits = "".join(ch for ch in word if ch.isdigit())
        if len(digits) >= 3 and not any(ch.isalpha() for ch in word):
            match |= Q(person__phone__contains=digits.lstrip("0"))
        leads = leads.filter(match)
    return leads


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
    """The dealer's value per source, a cached figure: a year's history of leads, grouped."""
    return freshness.read("lead-values", dealer, now)  # type: ignore[no-any-return]


@freshness.figure("lead-values", fresh_seconds=VALUES_SECONDS)
def _values(dealer: Dealer, now: datetime) -> dict[int, float]:
    values = lead_values([dealer], now)
    return {source_id: value for (_dealer, source_id), value in values.items()}
