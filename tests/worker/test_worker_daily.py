"""Each morning, once a dealer opens, the worker checks the dealer's month: once, however many
workers run and however often they restart. Once a day it also applies the retention rule.

The cast (see cast.py) gains half a year of imported history for Autohuis Noord (Amsterdam,
open from 09:00) and a plan of 8 sales a month that Noord is far from making, so its check
warns Marco and Mila. Autohuis Willemstad, on Curaçao five hours behind Amsterdam, opens at
08:00 its own time; Lille has no plan and so nothing to fall behind on.
"""

from datetime import date, datetime, timedelta
from io import StringIO

import pytest
from cast import Cast
from django.core import mail
from django.core.management import call_command
from followup.clock import MONDAY_10, amsterdam
from planning.history import import_history
from synthetic.history import SyntheticDealer

from scoreline.dealers.models import Dealer, Membership, Role, User
from scoreline.followup.models import DailyJob, DailyKind, JobResult
from scoreline.leads.models import Lead, LeadStatus, Person
from scoreline.planning import actions, plan
from scoreline.planning.models import PaceCheck, PaceWarning
from scoreline.worker.daily import ensure_daily_jobs
from scoreline.worker.loop import LEASE, claim_due, finish, run_daily_jobs, run_once

TUESDAY_9 = amsterdam(2025, 3, 11, 9, 0)


def half_a_year(dealer: Dealer) -> SyntheticDealer:
    return SyntheticDealer(
        name=dealer.name,
        seed=dealer.pk,
        start=date(2024, 9, 1),
        months=6,
        leads_per_day=1.0,
        sources={"Website": (0.6, 0.1), "Marktplaats": (0.4, 0.08)},
        tz=dealer.time_zone,
    )


def plan_eight_a_month(dealer: Dealer, by: User) -> None:
    draft = actions.draft_plan(
        dealer,
        2025,
        monthly_targets=[8] * 12,
        assumptions=[plan.SourceAssumption("Marktplaats", 0.1, 15.0)],
    )
    actions.save_plan(draft, plan.build_plan(draft.request), by=by, at=MONDAY_10)


@pytest.fixture
def willemstad(cast: Cast) -> Dealer:
    return Dealer.objects.create(
        name="Autohuis Willemstad",
        slug="willemstad",
        time_zone="America/Curacao",
        country="CW",
        opening_hours="Mo-Fr 08:00-17:00",
    )


@pytest.fixture
def planned(cast: Cast, willemstad: Dealer) -> Cast:
    """Noord and Willemstad with their history and a plan each; Lille as it was."""
    wim = User.objects.create_user("wim", email="wim@example.com")
    Membership.objects.create(user=wim, dealer=willemstad, role=Role.SALES_MANAGER)
    for dealer in (cast.noord, willemstad):
        import_history(dealer, half_a_year(dealer))
        plan_eight_a_month(dealer, cast.mila)
    return cast


def check_times(dealer: Dealer) -> list[datetime]:
    kept = PaceCheck.objects.filter(dealer=dealer).order_by("as_of")
    return list(kept.values_list("as_of", flat=True))


def rows(dealer: Dealer | None, kind: str = DailyKind.PACE_CHECK) -> list[tuple[date, str]]:
    found = DailyJob.objects.filter(dealer=dealer, kind=kind).order_by("day")
    return list(found.values_list("day", "result"))


def test_noords_first_round_after_opening_checks_its_month_and_warns_marco_and_mila(planned, clock):
    clock.move_to(amsterdam(2025, 3, 10, 8, 59))
    run_once("w1")
    assert check_times(planned.noord) == []  # not open yet

    clock.move_to(amsterdam(2025, 3, 10, 9, 0))
    run_once("w1")

    (check,) = PaceCheck.objects.filter(dealer=planned.noord)
    assert (check.as_of, check.target, check.warned) == (amsterdam(2025, 3, 10, 9, 0), 8, True)
    warned = {w.user for w in PaceWarning.objects.filter(pace_check=check)}
    assert warned == {planned.marco, planned.mila}
    # the same round e-mails the warnings
    assert sorted(m.to[0] for m in mail.outbox) == ["marco@example.com", "mila@example.com"]


def test_a_second_round_or_a_second_worker_does_not_check_again(planned, clock):
    run_once("worker-a")
    clock.move_to(amsterdam(2025, 3, 10, 10, 1))
    run_once("worker-b")
    run_once("worker-a")

    assert check_times(planned.noord) == [MONDAY_10]
    assert rows(planned.noord) == [(date(2025, 3, 10), JobResult.DONE)]
    assert len(mail.outbox) == 2


def test_of_two_workers_in_the_same_morning_only_the_one_that_claimed_checks(planned, clock):
    assert ensure_daily_jobs(MONDAY_10) == 6  # retention; Noord, Zuid, Willemstad, Lille, Lakeside
    assert ensure_daily_jobs(MONDAY_10) == 0  # the other worker finds them there

    claimed = claim_due(DailyJob, "worker-a", MONDAY_10, limit=10)
    assert run_once("worker-b").daily == 0  # all that is due is worker-a's
    assert sum(finish(job, "worker-a", MONDAY_10) for job in claimed) == 4

    assert check_times(planned.noord) == [MONDAY_10]
    assert check_times(planned.lille) == []


def test_a_crashed_workers_morning_check_is_taken_over_after_the_lease_and_kept_once(
    planned, clock
):
    ensure_daily_jobs(MONDAY_10)
    claimed = claim_due(DailyJob, "crashed", MONDAY_10, limit=10)  # then the worker died
    assert run_daily_jobs("survivor", now=MONDAY_10) == 0  # still within the lease

    later = MONDAY_10 + LEASE + timedelta(seconds=1)
    clock.move_to(later)
    assert run_daily_jobs("survivor", now=later) == 4

    stranded = next(job for job in claimed if job.dealer_id == planned.noord.pk)
    assert finish(stranded, "crashed", later) is False  # the old worker wakes: rolled back
    assert check_times(planned.noord) == [later]
    assert PaceWarning.objects.count() == 2
    assert DailyJob.objects.get(pk=stranded.pk).claimed_by == "survivor"


def test_the_next_morning_checks_again_and_a_month_still_slipping_warns_no_one_twice(
    planned, clock
):
    run_once("w1")
    clock.move_to(TUESDAY_9)
    run_once("w1")

    kept = PaceCheck.objects.filter(dealer=planned.noord).order_by("as_of")
    assert [(check.as_of, check.warned) for check in kept] == [
        (MONDAY_10, True),
        (TUESDAY_9, False),
    ]
    assert len(mail.outbox) == 2


def test_willemstad_is_checked_at_its_own_morning_five_hours_after_noord(
    planned, willemstad, clock
):
    run_once("w1")  # 10:00 in Amsterdam, 05:00 in Willemstad

    assert check_times(planned.noord) == [MONDAY_10]
    assert check_times(willemstad) == []
    row = DailyJob.objects.get(dealer=willemstad)
    assert (row.day, row.due_at) == (date(2025, 3, 10), amsterdam(2025, 3, 10, 13, 0))

    clock.move_to(amsterdam(2025, 3, 10, 13, 0))  # 08:00 in Willemstad
    run_once("w1")
    assert check_times(willemstad) == [amsterdam(2025, 3, 10, 13, 0)]
    assert {n.to[0] for n in mail.outbox} == {
        "marco@example.com",
        "mila@example.com",
        "wim@example.com",
    }

    clock.move_to(amsterdam(2025, 3, 11, 0, 30))  # Tuesday here, still Monday evening there
    run_once("w1")
    assert [day for day, _result in rows(planned.noord)] == [date(2025, 3, 10), date(2025, 3, 11)]
    assert [day for day, _result in rows(willemstad)] == [date(2025, 3, 10)]


def test_a_closed_day_has_no_check(planned, clock):
    clock.move_to(amsterdam(2025, 3, 9, 12, 0))  # Sunday: Noord is closed

    run_once("w1")
    run_once("w1")

    assert check_times(planned.noord) == []
    assert rows(planned.noord) == [(date(2025, 3, 9), JobResult.MOOT)]


def test_a_dealer_without_a_plan_has_nothing_to_check(planned, clock):
    run_once("w1")

    assert check_times(planned.lille) == []
    assert rows(planned.lille) == [(date(2025, 3, 10), JobResult.MOOT)]


def test_a_dealer_too_new_to_forecast_is_skipped_with_the_reason_on_record(planned, clock):
    plan_eight_a_month(planned.lille, planned.mila)  # a plan, but no history

    run_once("w1")

    assert check_times(planned.lille) == []
    row = DailyJob.objects.get(dealer=planned.lille)
    assert (row.result, row.attempts) == (JobResult.MOOT, 1)
    assert "too few to learn how leads close" in row.last_error


def test_a_morning_missed_while_the_worker_was_down_is_not_checked_a_day_late(planned, clock):
    clock.move_to(amsterdam(2025, 3, 10, 0, 5))
    run_once("w1")  # adds Monday's rows; Noord's is due at 09:00
    clock.move_to(amsterdam(2025, 3, 11, 10, 0))  # the worker was down until Tuesday

    run_once("w1")

    assert rows(planned.noord) == [
        (date(2025, 3, 10), JobResult.MOOT),
        (date(2025, 3, 11), JobResult.DONE),
    ]
    assert check_times(planned.noord) == [amsterdam(2025, 3, 11, 10, 0)]


def closed_long_ago(cast: Cast, name: str) -> Person:
    person = Person.objects.create(dealer=cast.noord, first_name=name, last_name="Oud")
    Lead.objects.create(
        dealer=cast.noord,
        person=person,
        source=cast.website,
        received_at=amsterdam(2022, 1, 3, 10, 0),
        status=LeadStatus.LOST,
        closed_at=amsterdam(2022, 1, 10, 10, 0),
        lost_reason=cast.not_reached,
    )
    return person


def anonymised(person: Person) -> bool:
    return Person.objects.get(pk=person.pk).anonymised_at is not None


def test_retention_runs_once_a_day(cast, clock):
    anna = closed_long_ago(cast, "Anna")
    run_once("worker-a")
    assert anonymised(anna)

    bert = closed_long_ago(cast, "Bert")
    run_once("worker-b")
    assert not anonymised(bert)  # today's retention has run

    clock.move_to(amsterdam(2025, 3, 11, 3, 0))
    run_once("worker-a")
    assert anonymised(bert)
    assert rows(None, DailyKind.RETENTION) == [
        (date(2025, 3, 10), JobResult.DONE),
        (date(2025, 3, 11), JobResult.DONE),
    ]


def test_the_worker_command_counts_the_daily_jobs(planned, clock):
    out = StringIO()

    call_command("worker", "--once", "--worker-id", "cli", stdout=out)

    # retention, Noord's check, Zuid's and Lille's (moot); Willemstad's is due at 13:00,
    # Lakeside's at 18:00
    assert out.getvalue() == "cli: 0 payloads, 0 jobs, 4 daily jobs, 2 e-mails\n"


def test_an_idle_round_asks_the_same_few_queries_however_many_dealers(
    planned, clock, django_assert_max_num_queries
):
    run_daily_jobs("w1", now=MONDAY_10)
    for number in range(20):
        Dealer.objects.create(name=f"Vestiging {number}", slug=f"vestiging-{number}")
    run_daily_jobs("w1", now=MONDAY_10)  # the newcomers' rows (and checks: no plan, moot)

    # retention's row, the zones, the dealers lacking a row per zone (4), the due rows
    with django_assert_max_num_queries(7):
        assert run_daily_jobs("w1", now=MONDAY_10 + timedelta(minutes=1)) == 0
