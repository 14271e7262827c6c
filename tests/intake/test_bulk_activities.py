"""A big activities file is imported in bulk and writes exactly the rows of one row at a time.

The file holds calls of every outcome (reached, unanswered long ago, unanswered an hour ago
at two dealers, on a won lead, after a follow-up was already planned, out of order), written
work and meetings, a loss with its reason, notes, salespeople by user name, by full name and
unknown, scripts by name and by text, rows repeated within the file, and rows refused for
each reason: unknown lead_id, bad kind, outcome, time or duration, before the lead arrived, in
the future, a sale on a lead that was not imported. Time stands still an hour after the
recent calls, so their next attempts lie ahead and are planned.
"""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from cast import build_cast
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intake.snapshot import rolled_back, snapshot
from scoreline.followup.models import Activity, CallScript, Job, JobKind
from scoreline.intake import bulk, processing
from scoreline.intake.models import Format, Payload, PayloadStatus
from scoreline.intake.rows import Options
from scoreline.leads.models import Channel, Inquiry, Lead, Person

pytestmark = pytest.mark.django_db
NOW = datetime(2025, 4, 1, 14, 0, tzinfo=UTC)  # a Tuesday, 16:00 in Amsterdam
LEADS = """lead_id,dealer,source,received_at,first_name,last_name,email,phone,salesperson,status,closed_at,lost_reason
A1,Autohuis Noord,website,2025-03-03T09:00:00+01:00,Anna,de Vries,anna@example.nl,,sanne,open,,
A2,Autohuis Noord,website,2025-03-05T09:00:00+01:00,Bert,Jansen,,+31 6 22222222,bram,open,,
A3,Autohuis Noord,website,2025-03-06T09:00:00+01:00,Cor,Cools,cor@example.nl,,bram,lost,2025-03-09T12:00:00+01:00,Te duur
A4,Autohuis Noord,website,2025-04-01T09:00:00+02:00,Daan,Dekker,daan@example.nl,06-44444444,bram,open,,
A5,Autohuis Noord,website,2025-03-28T09:00:00+01:00,Eva,Eik,eva@example.nl,,sanne,won,2025-03-31T12:00:00+02:00,
A6,Autohuis Noord,website,2025-03-09T09:00:00+01:00,Fred,Fok,fred@example.nl,,,open,,
B1,Lakeside Motors,website,2025-03-10T08:00:00-07:00,Nick,North,nick@example.com,,logan,open,,
"""  # noqa: E501
ACTIVITIES = """lead_id,at,kind,outcome,duration_s,salesperson,script
A1,2025-03-03T10:05:00+01:00,call,no_answer,,sanne,
A1,2025-03-03T10:30:00+01:00,email,,,sanne,
A1,2025-03-04T09:00:00+01:00,call,reached,240,Sanne Smit,eerste bel
A1,2025-03-04T09:00:00+01:00,call,reached,240,Sanne Smit,eerste bel
A2,2025-03-05T11:00:00+01:00,note,,,bram,
A2,2025-03-05T12:00:00+01:00,call,voicemail,,Onbekende Verkoper,
A2,2025-03-06T09:00:00+01:00,sms,,,bram,
A3,2025-03-07T10:00:00+01:00,appointment,,,bram,
A3,2025-03-08T10:00:00+01:00,visit,,,bram,
A3,2025-03-09T12:00:00+01:00,lost,Te duur,,bram,
A4,2025-04-01T15:00:00+02:00,call,no_answer,,bram,
A4,2025-04-01T15:30:00+02:00,call,busy,,bram,
A4,2025-04-01T14:00:00+02:00,call,no_answer,,bram,
A5,2025-04-01T15:45:00+02:00,call,no_answer,,sanne,
B1,2025-03-10T09:00:00-07:00,call,reached,60,logan,
B1,2025-04-01T06:30:00-07:00,call,no_answer,,Logan Lake,
A6,2025-03-10T10:00:00+01:00,call,wrong_number,,,
A6,2025-03-11T10:00:00+01:00,call,reached,30,sanne,Goedemiddag u spreekt met Noord
NOPE,2025-03-10T10:00:00+01:00,call,reached,,,
A1,2025-03-10T10:00:00+01:00,fax,,,,
A1,2025-03-10T10:00:00+01:00,call,maybe,,,
A1,10 maart,call,reached,,,
A1,,call,reached,,,
A1,2025-03-10T10:00:00+01:00,call,reached,twee,,
A1,2025-01-01T10:00:00+01:00,call,reached,,,
A1,2025-01-01T10:00:00+01:00,call,reached,,,
A1,2026-01-01T10:00:00+01:00,call,reached,,,
W1,2025-03-20T10:00:00+01:00,order,,,,
A2,2025-03-05T12:00:00+01:00,call,voicemail,,Onbekende Verkoper,
"""


@pytest.fixture(autouse=True)
def _frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def cast():
    cast = build_cast()
    CallScript.objects.create(dealer=cast.noord, name="Eerste bel", body="Hallo")
    CallScript.objects.create(
        dealer=cast.noord, name="Tweede bel", body="Goedemiddag u spreekt met Noord"
    )
    exchange_file("leads", LEADS)
    walk_in = Person.objects.create(dealer=cast.noord, email="wim@example.nl")
    lead = Lead.objects.create(  # a lead of Noord's own that a leads row repeated
        dealer=cast.noord, person=walk_in, source=cast.website,
        received_at=datetime(2025, 3, 15, 9, 0, tzinfo=UTC),
    )  # fmt: skip
    Inquiry.objects.create(
        lead=lead, source=cast.website, received_at=lead.received_at, provider_id="exchange:W1"
    )
    return cast


def exchange_file(kind: str, text: str) -> Payload:
    payload = processing.receive(
        text.encode(),
        channel=Channel.SPREADSHEET,
        format=Format.EXCHANGE,
        external_id=f"{kind}.csv",
        whole_duplicates=False,
        meta={"file": f"{kind}.csv", "kind": kind, "options": Options().as_meta()},
        at=NOW,
    )
    processing.claim(payload.pk)
    return processing.process(payload)


def twice() -> tuple[object, ...]:
    """The activities file imported, then again: what was written, and how each went."""
    first, again = exchange_file("activities", ACTIVITIES), exchange_file("activities", ACTIVITIES)
    return snapshot(), first.status, first.error, again.status, again.error


def test_a_big_activities_file_writes_the_same_rows_in_bulk_as_row_by_row(cast, monkeypatch):
    with rolled_back():
        in_bulk = twice()
    monkeypatch.setattr(bulk, "BULK_MIN", 10**6)
    assert twice() == in_bulk
    written = in_bulk[0]
    assert len(written["Activity"]) == 17  # not an empty story: the rows recorded, once
    assert len(written["IntakeResult"]) == 7 + 2 * len(ACTIVITIES.splitlines()[1:])  # leads too


def test_the_bulk_import_tells_the_story_of_the_file(cast):
    payload = exchange_file("activities", ACTIVITIES)
    told = {r.where: (r.status, r.error_code) for r in payload.results.all()}
    assert told["activities.csv, row 5"] == ("duplicate", "")  # row 4 again
    assert told["activities.csv, row 30"] == ("duplicate", "")  # row 7 again
    assert told["activities.csv, row 20, column lead_id"] == ("refused", "missing_field")
    assert told["activities.csv, row 21, column kind"] == ("refused", "bad_value")
    assert told["activities.csv, row 22, column outcome"] == ("refused", "bad_value")
    assert told["activities.csv, row 23, column at"] == ("refused", "bad_date")
    assert told["activities.csv, row 24, column at"] == ("refused", "missing_field")
    assert told["activities.csv, row 25, column duration_s"] == ("refused", "bad_value")
    before, future, sale = ("refused", "refused_by_followup"), "activities.csv, row 28", "row 29"
    assert told["activities.csv, row 26"] == told["activities.csv, row 27"] == before
    assert told[future] == told[f"activities.csv, {sale}"] == before
    assert payload.status == PayloadStatus.FAILED  # the refused rows, each with its reason
    anna = Lead.objects.get(person__email="anna@example.nl")
    reached = anna.activities.get(outcome="reached")
    assert (reached.by, reached.script.name, reached.duration_s) == (cast.sanne, "Eerste bel", 240)
    assert anna.first_response_at == datetime(2025, 3, 3, 9, 5, tzinfo=UTC)
    assert anna.contacted_at == reached.at and anna.last_activity_at == reached.at
    bert = Lead.objects.get(person__phone="+31622222222")
    assert bert.activities.get(kind="call").by is None  # nobody of that name at Noord
    assert bert.last_activity_at == datetime(2025, 3, 6, 8, 0, tzinfo=UTC)  # the note is not work
    cor = Lead.objects.get(person__email="cor@example.nl")
    assert cor.activities.get(kind="lost").note == "Te duur"
    # the call an hour ago plans the next attempt (once: the later calls find it planned)
    daan = Lead.objects.get(person__email="daan@example.nl")
    planned = Job.objects.filter(kind=JobKind.FOLLOW_UP_DUE)
    assert [job.lead for job in planned.filter(lead=daan)] == [daan]
    assert daan.next_follow_up_at is not None and daan.next_follow_up_at > NOW
    assert daan.first_response_at == datetime(2025, 4, 1, 12, 0, tzinfo=UTC)  # out of order
    nick = Lead.objects.get(person__email="nick@example.com")
    assert planned.filter(lead=nick).count() == 1 and nick.next_follow_up_at > NOW
    assert not planned.filter(lead__person__email="eva@example.nl").exists()  # won: no attempt
    assert nick.activities.get(outcome="no_answer").by == cast.logan  # by full name


def test_importing_the_same_file_again_adds_nothing(cast):
    exchange_file("activities", ACTIVITIES)
    before = snapshot()
    again = exchange_file("activities", ACTIVITIES)
    after = snapshot()
    assert after["Activity"] == before["Activity"] and after["Lead"] == before["Lead"]
    assert after["Job"] == before["Job"]
    statuses = {r.status for r in again.results.all() if not r.error_code}
    assert statuses == {"duplicate"}
    assert Activity.objects.count() == 17


def test_the_bulk_import_asks_the_database_about_as_often_for_many_more_rows(cast):
    def queries(extra: int) -> int:
        start = datetime(2025, 3, 12, 9, 0, tzinfo=UTC)
        more = [
            f"A{1 + n % 6},{(start + timedelta(hours=n)).isoformat()},call,no_answer,,bram,"
            for n in range(extra)
        ]
        with rolled_back(), CaptureQueriesContext(connection) as captured:
            exchange_file("activities", "\n".join([*ACTIVITIES.splitlines(), *more]))
        return len(captured)

    assert queries(200) - queries(0) <= 3  # only the inserts' batches grow
