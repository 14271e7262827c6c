"""Overrides as a conversation: a salesperson refused by the guard asks, a manager approves
(the lead closes with the manager's override on record) or refuses (the salesperson is told
why); every step is in the audit trail and the list to review empties as managers act."""

from datetime import timedelta

import pytest

from followup.clock import MONDAY_10
from scoreline.followup.actions import close_lead_lost, log_activity, mark_spam
from scoreline.followup.errors import InvalidChange, OverrideNotAllowed
from scoreline.followup.models import Notification, NotificationKind, OverrideState
from scoreline.followup.notifications import text_for
from scoreline.followup.overrides import (
    approve_override,
    mark_override_reviewed,
    overrides_to_review,
    refuse_override,
    request_override,
    waiting_requests,
)
from scoreline.followup.review import unguarded_closes
from scoreline.leads.models import EventKind, LeadEvent, LeadStatus

WHY = "Bought a car at another dealer, said so on the phone"


@pytest.fixture
def asked(cast, clock):
    lead = cast.arrive(MONDAY_10, to=cast.bram)
    return request_override(lead, cast.not_reached, WHY, by=cast.bram)


def _told(user, key):
    return Notification.objects.filter(user=user, text_key=key, kind=NotificationKind.OVERRIDE)


def test_a_request_waits_for_the_managers_who_are_told(cast, asked) -> None:
    assert list(waiting_requests(cast.noord)) == [asked]
    assert asked.state == OverrideState.PENDING
    told = _told(cast.marco, "override_requested").get()
    assert WHY in text_for(told, "en")
    assert not _told(cast.lea, "override_requested").exists()
    event = LeadEvent.objects.get(lead=asked.lead, kind=EventKind.REQUEST)
    assert event.by == cast.bram and WHY in event.reason


def test_the_manager_approves_and_the_lead_closes_with_the_managers_override(cast, asked) -> None:
    lead = approve_override(asked, by=cast.marco, note="Fine")

    assert lead.status == LeadStatus.LOST
    assert lead.closed_without_standard is True
    override = LeadEvent.objects.get(lead=lead, kind=EventKind.OVERRIDE)
    assert override.by == cast.marco
    assert WHY in override.reason and "Fine" in override.reason
    asked.refresh_from_db()
    assert (asked.state, asked.decided_by) == (OverrideState.APPROVED, cast.marco)
    assert list(waiting_requests(cast.noord)) == []
    assert list(overrides_to_review(cast.noord, MONDAY_10 - timedelta(days=1))) == []
    assert _told(cast.bram, "override_approved").count() == 1


def test_the_manager_refuses_with_a_reason_the_salesperson_is_told(cast, asked) -> None:
    refuse_override(asked, by=cast.marco, answer="Call her once more tomorrow")

    asked.lead.refresh_from_db()
    assert asked.lead.status == LeadStatus.OPEN
    refused = LeadEvent.objects.get(lead=asked.lead, kind=EventKind.REFUSED)
    assert (refused.by, refused.reason) == (cast.marco, "Call her once more tomorrow")
    told = _told(cast.bram, "override_refused").get()
    assert "Call her once more tomorrow" in text_for(told, "en")
    assert "Call her once more tomorrow" in text_for(told, "nl")
    assert list(waiting_requests(cast.noord)) == []


def test_a_refusal_needs_a_reason_and_a_decision_is_made_once(cast, asked) -> None:
    with pytest.raises(InvalidChange, match="needs a reason"):
        refuse_override(asked, by=cast.marco, answer="  ")
    refuse_override(asked, by=cast.marco, answer="No")
    with pytest.raises(InvalidChange, match="already refused"):
        approve_override(asked, by=cast.marco)


def test_only_a_manager_of_the_leads_dealer_decides(cast, asked) -> None:
    for outsider in (cast.bram, cast.sanne, cast.lea):
        with pytest.raises(OverrideNotAllowed):
            approve_override(asked, by=outsider)
    asked.lead.refresh_from_db()
    assert asked.lead.status == LeadStatus.OPEN


def test_one_request_waits_at_a_time_and_only_when_the_guard_refuses(cast, clock, asked) -> None:
    with pytest.raises(InvalidChange, match="already waiting"):
        request_override(asked.lead, cast.not_reached, "again", by=cast.bram)
    with pytest.raises(InvalidChange, match="needs a reason"):
        request_override(cast.arrive(MONDAY_10), cast.not_reached, " ", by=cast.bram)
    contacted = cast.arrive(MONDAY_10, to=cast.bram)
    log_activity(contacted, "call", by=cast.bram, outcome="reached")
    with pytest.raises(InvalidChange, match="needs no override"):
        request_override(contacted, cast.not_reached, WHY, by=cast.bram)


def test_a_managers_own_override_waits_for_review_until_marked(cast, clock) -> None:
    lead = cast.arrive(MONDAY_10, to=cast.bram)
    close_lead_lost(lead, cast.not_reached, by=cast.marco, override_reason="Moved abroad")
    since = MONDAY_10 - timedelta(days=1)
    [event] = overrides_to_review(cast.noord, since)

    with pytest.raises(OverrideNotAllowed):
        mark_override_reviewed(event, by=cast.bram)
    assert mark_override_reviewed(event, by=cast.marco) is True
    assert mark_override_reviewed(event, by=cast.marco) is False
    assert list(overrides_to_review(cast.noord, since)) == []
    assert LeadEvent.objects.filter(lead=lead, kind=EventKind.REVIEWED).count() == 1


def test_closes_the_standard_does_not_guard_are_counted_by_the_persons_name(cast, clock) -> None:
    for name in ("Bas Jansen", "Kees Bot"):
        mark_spam(cast.arrive(MONDAY_10, name=name), by=cast.marco, reason="Bot")
    assert unguarded_closes(cast.noord, MONDAY_10 - timedelta(days=1)) == [
        {"by": "Marco Meester", "count": 2}
    ]
