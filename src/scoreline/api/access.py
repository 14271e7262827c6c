"""Fetch an object and check the caller may see (or change) it, in one step.

Another dealer's object answers exactly like a missing one (404), so ids leak nothing.
"""

from __future__ import annotations

from scoreline.api.auth import Caller
from scoreline.api.problems import ApiError, not_found
from scoreline.dealers.models import Dealer
from scoreline.leads.models import Lead, LeadQuerySet


def visible_leads(caller: Caller) -> LeadQuerySet:
    return Lead.objects.filter(dealer_id__in=caller.dealer_ids)


def access_lead(caller: Caller, lead_id: int, *, write: bool = False) -> Lead:
    lead = (
        visible_leads(caller)
        .select_related("dealer", "person", "source", "campaign", "assigned_to", "lost_reason")
        .filter(pk=lead_id)
        .first()
    )
    if lead is None:
        raise not_found("lead", "lead_id")
    if write:
        require_write(caller, lead.dealer)
        _require_own(caller, lead)
    return lead


def access_dealer(
    caller: Caller, slug: str, *, write: bool = False, field: str = "dealer"
) -> Dealer:
    dealer = Dealer.objects.filter(slug=slug, pk__in=caller.dealer_ids).first()
    if dealer is None:
        raise not_found("dealer", field)
    if write:
        require_write(caller, dealer)
    return dealer


def require_write(caller: Caller, dealer: Dealer) -> None:
    if dealer.pk not in caller.writable_dealer_ids:
        raise ApiError(403, "read_only", f"This credential may not change data of {dealer.name}.")


def _require_own(caller: Caller, lead: Lead) -> None:
    """As on the pages: a salesperson works their own and unassigned leads, managers all."""
    if caller.user is None or lead.dealer_id in caller.overriding_dealer_ids:
        return
    if lead.assigned_to_id not in (None, caller.user.pk):
        raise ApiError(403, "not_yours", f"Lead {lead.pk} is assigned to someone else.")
