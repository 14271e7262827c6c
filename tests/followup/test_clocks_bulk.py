"""Response clocks for many leads at once, and a fresh clock for the salesperson an escalated
lead goes to."""

from datetime import date, datetime

from followup.clock import MONDAY_10, amsterdam
from scoreline.dealers.models import Dealer, OpeningException
from scoreline.followup.actions import log_activity
from scoreline.followup.clocks import (
    plan_response_clocks,
    restart_response_clock,
    start_response_clock,
)
from scoreline.followup.models import FollowUpStandard, Job, JobKind, Notification
from scoreline.leads.models import Lead, LeadStatus, Person
from scoreline.worker.loop import run_once

WORKER = "test-worker"


def own_hours_and_standards(cast) -> None:
    """Noord is closed on Tuesday 11 March; Lille answers within the hour, reminded at 40."""
    FollowUpStandard.objects.create(
        dealer=cast.lille, first_response_minutes=60, reminder_minutes_before=20
    )
    OpeningException.objects.create(dealer=cast.noord, date=date(2025, 3, 11))


def a_mixed_day(cast) -> list[Lead]:
    """Leads of two dealers at awkward moments: Saturday evening, just before closing, late
    at night before a day off, in Lille; one imported, one closed, one already answered, one
    whose deadline was set already."""
    moments = [
        amsterdam(2025, 3, 8, 19, 30),
        amsterdam(2025, 3, 10, 17, 55),
        amsterdam(2025, 3, 10, 23, 0),
        MONDAY_10,
    ]
    leads = [_lead(cast, cast.noord, at, f"Klant {n}") for n, at in enumerate(moments)]
    leads.append(_lead(cast, cast.lille, amsterdam(2025, 3, 10, 17, 30), "Louise"))
    leads[0].is_imported = True
    leads[1].status, leads[1].closed_at = LeadStatus.SPAM, MONDAY_10
    leads[2].first_response_at = amsterdam(2025, 3, 12, 9, 0)
    leads[3].response_due_at = amsterdam(2025, 3, 10, 10, 5)
    for lead in leads:
        lead.save()
    return leads


def _lead(cast, dealer, at: datetime, name: str) -> Lead:
    person = Person.objects.create(dealer=dealer, first_name=name)
    return Lead(dealer=dealer, person=person, source=cast.website, received_at=at)


def told(leads: list[Lead]) -> tuple[list, list]:
    """Each lead's deadline and its clock's rows, by the lead's place in the list."""
    place = {lead.pk: n for n, lead in enumerate(leads)}
    deadlines = [Lead.objects.get(pk=lead.pk).response_due_at for lead in leads]
    jobs = Job.objects.filter(lead__in=leads).values_list("lead", "kind", "sequence", "due_at")
    return deadlines, sorted((place[lead], *rest) for lead, *rest in jobs)


def insert_clocks(leads: list[Lead]) -> None:
    """What intake's bulk path does with `plan_response_clocks`: deadlines and rows at once."""
    unset = [lead for lead in leads if lead.response_due_at is None]
    jobs = plan_response_clocks(leads)
    Lead.objects.bulk_update(unset, ["response_due_at"])
    Job.objects.bulk_create(jobs, ignore_conflicts=True)


def test_many_clocks_at_once_are_the_clocks_started_one_by_one(cast, clock):
    own_hours_and_standards(cast)
    one_by_one = a_mixed_day(cast)
    for lead in one_by_one:
        start_response_clock(lead)
    expected = told(one_by_one)
    Lead.objects.all().delete()
    cast.noord = Dealer.objects.get(pk=cast.noord.pk)  # without the calendar it remembered

    at_once = a_mixed_day(cast)
    insert_clocks(at_once)
    insert_clocks(at_once)  # again: nothing changes

    assert told(at_once) == expected
    deadlines, jobs = expected
    assert deadlines[1] == amsterdam(2025, 3, 12, 9, 10)  # 5 min Monday, closed Tuesday
    assert [place for place, *_ in jobs] == [3, 3, 3, 4, 4, 4]  # only open, unanswered, live


def test_an_escalated_lead_gives_its_new_salesperson_a_fresh_reminder_and_breach(cast, clock):
    lead = cast.arrive(MONDAY_10)
    clock.move_to(amsterdam(2025, 3, 10, 10, 30))
    run_once(WORKER)  # the reminder, the breach and the escalation to Bram

    fresh = Job.objects.filter(lead=lead, sequence=2).values_list("kind", "due_at")
    assert sorted(fresh) == [
        (JobKind.BREACH, amsterdam(2025, 3, 10, 10, 45)),
        (JobKind.REMINDER, amsterdam(2025, 3, 10, 10, 40)),
    ]
    lead.refresh_from_db()
    assert lead.response_due_at == amsterdam(2025, 3, 10, 10, 15)  # the missed limit stays

    clock.move_to(amsterdam(2025, 3, 10, 10, 40))
    run_once(WORKER)
    reminders = Notification.objects.filter(lead=lead, kind="reminder")
    assert [n.user for n in reminders.order_by("pk")] == [cast.sanne, cast.bram]

    clock.move_to(amsterdam(2025, 3, 10, 11, 30))
    run_once(WORKER)
    breaches = Notification.objects.filter(lead=lead, kind="breach", user=cast.marco)
    assert breaches.count() == 2
    assert not Job.objects.filter(lead=lead, kind=JobKind.ESCALATION, sequence=2).exists()


def test_a_fresh_clock_is_quiet_once_the_new_salesperson_answers(cast, clock):
    lead = cast.arrive(MONDAY_10)
    clock.move_to(amsterdam(2025, 3, 10, 10, 30))
    run_once(WORKER)
    clock.move_to(amsterdam(2025, 3, 10, 10, 35))
    log_activity(lead, "call", by=cast.bram, outcome="no_answer")

    clock.move_to(amsterdam(2025, 3, 10, 11, 0))
    run_once(WORKER)

    assert not Notification.objects.filter(lead=lead, user=cast.bram, kind="reminder")
    assert restart_response_clock(lead, at=amsterdam(2025, 3, 10, 11, 0)) == []
