"""The board's two lists from the follow-up engine's dust: untouched leads, and the rest."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from scoreline.dealers.models import Dealer
from scoreline.followup.dust import DustItem, DustKind, action_list
from scoreline.leads.models import Lead

UNANSWERED = (DustKind.BREACHED, DustKind.UNTOUCHED)
TONES = {
    DustKind.BREACHED: "bad",
    DustKind.UNTOUCHED: "warn",
    DustKind.FOLLOW_UP_OVERDUE: "bad",
    DustKind.STALE: "warn",
}


@dataclass(frozen=True)
class Worklists:
    untouched: list[DustItem]
    dust: list[DustItem]

    @property
    def breached(self) -> int:
        return sum(1 for item in self.untouched if item.kind == DustKind.BREACHED)

    @property
    def missed_value(self) -> float:
        """What the waiting leads are worth in expectation: the cost of the dust."""
        return sum(item.value for item in self.untouched + self.dust)


def worklists(dealer: Dealer, now: datetime) -> Worklists:
    """The dealer's dust, most urgent and valuable first, split by whether anyone answered."""
    items = action_list(Lead.objects.for_dealer(dealer), now)
    return Worklists(
        untouched=[item for item in items if item.kind in UNANSWERED],
        dust=[item for item in items if item.kind not in UNANSWERED],
    )
