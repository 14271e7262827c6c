"""Working a lead through the actions: its tracked times, its status and its audit trail."""

import pytest

from followup.clock import MONDAY_10, amsterdam
from scoreline.followup.actions import (
    close_lead_lost,
    log_activity,
    mark_spam,
    mark_won,
    plan_follow_up,
    reassign,
    reopen,
)
from scoreline.followup.errors import InvalidChange, OverrideNotAllowed
from scoreline.followup.models import Activity, ActivityKind, Job, JobKind, Notification
from scoreline.leads.models import EventKind, LeadEvent, LeadStatus, Order


def test_the_first_outbound_call_is_the_first_response(cast, clock):
    lead = cast.arrive(MONDAY_10)
    clock.move_to(amsterdam(2025, 3, 10, 10, 7))

    log_activity(lead, "call", by=cast.sanne, outcome="no_answer")

    assert lead.first_response_at == amsterdam(2025, 3, 10, 10, 7)
    assert lead.contacted_at is None
    assert lead.last_activity_at == amsterdam(2025, 3, 10, 10, 7)


def test_a_call_entered_afterwards_moves_the_first_response_earlier(cast, clock):
    lead = cast.arrive(MONDAY_10)
    clock.move_to(amsterdam(2025, 3, 10, 11, 0))
    log_activity(lead, "email", by=cast.sanne)

    log_activity(lead, "call", by=cast.sanne, outcome="reached", at=amsterdam(2025, 3, 10, 10, 3))

    assert lead.first_response_at == amsterdam(2025, 3, 10, 10, 3)
    assert lead.contacted_at == amsterdam(2025, 3, 10, 10, 3)
    assert lead.last_activity_at == amsterdam(2025, 3, 10, 11, 0)


def test_an_inbound_call_nobody_answered_is_no_contact(cast, clock):
    lead = cast.arrive(MONDAY_10)

    log_activity(lead, "call", by=None, direction="in", outcome="no_answer")

    assert (lead.first_response_at, lead.contacted_at) == (None, None)


def test_a_note_is_no_work_on_the_lead(cast, clock):
    lead = cast.arrive(MONDAY_10)

    log_activity(lead, "note", by=cast.sanne, note="Klant belt zelf terug")

    assert lead.last_activity_at is None


@pytest.mark.parametrize(
    ("kind", "options", "problem"),
    [
        ("order", {}, "Record a sale with mark_won"),
        ("lost", {}, "a loss with close_lead_lost"),
        ("email", {"outcome": "reached"}, "Only calls have an outcome"),
        ("call", {"outcome": "hung_up"}, "Unknown call outcome 'hung_up'"),
        ("fax", {}, "Unknown activity kind 'fax'"),
        ("call", {"at": amsterdam(2025, 3, 10, 9, 0)}, "is before lead"),
        ("call", {"at": amsterdam(2025, 3, 11, 10, 0)}, "is in the future"),
    ],
)
def test_bad_activities_are_refused_with_the_reason(cast, clock, kind, options, problem):
    lead = cast.arrive(MONDAY_10)

    with pytest.raises(InvalidChange, match=problem):
        log_activity(lead, kind, by=cast.sanne, **options)

    assert not Activity.objects.filter(lead=lead).exists()


def test_another_dealers_script_is_refused(cast, clock):
    from scoreline.followup.scripts import new_script_version

    script = new_script_version(cast.lille, "Premier appel", "Bonjour …")
    lead = cast.arrive(MONDAY_10)

    with pytest.raises(InvalidChange, match="is not a call script of Autohuis Noord"):
        log_activity(lead, "call", by=cast.sanne, outcome="reached", script=script)


def test_a_sale_links_the_order_and_counts_as_contact(cast, clock):
    lead = cast.arrive(MONDAY_10)
    order = Order.objects.create(dealer=cast.noord, order_id="2025-0042", ordered_at=MONDAY_10)
    clock.move_to(amsterdam(2025, 3, 12, 15, 0))

    mark_won(lead, by=cast.sanne, order=order)

    order.refresh_from_db()
    assert (lead.status, order.lead) == (LeadStatus.WON, lead)
    assert lead.contacted_at == amsterdam(2025, 3, 12, 15, 0)
    assert lead.activities.get(kind=ActivityKind.ORDER).note == "Order 2025-0042"


def test_an_order_matched_to_another_lead_is_refused(cast, clock):
    first, second = cast.arrive(MONDAY_10), cast.arrive(MONDAY_10, name="Bert Jansen")
    order = Order.objects.create(dealer=cast.noord, order_id="7", ordered_at=MONDAY_10)
    mark_won(first, by=cast.sanne, order=order)

    with pytest.raises(InvalidChange, match="already matched to lead"):
        mark_won(second, by=cast.sanne, order=order)


def test_the_audit_trail_tells_the_story_of_a_lead(cast, clock):
    lead = cast.arrive(MONDAY_10, to=cast.bram)
    reassign(lead, cast.sanne, by=cast.marco, reason="Bram is on leave")
    clock.move_to(amsterdam(2025, 3, 10, 10, 20))
    log_activity(lead, "call", by=cast.sanne, outcome="reached")
    close_lead_lost(lead, "not-reached", by=cast.sanne)
    clock.move_to(amsterdam(2025, 3, 14, 9, 30))
    reopen(lead, by=cast.marco, reason="Customer called back")
    mark_won(lead, by=cast.sanne)

    trail = list(
        LeadEvent.objects.filter(lead=lead).values_list(
            "kind", "by__username", "from_status", "to_status", "from_user", "to_user", "reason"
        )
    )

    bram, sanne = cast.bram.pk, cast.sanne.pk
    assert trail == [
        (EventKind.ASSIGNMENT, "marco", "", "", bram, sanne, "Bram is on leave"),
        (EventKind.STATUS, "sanne", "open", "lost", None, None, "Not reached"),
        (EventKind.STATUS, "marco", "lost", "open", None, None, "Customer called back"),
        (EventKind.STATUS, "sanne", "open", "won", None, None, ""),
    ]
    assert (lead.lost_reason, lead.closed_at) == (None, amsterdam(2025, 3, 14, 9, 30))


def test_a_reassigned_salesperson_is_told(cast, clock):
    lead = cast.arrive(MONDAY_10, to=cast.bram)

    changed = reassign(lead, cast.sanne, by=cast.marco)

    assert changed is True
    note = Notification.objects.get(user=cast.sanne)
    assert (
        note.text
        == f"Anna de Vries (Marktplaats, #{lead.pk}) was assigned to you by Marco Meester."
    )
    assert reassign(lead, cast.sanne, by=cast.marco) is False


def test_a_lead_cannot_go_to_another_dealers_salesperson(cast, clock):
    lead = cast.arrive(MONDAY_10)

    with pytest.raises(InvalidChange, match="Louis Leroy does not work at Autohuis Noord"):
        reassign(lead, cast.louis, by=cast.marco)

    lead.refresh_from_db()
    assert lead.assigned_to == cast.sanne


def test_spam_leaves_the_figures_with_an_event(cast, clock):
    lead = cast.arrive(MONDAY_10)

    mark_spam(lead, by=cast.marco, reason="Bot")

    assert lead.status == LeadStatus.SPAM
    event = LeadEvent.objects.get(lead=lead)
    said = "Bot — decided by manager Marco Meester"
    assert (event.to_status, event.reason) == (LeadStatus.SPAM, said)


def test_a_salesperson_calls_a_lead_spam_only_with_evidence(cast, clock):
    lead = cast.arrive(MONDAY_10)

    with pytest.raises(OverrideNotAllowed, match="only with evidence"):
        mark_spam(lead, by=cast.sanne, reason="Bot")
    clock.move_to(amsterdam(2025, 3, 10, 10, 5))
    log_activity(lead, "call", by=cast.sanne, outcome="wrong_number")
    mark_spam(lead, by=cast.sanne, reason="Bot")

    assert lead.status == LeadStatus.SPAM


def test_planning_a_follow_up_schedules_its_reminder_once_per_plan(cast, clock):
    lead = cast.arrive(MONDAY_10)

    plan_follow_up(lead, amsterdam(2025, 3, 12, 10, 0), by=cast.sanne)
    plan_follow_up(lead, amsterdam(2025, 3, 13, 10, 0), by=cast.sanne)

    assert lead.next_follow_up_at == amsterdam(2025, 3, 13, 10, 0)
    due = Job.objects.filter(lead=lead, kind=JobKind.FOLLOW_UP_DUE).values_list(
        "sequence", "due_at"
    )
    assert list(due) == [(1, amsterdam(2025, 3, 12, 10)), (2, amsterdam(2025, 3, 13, 10))]


def test_a_follow_up_is_planned_ahead(cast, clock):
    lead = cast.arrive(MONDAY_10)

    with pytest.raises(InvalidChange, match="planned ahead"):
        plan_follow_up(lead, amsterdam(2025, 3, 7, 10, 0), by=cast.sanne)
