"""A plan's source assumptions from the dealer's history, and from a spreadsheet."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

from scoreline.planning.assumptions import read_assumptions, source_history
from scoreline.planning.errors import NoHistoryError, PlanInputError

AS_OF = datetime(2026, 1, 1, tzinfo=UTC)
# the window: leads received in 2024-10-03 .. 2025-10-03 (a year, ending 90 days back)
IN_WINDOW = datetime(2025, 3, 10, 12, tzinfo=UTC)


def leads(rows: list[tuple[str, str, datetime, str, int | None]]) -> pl.DataFrame:
    """(dealer, source, received, status, days to close) rows as the analytics lead frame."""
    return pl.DataFrame(
        {
            "dealer": [r[0] for r in rows],
            "source": [r[1] for r in rows],
            "received_at": [r[2] for r in rows],
            "status": [r[3] for r in rows],
            "closed_at": [None if r[4] is None else r[2] + timedelta(days=r[4]) for r in rows],
        },
        schema_overrides={"closed_at": pl.Datetime("us", "UTC")},
    )


def history_of(counts: dict[str, tuple[int, int]], dealer: str = "Noord") -> list[tuple]:
    rows: list[tuple] = []
    for source, (won, lost) in counts.items():
        rows += [(dealer, source, IN_WINDOW, "won", 10)] * won
        rows += [(dealer, source, IN_WINDOW, "lost", 5)] * lost
    return rows


def test_conversion_is_shrunk_toward_the_dealers_mean() -> None:
    rows = history_of({"website": (12, 88), "portal": (30, 170), "phone": (9, 41), "fax": (0, 10)})
    found = {h.source: h for h in source_history(leads(rows), AS_OF, dealer="Noord")}
    assert found["website"].raw_conversion == pytest.approx(0.12)
    # 10 leads and no sale: not planned at 0 %, but pulled toward the mean of 51/360
    assert 0 < found["fax"].conversion < 51 / 360
    assert found["website"].leads == 100 and found["website"].won == 12


def test_a_sale_outside_the_attribution_window_is_not_the_leads_sale() -> None:
    rows = history_of({"website": (5, 45), "portal": (5, 45), "phone": (5, 45)})
    rows += [("Noord", "website", IN_WINDOW, "won", 120)] * 50  # ordered four months later
    found = {h.source: h for h in source_history(leads(rows), AS_OF, dealer="Noord")}
    assert found["website"].won == 5 and found["website"].leads == 100


def test_the_cap_is_the_busiest_month_with_headroom() -> None:
    rows = history_of({"website": (3, 37)})  # 40 leads, all in March
    rows += [("Noord", "website", IN_WINDOW + timedelta(days=60), "lost", 5)] * 10
    (website,) = source_history(leads(rows), AS_OF, dealer="Noord", headroom=0.25)
    assert website.busiest_month_leads == 40
    assert website.monthly_cap == 50


def test_cost_per_lead_adds_the_dealers_part_of_shared_costs() -> None:
    rows = history_of({"portal": (2, 18)}) + history_of({"portal": (2, 28)}, dealer="Zuid")
    costs = pl.DataFrame(
        {
            "dealer": ["Noord", None],
            "source": ["portal", "portal"],
            "month": ["2025-03", "2025-03"],
            "amount": [400.0, 1000.0],
        }
    )
    (portal,) = source_history(leads(rows), AS_OF, dealer="Noord", costs=costs)
    # €400 of its own and 20 of the 50 leads' share of €1,000: €800 over 20 leads
    assert portal.cost_per_lead == pytest.approx(40)


def test_targets_without_history_say_what_is_missing() -> None:
    empty = leads([("Noord", "website", datetime(2020, 1, 1, tzinfo=UTC), "won", 3)])
    with pytest.raises(NoHistoryError, match="no leads received between 2024-10-03"):
        source_history(empty, AS_OF, dealer="Noord")


def test_a_history_without_a_single_sale_is_refused_not_planned_at_zero() -> None:
    with pytest.raises(NoHistoryError, match="none of dealer 'Noord'.s 20 leads"):
        source_history(leads(history_of({"website": (0, 20)})), AS_OF, dealer="Noord")


def test_assumptions_are_read_from_a_spreadsheet(tmp_path: Path) -> None:
    path = tmp_path / "sources.csv"
    path.write_text(
        "source,conversion,cost_per_lead,monthly_cap,minimum_leads\n"
        "Website,12%,25,300,\nimporter,0.15,30,80,50\n"
    )
    website, importer = read_assumptions(path)
    assert (website.source, website.conversion, website.monthly_cap) == ("website", 0.12, 300)
    assert (importer.conversion, importer.minimum_leads) == (0.15, 50)


def test_a_bad_number_in_the_spreadsheet_names_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "sources.csv"
    path.write_text("source,conversion,cost_per_lead\nwebsite,0.1,cheap\n")
    with pytest.raises(PlanInputError, match="row 2, column 'cost_per_lead': 'cheap'"):
        read_assumptions(path)


def test_spellings_of_one_source_are_one_source_and_meet_their_costs() -> None:
    # the database's "AutoScout24" and an exchange file's "autoscout24" are the same portal
    rows = history_of({"AutoScout24": (3, 17), "autoscout24": (1, 19), "website": (4, 36)})
    costs = pl.DataFrame(
        {
            "dealer": ["Noord"],
            "source": ["AUTOSCOUT24"],
            "month": ["2025-03"],
            "amount": [800.0],
        }
    )
    found = {h.source: h for h in source_history(leads(rows), AS_OF, dealer="Noord", costs=costs)}
    assert set(found) == {"AutoScout24", "website"}
    assert (found["AutoScout24"].leads, found["AutoScout24"].won) == (40, 4)
    assert found["AutoScout24"].cost_per_lead == pytest.approx(800 / 40)
    assert found["website"].cost_per_lead is None
