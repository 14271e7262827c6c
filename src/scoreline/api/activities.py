"""/api/v1/leads/{id}/activities: what was done with a lead, recorded through log_activity;
/api/v1/leads/{id}/emails: an e-mail sent by Scoreline, through `messages.send_email`."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router

from scoreline.api.access import access_lead
from scoreline.api.auth import Caller, caller_of
from scoreline.api.idempotency import respond_once
from scoreline.api.problems import ApiError, from_action_error
from scoreline.api.schemas import ActivityIn, ActivityOut, EmailIn, EmailSent, Problem
from scoreline.api.serialize import activity_out
from scoreline.dealers.models import User
from scoreline.dealers.roles import works_at
from scoreline.followup.actions import log_activity
from scoreline.followup.errors import FollowUpError
from scoreline.followup.messages import send_email
from scoreline.leads.models import Lead

router = Router(tags=["activities"])
ERRORS = {400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem}
MAIL_ERRORS = {**ERRORS, 502: Problem}


@router.get(
    "/leads/{lead_id}/activities",
    response={200: list[ActivityOut], **ERRORS},
    summary="A lead's activities, oldest first",
)
def list_activities(request: HttpRequest, lead_id: int) -> list[dict]:
    lead = access_lead(caller_of(request), lead_id)
    rows = lead.activities.select_related("by", "script").order_by("at", "pk")
    return [activity_out(activity) for activity in rows]


@router.post(
    "/leads/{lead_id}/activities",
    response={201: ActivityOut, **ERRORS},
    summary="Record a call, message or meeting",
)
def create_activity(request: HttpRequest, lead_id: int, payload: ActivityIn) -> HttpResponse:
    """Sales and losses are status changes: use POST /leads/{id}/status for those."""
    caller = caller_of(request)
    lead = access_lead(caller, lead_id, write=True)
    by = _doer(caller, lead, payload.by)
    return respond_once(request, caller, lambda: _log(lead, payload, by))


def _doer(caller: Caller, lead: Lead, username: str) -> User | None:
    """A person acts as themself; a token may name who did it, if they work at the dealer."""
    if caller.user is not None:
        return caller.user
    if not username:
        return None
    user = User.objects.filter(username=username).first()
    if user is None or not works_at(user, lead.dealer):
        raise ApiError(422, "unknown_user", f"Nobody {username!r} works at {lead.dealer}.", "by")
    return user


def _log(lead: Lead, payload: ActivityIn, by: User | None) -> tuple[int, dict]:
    try:
        activity = log_activity(
            lead,
            payload.kind,
            by=by,
            at=payload.at,
            outcome=payload.outcome,
            duration_s=payload.duration_s,
            note=payload.note,
            direction=payload.direction,
            external_id=payload.external_id,
        )
    except FollowUpError as error:
        raise from_action_error(error) from None
    return 201, activity_out(activity)


@router.post(
    "/leads/{lead_id}/emails",
    response={201: EmailSent, **MAIL_ERRORS},
    summary="Send the person an e-mail (by default the script's) through the dealer's mail server",
)
def create_email(request: HttpRequest, lead_id: int, payload: EmailIn) -> HttpResponse:
    """Logged as an e-mail with evidence scoreline_mail only once the server took it; a server
    that fails answers 502 mail_not_sent and nothing is logged. Send an Idempotency-Key to
    retry safely: a repeated key answers the first result instead of sending again."""
    caller = caller_of(request)
    lead = access_lead(caller, lead_id, write=True)
    by = _doer(caller, lead, payload.by)
    return respond_once(request, caller, lambda: _send(lead, payload, by))


def _send(lead: Lead, payload: EmailIn, by: User | None) -> tuple[int, dict]:
    try:
        activity = send_email(lead, by=by, subject=payload.subject, body=payload.body)
    except FollowUpError as error:
        raise from_action_error(error) from None
    sent = {"message_id": activity.external_id, "to": lead.person.email}
    return 201, {"activity": activity_out(activity), **sent}
