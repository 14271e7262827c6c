"""Retention: personal data of leads closed long ago is anonymised; their figures stay.

A person is anonymised only when every lead of theirs at that dealer is closed before the
cut-off, so someone who came back recently keeps their history. Spam has no closing date and
counts from its arrival.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from scoreline.leads.models import Lead, LeadStatus, Person
from scoreline.ops.privacy import erase_persons

DEFAULT_MONTHS = 24


@dataclass(frozen=True)
class Retained:
    cutoff: datetime
    persons: int
    leads: int


def retention_months() -> int:
    return int(getattr(settings, "RETENTION_MONTHS", DEFAULT_MONTHS))


def cutoff_for(months: int, now: datetime) -> datetime:
    """`months` calendar months before `now` (the day clipped to 28 so every month has it)."""
    if months < 1:
        raise ValueError(f"retention months must be at least 1, not {months}")
    total = now.year * 12 + (now.month - 1) - months
    return now.replace(year=total // 12, month=total % 12 + 1, day=min(now.day, 28))


def expired_persons(cutoff: datetime) -> list[Person]:
    """Persons not yet anonymised whose leads all closed (or arrived, for spam) before cutoff."""
    recent = Lead.objects.filter(
        Q(status=LeadStatus.OPEN)
        | Q(closed_at__gte=cutoff)
        | Q(status=LeadStatus.SPAM, received_at__gte=cutoff)
    )
    persons = Person.objects.filter(anonymised_at__isnull=True, leads__isnull=False)
    persons = persons.exclude(pk__in=recent.values("person_id")).distinct()
    return list(persons.order_by("pk"))


@transaction.atomic
def apply_retention(
    months: int | None = None, *, now: datetime | None = None, dry_run: bool = False
) -> Retained:
    now = now or timezone.now()
    cutoff = cutoff_for(months or retention_months(), now)
    persons = expired_persons(cutoff)
    leads = Lead.objects.filter(person__in=persons).count()
    if not dry_run and persons:
        erase_persons(persons, now=now)
    return Retained(cutoff, len(persons), leads)
