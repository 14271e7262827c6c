"""Month to date against the plan, pro-rated by the dealer's business days."""

from datetime import date

import pytest

from scoreline.planning.tracking import PlannedSource, business_days, track_month


def mon_to_fri_without_easter_monday(day: date) -> bool:
    return day.weekday() < 5 and day != date(2025, 4, 21)


def test_business_days_count_the_dealers_open_days_up_to_today() -> None:
    # April 2025: 22 weekdays, less Easter Monday = 21; up to Thursday the 10th: 8
    assert business_days(date(2025, 4, 1), date(2025, 4, 10), mon_to_fri_without_easter_monday) == (
        21,
        8,
    )


def test_leads_spend_and_sales_are_set_against_the_plan_so_far() -> None:
    plan = [PlannedSource("website", leads=210, cost=5250), PlannedSource("portal", 42, 840)]
    track = track_month(
        date(2025, 4, 10),
        {"website": 70, "portal": 20, "walk-in": 3},
        plan,
        sales=4,
        target=21,
        is_business_day=mon_to_fri_without_easter_monday,
    )
    website, portal, walk_in = track.sources
    # 8 of 21 business days gone: 80 website leads and €2,000 planned so far
    assert website.planned_to_date == pytest.approx(80)
    assert website.ratio == pytest.approx(70 / 80)
    assert website.budget_to_date == pytest.approx(2000)
    assert website.spend == pytest.approx(70 * 25)
    assert portal.spend == pytest.approx(20 * 20)
    # a source the plan did not expect is shown, against a plan of nothing
    assert (walk_in.source, walk_in.leads, walk_in.ratio) == ("walk-in", 3, None)
    assert track.target_to_date == pytest.approx(8)
    assert track.leads == 93


def test_leads_meet_their_plan_line_whichever_spelling_they_carry() -> None:
    # the plan says "autoscout24" (as typed), the database says "AutoScout24", an exchange file
    # "AUTOTRACK " and "autotrack": each source is one row, under the plan's spelling
    plan = [PlannedSource("autoscout24", 100, 2000), PlannedSource("AutoTrack", 50, 500)]
    track = track_month(
        date(2025, 4, 10),
        {"AutoScout24": 30, "AUTOTRACK ": 4, "autotrack": 6, "Walk-in": 2, "walk-in": 1},
        plan,
        sales=0,
        target=None,
        is_business_day=mon_to_fri_without_easter_monday,
    )
    rows = {row.source: row for row in track.sources}
    assert list(rows) == ["autoscout24", "AutoTrack", "Walk-in"]
    assert rows["autoscout24"].leads == 30
    assert rows["autoscout24"].spend == pytest.approx(30 * 20)
    assert rows["AutoTrack"].leads == 10 and rows["AutoTrack"].spend == pytest.approx(100)
    assert (rows["Walk-in"].leads, rows["Walk-in"].planned_month) == (3, 0)
    assert track.leads == 43
