"""A lead's story on one line: every inquiry, activity and audit event in time order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from scoreline.followup.evidence import has_call_feed, is_unconfirmed
from scoreline.followup.models import Activity, ActivityKind, Evidence
from scoreline.leads.models import EventKind, Lead, LeadEvent, LeadStatus, LostReason


@dataclass(frozen=True)
class Entry:
    at: datetime
    kind: str  # "inquiry", "activity" or "event": the timeline's marker style
    title: str
    detail: str
    by: str
    evidence: str = ""  # where an activity's record came from (followup.evidence)
    unconfirmed: bool = False  # a call logged by hand the phone system did not record


def _inquiry_entries(lead: Lead) -> list[Entry]:
    return [
        Entry(
            inquiry.received_at,
            "inquiry",
            _("Repeat inquiry via %(source)s") % {"source": inquiry.source}
            if inquiry.is_repeat
            else _("Inquiry via %(source)s") % {"source": inquiry.source},
            inquiry.message,
            inquiry.get_channel_display(),
        )
        for inquiry in lead.inquiries.select_related("source")
    ]


def _activity_title(activity: Activity) -> str:
    title = activity.get_kind_display()
    if activity.kind == ActivityKind.CALL and activity.outcome:
        title = f"{title} · {activity.get_outcome_display()}"
    if activity.duration_s:
        title = f"{title} · {activity.duration_s // 60}:{activity.duration_s % 60:02d}"
    if activity.direction == "in":
        title = f"{title} ({activity.get_direction_display().lower()})"
    if activity.evidence == Evidence.SCORELINE_MAIL and activity.direction == "out":
        title = f"{title} · {activity.get_evidence_display()}"
    return title


def _note(activity: Activity, reasons: dict[str, LostReason]) -> str:
    """An activity's note; a lost activity's note is its reason's label, said in the reader's
    language when it is a built-in reason."""
    if activity.kind == ActivityKind.LOST and activity.note in reasons:
        return str(reasons[activity.note])
    return activity.note


def _activity_entries(lead: Lead, activities: list[Activity]) -> list[Entry]:
    feed = has_call_feed(lead.dealer_id)
    reasons = {reason.label: reason for reason in LostReason.objects.all()}
    return [
        Entry(
            activity.at,
            "activity",
            _activity_title(activity),
            " · ".join(filter(None, [str(activity.script or ""), _note(activity, reasons)])),
            str(activity.by or (_("automatic") if activity.is_automatic else "")),
            str(activity.get_evidence_display()),
            is_unconfirmed(activity, feed=feed),
        )
        for activity in activities
    ]


def _event_title(kind: str, from_status: str, to_status: str, to_user: object) -> str:
    if kind == EventKind.ASSIGNMENT:
        return _("Assigned to %(user)s") % {"user": to_user or _("nobody")}
    if kind == EventKind.OVERRIDE:
        return _("Manager override")
    if kind == EventKind.BOUNCE:
        return _("E-mail bounced: wrong address?")
    if kind in (EventKind.CONTACT, EventKind.REQUEST, EventKind.REFUSED, EventKind.REVIEWED):
        return str(EventKind(kind).label)
    return _("Status %(from)s → %(to)s") % {"from": from_status or "–", "to": to_status or "–"}


def _event_entries(events: list[LeadEvent]) -> list[Entry]:
    return [
        Entry(
            event.at,
            "event",
            _event_title(
                event.kind,
                event.get_from_status_display(),
                event.get_to_status_display(),
                event.to_user,
            ),
            event.shown_reason,
            str(event.by or ""),
        )
        for event in events
    ]


# A close is recorded twice, as an activity (for the follow-up's record) and as the status
# change (for the audit, with the reason); the timeline shows it once, as the change.
_CLOSED_BY: dict[str, str] = {
    ActivityKind.LOST: LeadStatus.LOST,
    ActivityKind.ORDER: LeadStatus.WON,
}


def lead_timeline(lead: Lead) -> list[Entry]:
    """Newest first, so the last thing that happened is at the top of the page."""
    events = list(lead.events.select_related("by", "to_user"))
    changes = {(event.at, event.to_status) for event in events}
    activities = [
        activity
        for activity in lead.activities.select_related("by", "script")
        if (activity.at, _CLOSED_BY.get(activity.kind)) not in changes
    ]
    entries = _inquiry_entries(lead) + _activity_entries(lead, activities) + _event_entries(events)
    return sorted(entries, key=lambda entry: entry.at, reverse=True)
