"""What each kind of due work does when it falls due; the worker runs these in a transaction.

Each handler first checks whether the work is still needed (the lead may have been answered,
closed or re-planned since the row was written) and returns MOOT when it is not.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from scoreline.dealers.models import Role, User
from scoreline.dealers.roles import people_to_tell
from scoreline.followup.actions import reassign
from scoreline.followup.models import Job, JobKind, JobResult, NotificationKind
from scoreline.followup.notifications import notify
from scoreline.followup.standard import standard_for
from scoreline.intake.assignment import assign_lead
from scoreline.leads import audit
from scoreline.leads.models import Lead

log = logging.getLogger(__name__)

Handler = Callable[[Job, Lead, datetime], JobResult]


def remind(job: Job, lead: Lead, now: datetime) -> JobResult:
    """Shortly before the limit: tell the salesperson (or the managers, if nobody has it)."""
    if _answered(lead):
        return JobResult.MOOT
    for user in _owners(lead):
        notify(user, lead, NotificationKind.REMINDER, at=now, job=job, due=lead.response_due_at)
    return JobResult.DONE


def report_breach(job: Job, lead: Lead, now: datetime) -> JobResult:
    """At the limit without a response: tell the dealer's sales managers."""
    if _answered(lead):
        return JobResult.MOOT
    limit = standard_for(lead.dealer).first_response_minutes
    for manager in people_to_tell(lead.dealer, (Role.SALES_MANAGER,)):
        notify(
            manager,
            lead,
            NotificationKind.BREACH,
            at=now,
            job=job,
            received=lead.received_at,
            limit=limit,
            owner=lead.assigned_to,
        )
    return JobResult.DONE


def escalate(job: Job, lead: Lead, now: datetime) -> JobResult:
    """At the second breach: reassign by the dealer's rule and tell the managers."""
    if _answered(lead):
        return JobResult.MOOT
    old = lead.assigned_to
    new = assign_lead(lead, exclude=[old] if old else [])
    if new is not None and new != old:
        reassign(lead, new, by=None, reason=[audit.said("second_breach")], at=now)
    minutes = 2 * standard_for(lead.dealer).first_response_minutes
    text_key = "escalation" if new is not None and new != old else "escalation_by_hand"
    for manager in people_to_tell(lead.dealer, (Role.SALES_MANAGER,)):
        notify(
            manager,
            lead,
            NotificationKind.ESCALATION,
            at=now,
            job=job,
            text_key=text_key,
            minutes=minutes,
            old=old,
            new=new,
        )
    return JobResult.DONE


def remind_follow_up(job: Job, lead: Lead, now: datetime) -> JobResult:
    """A planned follow-up falls due: remind, unless it was re-planned or done already."""
    re_planned = lead.next_follow_up_at != job.due_at
    done = lead.last_activity_at is not None and lead.last_activity_at >= job.due_at
    if not lead.is_open or re_planned or done:
        return JobResult.MOOT
    for user in _owners(lead):
        notify(user, lead, NotificationKind.FOLLOW_UP_DUE, at=now, job=job, planned=job.due_at)
    return JobResult.DONE


HANDLERS: dict[str, Handler] = {
    JobKind.REMINDER: remind,
    JobKind.BREACH: report_breach,
    JobKind.ESCALATION: escalate,
    JobKind.FOLLOW_UP_DUE: remind_follow_up,
}


def _answered(lead: Lead) -> bool:
    return lead.first_response_at is not None or not lead.is_open


def _owners(lead: Lead) -> list[User]:
    if lead.assigned_to is not None:
        return [lead.assigned_to]
    return people_to_tell(lead.dealer, (Role.SALES_MANAGER,))
