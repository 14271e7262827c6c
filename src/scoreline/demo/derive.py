"""A lead's summary fields from its activities, by the follow-up engine's definitions.

The bulk loader cannot go through `followup.actions` one lead at a time, so it derives the
denormalised fields here, with the engine's own predicates (`followup.standard.is_response`,
`is_contact` and `is_outreach`) so the definitions stay identical:

- first response: the first outbound, non-automatic call, e-mail, SMS or WhatsApp, or the
  first contact, whichever comes first (a phone or walk-in lead is answered at arrival);
- contacted: the first two-way moment: a reached call, an answered inbound call, a reply,
  an appointment, a visit, a test drive or an order;
- last activity: the latest activity that is not a note (as `actions._track` keeps it);
- the standard's effort by a moment (as `standard.count_progress` and `missing_effort`):
  contacted, or `call_attempts` outbound calls on `call_days` local dates plus one
  written message (outreach only: a reply or an inbound call is contact, not effort).
A lost close with a reason the standard guards, made before the effort, is
`closed_without_standard`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from scoreline.analytics.standard import FollowUpStandard
from scoreline.demo.rows import ActivityRow
from scoreline.followup import standard
from scoreline.followup.models import WRITTEN_KINDS, ActivityKind

_WRITTEN = frozenset(str(kind) for kind in WRITTEN_KINDS)


@dataclass(frozen=True)
class LeadFacts:
    first_response_at: int | None
    contacted_at: int | None
    last_activity_at: int | None


def is_response(activity: ActivityRow) -> bool:
    # The engine's predicates read kind, direction, outcome and is_automatic, never `at`.
    return standard.is_response(_as_activity(activity))


def is_contact(activity: ActivityRow) -> bool:
    return standard.is_contact(_as_activity(activity))


def is_outreach(activity: ActivityRow) -> bool:
    return standard.is_outreach(_as_activity(activity))


def lead_facts(activities: list[ActivityRow]) -> LeadFacts:
    return LeadFacts(
        min((a.at for a in activities if is_response(a)), default=None),
        min((a.at for a in activities if is_contact(a)), default=None),
        max((a.at for a in activities if a.kind != ActivityKind.NOTE), default=None),
    )


def effort_met(
    activities: list[ActivityRow],
    until: int,
    rule: FollowUpStandard,
    local_day: Callable[[int], int],
) -> bool:
    """Whether the standard's effort was made by `until` (contact counts as made)."""
    done = [a for a in activities if a.at <= until]
    if any(is_contact(a) for a in done):
        return True
    calls = [a.at for a in done if a.kind == ActivityKind.CALL and is_outreach(a)]
    written = any(a.kind in _WRITTEN and is_outreach(a) for a in done)
    return (
        len(calls) >= rule.call_attempts
        and len({local_day(at) for at in calls}) >= rule.call_days
        and (written or not rule.written_messages)
    )


def _as_activity(activity: ActivityRow) -> Any:
    return activity
