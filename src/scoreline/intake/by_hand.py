"""A lead entered by hand: a walk-in or a caller, taken in like any lead, answered at once.

It goes through the same intake as the API's leads (`processing.take_in`), so a person who
already has an open lead at the dealer gets a repeat inquiry on it instead of a second lead.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from scoreline.dealers.models import Dealer, User
from scoreline.followup import actions
from scoreline.followup.errors import InvalidChange
from scoreline.followup.models import ActivityKind, CallOutcome, Direction
from scoreline.intake.models import ResultStatus
from scoreline.intake.processing import json_lead, take_in
from scoreline.leads import audit
from scoreline.leads.models import Channel, Lead, Source

HOW = {"walk_in": Channel.WALK_IN, "phone": Channel.PHONE}
FIELDS = (
    "first_name",
    "last_name",
    "phone",
    "email",
    "vehicle_make",
    "vehicle_model",
    "comments",
)


def add_by_hand(
    dealer: Dealer, fields: dict[str, Any], *, how: str, source: Source, by: User
) -> Lead:
    """Take the lead in, give a new one to `by`, and record the conversation that brought it.

    1. Receive and import it as a JSON lead on the walk-in or phone channel.
    2. A new lead (or an unassigned one) goes to the salesperson who met the person.
    3. The walk-in is a showroom visit, the caller an answered inbound call: both are contact,
       so the response clock stops at arrival.
    """
    if how not in HOW:
        raise InvalidChange(_("A lead by hand is a walk-in or a phone call, not %r.") % how)
    document = json_lead({name: fields.get(name, "") for name in FIELDS})
    taken = take_in(document, channel=HOW[how], dealer=dealer, source=source)
    if taken.result is None or taken.result.lead is None:
        raise InvalidChange(taken.problem[1])
    lead = taken.result.lead
    if taken.result.status == ResultStatus.CREATED or lead.assigned_to_id is None:
        actions.reassign(lead, by, by=None, reason=[audit.said("by_hand")], tell=False)
    if how == "walk_in":
        actions.log_activity(lead, ActivityKind.VISIT, by=by, direction=Direction.INBOUND)
    else:
        actions.log_activity(
            lead,
            ActivityKind.CALL,
            by=by,
            direction=Direction.INBOUND,
            outcome=CallOutcome.REACHED,
        )
    return lead


def hand_source() -> Source | None:
    """The source a lead by hand is counted under by default: walk-in or showroom, if any."""
    for slug in ("walk-in", "showroom", "phone", "telefoon"):
        found = Source.objects.filter(slug=slug).first()
        if found is not None:
            return found
    return Source.objects.first()
