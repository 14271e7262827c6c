"""/api/v1 override requests: a salesperson asks to close a lead before the follow-up
standard is met; a manager approves or refuses. The same actions as the pages
(followup/overrides.py); only a signed-in person asks or decides, never a bare token."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema

from scoreline.api.access import access_lead
from scoreline.api.auth import Caller, caller_of
from scoreline.api.idempotency import respond_once
from scoreline.api.problems import ApiError, from_action_error, not_found
from scoreline.api.schemas import Input, Problem
from scoreline.dealers.models import User
from scoreline.followup import overrides
from scoreline.followup.errors import FollowUpError
from scoreline.followup.models import OverrideRequest, OverrideState

router = Router(tags=["overrides"])
ERRORS = {400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem}


class OverrideRequestIn(Input):
    lost_reason: str = Field(max_length=40, description="A lost reason's code")
    why: str = Field(max_length=2000, description="Why close before the standard is met")


class OverrideAnswerIn(Input):
    answer: str = Field(
        default="", max_length=2000, description="A note to an approval; a refusal's reason"
    )


class OverrideRequestOut(Schema):
    id: int
    lead: int
    lost_reason: str
    why: str
    requested_by: str | None
    requested_at: datetime
    state: OverrideState
    decided_by: str | None
    decided_at: datetime | None
    answer: str


@router.post(
    "/leads/{lead_id}/override-requests",
    response={201: OverrideRequestOut, **ERRORS},
    summary="Ask a manager to close a lead before the follow-up standard is met",
)
def ask(request: HttpRequest, lead_id: int, payload: OverrideRequestIn) -> HttpResponse:
    caller = caller_of(request)
    lead = access_lead(caller, lead_id, write=True)
    by = _person(caller)

    def act() -> tuple[int, dict]:
        try:
            asked = overrides.request_override(lead, payload.lost_reason, payload.why, by=by)
        except FollowUpError as error:
            raise from_action_error(error) from None
        return 201, _out(asked)

    return respond_once(request, caller, act)


@router.post(
    "/override-requests/{request_id}/approve",
    response={200: OverrideRequestOut, **ERRORS},
    summary="Approve: the lead is closed as lost with the manager's override",
)
def approve(request: HttpRequest, request_id: int, payload: OverrideAnswerIn) -> HttpResponse:
    return _decide(
        request,
        request_id,
        lambda asked, by: overrides.approve_override(asked, by=by, note=payload.answer),
    )


@router.post(
    "/override-requests/{request_id}/refuse",
    response={200: OverrideRequestOut, **ERRORS},
    summary="Refuse, with a reason the salesperson is told",
)
def refuse(request: HttpRequest, request_id: int, payload: OverrideAnswerIn) -> HttpResponse:
    return _decide(
        request,
        request_id,
        lambda asked, by: overrides.refuse_override(asked, by=by, answer=payload.answer),
    )


def _decide(request: HttpRequest, request_id: int, decide) -> HttpResponse:  # noqa: ANN001
    caller = caller_of(request)
    asked = OverrideRequest.objects.filter(pk=request_id).first()
    if asked is None:
        raise not_found("override request", "request_id")
    asked.lead = access_lead(caller, asked.lead_id, write=True)
    by = _person(caller)

    def act() -> tuple[int, dict]:
        try:
            decide(asked, by)
        except FollowUpError as error:
            raise from_action_error(error) from None
        asked.refresh_from_db()
        return 200, _out(asked)

    return respond_once(request, caller, act)


def _person(caller: Caller) -> User:
    if caller.user is None:
        raise ApiError(
            403, "person_required", "Only a signed-in person asks for or decides an override."
        )
    return caller.user


def _out(asked: OverrideRequest) -> dict:
    def name(user: User | None) -> str | None:
        return user.username if user is not None else None

    return {
        "id": asked.pk,
        "lead": asked.lead_id,
        "lost_reason": asked.lost_reason.code,
        "why": asked.reason,
        "requested_by": name(asked.requested_by),
        "requested_at": asked.requested_at,
        "state": asked.state,
        "decided_by": name(asked.decided_by),
        "decided_at": asked.decided_at,
        "answer": asked.answer,
    }
