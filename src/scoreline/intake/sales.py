"""Orders from the dealer management system: each marks the buyer's lead won, by person.

A record (a sales.csv row or a webhook object) has `dealer, ordered_at, first_name, last_name,
email, phone, vehicle_make, vehicle_model, vin, order_id`. The lead is the buyer's (same phone
or e-mail) latest lead at the dealer received within the attribution window before the order
(the dealer's, 90 days by default). The order is kept even when no lead matches: a sale
without a lead is a figure too. Sending the same order again changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from scoreline.dealers.models import Dealer
from scoreline.followup.actions import mark_won
from scoreline.intake.errors import MissingField
from scoreline.intake.importing import Outcome
from scoreline.intake.models import ResultStatus
from scoreline.intake.tables import Row
from scoreline.leads.contact import normalise_email, normalise_phone
from scoreline.leads.dedupe import persons_with
from scoreline.leads.models import Lead, LeadStatus, Order

COLUMNS = ("ordered_at", "order_id")


def record_order(row: Row, dealer: Dealer, when: Callable[[str], datetime]) -> Outcome:
    """Keep the order and mark its lead won (if one matches within the window)."""
    order_id = row.get("order_id")
    if not order_id:
        raise MissingField("the order has no order_id", row.at("order_id"))
    existing = Order.objects.filter(dealer=dealer, order_id=order_id).first()
    if existing is not None:
        return Outcome(ResultStatus.DUPLICATE, existing.lead, note=f"order {order_id} known")
    ordered_at = when("ordered_at")
    phone = normalise_phone(row.get("phone"), dealer.country) or ""
    email = normalise_email(row.get("email")) or ""
    lead = matching_lead(dealer, [phone] if phone else [], [email] if email else [], ordered_at)
    order = Order.objects.create(
        dealer=dealer,
        order_id=order_id[:60],
        ordered_at=ordered_at,
        first_name=row.get("first_name")[:100],
        last_name=row.get("last_name")[:150],
        email=email,
        phone=phone,
        vehicle_make=row.get("vehicle_make")[:60],
        vehicle_model=row.get("vehicle_model")[:80],
        vin=row.get("vin").upper()[:17],
        lead=lead,
    )
    if lead is not None and lead.status != LeadStatus.WON:
        mark_won(lead, at=ordered_at, order=order)
    return Outcome(ResultStatus.RECORDED, lead, note="" if lead else "no lead matched")


def matching_lead(
    dealer: Dealer, phones: list[str], emails: list[str], at: datetime
) -> Lead | None:
    """The buyer's latest lead at the dealer received within the attribution window before `at`."""
    if not phones and not emails:
        return None
    window = timedelta(days=dealer.attribution_days)
    leads = Lead.objects.filter(dealer=dealer, received_at__gte=at - window, received_at__lte=at)
    leads = leads.filter(person__in=[p.pk for p in persons_with(dealer.pk, phones, emails)])
    return leads.order_by("-received_at", "-pk").first()
