"""The same rows imported into the database and read as an exchange folder give the same
persons, the same leads, the same repeat counts and the same outcomes (issue 11: one rule,
`analytics.repeats`).

Rows are drawn from a few dealers and small pools of phones and e-mails, so people share
contacts in chains (A–B by e-mail, B–C by phone); times fall within and beyond 30 days of each
other, across the change to summer time (written without offset, read in the dealer's zone);
statuses are open, won and lost. The database side goes through the leads-file import, in
bulk and row by row; the folder side through `read_folder`, with one activity per row to
tell which lead each row became.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cast import build_cast
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from intake.snapshot import rolled_back
from scoreline.analytics.exchange import read_folder
from scoreline.intake import bulk, processing
from scoreline.intake.models import Format, IntakeResult, ResultStatus
from scoreline.intake.rows import Options
from scoreline.leads.models import Channel, Inquiry, Lead

pytestmark = pytest.mark.django_db
START = datetime(2025, 3, 10, 9, 0)  # the clocks go forward on 30 March
DEALERS = {"Autohuis Noord": "Europe/Amsterdam", "Lakeside Motors": "America/Los_Angeles"}
HEADER = ["lead_id", "dealer", "source", "received_at", "email", "phone", "status", "closed_at", "lost_reason"]  # fmt: skip  # noqa: E501
DAYS = [0, 1, 2, 29, 30, 31, 32, 59, 60, 61]  # near the windows' ends, in local wall-clock days
PHONES = ["+31 6 1234 567{n}", "0031 6 1234567{n}"]  # valid in either dealer's country
Partition = frozenset[frozenset[int]]


@dataclass(frozen=True)
class Row:
    dealer: str
    at: datetime
    phone: int | None
    email: int | None
    status: str
    notation: int
    shout: bool

    def written(self, n: int) -> list[str]:
        phone = "" if self.phone is None else PHONES[self.notation].format(n=self.phone)
        email = "" if self.email is None else f"p{self.email}@example.nl"
        closed = (self.at + timedelta(days=1)).isoformat() if self.status != "open" else ""
        return [
            f"R{n}",
            self.dealer,
            "website",
            self.at.isoformat(),
            email.upper() if self.shout else email,
            phone,
            self.status,
            closed,
            "too expensive" if self.status == "lost" else "",
        ]


@st.composite
def a_row(draw: st.DrawFn) -> Row:
    phone = draw(st.none() | st.integers(0, 3))
    email = draw(st.integers(0, 3)) if phone is None else draw(st.none() | st.integers(0, 3))
    return Row(
        dealer=draw(st.sampled_from(sorted(DEALERS))),
        at=START
        + timedelta(days=draw(st.sampled_from(DAYS)), hours=draw(st.sampled_from([0, 1, 7]))),
        phone=phone,
        email=email,
        status=draw(st.sampled_from(["open", "won", "lost"])),
        notation=draw(st.integers(0, 1)),
        shout=draw(st.booleans()),
    )


@dataclass(frozen=True)
class Told:
    """What a path made of the rows (by row number): each row's lead (its first row), the
    persons as a partition of the rows, each lead's repeat count and its status and close."""

    lead_of: dict[int, int]
    persons: Partition
    repeats: dict[int, int]
    outcomes: dict[int, tuple[str, datetime | None]]


def leads_csv(rows: list[Row]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(row.written(n) for n, row in enumerate(rows))
    return out.getvalue()


def partition(groups: dict[object, set[int]]) -> Partition:
    return frozenset(frozenset(rows) for rows in groups.values())


def imported(text: str, bulk_min: int) -> Told:
    """The rows through the leads-file import (in bulk or row by row), as the database kept them."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bulk, "BULK_MIN", bulk_min)
        payload = processing.receive(
            text.encode(),
            channel=Channel.SPREADSHEET,
            format=Format.EXCHANGE,
            external_id="leads.csv",
            whole_duplicates=False,
            meta={"file": "leads.csv", "kind": "leads", "options": Options().as_meta()},
            at=datetime(2026, 1, 1, tzinfo=UTC),
        )
        processing.claim(payload.pk)
        processing.process(payload)
    results = IntakeResult.objects.filter(payload=payload).select_related("inquiry")
    row_of = {
        r.inquiry.pk: int(r.inquiry.provider_id.removeprefix("exchange:R"))
        for r in results
        if r.inquiry
    }
    assert {r.status for r in results} <= {ResultStatus.CREATED, ResultStatus.REPEAT}
    assert len(row_of) == results.count()
    opener = {
        i.lead_id: row_of[i.pk] for i in Inquiry.objects.filter(is_repeat=False, pk__in=row_of)
    }
    inquiries = Inquiry.objects.filter(pk__in=row_of).select_related("lead")
    lead_of = {row_of[i.pk]: opener[i.lead_id] for i in inquiries}
    persons: dict[object, set[int]] = {}
    for i in inquiries:
        persons.setdefault(i.lead.person_id, set()).add(row_of[i.pk])
    leads = Lead.objects.filter(pk__in=opener)
    repeats = {opener[lead.pk]: lead.inquiries.filter(is_repeat=True).count() for lead in leads}
    outcomes = {opener[lead.pk]: (lead.status, lead.closed_at) for lead in leads}
    return Told(lead_of, partition(persons), repeats, outcomes)


def read(text: str, rows: list[Row], folder: Path) -> Told:
    """The rows as an exchange folder, read by the analytics core."""
    folder.mkdir()
    (folder / "leads.csv").write_text(text)
    with (folder / "dealers.csv").open("w", newline="") as handle:
        csv.writer(handle).writerows([["dealer", "timezone"], *DEALERS.items()])
    with (folder / "activities.csv").open("w", newline="") as handle:
        notes = [[f"R{n}", row.at.isoformat(), "note"] for n, row in enumerate(rows)]
        csv.writer(handle).writerows([["lead_id", "at", "kind"], *notes])
    inputs = read_folder(folder)
    opener = {key: int(lead_id[1:]) for key, lead_id in inputs.leads.select("lead_key", "lead_id").iter_rows()}  # fmt: skip  # noqa: E501
    lead_of = {n: opener[key] for n, key in enumerate(inputs.activities["lead_key"].to_list())}
    person = dict(inputs.leads.select("lead_key", "person").iter_rows())
    persons: dict[object, set[int]] = {}
    for n, first in lead_of.items():
        key = next(k for k, row in opener.items() if row == first)
        persons.setdefault(person[key], set()).add(n)
    repeats = {
        opener[key]: count
        for key, count in inputs.leads.select("lead_key", "repeat_inquiries").iter_rows()
    }
    outcomes = {
        opener[key]: (status, closed_at)
        for key, status, closed_at in inputs.leads.select(
            "lead_key", "status", "closed_at"
        ).iter_rows()
    }
    return Told(lead_of, partition(persons), repeats, outcomes)


@pytest.fixture
def cast():
    return build_cast()


@settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=st.lists(a_row(), min_size=2, max_size=12))
@example(  # a sale on the repeat inquiry makes the lead won; a loss is not undone by a repeat
    rows=[
        Row("Autohuis Noord", START, 1, None, "open", 0, False),
        Row("Autohuis Noord", START + timedelta(days=2), 1, None, "won", 0, False),
        Row("Lakeside Motors", START, None, 3, "lost", 0, False),
        Row("Lakeside Motors", START + timedelta(days=29), None, 3, "open", 0, False),
    ]
)
@example(  # 30 days and an hour on the wall clock, 30 days of 24 hours: a repeat
    rows=[
        Row("Autohuis Noord", START, 1, None, "open", 0, False),
        Row("Autohuis Noord", START + timedelta(days=30, hours=1), 1, 2, "lost", 1, True),
    ]
)
def test_the_database_and_the_folder_see_the_same_persons_leads_and_repeats(
    cast, tmp_path_factory, rows
):
    rows = sorted(rows, key=lambda row: row.at)  # the file's order is the order of arrival
    text = leads_csv(rows)
    folder = read(text, rows, tmp_path_factory.mktemp("exchange") / "folder")
    with rolled_back():
        in_bulk = imported(text, bulk_min=1)
    with rolled_back():
        row_by_row = imported(text, bulk_min=10**6)
    assert in_bulk == folder
    assert row_by_row == folder
