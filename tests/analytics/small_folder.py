"""A small exchange folder whose figures are worked out by hand in the tests.

Utrecht (NL, Mo-Fr 09:00-18:00; Sa 09:00-17:00), March 2025; `as_of` Friday 28 March noon.
- L1 website, Friday 17:50, reached at 17:58 (8 business minutes), ordered: won.
- L2 autotrack, Saturday 19:00 (closed): first call Monday 09:20 = 20 business minutes;
  four calls over four days and an e-mail, never reached, lost: the standard was met.
- L3 autotrack, one call 5 minutes after arrival, lost the same day: lost without standard.
- L4 website, Anna, no activity, open: untouched. L5 is Anna again a week later, another
  notation of the same phone: a repeat inquiry on L4, not a lead.
- L6 website, written without offset (09:00 Utrecht time), one call after 10 minutes, open
  and idle since Tuesday 18 March: stale.
- L7 phone, reached after 1 minute, open in the CRM, but the dealer management system sold
  her a car on 26 March: won.
- L8 website, October 2024, no activity, lost; the DMS sold her a car in March 2025, past
  the 90-day window: not won.
Costs: website in Utrecht 600 (over L1, L4, L6), autotrack shared by all dealers 300 (over
L2, L3), marktplaats in Utrecht 50 that bought no lead at all.
"""

import csv
from datetime import UTC, datetime
from pathlib import Path

AS_OF = datetime(2025, 3, 28, 11, 0, tzinfo=UTC)

LEAD_COLUMNS = ["lead_id", "dealer", "source", "campaign", "received_at", "email", "phone", "salesperson", "status", "closed_at", "lost_reason"]  # fmt: skip  # noqa: E501
LEADS = [
    ["L1", "Utrecht", "Website", "", "2025-03-14T17:50:00+01:00", "l1@example.nl", "", "Fleur", "won", "2025-03-20T10:00:00+01:00", ""],  # noqa: E501
    ["L2", "Utrecht", "AutoTrack", "", "2025-03-15T19:00:00+01:00", "l2@example.nl", "", "Fleur", "lost", "2025-03-20T11:00:00+01:00", "no answer"],  # noqa: E501
    ["L3", "Utrecht", "autotrack", "", "2025-03-17T10:00:00+01:00", "l3@example.nl", "", "Sam", "lost", "2025-03-17T12:00:00+01:00", "no answer"],  # noqa: E501
    ["L4", "Utrecht", "website", "", "2025-03-18T11:00:00+01:00", "Anna@Example.nl", "06-12345678", "Sam", "open", "", ""],  # noqa: E501
    ["L5", "Utrecht", "website", "", "2025-03-25T11:00:00+01:00", "", "+31 6 12345678", "Sam", "open", "", ""],  # noqa: E501
    ["L6", "Utrecht", "website", "", "2025-03-18T09:00:00", "l6@example.nl", "", "Sam", "open", "", ""],  # noqa: E501
    ["L7", "Utrecht", "phone", "", "2025-03-19T10:00:00+01:00", "", "0612 999 000", "Fleur", "open", "", ""],  # noqa: E501
    ["L8", "Utrecht", "website", "", "2024-10-01T10:00:00+02:00", "late@example.nl", "", "Sam", "lost", "2024-10-10T10:00:00+02:00", "no answer"],  # noqa: E501
]  # fmt: skip
ACTIVITIES = [
    ["L1", "2025-03-14T17:58:00+01:00", "call", "reached"],
    ["L1", "2025-03-20T10:00:00+01:00", "order", ""],
    ["L2", "2025-03-17T09:20:00+01:00", "call", "no_answer"],
    ["L2", "2025-03-17T09:25:00+01:00", "email", ""],
    ["L2", "2025-03-18T10:00:00+01:00", "call", "no_answer"],
    ["L2", "2025-03-19T10:00:00+01:00", "call", "voicemail"],
    ["L2", "2025-03-20T10:00:00+01:00", "call", "no_answer"],
    ["L3", "2025-03-17T10:05:00+01:00", "call", "no_answer"],
    ["L6", "2025-03-18T09:10:00+01:00", "call", "no_answer"],
    ["L7", "2025-03-19T10:01:00+01:00", "call", "reached"],
]
COSTS = [["Utrecht", "website", "2025-03", "600"], ["", "AutoTrack", "2025-03", "300"], ["Utrecht", "marktplaats", "2025-03", "50"]]  # fmt: skip  # noqa: E501
SALES = [
    ["Utrecht", "2025-03-26T15:00:00+01:00", "", "+31612999000", "D1"],
    ["Utrecht", "2025-03-01T15:00:00+01:00", "LATE@example.nl", "", "D2"],
]


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def small_folder(folder: Path) -> Path:
    write_csv(folder / "leads.csv", LEAD_COLUMNS, LEADS)
    write_csv(folder / "activities.csv", ["lead_id", "at", "kind", "outcome"], ACTIVITIES)
    write_csv(folder / "costs.csv", ["dealer", "source", "month", "amount"], COSTS)
    write_csv(folder / "sales.csv", ["dealer", "ordered_at", "email", "phone", "order_id"], SALES)
    return folder
