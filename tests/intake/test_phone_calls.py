"""Calls from the phone system: real CDR lines, matching, new phone leads, merges, the CLI."""

import json
from datetime import UTC, datetime, timedelta
from io import StringIO
from pathlib import Path

import pytest
from cast import build_cast
from django.core.management import call_command

from scoreline.analytics.contact import read_dialled
from scoreline.followup import actions
from scoreline.followup.evidence import has_call_feed, is_unconfirmed
from scoreline.followup.models import (
    Activity,
    ActivityKind,
    CallOutcome,
    Direction,
    Evidence,
    FollowUpStandard,
)
from scoreline.intake import processing
from scoreline.intake.call_import import import_call_file
from scoreline.intake.formats import asterisk
from scoreline.intake.formats.phonecall import INBOUND, INTERNAL, OUTBOUND
from scoreline.intake.models import CallMatch, Extension, PhoneCall
from scoreline.leads.models import Channel, Lead, Source

pytestmark = pytest.mark.django_db

WEEK = (Path(__file__).parent / "calls" / "week.csv").read_bytes()


@pytest.fixture
def cast():
    return build_cast()


@pytest.fixture
def leads(cast):
    """Two open leads at Noord, received before the week's calls, and the extensions."""
    Extension.objects.create(dealer=cast.noord, number="201", person=cast.sanne)
    Extension.objects.create(dealer=cast.noord, number="202", person=cast.bram)
    made = {}
    for name, phone in (("anna", "06-12345678"), ("karel", "+31 6 87654321")):
        body = processing.json_lead(
            {"first_name": name, "phone": phone}, datetime(2025, 3, 9, 12, tzinfo=UTC)
        )
        taken = processing.take_in(
            body, channel=Channel.API, dealer=cast.noord, source=cast.website
        )
        made[name] = taken.result.lead
    return made


def run(dealer, body=WEEK):
    out = StringIO()
    path = Path("/tmp") / f"cdr-{dealer.slug}.csv"
    path.write_bytes(body)
    call_command(
        "calls", "import", str(path), "--dealer", dealer.slug, "--format", "json", stdout=out
    )
    return json.loads(out.getvalue())


@pytest.mark.parametrize(
    "dialled",
    [
        "0612345678",
        "06-12345678",
        "612345678",
        "+31612345678",
        "0031612345678",
        "00612345678",  # outside line 0, then the national number
        "00031612345678",  # outside line 0, then 0031…
        "+31 (0)6 1234 5678",
    ],
)
def test_a_number_dialled_in_any_form_reads_as_one_number(dialled):
    reading = read_dialled(dialled, "NL")
    assert reading is not None and (reading.number, reading.valid) == ("+31612345678", True)


def test_a_belgian_dealer_reads_its_national_numbers_and_dutch_ones_dialled_internationally():
    assert read_dialled("0470 12 34 56", "BE").number == "+32470123456"
    assert read_dialled("00031612345678", "BE").number == "+31612345678"
    assert read_dialled("201", "NL") is None  # an extension is no customer's number


def test_cdr_lines_read_as_asterisk_writes_them():
    calls = asterisk.parse(WEEK)
    first, missed, inbound, short, internal, anonymous = calls
    assert (first.call_id, first.direction, first.remote, first.local) == (
        "1741594323.18",
        OUTBOUND,
        "0612345678",
        "201",
    )
    assert first.answered and first.billable_s == 134
    assert first.started_at == datetime(2025, 3, 10, 9, 12, 3)  # the PBX's zone: naive
    assert (missed.answered, missed.billable_s, missed.status) == (False, 0, "no_answer")
    assert (inbound.direction, inbound.remote, inbound.local) == (INBOUND, "0655555555", "202")
    assert internal.direction == INTERNAL
    assert anonymous.remote == "" and anonymous.direction == INBOUND
    assert asterisk.parse(WEEK, utc=True)[0].started_at.tzinfo is UTC


def test_a_cdr_without_uniqueid_is_keyed_by_its_line_and_a_short_line_is_refused_by_number():
    line = WEEK.splitlines()[0].rsplit(b",", 2)[0]  # cut uniqueid and userfield
    call = asterisk.parse(line)[0]
    assert call.call_id.startswith("cdr-") and call.call_id == asterisk.parse(line)[0].call_id
    with pytest.raises(Exception, match="16 fields") as refused:
        asterisk.parse(b'"","201","0612345678"\n')
    assert refused.value.where == "line 1"


def test_a_week_of_cdr_imports_once_with_matches_unmatched_calls_and_new_phone_leads(cast, leads):
    counts = run(cast.noord)
    assert counts == {
        "calls": 5,
        "matched": 2,
        "unmatched": 2,  # an outbound call to an unknown number, an anonymous caller
        "new_leads": 1,
        "duplicates": 0,
        "refused": 0,
    }
    anna = leads["anna"]
    call = Activity.objects.get(lead=anna)
    assert (call.evidence, call.by, call.outcome, call.duration_s) == (
        Evidence.PHONE_SYSTEM,
        cast.sanne,
        CallOutcome.REACHED,
        134,
    )
    assert call.at == datetime(2025, 3, 10, 8, 12, 3, tzinfo=UTC)  # Amsterdam, winter time
    missed = Activity.objects.get(lead=leads["karel"])
    assert (missed.outcome, missed.by) == (CallOutcome.NO_ANSWER, cast.bram)
    caller = Lead.objects.get(person__phone="+31655555555")
    assert caller.source.slug == "phone" and caller.assigned_to == cast.bram
    assert caller.activities.get().direction == Direction.INBOUND
    assert caller.contacted_at is not None  # an answered inbound call is contact at arrival
    kept = PhoneCall.objects.filter(match=CallMatch.UNMATCHED).order_by("started_at")
    assert [c.number for c in kept] == ["+31622222222", ""]
    assert PhoneCall.objects.get(match=CallMatch.INTERNAL).extension == "201"
    again = run(cast.noord)
    assert again["duplicates"] == 5 and again["matched"] == again["new_leads"] == 0
    assert Activity.objects.count() == 3 and PhoneCall.objects.count() == 6


def test_an_unknown_extension_keeps_the_call_without_a_person(cast, leads):
    Extension.objects.filter(number="201").delete()
    run(cast.noord)
    call = Activity.objects.get(lead=leads["anna"])
    assert call.by is None and call.evidence == Evidence.PHONE_SYSTEM


@pytest.mark.parametrize(
    ("reached_seconds", "outcome"),
    [(None, CallOutcome.NO_ANSWER), (10, CallOutcome.REACHED)],
    ids=["20 s by default", "10 s at this dealer"],
)
def test_a_short_answered_call_is_an_attempt_not_a_reach(cast, leads, reached_seconds, outcome):
    if reached_seconds is not None:
        FollowUpStandard.objects.create(dealer=cast.noord, reached_seconds=reached_seconds)
    line = WEEK.splitlines()[0].replace(b",142,134,", b",25,12,")  # 12 billable seconds
    run(cast.noord, line)
    assert Activity.objects.get(lead=leads["anna"]).outcome == outcome


def test_a_hand_logged_call_and_its_pbx_record_are_one_activity_whichever_comes_first(cast, leads):
    anna, karel = leads["anna"], leads["karel"]
    logged = actions.log_activity(
        anna,
        ActivityKind.CALL,
        by=cast.sanne,
        at=datetime(2025, 3, 10, 8, 14, tzinfo=UTC),  # two minutes off the PBX's clock
        outcome=CallOutcome.REACHED,
        note="wants a test drive",
    )
    counts = run(cast.noord)
    assert counts["matched"] == 2
    merged = Activity.objects.get(lead=anna)
    assert merged.pk == logged.pk and merged.evidence == Evidence.PHONE_SYSTEM
    assert merged.note == "wants a test drive" and merged.duration_s == 134
    assert PhoneCall.objects.get(activity=merged).match == CallMatch.MERGED
    # the other way round: the PBX first, the salesperson logs it afterwards
    later = actions.log_activity(
        karel,
        ActivityKind.CALL,
        by=cast.bram,
        at=datetime(2025, 3, 10, 9, 3, tzinfo=UTC),
        outcome=CallOutcome.VOICEMAIL,
    )
    assert Activity.objects.filter(lead=karel).count() == 1
    assert later.evidence == Evidence.PHONE_SYSTEM and later.outcome == CallOutcome.VOICEMAIL
    assert later.merged_at is not None


def test_a_hand_logged_call_the_pbx_never_saw_is_not_confirmed(cast, leads):
    anna = leads["anna"]
    at = datetime(2025, 3, 12, 9, tzinfo=UTC)
    mobile = actions.log_activity(anna, ActivityKind.CALL, by=cast.sanne, at=at)
    assert not has_call_feed(cast.noord)
    assert not is_unconfirmed(mobile, feed=False)
    run(cast.noord)
    assert has_call_feed(cast.noord)
    mobile.refresh_from_db()
    assert mobile.evidence == Evidence.HAND
    assert is_unconfirmed(mobile, feed=True, now=at + timedelta(minutes=6))
    assert not is_unconfirmed(mobile, feed=True, now=at + timedelta(minutes=4))


def test_an_exchange_calls_csv_is_detected_and_recorded_as_imported(cast, leads):
    rows = (
        b"dealer,started_at,direction,from_number,to_number,answered,duration_s,agent\n"
        b"Autohuis Noord,2025-03-14T10:30:00+01:00,out,201,0612345678,true,75,sanne\n"
        b"Autohuis Noord,2025-03-14T10:40:00+01:00,in,0644444444,0301234567,false,0,\n"
    )
    payload, counts = import_call_file(rows, cast.noord, name="calls.csv")
    assert counts["matched"] == 1 and counts["new_leads"] == 1, payload.error
    assert Activity.objects.get(lead=leads["anna"]).evidence == Evidence.IMPORT
    assert Source.objects.get(slug="phone").leads.count() == 1


def test_a_call_from_a_history_file_finds_the_lead_it_was_made_on(cast, leads):
    """Anna's lead was won on 12 March and she asked again in April: a call of 11 March is
    about the first lead, one of 2 April about the second; an agent is also found by name."""
    first = leads["anna"]
    actions.record_imported_close(first, "won", at=datetime(2025, 3, 12, 12, tzinfo=UTC))
    body = processing.json_lead(
        {"first_name": "anna", "phone": "06-12345678"}, datetime(2025, 4, 20, 9, tzinfo=UTC)
    )
    second = processing.take_in(
        body, channel=Channel.API, dealer=cast.noord, source=cast.website
    ).result.lead
    rows = (
        b"dealer,started_at,direction,from_number,to_number,answered,duration_s,agent\n"
        b"Autohuis Noord,2025-03-11T10:30:00+01:00,out,0301234567,0612345678,true,75,bram\n"
        b"Autohuis Noord,2025-04-20T12:00:00+02:00,out,0301234567,0612345678,false,0,Bram\n"
    )

    import_call_file(rows, cast.noord, name="calls.csv")

    calls = Activity.objects.filter(kind=ActivityKind.CALL).order_by("at")
    assert [(c.lead, c.by) for c in calls] == [(first, cast.bram), (second, cast.bram)]


def test_a_dealer_may_have_its_guard_count_only_confirmed_calls(cast, leads):
    from scoreline.followup.models import FollowUpStandard
    from scoreline.followup.standard import standard_status

    karel = leads["karel"]
    FollowUpStandard.objects.create(
        dealer=cast.noord, call_attempts=2, distinct_days=1, written_message_required=False
    )
    actions.log_activity(
        karel, ActivityKind.CALL, by=cast.bram, at=datetime(2025, 3, 10, 15, tzinfo=UTC)
    )
    run(cast.noord)  # the PBX's unanswered call to Karel on the 10th: a second attempt
    at = datetime(2025, 3, 14, tzinfo=UTC)
    assert standard_status(karel, at).effort_made
    FollowUpStandard.objects.filter(dealer=cast.noord).update(confirmed_calls_only=True)
    cast.noord.refresh_from_db()
    karel = Lead.objects.get(pk=karel.pk)
    status = standard_status(karel, at)
    assert (status.call_attempts, status.effort_made) == (1, False)
    assert status.first_response_at is not None  # the clock counts every call either way
