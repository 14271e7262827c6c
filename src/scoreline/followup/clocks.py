"""Response clocks: when the first response is due, and the work scheduled around it.

A new lead gets three rows of due work in business time: a reminder to the salesperson
shortly before the limit, a breach that tells the sales managers, and at twice the limit an
escalation that reassigns the lead by the dealer's rule. Each row does nothing when it falls
due if the lead was answered or closed by then. The salesperson who gets an escalated lead
gets a fresh reminder and breach of their own (`restart_response_clock`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import numpy as np
from django.db import transaction
from django.db.models import F, Max, Q, QuerySet

from scoreline.followup.calendars import calendar_for
from scoreline.followup.models import FollowUpStandard, Job, JobKind
from scoreline.followup.standard import standard_for
from scoreline.hours import BusinessCalendar
from scoreline.hours.instants import from_us, to_us
from scoreline.leads.models import Lead, LeadStatus

# The rows a restarted clock gets: the escalation is not repeated (the managers, told at the
# breach, decide what happens to a lead that two salespeople left unanswered).
RESTARTED_KINDS = (JobKind.REMINDER, JobKind.BREACH)
CLOCK_KINDS = (JobKind.REMINDER, JobKind.BREACH, JobKind.ESCALATION)


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
        if not _needs_reminders(lead):
            return lead.response_due_at
        for kind, minutes in clock_steps(standard):
            schedule_job(lead, kind, calendar.add_minutes(lead.received_at, minutes))
    return lead.response_due_at


def plan_response_clocks(leads: Sequence[Lead]) -> list[Job]:
    """Each lead's deadline set in memory, and its clock's rows, unsaved, for a bulk insert.

    The leads may be unsaved (a bulk import sets their deadline before inserting them). Per
    dealer, every deadline and due time comes from one `add_minutes_many` over the calendar:
    the instants `add_minutes` would give one at a time.
    """
    jobs = []
    for dealer_leads in _by_dealer(leads).values():
        jobs += _planned(dealer_leads)
    return jobs


def start_waiting_clocks(leads: QuerySet[Lead]) -> int:
    """Start the clocks a bulk load wrote its leads without: `start_response_clock` for many.

    The demo writes its leads by column list, as history; those still open and unanswered are
    live work, so each gets its deadline (when unset) and its reminder, breach and escalation
    rows here, through `plan_response_clocks`, the one rule for many clocks. Rows already due
    are done by the worker's next round, each once. Returns the rows written.
    """
    waiting = list(
        leads.filter(status=LeadStatus.OPEN, first_response_at__isnull=True, is_imported=False)
        .exclude(jobs__kind__in=CLOCK_KINDS)
        .select_related("dealer")
    )
    unset = [lead for lead in waiting if lead.response_due_at is None]
    jobs = plan_response_clocks(waiting)
    with transaction.atomic():
        Lead.objects.bulk_update(unset, ["response_due_at"])
        Job.objects.bulk_create(jobs, ignore_conflicts=True)
    return len(jobs)


def _planned(leads: list[Lead]) -> list[Job]:
    """The deadlines and rows of one dealer's leads (steps as in `start_response_clock`)."""
    dealer = leads[0].dealer
    calendar, standard = calendar_for(dealer), standard_for(dealer)
    limit = standard.first_response_minutes
    unset = [lead for lead in leads if lead.response_due_at is None]
    for lead, due in zip(unset, _added(calendar, [(lead, limit) for lead in unset]), strict=True):
        lead.response_due_at = due
    ticking = [lead for lead in leads if _needs_reminders(lead)]
    steps = [(lead, kind, minutes) for lead in ticking for kind, minutes in clock_steps(standard)]
    due_times = _added(calendar, [(lead, minutes) for lead, _kind, minutes in steps])
    return [
        Job(lead=lead, kind=kind, sequence=1, due_at=due)
        for (lead, kind, _minutes), due in zip(steps, due_times, strict=True)
    ]


def _added(calendar: BusinessCalendar, pairs: list[tuple[Lead, int]]) -> list[datetime]:
    """`calendar.add_minutes(lead.received_at, minutes)` for each pair, in one array call."""
    if not pairs:
        return []
    starts = np.array([to_us(lead.received_at, "received_at") for lead, _ in pairs])
    minutes = np.array([minutes for _, minutes in pairs], dtype=np.float64)
    instants = calendar.add_minutes_many(starts.view("datetime64[us]"), minutes)
    return [from_us(int(us), calendar.tz) for us in instants.view(np.int64)]


def _by_dealer(leads: Sequence[Lead]) -> dict[int, list[Lead]]:
    grouped: dict[int, list[Lead]] = {}
    for lead in leads:
        grouped.setdefault(lead.dealer_id, []).append(lead)
    return grouped


def _needs_reminders(lead: Lead) -> bool:
    """Imported history, closed leads and answered leads keep a deadline but no reminders."""
    return not lead.is_imported and lead.is_open and lead.first_response_at is None


def restart_response_clock(lead: Lead, *, at: datetime) -> list[Job]:
    """A fresh reminder and breach for the lead's new salesperson, counted from `at`.

    When the escalation gives an unanswered lead to someone else, that salesperson gets the
    standard's full response time from then: the clock's reminder and breach again, as the
    next sequence of those rows. The lead's own deadline stays as it was: the first-response
    limit was missed, and that cannot be made good (DESIGN.md). Nothing is scheduled for an
    answered, closed or imported lead. Returns the rows scheduled.
    """
    if not _needs_reminders(lead):
        return []
    calendar, standard = calendar_for(lead.dealer), standard_for(lead.dealer)
    with transaction.atomic():
        earlier = Job.objects.filter(lead=lead, kind__in=RESTARTED_KINDS)
        sequence = (earlier.aggregate(last=Max("sequence"))["last"] or 0) + 1
        return [
            schedule_job(lead, kind, calendar.add_minutes(at, minutes), sequence)
            for kind, minutes in clock_steps(standard)
            if kind in RESTARTED_KINDS
        ]


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
