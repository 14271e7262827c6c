"""Where an activity's record came from, and when a call logged by hand is confirmed.

DESIGN.md, "evidence": every activity records its origin (the phone system, Scoreline's own
mail, an import, or typed by hand). A call logged by hand and the phone system's record of
the same call are one activity: whichever arrives second merges into the first when they
are on the same lead, in the same direction, within `CONFIRM_WINDOW` of each other. A call
logged by hand at a dealer with a call feed that the phone system has not confirmed once the
window has passed is "not confirmed". A dealer has a call feed once the phone system has
recorded any of its calls.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from scoreline.dealers.models import Dealer
from scoreline.followup.models import Activity, ActivityKind, Evidence
from scoreline.leads.models import Lead

# Clocks of a PBX and of a salesperson's phone or laptop differ, and a call is logged after
# it ends: a few minutes either way is the same call.
CONFIRM_WINDOW = timedelta(minutes=5)


def has_call_feed(dealer: Dealer | int) -> bool:
    """Whether the phone system has recorded any call of this dealer."""
    dealer_id = dealer if isinstance(dealer, int) else dealer.pk
    return Activity.objects.filter(
        lead__dealer_id=dealer_id, kind=ActivityKind.CALL, evidence=Evidence.PHONE_SYSTEM
    ).exists()


def counterpart(lead: Lead, at: datetime, direction: str, *, evidence: str) -> Activity | None:
    """The unmerged call on `lead` of this `evidence` nearest to `at`, within the window."""
    near = Activity.objects.filter(
        lead=lead,
        kind=ActivityKind.CALL,
        direction=direction,
        evidence=evidence,
        merged_at__isnull=True,
        at__gte=at - CONFIRM_WINDOW,
        at__lte=at + CONFIRM_WINDOW,
    )
    return min(near, key=lambda a: (abs((a.at - at).total_seconds()), a.pk), default=None)


def is_unconfirmed(activity: Activity, *, feed: bool, now: datetime | None = None) -> bool:
    """A call logged by hand, at a dealer with a call feed, that the phone system did not
    record within the window: shown as "not confirmed"."""
    return (
        feed
        and activity.kind == ActivityKind.CALL
        and activity.evidence == Evidence.HAND
        and not activity.is_automatic
        and activity.at + CONFIRM_WINDOW < (now or timezone.now())
    )
