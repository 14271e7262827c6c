"""Response clocks with frozen time: the reminder, the breach, the escalation, the follow-up."""

from django.core import mail

from followup.clock import MONDAY_10, amsterdam
from scoreline.dealers.models import Membership
from scoreline.followup.actions import log_activity, plan_follow_up
from scoreline.followup.clocks import start_response_clock
from scoreline.followup.models import Job, JobKind, JobResult, Notification, NotificationKind
from scoreline.followup.notifications import mark_read, unread
from scoreline.leads.models import LeadEvent
from scoreline.worker.loop import run_once

WORKER = "test-worker"


def notes(**filters):
    return list(Notification.objects.filter(**filters).order_by("pk").values_list("kind", "text"))


def test_a_new_lead_gets_a_reminder_a_breach_and_an_escalation(cast, clock):
    lead = cast.arrive(MONDAY_10)
    start_response_clock(lead)  # a second call changes nothing

    jobs = Job.objects.filter(lead=lead).values_list("kind", "due_at")
    assert sorted(jobs, key=lambda job: job[1]) == [
        (JobKind.REMINDER, amsterdam(2025, 3, 10, 10, 10)),
        (JobKind.BREACH, amsterdam(2025, 3, 10, 10, 15)),
        (JobKind.ESCALATION, amsterdam(2025, 3, 10, 10, 30)),
    ]


def test_the_salesperson_is_reminded_five_minutes_before_the_limit(cast, clock):
    lead = cast.arrive(MONDAY_10)
    clock.move_to(amsterdam(2025, 3, 10, 10, 9))
    assert run_once(WORKER).jobs == 0

    clock.move_to(amsterdam(2025, 3, 10, 10, 10))
    done = run_once(WORKER)

    assert (done.jobs, done.emails) == (1, 1)
    assert notes(user=cast.sanne) == [
        (
            NotificationKind.REMINDER,
            f"Respond to Anna de Vries (Marktplaats, #{lead.pk}) before Mon 10 Mar 2025, 10:15: "
            "the first-response clock runs out then.",
        )
    ]
    assert [message.to for message in mail.outbox] == [["sanne@example.com"]]


def test_the_manager_is_told_at_the_breach_and_nobody_twice(cast, clock):
    lead = cast.arrive(MONDAY_10, to=cast.bram)
    clock.move_to(amsterdam(2025, 3, 10, 10, 15))

    run_once(WORKER)
    run_once(WORKER)

    assert notes(user=cast.marco) == [
        (
            NotificationKind.BREACH,
            f"Anna de Vries (Marktplaats, #{lead.pk}), received Mon 10 Mar 2025, 10:00, has had no "
            "response within 15 business minutes. Assigned to: Bram Bakker.",
        )
    ]
    assert len(mail.outbox) == 2  # Bram's reminder and Marco's breach, each once
    assert not Notification.objects.filter(user=cast.lea).exists()


def test_an_answered_lead_raises_no_alarm(cast, clock):
    lead = cast.arrive(MONDAY_10)
    clock.move_to(amsterdam(2025, 3, 10, 10, 4))
    log_activity(lead, "call", by=cast.sanne, outcome="no_answer")
    clock.move_to(amsterdam(2025, 3, 10, 12, 0))

    run_once(WORKER)

    assert not Notification.objects.exists()
    clocks = Job.objects.exclude(kind=JobKind.FOLLOW_UP_DUE)
    assert set(clocks.values_list("result", flat=True)) == {JobResult.MOOT}


def test_a_saturday_evening_lead_is_chased_on_monday_morning(cast, clock):
    clock.move_to(amsterdam(2025, 3, 8, 19, 30))
    cast.arrive(amsterdam(2025, 3, 8, 19, 30))
    clock.move_to(amsterdam(2025, 3, 9, 20, 0))
    assert run_once(WORKER).jobs == 0

    clock.move_to(amsterdam(2025, 3, 10, 9, 10))

    assert run_once(WORKER).jobs == 1
    assert notes()[0][0] == NotificationKind.REMINDER


def test_an_unassigned_lead_reminds_the_managers(cast, clock):
    lead = cast.arrive(MONDAY_10)
    lead.assigned_to = None
    lead.save(update_fields=["assigned_to"])
    clock.move_to(amsterdam(2025, 3, 10, 10, 10))

    run_once(WORKER)

    assert [kind for kind, _text in notes(user=cast.marco)] == [NotificationKind.REMINDER]


def test_at_the_second_breach_with_nobody_else_on_duty_the_manager_reassigns_by_hand(cast, clock):
    Membership.objects.filter(user=cast.bram).update(on_duty=False)
    lead = cast.arrive(MONDAY_10)
    clock.move_to(amsterdam(2025, 3, 10, 10, 30))

    run_once(WORKER)

    lead.refresh_from_db()
    assert lead.assigned_to == cast.sanne
    assert notes(user=cast.marco)[-1] == (
        NotificationKind.ESCALATION,
        f"Anna de Vries (Marktplaats, #{lead.pk}) still has no response after 30 business "
        "minutes and no one else can take it by rule: please reassign it (now with Sanne Smit).",
    )


def test_at_the_second_breach_the_lead_moves_to_another_salesperson(cast, clock):
    lead = cast.arrive(MONDAY_10)
    clock.move_to(amsterdam(2025, 3, 10, 10, 30))

    run_once(WORKER)

    lead.refresh_from_db()
    assert lead.assigned_to == cast.bram
    event = LeadEvent.objects.filter(lead=lead).last()
    assert (event.from_user, event.to_user, event.by) == (cast.sanne, cast.bram, None)
    assert NotificationKind.ASSIGNED in [kind for kind, _text in notes(user=cast.bram)]


def test_a_planned_follow_up_reminds_when_due_unless_done(cast, clock):
    done_lead, open_lead = cast.arrive(MONDAY_10), cast.arrive(MONDAY_10, name="Bert Jansen")
    clock.move_to(amsterdam(2025, 3, 10, 10, 5))
    for lead in (done_lead, open_lead):
        log_activity(lead, "call", by=cast.sanne, outcome="reached")
        plan_follow_up(lead, amsterdam(2025, 3, 12, 14, 0), by=cast.sanne)
    clock.move_to(amsterdam(2025, 3, 12, 13, 50))
    log_activity(done_lead, "call", by=cast.sanne, outcome="reached")
    clock.move_to(amsterdam(2025, 3, 12, 14, 0))
    log_activity(done_lead, "email", by=cast.sanne)

    run_once(WORKER)

    assert notes(user=cast.sanne) == [
        (
            NotificationKind.FOLLOW_UP_DUE,
            f"Follow up Bert Jansen (Marktplaats, #{open_lead.pk}) now: it was planned for "
            "Wed 12 Mar 2025, 14:00.",
        )
    ]


def test_a_re_planned_follow_up_reminds_only_at_the_new_time(cast, clock):
    lead = cast.arrive(MONDAY_10)
    clock.move_to(amsterdam(2025, 3, 10, 10, 5))
    log_activity(lead, "call", by=cast.sanne, outcome="reached")
    plan_follow_up(lead, amsterdam(2025, 3, 11, 10, 0), by=cast.sanne)
    plan_follow_up(lead, amsterdam(2025, 3, 13, 10, 0), by=cast.sanne)

    clock.move_to(amsterdam(2025, 3, 11, 10, 0))
    run_once(WORKER)
    assert notes() == []

    clock.move_to(amsterdam(2025, 3, 13, 10, 0))
    run_once(WORKER)
    assert [kind for kind, _text in notes()] == [NotificationKind.FOLLOW_UP_DUE]


def test_imported_history_starts_no_reminders(cast, clock):
    lead = cast.arrive(amsterdam(2024, 11, 4, 10, 0))
    Job.objects.filter(lead=lead).delete()
    lead.is_imported, lead.response_due_at = True, None
    lead.save(update_fields=["is_imported", "response_due_at"])

    due = start_response_clock(lead)

    assert due == amsterdam(2024, 11, 4, 10, 15)
    assert not Job.objects.filter(lead=lead).exists()


def test_a_notification_is_written_in_the_recipients_language(cast, clock):
    cast.marco.language = "nl"
    cast.marco.save(update_fields=["language"])
    cast.arrive(MONDAY_10)
    clock.move_to(amsterdam(2025, 3, 10, 10, 15))

    run_once(WORKER)

    # Until the web engineer's nl catalogue lands the text may still be English; the date
    # must be in Dutch either way.
    assert "ma 10 mrt 2025 10:00" in notes(user=cast.marco)[0][1]


def test_a_read_notification_leaves_the_unread_list(cast, clock):
    cast.arrive(MONDAY_10)
    clock.move_to(amsterdam(2025, 3, 10, 10, 10))
    run_once(WORKER)
    (reminder,) = unread(cast.sanne)

    mark_read(reminder, at=amsterdam(2025, 3, 10, 10, 11))

    assert list(unread(cast.sanne)) == []
    assert reminder.read_at == amsterdam(2025, 3, 10, 10, 11)


def test_a_notification_is_said_again_in_the_language_it_is_read_in(cast, clock):
    from scoreline.followup.notifications import text_for

    cast.marco.language = "nl"
    cast.marco.save(update_fields=["language"])
    cast.arrive(MONDAY_10)
    clock.move_to(amsterdam(2025, 3, 10, 10, 20))
    run_once("worker-1")
    note = Notification.objects.get(user=cast.marco, kind="breach")
    assert "ontvangen ma 10 mrt 2025 10:00" in note.text  # written for Marco, in Dutch
    assert "received Mon 10 Mar 2025, 10:00" in text_for(note, "en")
    assert "reçu lun 10 mar 2025 10:00" in text_for(note, "fr")


def test_clocks_a_bulk_load_left_out_start_once_and_reach_people_once(cast, clock):
    from django.core import mail as outbox

    from scoreline.followup.clocks import start_waiting_clocks
    from scoreline.followup.notifications import send_pending_emails
    from scoreline.leads.models import Lead

    waiting = cast.arrive(MONDAY_10)
    answered = cast.arrive(MONDAY_10)
    Job.objects.all().delete()  # as the demo writes its leads: deadline set, no rows
    log_activity(answered, "call", by=cast.sanne, outcome="reached")

    assert start_waiting_clocks(Lead.objects.all()) == 3
    assert start_waiting_clocks(Lead.objects.all()) == 0
    assert set(Job.objects.values_list("lead", flat=True)) == {waiting.pk}

    clock.move_to(amsterdam(2025, 3, 10, 11, 0))  # past the reminder, breach and escalation
    outbox.outbox = []
    run_once(WORKER)
    run_once(WORKER)
    kinds = sorted(Notification.objects.values_list("user__username", "kind"))
    assert (cast.sanne.username, NotificationKind.REMINDER) in kinds
    assert (cast.marco.username, NotificationKind.BREACH) in kinds
    assert (cast.marco.username, NotificationKind.ESCALATION) in kinds
    assert len(kinds) == len(set(kinds))  # each once
    send_pending_emails(amsterdam(2025, 3, 10, 11, 1))  # the worker sent them: none again
    assert len(outbox.outbox) == Notification.objects.exclude(user__email="").count()
