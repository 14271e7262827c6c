"""What intake records on a lead besides the lead itself: activities and the won status.

The follow-up engine owns these changes in the product (its actions keep first_response_at,
contacted_at and last_activity_at). Intake writes them through the same small functions here,
so a call log, an order or an imported history reads the same as work done in the app.
"""

from __future__ import annotations

from datetime import datetime

from scoreline.dealers.models import User
from scoreline.followup.models import RESPONSE_KINDS, Activity, ActivityKind, CallOutcome, Direction
from scoreline.leads.models import EventKind, Lead, LeadEvent, LeadStatus, Order

# A two-way conversation: a reached call, or meeting the person.
CONTACT_KINDS = (
    ActivityKind.APPOINTMENT,
    ActivityKind.VISIT,
    ActivityKind.TEST_DRIVE,
    ActivityKind.QUOTE,
    ActivityKind.ORDER,
)


def record_activity(lead: Lead, activity: Activity) -> Activity:
    """Save the activity and keep the lead's response, contact and last-activity times."""
    activity.lead = lead
    activity.save()
    changed = ["last_activity_at"]
    lead.last_activity_at = max(filter(None, [lead.last_activity_at, activity.at]))
    if _is_response(activity, lead) and (
        lead.first_response_at is None or activity.at < lead.first_response_at
    ):
        lead.first_response_at = activity.at
        changed.append("first_response_at")
    if _is_contact(activity) and (lead.contacted_at is None or activity.at < lead.contacted_at):
        lead.contacted_at = activity.at
        changed.append("contacted_at")
    lead.save(update_fields=changed)
    return activity


def mark_won(lead: Lead, *, at: datetime, order: Order, by: User | None = None) -> LeadEvent | None:
    """Close the lead as won by an order (once); the change is on the audit trail."""
    if lead.status == LeadStatus.WON:
        return None
    event = LeadEvent.objects.create(
        lead=lead,
        at=at,
        by=by,
        kind=EventKind.STATUS,
        from_status=lead.status,
        to_status=LeadStatus.WON,
        reason=f"order {order.order_id}",
    )
    lead.status, lead.closed_at, lead.lost_reason = LeadStatus.WON, at, None
    lead.save(update_fields=["status", "closed_at", "lost_reason"])
    return event


def _is_response(activity: Activity, lead: Lead) -> bool:
    return (
        activity.kind in RESPONSE_KINDS
        and activity.direction == Direction.OUTBOUND
        and not activity.is_automatic
        and activity.at >= lead.received_at
    )


def _is_contact(activity: Activity) -> bool:
    reached = activity.kind == ActivityKind.CALL and activity.outcome == CallOutcome.REACHED
    return reached or activity.kind in CONTACT_KINDS
