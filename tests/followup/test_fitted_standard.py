"""A lead is held to the effort that fits its channels, by the guard and by the figures alike."""

from __future__ import annotations

import pytest

from followup.clock import MONDAY_10, amsterdam
from scoreline.analytics.figures import context_for, lead_facts
from scoreline.followup.actions import close_lead_lost, log_activity
from scoreline.followup.errors import FollowUpStandardNotMet
from scoreline.followup.standard import standard_status
from scoreline.leads.models import LeadStatus, Person
from scoreline.reports.extract import dealer_standards, read_database


def _without_phone(lead):  # noqa: ANN001, ANN202
    Person.objects.filter(pk=lead.person_id).update(phone="")
    lead.refresh_from_db()
    return lead


def _messages(lead, cast, clock, days):  # noqa: ANN001, ANN202
    for n, day in enumerate(days):
        clock.move_to(amsterdam(2025, 3, 10 + day, 11, n))
        log_activity(lead, "email", by=cast.sanne, note=f"mail {n + 1}")


def test_a_lead_without_a_phone_is_closed_after_three_messages_on_three_days(cast, clock):  # noqa: ANN001
    clock.move_to(MONDAY_10)
    lead = _without_phone(cast.arrive(MONDAY_10))
    assert standard_status(lead, MONDAY_10).required_attempts == 0
    _messages(lead, cast, clock, [0, 1, 2])

    close_lead_lost(lead, "not-reached", by=cast.sanne)

    lead.refresh_from_db()
    assert (lead.status, lead.closed_without_standard) == (LeadStatus.LOST, False)


def test_three_messages_on_one_day_are_not_enough_and_the_refusal_says_why(cast, clock):  # noqa: ANN001
    clock.move_to(MONDAY_10)
    lead = _without_phone(cast.arrive(MONDAY_10))
    _messages(lead, cast, clock, [0, 0, 0])

    with pytest.raises(FollowUpStandardNotMet) as refusal:
        close_lead_lost(lead, "not-reached", by=cast.sanne)

    assert "2 more written messages (e-mail, SMS or WhatsApp), each on another day" in str(
        refusal.value
    )
    assert "call attempt" not in str(refusal.value)


def test_a_lead_with_a_phone_still_owes_its_calls(cast, clock):  # noqa: ANN001
    clock.move_to(MONDAY_10)
    lead = cast.arrive(MONDAY_10)
    _messages(lead, cast, clock, [0, 1, 2])

    with pytest.raises(FollowUpStandardNotMet, match="4 more call attempts"):
        close_lead_lost(lead, "not-reached", by=cast.sanne)


def test_the_guard_and_the_figures_agree_lead_by_lead(cast, clock):  # noqa: ANN001
    """The same leads judged by `standard_status` and by the analytics core's facts."""
    clock.move_to(MONDAY_10)
    cases = {
        "no phone, 3 days": (_without_phone(cast.arrive(MONDAY_10, name="A a")), [0, 1, 2], 0),
        "no phone, 1 day": (_without_phone(cast.arrive(MONDAY_10, name="B b")), [0, 0, 0], 0),
        "phone, calls": (cast.arrive(MONDAY_10, name="C c"), [0], 4),
        "phone, too few": (cast.arrive(MONDAY_10, name="D d"), [0, 1, 2], 2),
    }
    for lead, days, calls in cases.values():
        _messages(lead, cast, clock, days)
        for n in range(calls):
            clock.move_to(amsterdam(2025, 3, 10 + n, 15, 0))
            log_activity(lead, "call", by=cast.sanne, outcome="no_answer")
    as_of = amsterdam(2025, 3, 17, 12, 0)
    clock.move_to(as_of)
    inputs = read_database()
    ctx = context_for(inputs, as_of, dealer_standards=dealer_standards())
    facts = {row["lead_key"]: row for row in lead_facts(inputs, ctx).iter_rows(named=True)}

    guard = {name: standard_status(lead, as_of).effort_made for name, (lead, *_) in cases.items()}
    figures = {name: facts[lead.pk]["standard_effort"] for name, (lead, *_) in cases.items()}

    assert (
        guard
        == figures
        == {
            "no phone, 3 days": True,
            "no phone, 1 day": False,
            "phone, calls": True,
            "phone, too few": False,
        }
    )
