"""What a sales manager reviews: closes that skipped the follow-up standard, per salesperson."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Q

from scoreline.dealers.models import Dealer, User
from scoreline.leads.models import EventKind, LeadEvent, LeadStatus


def unguarded_closes(dealer: Dealer, since: datetime) -> list[dict[str, object]]:
    """Per person, leads closed since `since` as spam or with a reason the standard does not
    guard (duplicate, fake): each was closed on a ground on record, and the count shows who
    uses these doors most. Rows `{"by": name, "count": n}`, most first."""
    closes = LeadEvent.objects.filter(
        Q(to_status=LeadStatus.SPAM)
        | Q(to_status=LeadStatus.LOST, lead__lost_reason__needs_follow_up_standard=False),
        lead__dealer=dealer,
        kind=EventKind.STATUS,
        at__gte=since,
    )
    counted = closes.values("by").annotate(count=Count("pk"))
    names = {user.pk: str(user) for user in User.objects.filter(pk__in=[r["by"] for r in counted])}
    rows = [{"by": names.get(row["by"], "–"), "count": row["count"]} for row in counted]
    return sorted(rows, key=lambda row: (-int(row["count"]), str(row["by"])))  # type: ignore[call-overload]
