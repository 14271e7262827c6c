"""/api/v1/leads: list, read, create and close leads through the same actions as the pages."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from scoreline.api.access import access_dealer, access_lead, visible_leads
from scoreline.api.auth import caller_of
from scoreline.api.schemas import LeadOut, LeadPage, Problem
from scoreline.api.serialize import LEAD_RELATED, lead_out
from scoreline.leads.models import LeadQuerySet, LeadStatus

router = Router(tags=["leads"])

MAX_PAGE = 200
ERRORS = {401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem}


class LeadFilters(Schema):
    dealer: str = Field(default="", max_length=120, description="A dealer's slug")
    status: LeadStatus | None = None
    source: str = Field(default="", max_length=80, description="A source's slug")
    assigned_to: str = Field(default="", max_length=150, description="A username")
    received_from: datetime | None = None
    received_to: datetime | None = Field(default=None, description="Exclusive")
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


__all__ = ["router", "access_dealer"]
