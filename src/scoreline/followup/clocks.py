"""Response clocks: when the first response is due, and the work scheduled around it.

A new lead gets three rows of due work in business time: a reminder to the salesperson
shortly before the limit, a breach that tells the sales managers, and at twice the limit an
escalation that reassigns the lead by the dealer's rule. Each row does nothing when it falls
due if the lead was answered or closed by then.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import F, Q

from scoreline.followup.calendars import calendar_for
from scoreline.followup.models import FollowUpStandard, Job, JobKind
from scoreline.followup.standard import standard_for
from scoreline.leads.models import Lead


def start_response_clock(lead: Lead) -> datetime:
    """Set `lead.response_due_at` and schedule the clock's reminder, breach and escalation.

    Intake calls it for every new lead; calling it again changes nothing. Imported history,
    closed leads and leads already answered get the deadline but no reminders.
    """
    dealer = lead.dealer
    calendar = calendar_for(dealer)
    standard = standard_for(dealer)
    with transaction.atomic():
        if lead.response_due_at is None:
            limit = standard.first_response_minutes
            lead.response_due_at = calendar.add_minutes(lead.received_at, limit)
            Lead.objects.filter(pk=lead.pk).update(response_due_at=lead.response_due_at)
        if lead.is_imported or not lead.is_open or lead.first_response_at is not None:
            return lead.response_due_at
        for kind, minutes in clock_steps(standard):
            schedule_job(lead, kind, calendar.add_minutes(lead.received_at, minutes))
    return lead.response_due_at


def clock_steps(standard: FollowUpStandard) -> list[tuple[JobKind, int]]:
    """The clock's work and its business minutes after arrival, e.g. 10, 15 and 30."""
    limit = standard.first_response_minutes
    steps = [(JobKind.BREACH, limit), (JobKind.ESCALATION, 2 * limit)]
    if 0 < standard.reminder_minutes_before < limit:
        steps.insert(0, (JobKind.REMINDER, limit - standard.reminder_minutes_before))
    return steps


def schedule_job(lead: Lead, kind: JobKind, due_at: datetime, sequence: int = 1) -> Job:
    """The job for (lead, kind, sequence), created once however often this is called."""
    job, _created = Job.objects.get_or_create(
        lead=lead, kind=kind, sequence=sequence, defaults={"due_at": due_at}
    )
    return job


def breached_condition(now: datetime) -> Q:
    """Leads whose response clock broke by `now`: unanswered past the deadline, or answered late."""
    unanswered = Q(first_response_at__isnull=True) | Q(first_response_at__gt=F("response_due_at"))
    return Q(response_due_at__lt=now) & unanswered
