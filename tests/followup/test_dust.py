"""Dust: the leads nobody is working, as today's list, most urgent and most valuable first."""

import csv
import json
from io import StringIO

import pytest
from django.core.management import call_command

from followup.clock import amsterdam
from scoreline.followup.actions import close_lead_lost, log_activity, mark_won, plan_follow_up
from scoreline.followup.calendars import calendar_for
from scoreline.followup.clocks import breached_condition
from scoreline.followup.dust import (
    DustKind,
    action_list,
    business_days_before,
    expected_conversion,
    per_salesperson,
    stale_condition,
)
from scoreline.leads.models import Lead

# Thursday 13 March 2025, 10:00: three open days back (We, Tu, Mo) is Monday 10:00.
THURSDAY_10 = amsterdam(2025, 3, 13, 10, 0)
FRIDAY_7 = amsterdam(2025, 3, 7, 10, 0)


def _history(cast, clock, source, won, lost):
    """Last autumn's leads of a source, worked to the standard, some won."""
    clock.move_to(amsterdam(2024, 10, 7, 10, 5))
    for n in range(won + lost):
        lead = cast.arrive(amsterdam(2024, 10, 7, 10, 0), source=source, name=f"Oud {n}")
        log_activity(lead, "call", by=cast.sanne, outcome="reached")
        if n < won:
            mark_won(lead, by=cast.sanne)
        else:
            close_lead_lost(lead, "not-reached", by=cast.sanne)


@pytest.fixture
def board(cast, clock):
    """One lead for every way of gathering dust, and two that are being worked."""
    _history(cast, clock, cast.website, won=2, lost=2)
    _history(cast, clock, cast.marktplaats, won=0, lost=4)
    leads = {}
    clock.move_to(amsterdam(2025, 3, 7, 10, 5))
    for name, source in (("Stale Website", cast.website), ("Stale Portal", cast.marktplaats)):
        leads[name] = cast.arrive(FRIDAY_7, source=source, name=name, to=cast.bram)
        log_activity(leads[name], "call", by=cast.bram, outcome="reached")
    leads["Planned Later"] = cast.arrive(FRIDAY_7, name="Planned Later")
    log_activity(leads["Planned Later"], "call", by=cast.sanne, outcome="reached")
    plan_follow_up(leads["Planned Later"], amsterdam(2025, 3, 17, 10), by=cast.sanne)

    clock.move_to(amsterdam(2025, 3, 10, 10, 5))
    leads["Overdue Plan"] = cast.arrive(amsterdam(2025, 3, 10, 10), name="Overdue Plan")
    log_activity(leads["Overdue Plan"], "call", by=cast.sanne, outcome="reached")
    plan_follow_up(leads["Overdue Plan"], amsterdam(2025, 3, 12, 14), by=cast.sanne)

    clock.move_to(amsterdam(2025, 3, 12, 16, 0))
    log_activity(leads["Stale Portal"], "note", by=cast.bram, note="Nog eens bellen")
    leads["Worked"] = cast.arrive(amsterdam(2025, 3, 12, 15, 55), name="Worked")
    log_activity(leads["Worked"], "call", by=cast.sanne, outcome="no_answer")
    plan_follow_up(leads["Worked"], amsterdam(2025, 3, 14, 10), by=cast.sanne)

    clock.move_to(THURSDAY_10)
    leads["Broken Clock"] = cast.arrive(amsterdam(2025, 3, 13, 9, 0), name="Broken Clock")
    leads["Just In"] = cast.arrive(amsterdam(2025, 3, 13, 9, 55), name="Just In")
    return leads


def test_the_list_puts_the_most_urgent_first_then_the_most_valuable(board):
    items = action_list(Lead.objects.all(), THURSDAY_10)

    assert [(item.lead.person.first_name, item.kind) for item in items] == [
        ("Broken", DustKind.BREACHED),
        ("Just", DustKind.UNTOUCHED),
        ("Overdue", DustKind.FOLLOW_UP_OVERDUE),
        ("Stale", DustKind.STALE),  # the website lead: its source converts
        ("Stale", DustKind.STALE),  # the portal lead: its source has sold nothing in a year
    ]
    assert items[3].lead == board["Stale Website"]
    assert items[3].value > items[4].value


def test_the_value_is_the_sources_shrunk_conversion_times_the_margin(board):
    items = {item.lead.pk: item for item in action_list(Lead.objects.all(), THURSDAY_10)}

    website = items[board["Stale Website"].pk].value
    assert website == pytest.approx(expected_conversion(2, 5, 0.13) * 1500)
    assert expected_conversion(2, 5, 0.13) == pytest.approx((2 + 20 * 0.13) / 25)


def test_each_salesperson_gets_their_own_list(board, cast):
    lists = per_salesperson(action_list(Lead.objects.all(), THURSDAY_10))

    assert [item.lead for item in lists[cast.bram]] == [
        board["Stale Website"],
        board["Stale Portal"],
    ]
    assert len(lists[cast.sanne]) == 3


def test_the_querysets_tell_stale_untouched_and_breached_apart(board):
    def names(leads):
        return sorted(lead.person.first_name for lead in leads)

    assert names(Lead.objects.open().filter(stale_condition(Lead.objects.all(), THURSDAY_10))) == [
        "Overdue",
        "Stale",
        "Stale",
    ]
    assert names(Lead.objects.untouched()) == ["Broken", "Just"]
    assert names(Lead.objects.filter(breached_condition(THURSDAY_10))) == ["Broken"]


def test_stale_counts_the_dealers_open_days_not_calendar_days(cast):
    calendar = calendar_for(cast.noord)
    tuesday_after_easter = amsterdam(2025, 4, 22, 10, 0)

    # Easter Monday is a holiday and Sunday is closed: one open day back is Saturday.
    assert business_days_before(calendar, tuesday_after_easter, 1) == amsterdam(2025, 4, 19, 10)


def test_the_dust_command_prints_the_list_as_json_lines(board):
    out = StringIO()

    call_command(
        "dust", "--dealer", "noord", "--at", "2025-03-13T10:00+01:00", "--json", stdout=out
    )

    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [row["kind"] for row in rows] == [
        "breached",
        "untouched",
        "follow_up_overdue",
        "stale",
        "stale",
    ]
    assert rows[0]["salesperson"] == "sanne"


def test_the_dust_command_writes_every_lead_as_csv(board):
    out = StringIO()

    call_command(
        "dust", "--dealer", "noord", "--at", "2025-03-13T10:00+01:00", "--format", "csv", stdout=out
    )

    rows = list(csv.DictReader(StringIO(out.getvalue())))
    assert [row["kind"] for row in rows] == [
        "breached",
        "untouched",
        "follow_up_overdue",
        "stale",
        "stale",
    ]
    assert rows[0]["salesperson"] == "sanne"
    assert float(rows[3]["value"]) > 0


def test_the_dust_command_prints_a_readable_list(board):
    out = StringIO()

    call_command("dust", "--salesperson", "bram", "--at", "2025-03-13T10:00", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0] == "2 leads to work on 2025-03-13 10:00"
    assert lines[2] == "Bram Bakker (2)"
    # (2 won + 20 × 13 %) / (5 leads + 20) × € 1500 margin
    assert "Stale Website" in lines[3]
    assert lines[3].endswith("€ 276")
