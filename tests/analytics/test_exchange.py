"""Reading an exchange folder: people found again, and bad input named by file, row, column."""

from datetime import UTC, datetime, timedelta

import numpy as np
import phonenumbers
import polars as pl
import pytest

from scoreline.analytics.contact import normalise_phones, read_phone
from scoreline.analytics.exchange import read_folder
from scoreline.analytics.frames import LEADS as LEADS_SCHEMA
from scoreline.analytics.frames import FrameError
from scoreline.analytics.repeats import first_inquiry, person_ids

from .small_folder import ACTIVITIES, LEAD_COLUMNS, LEADS, small_folder, write_csv


def test_the_common_notations_of_a_dutch_mobile_are_one_number():
    notations = [
        "06-12345678",
        "+31 6 12345678",
        "0031612345678",
        "(06) 1234 5678",
        "+31 (0)6 12345678",
        "+310612345678",
    ]
    frame = pl.DataFrame({"phone": notations, "region": ["NL"] * len(notations)})
    assert set(normalise_phones(frame, "phone", "region")["phone"]) == {"+31612345678"}


def test_the_fast_path_agrees_with_the_one_contact_at_a_time_rule():
    rng = np.random.default_rng(2)
    digits = [f"{d:08d}" for d in rng.integers(0, 10**8, 300)]
    styles = ["0{a}{b}", "+32 {a} {b}", "0032{a}{b}", "0{a}-{b}", "+33 {a}{b}", "00 49 {a}{b}"]
    raw = [styles[i % len(styles)].format(a="4" + d[:2], b=d[2:]) for i, d in enumerate(digits)]
    frame = pl.DataFrame({"phone": raw, "region": ["BE"] * len(raw)})
    ours = normalise_phones(frame, "phone", "region")["phone"].to_list()
    readings = [read_phone(r, None, "BE") for r in raw]
    assert ours == [r.number if r else None for r in readings]
    for r, reading in zip(raw, readings, strict=True):  # valid ones are phonenumbers' E.164
        number = phonenumbers.parse(r, "BE")
        if reading is not None and reading.valid:
            assert phonenumbers.is_valid_number(number)
            assert reading.number == phonenumbers.format_number(number, 0)
    assert 0 < sum(r is not None and r.valid for r in readings) < len(raw)  # both kinds met


def test_people_are_joined_by_phone_or_email_across_rows():
    rows = pl.DataFrame(
        {
            "dealer": ["A", "A", "A", "B"],
            "phone": ["+311", None, "+312", "+311"],
            "email": ["x", "x", None, None],
        }
    )
    person = person_ids(rows)
    assert person[0] == person[1]  # same e-mail
    assert person[2] != person[0]
    assert person[3] != person[0]  # same phone, other dealer


def test_the_thirty_days_run_from_the_first_inquiry_not_the_last():
    start = datetime(2025, 3, 1, tzinfo=UTC)
    rows = pl.DataFrame(
        {
            "dealer": ["A"] * 4,
            "phone": ["+311"] * 4,
            "email": [None] * 4,
            "received_at": [start + timedelta(days=d) for d in (0, 20, 29, 35)],
        }
    )
    assert first_inquiry(rows, person_ids(rows), 30).tolist() == [0, 0, 0, 3]


def _folder_with(tmp_path, leads=None, activities=None):
    folder = small_folder(tmp_path)
    if leads is not None:
        write_csv(folder / "leads.csv", LEAD_COLUMNS, leads)
    if activities is not None:
        write_csv(folder / "activities.csv", ["lead_id", "at", "kind", "outcome"], activities)
    return folder


def test_a_broken_date_is_named_with_its_file_row_and_column(tmp_path):
    leads = [list(row) for row in LEADS]
    leads[1][4] = "15/03/2025 19:00"
    with pytest.raises(
        FrameError, match=r"leads\.csv, row 3, column 'received_at': '15/03/2025 19:00'"
    ):
        read_folder(_folder_with(tmp_path, leads=leads))


def test_an_activity_of_an_unknown_lead_is_named(tmp_path):
    activities = [*ACTIVITIES, ["L99", "2025-03-17T10:00:00+01:00", "call", "reached"]]
    with pytest.raises(
        FrameError, match=r"activities\.csv, row 12, column 'lead_id': no lead 'L99'"
    ):
        read_folder(_folder_with(tmp_path, activities=activities))


def test_an_unknown_activity_kind_is_named(tmp_path):
    activities = [*ACTIVITIES[:2], ["L1", "2025-03-17T10:00:00+01:00", "fax", ""]]
    with pytest.raises(FrameError, match=r"row 4, column 'kind': unknown value 'fax'"):
        read_folder(_folder_with(tmp_path, activities=activities))


def test_a_missing_required_column_is_named(tmp_path):
    folder = small_folder(tmp_path)
    write_csv(
        folder / "leads.csv",
        ["lead_id", "dealer", "received_at"],
        [["L1", "Utrecht", "2025-03-14T17:50:00+01:00"]],
    )
    with pytest.raises(
        FrameError, match=r"leads\.csv, row 1, column 'source': required column missing"
    ):
        read_folder(folder)


def test_a_lead_id_used_twice_is_named(tmp_path):
    with pytest.raises(FrameError, match=r"row 3, column 'lead_id': lead_id 'L1' appears twice"):
        read_folder(_folder_with(tmp_path, leads=[LEADS[0], LEADS[0]]))


def test_a_folder_without_leads_is_refused(tmp_path):
    with pytest.raises(FrameError, match="no leads.csv"):
        read_folder(tmp_path)


def test_bad_opening_hours_name_the_dealer(tmp_path):
    from scoreline.analytics.report import build_report

    from .small_folder import AS_OF

    folder = small_folder(tmp_path)
    header = ["dealer", "timezone", "country", "opening_hours"]
    write_csv(
        folder / "dealers.csv", header, [["Utrecht", "Europe/Amsterdam", "NL", "Mo-Fx 09:00-18:00"]]
    )
    with pytest.raises(FrameError, match=r"dealer 'Utrecht', column 'opening_hours': .*Fx"):
        build_report(read_folder(folder), AS_OF)


def test_an_unknown_time_zone_is_named(tmp_path):
    folder = small_folder(tmp_path)
    header = ["dealer", "timezone"]
    write_csv(folder / "dealers.csv", header, [["Utrecht", "Europe/Utrecht"]])
    with pytest.raises(FrameError, match=r"dealers\.csv, row 2, column 'timezone'"):
        read_folder(folder)


def test_a_folder_without_activities_reads_as_no_activities(tmp_path):
    write_csv(tmp_path / "leads.csv", LEAD_COLUMNS, LEADS)
    assert read_folder(tmp_path).activities.height == 0


def test_the_few_valued_columns_are_read_as_written_and_handed_on_as_text(tmp_path):
    # held as categories while read (memory at ten million leads), lower-cased where the
    # exchange format says so; the core gets LEADS' types, whichever path read the file
    leads = [list(row) for row in LEADS]
    leads[0][8], leads[1][8] = "WON", "Lost"
    read = read_folder(_folder_with(tmp_path, leads=leads)).leads
    assert read.schema == pl.Schema(LEADS_SCHEMA)
    rows = {r[0]: r[1:] for r in read.select("lead_id", "source", "status", "salesperson").rows()}
    assert rows["L1"] == ("website", "won", "Fleur")
    assert rows["L2"] == ("autotrack", "lost", "Fleur")
    assert read["dealer"].unique().to_list() == ["Utrecht"]


def test_an_unknown_status_is_named_after_lower_casing(tmp_path):
    leads = [list(row) for row in LEADS]
    leads[2][8] = "Sold"
    with pytest.raises(FrameError, match=r"row 4, column 'status': unknown value 'sold'"):
        read_folder(_folder_with(tmp_path, leads=leads))
