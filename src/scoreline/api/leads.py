"""/api/v1/leads: list, read, create and close leads through the same actions as the pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router

from scoreline.api.access import access_dealer, access_lead, visible_leads
from scoreline.api.auth import caller_of
from scoreline.api.idempotency import respond_once
from scoreline.api.problems import ApiError, from_action_error
from scoreline.api.schemas import (
    Input,
    IsoDateTime,
    LeadCreated,
    LeadIn,
    LeadOut,
    LeadPage,
    Problem,
    StatusIn,
)
from scoreline.api.serialize import LEAD_RELATED, lead_out
from scoreline.dealers.models import Dealer, User
from scoreline.followup import actions
from scoreline.followup.errors import FollowUpError
from scoreline.intake.models import ResultStatus
from scoreline.intake.processing import json_lead, take_in
from scoreline.leads.models import Channel, Lead, LeadQuerySet, LeadStatus, Source

router = Router(tags=["leads"])

MAX_PAGE = 200
ERRORS = {400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem}


class LeadFilters(Input):
    dealer: str = Field(default="", max_length=120, description="A dealer's slug")
    status: LeadStatus | None = None
    source: str = Field(default="", max_length=80, description="A source's slug")
    assigned_to: str = Field(default="", max_length=150, description="A username")
    received_from: IsoDateTime | None = None
    received_to: IsoDateTime | None = Field(default=None, description="Exclusive")
    untouched: bool | None = Field(default=None, description="Open and no response yet")
    limit: int = Field(default=50, ge=1, le=MAX_PAGE)
    offset: int = Field(default=0, ge=0, le=10_000_000)


def filtered(leads: LeadQuerySet, f: LeadFilters) -> LeadQuerySet:
    if f.dealer:
        leads = leads.filter(dealer__slug=f.dealer)
    if f.status:
        leads = leads.filter(status=f.status)
    if f.source:
        leads = leads.filter(source__slug=f.source)
    if f.assigned_to:
        leads = leads.filter(assigned_to__username=f.assigned_to)
    if f.received_from:
        leads = leads.filter(received_at__gte=f.received_from)
    if f.received_to:
        leads = leads.filter(received_at__lt=f.received_to)
    if f.untouched is not None:
        untouched = leads.untouched()
        leads = untouched if f.untouched else leads.exclude(pk__in=untouched.values("pk"))
    return leads


@router.get("/leads", response={200: LeadPage, **ERRORS}, summary="Leads, newest first")
def list_leads(request: HttpRequest, filters: Query[LeadFilters]) -> dict:
    leads = filtered(visible_leads(caller_of(request)), filters)
    page = leads.select_related(*LEAD_RELATED).order_by("-received_at", "-pk")
    items = page[filters.offset : filters.offset + filters.limit]
    return {
        "count": leads.count(),
        "limit": filters.limit,
        "offset": filters.offset,
        "items": [lead_out(lead) for lead in items],
    }


@router.get("/leads/{lead_id}", response={200: LeadOut, **ERRORS}, summary="One lead")
def read_lead(request: HttpRequest, lead_id: int) -> dict:
    return lead_out(access_lead(caller_of(request), lead_id))


@router.post(
    "/leads",
    response={201: LeadCreated, 200: LeadCreated, **ERRORS},
    summary="Receive a lead",
)
def create_lead(request: HttpRequest, payload: LeadIn) -> HttpResponse:
    """Stored raw and imported like any other lead: a known person's repeat is not counted again.

    Send an `Idempotency-Key` header to retry safely.
    """
    caller = caller_of(request)
    dealer = access_dealer(caller, payload.dealer, write=True)
    source = Source.objects.filter(slug=payload.source).first()
    if source is None:
        raise ApiError(422, "unknown_source", f"No source {payload.source!r}.", "source")
    return respond_once(request, caller, lambda: _receive(payload, dealer, source))


def _receive(payload: LeadIn, dealer: Dealer, source: Source) -> tuple[int, dict]:
    taken = take_in(
        lead_document(payload),
        channel=Channel.API,
        dealer=dealer,
        source=source,
        external_id=payload.lead_id,
    )
    if taken.result is None or taken.result.lead is None:
        raise ApiError(422, *taken.problem)
    status = ResultStatus.DUPLICATE if taken.repeated else taken.result.status
    lead = Lead.objects.select_related(*LEAD_RELATED).get(pk=taken.result.lead.pk)
    http_status = 201 if status == ResultStatus.CREATED else 200
    return http_status, {"lead": lead_out(lead), "result": str(status)}


def lead_document(payload: LeadIn) -> bytes:
    """The lead in the JSON lead format that intake reads, arrival time filled in."""
    fields = payload.model_dump(exclude={"dealer", "source", "received_at"})
    return json_lead(fields, payload.received_at)


@router.post(
    "/leads/{lead_id}/status", response={200: LeadOut, **ERRORS}, summary="Win, lose or reopen"
)
def change_status(request: HttpRequest, lead_id: int, payload: StatusIn) -> HttpResponse:
    """Closing as lost is guarded by the follow-up standard, exactly as on the lead's page.

    Refused with 409 `follow_up_standard_not_met` and the list of what is `missing`, unless a
    sales manager (signed in) gives an `override_reason`.
    """
    caller = caller_of(request)
    lead = access_lead(caller, lead_id, write=True)
    if payload.status == "lost" and not payload.lost_reason:
        raise ApiError(422, "missing_field", "Closing as lost needs a lost_reason.", "lost_reason")
    original = access_lead(caller, payload.duplicate_of) if payload.duplicate_of else None
    return respond_once(request, caller, lambda: _change(lead, payload, caller.user, original))


def _change(
    lead: Lead, payload: StatusIn, by: User | None, original: Lead | None
) -> tuple[int, dict]:
    try:
        if payload.status == "won":
            actions.mark_won(lead, at=payload.at, by=by)
        elif payload.status == "lost":
            override = payload.override_reason or None
            actions.close_lead_lost(
                lead,
                payload.lost_reason,
                by=by,
                at=payload.at,
                override_reason=override,
                duplicate_of=original,
            )
        elif payload.status == "spam":
            actions.mark_spam(lead, by=by, reason=payload.reason, at=payload.at)
        else:
            actions.reopen(lead, by=by, reason=payload.reason, at=payload.at)
    except FollowUpError as error:
        raise from_action_error(error) from None
    fresh = Lead.objects.select_related(*LEAD_RELATED).get(pk=lead.pk)
    return 200, lead_out(fresh)
