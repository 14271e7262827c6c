"""The board's two lists from the follow-up engine's dust: untouched leads, and the rest."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from scoreline.dealers.models import Dealer
from scoreline.followup.dust import DustItem, DustKind, action_list
from scoreline.leads.models import Lead
from scoreline.web import freshness

UNANSWERED = (DustKind.BREACHED, DustKind.UNTOUCHED)
TONES = {
    DustKind.BREACHED: "bad",
    DustKind.UNTOUCHED: "warn",
    DustKind.FOLLOW_UP_OVERDUE: "bad",
    DustKind.STALE: "warn",
}


@dataclass(frozen=True)
class Entry:
    """A dust item as plain values, so the ranked list can be cached."""

    lead_id: int
    kind: DustKind
    since: datetime
    value: float


@dataclass(frozen=True)
class Worklists:
    """The head of each list and the totals: what the board shows, small enough to cache."""

    untouched: list[Entry]
    untouched_count: int
    breached: int
    dust: list[Entry]
    dust_count: int
    missed_value: float  # what the waiting leads are worth in expectation: the dust's cost


CACHE_SECONDS = 60
HEAD = 50  # leads kept per list; the board shows fewer


def worklists(dealer: Dealer, now: datetime) -> Worklists:
    """The dealer's dust, most urgent and valuable first, split by whether anyone answered.

    A cached figure per dealer, refreshed by the worker when leads change and every
    CACHE_SECONDS (the list moves by the minute): ranking every open lead by value is the
    board's heaviest query.
    """
    return freshness.read("worklists", dealer, now)  # type: ignore[no-any-return]


@freshness.figure("worklists", fresh_seconds=CACHE_SECONDS)
def _rank(dealer: Dealer, now: datetime) -> Worklists:
    items = action_list(Lead.objects.for_dealer(dealer), now)
    untouched = [item for item in items if item.kind in UNANSWERED]
    dust = [item for item in items if item.kind not in UNANSWERED]
    return Worklists(
        untouched=[_entry(item) for item in untouched[:HEAD]],
        untouched_count=len(untouched),
        breached=sum(1 for item in untouched if item.kind == DustKind.BREACHED),
        dust=[_entry(item) for item in dust[:HEAD]],
        dust_count=len(dust),
        missed_value=sum(item.value for item in items),
    )


def _entry(item: DustItem) -> Entry:
    return Entry(item.lead.pk, DustKind(item.kind), item.since, item.value)


def leads_of(entries: list[Entry]) -> list[tuple[Entry, Lead]]:
    """The entries with their leads, fetched in one query for the rows on screen."""
    leads = Lead.objects.select_related("person", "source", "assigned_to").in_bulk(
        [entry.lead_id for entry in entries]
    )
    return [(entry, leads[entry.lead_id]) for entry in entries if entry.lead_id in leads]


def forget_worklists(dealer_id: int) -> None:
    """After a change made on the board (a reassignment), show the list as it is now."""
    freshness.forget(dealer_id, "worklists")
