"""The clock each open lead shows: how long until (or since) its next deadline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils.translation import gettext as _

from scoreline.leads.models import Lead

SOON = timedelta(minutes=5)


@dataclass(frozen=True)
class Clock:
    label: str
    due_at: datetime | None
    tone: str  # "bad" (late), "warn" (due soon or untouched), "good" (on track), "plain"


def lead_clock(lead: Lead, now: datetime) -> Clock:
    """Response clock while untouched, then the planned follow-up; closed leads have none."""
    if not lead.is_open:
        return Clock(lead.get_status_display(), lead.closed_at, "plain")
    if lead.first_response_at is None:
        due = lead.response_due_at
        if due is not None and due < now:
            return Clock(_("Response overdue"), due, "bad")
        return Clock(_("Respond"), due, "warn")
    if lead.next_follow_up_at is not None:
        if lead.next_follow_up_at < now:
            return Clock(_("Follow-up overdue"), lead.next_follow_up_at, "bad")
        tone = "warn" if lead.next_follow_up_at - now < SOON else "good"
        return Clock(_("Next follow-up"), lead.next_follow_up_at, tone)
    return Clock(_("No follow-up planned"), None, "warn")
