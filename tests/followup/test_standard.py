"""A lead held to its dealer's follow-up standard: what is missing, and when it is missed."""

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.clock import MONDAY_10, amsterdam
from scoreline.analytics.standard import effort_for
from scoreline.followup.actions import log_activity
from scoreline.followup.calendars import calendar_for
from scoreline.followup.models import FollowUpStandard
from scoreline.followup.standard import (
    Clock,
    Effort,
    Verdict,
    count_progress,
    missing_effort,
    standard_status,
)
from scoreline.hours import BusinessCalendar


def test_a_new_lead_still_needs_everything(cast, clock):
    lead = cast.arrive(MONDAY_10)

    status = standard_status(lead)

    assert status.verdict == Verdict.POSSIBLE
    assert status.clock == Clock.RUNNING
    assert status.response_due_at == amsterdam(2025, 3, 10, 10, 15)
    assert status.missing == (
        "a first response by Mon 10 Mar 10:15",
        "4 more call attempts, on 3 other days",
        "a written message (e-mail, SMS or WhatsApp)",
    )


def test_one_call_in_time_leaves_three_calls_on_two_other_days(cast, clock):
    lead = cast.arrive(MONDAY_10)
    clock.move_to(amsterdam(2025, 3, 10, 10, 4))
    log_activity(lead, "call", by=cast.sanne, outcome="no_answer")

    status = standard_status(lead)

    assert status.clock == Clock.WITHIN
    assert status.response_minutes == 4
    assert status.verdict == Verdict.POSSIBLE
    assert status.missing[0] == "3 more call attempts, on 2 other days"


def test_calls_on_one_day_still_need_other_days(cast, clock):
    lead = cast.arrive(MONDAY_10)
    for minute in (2, 30, 50, 59):
        clock.move_to(amsterdam(2025, 3, 10, 10, minute))
        log_activity(lead, "call", by=cast.sanne, outcome="voicemail")

    status = standard_status(lead)

    assert (status.call_attempts, status.call_days) == (4, 1)
    assert status.missing[0] == "2 more call attempts, on 2 other days"


def test_the_last_call_needed_on_another_day_reads_naturally(cast, clock):
    lead = cast.arrive(MONDAY_10)
    for day, minute in ((10, 5), (10, 40), (11, 0)):
        clock.move_to(amsterdam(2025, 3, day, 11, minute))
        log_activity(lead, "call", by=cast.sanne, outcome="no_answer")
    log_activity(lead, "sms", by=cast.sanne)

    assert standard_status(lead).missing == ("1 more call attempt, on another day",)


def test_effort_over_three_days_meets_the_standard_without_contact(cast, clock):
    lead = cast.arrive(MONDAY_10)
    for day, hour in ((10, 10), (10, 15), (11, 9), (12, 17)):
        clock.move_to(amsterdam(2025, 3, day, hour, 5))
        log_activity(lead, "call", by=cast.sanne, outcome="no_answer")
    log_activity(lead, "email", by=cast.sanne)

    status = standard_status(lead)

    assert status.verdict == Verdict.MET
    assert status.effort == Effort.DONE
    assert status.missing == ()
    assert status.effort_made is True


def test_a_reached_call_in_time_meets_the_standard_at_once(cast, clock):
    lead = cast.arrive(MONDAY_10)
    clock.move_to(amsterdam(2025, 3, 10, 10, 3))
    log_activity(lead, "call", by=cast.sanne, outcome="reached", duration_s=240)

    status = standard_status(lead)

    assert (status.verdict, status.effort, status.missing) == (Verdict.MET, Effort.CONTACTED, ())


def test_a_late_first_response_misses_the_standard_for_good(cast, clock):
    lead = cast.arrive(MONDAY_10)
    clock.move_to(amsterdam(2025, 3, 10, 10, 40))
    log_activity(lead, "call", by=cast.bram, outcome="reached")

    status = standard_status(lead)

    assert status.verdict == Verdict.MISSED
    assert status.clock == Clock.LATE
    assert status.response_minutes == 40
    assert status.reasons == (
        "the first response came after the 15 business minutes of the standard",
    )
    assert status.effort_made is True  # the guard is about effort, not the clock


def test_a_phone_call_answered_at_arrival_is_the_first_response(cast, clock):
    lead = cast.arrive(MONDAY_10)
    log_activity(lead, "call", by=cast.sanne, direction="in", outcome="reached")

    status = standard_status(lead)

    assert lead.first_response_at == lead.contacted_at == MONDAY_10
    assert (status.clock, status.response_minutes) == (Clock.WITHIN, 0)
    assert (status.verdict, status.effort) == (Verdict.MET, Effort.CONTACTED)
    assert status.call_attempts == 0  # the customer called: no attempt of ours


def test_a_showroom_visit_answers_a_walk_in_before_any_written_follow_up(cast, clock):
    lead = cast.arrive(MONDAY_10)
    log_activity(lead, "visit", by=cast.sanne, direction="in")
    clock.move_to(amsterdam(2025, 3, 10, 16, 0))
    log_activity(lead, "email", by=cast.sanne)

    status = standard_status(lead)

    assert lead.first_response_at == MONDAY_10
    assert (status.clock, status.written_messages) == (Clock.WITHIN, 1)


def test_a_customer_calling_in_after_an_hour_of_silence_was_answered_late(cast, clock):
    lead = cast.arrive(MONDAY_10)
    clock.move_to(amsterdam(2025, 3, 10, 11, 0))
    log_activity(lead, "call", by=cast.bram, direction="in", outcome="reached")
    clock.move_to(amsterdam(2025, 3, 10, 11, 5))
    log_activity(lead, "email", by=cast.bram)

    status = standard_status(lead)

    assert (status.clock, status.response_minutes) == (Clock.LATE, 60)
    assert status.first_response_at == lead.first_response_at == amsterdam(2025, 3, 10, 11, 0)


def test_an_outbound_message_before_the_contact_stays_the_first_response(cast, clock):
    lead = cast.arrive(MONDAY_10)
    clock.move_to(amsterdam(2025, 3, 10, 10, 5))
    log_activity(lead, "sms", by=cast.sanne)
    clock.move_to(amsterdam(2025, 3, 10, 14, 0))
    log_activity(lead, "sms", by=None, direction="in", note="Morgen na vijven graag")

    status = standard_status(lead)

    assert lead.first_response_at == amsterdam(2025, 3, 10, 10, 5)
    assert lead.contacted_at == amsterdam(2025, 3, 10, 14, 0)
    assert status.written_messages == 1  # their reply is contact, not our written message


def test_no_response_past_the_limit_is_missed_while_the_effort_is_still_open(cast, clock):
    lead = cast.arrive(MONDAY_10)
    clock.move_to(amsterdam(2025, 3, 10, 10, 16))

    status = standard_status(lead)

    assert (status.verdict, status.clock) == (Verdict.MISSED, Clock.OVERDUE)
    assert status.reasons == ("no first response within 15 business minutes",)
    assert "4 more call attempts, on 3 other days" in status.missing


def test_a_lead_arriving_on_saturday_evening_is_due_on_monday_morning(cast, clock):
    lead = cast.arrive(amsterdam(2025, 3, 8, 19, 30))

    assert lead.response_due_at == amsterdam(2025, 3, 10, 9, 15)


def test_a_dealers_own_limit_and_effort_apply(cast, clock):
    cast.noord.standard.first_response_minutes = 60
    cast.noord.standard.call_attempts = 2
    cast.noord.standard.distinct_days = 1
    cast.noord.standard.written_message_required = False
    cast.noord.standard.save()
    lead = cast.arrive(MONDAY_10)
    clock.move_to(amsterdam(2025, 3, 10, 10, 50))
    log_activity(lead, "call", by=cast.bram, outcome="no_answer")
    log_activity(lead, "call", by=cast.bram, outcome="no_answer")

    status = standard_status(lead)

    assert (status.verdict, status.response_due_at) == (Verdict.MET, amsterdam(2025, 3, 10, 11))


def test_looking_back_ignores_what_happened_later(cast, clock):
    lead = cast.arrive(MONDAY_10)
    clock.move_to(amsterdam(2025, 3, 10, 10, 5))
    log_activity(lead, "call", by=cast.sanne, outcome="reached")

    earlier = standard_status(lead, amsterdam(2025, 3, 10, 10, 4))

    assert (earlier.clock, earlier.effort) == (Clock.RUNNING, Effort.TO_DO)


def test_the_status_travels_as_plain_values(cast, clock):
    lead = cast.arrive(MONDAY_10)

    values = standard_status(lead).as_dict()

    assert values["verdict"] == "possible"
    assert values["response_due_at"] == "2025-03-10T10:15:00+01:00"
    assert len(values["missing"]) == 3


@pytest.mark.django_db
def test_an_automatic_acknowledgement_is_no_response(cast, clock):
    lead = cast.arrive(MONDAY_10)
    log_activity(lead, "email", by=None, is_automatic=True)

    assert lead.first_response_at is None
    assert standard_status(lead).written_messages == 0


# The effort in words, checked against the rule itself for any mix of calls and days.
class _Call:
    kind, direction, outcome, is_automatic = "call", "out", "no_answer", False

    def __init__(self, at):
        self.at = at


@given(
    days=st.lists(st.integers(min_value=0, max_value=6), max_size=8),
    attempts=st.integers(min_value=1, max_value=6),
    distinct=st.integers(min_value=1, max_value=4),
)
def test_the_words_name_exactly_the_calls_the_standard_still_needs(days, attempts, distinct):
    standard = FollowUpStandard(
        call_attempts=attempts, distinct_days=distinct, written_message_required=False
    )
    calendar = BusinessCalendar.build("24/7")
    calls = [_Call(MONDAY_10 + timedelta(days=day)) for day in days]
    progress = count_progress(calls, calendar)
    needed = max(attempts - len(calls), distinct - len(set(days)), 0)

    words = missing_effort(progress, effort_for(standard.rule(), has_phone=True, has_email=True))

    assert bool(words) == (needed > 0)
    if needed:
        assert words[0].startswith(f"{needed} more call attempt")


def test_calendar_for_reads_the_dealers_exceptions(cast):
    from scoreline.dealers.models import OpeningException

    OpeningException.objects.create(dealer=cast.noord, date=amsterdam(2025, 3, 10).date())

    calendar = calendar_for(cast.noord)

    assert calendar.is_open(MONDAY_10) is False
    assert calendar_for(cast.noord) is calendar
