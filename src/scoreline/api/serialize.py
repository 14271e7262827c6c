"""Model rows as the API's JSON shapes (see schemas.py), without extra queries per row."""

from __future__ import annotations

from scoreline.followup.models import Activity
from scoreline.leads.models import Lead

LEAD_RELATED = ("dealer", "person", "source", "campaign", "assigned_to", "lost_reason")


def lead_out(lead: Lead) -> dict:
    person = lead.person
    return {
        "id": lead.pk,
        "dealer": lead.dealer.slug,
        "source": lead.source.slug,
        "campaign": lead.campaign.name if lead.campaign else None,
        "received_at": lead.received_at.isoformat(),
        "status": lead.status,
        "assigned_to": lead.assigned_to.username if lead.assigned_to else None,
        "person": {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": person.email,
            "phone": person.phone,
        },
        "vehicle_make": lead.vehicle_make,
        "vehicle_model": lead.vehicle_model,
        "vehicle_condition": lead.vehicle_condition,
        "first_response_at": _iso(lead.first_response_at),
        "contacted_at": _iso(lead.contacted_at),
        "last_activity_at": _iso(lead.last_activity_at),
        "next_follow_up_at": _iso(lead.next_follow_up_at),
        "response_due_at": _iso(lead.response_due_at),
        "closed_at": _iso(lead.closed_at),
        "lost_reason": lead.lost_reason.code if lead.lost_reason else None,
        "closed_without_standard": lead.closed_without_standard,
    }


def activity_out(activity: Activity) -> dict:
    return {
        "id": activity.pk,
        "lead": activity.lead_id,
        "kind": activity.kind,
        "at": activity.at.isoformat(),
        "by": activity.by.username if activity.by else None,
        "direction": activity.direction,
        "outcome": activity.outcome,
        "duration_s": activity.duration_s,
        "note": activity.note,
        "script": str(activity.script) if activity.script else None,
    }


def _iso(value) -> str | None:  # type: ignore[no-untyped-def]
    return value.isoformat() if value is not None else None
