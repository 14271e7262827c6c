"""The figures of a small folder, worked out by hand (see small_folder.py for the story)."""

from datetime import UTC, datetime

import polars as pl
import pytest

from scoreline.analytics.exchange import read_folder
from scoreline.analytics.report import build_report, dust_list
from scoreline.analytics.standard import ReportSettings

from .small_folder import AS_OF, small_folder


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    return build_report(read_folder(small_folder(tmp_path_factory.mktemp("small"))), AS_OF)


@pytest.fixture(scope="module")
def facts(tmp_path_factory):
    from scoreline.analytics.figures import context_for, lead_facts

    inputs = read_folder(small_folder(tmp_path_factory.mktemp("facts")))
    return {
        row["lead_id"]: row
        for row in lead_facts(inputs, context_for(inputs, AS_OF)).iter_rows(named=True)
    }


def test_a_repeat_inquiry_is_counted_on_the_first_lead_not_as_a_lead(report, facts):
    assert report["totals"]["leads"] == 7
    assert report["totals"]["repeat_inquiries"] == 1
    assert "L5" not in facts
    assert facts["L4"]["repeat_inquiries"] == 1


def test_the_clock_of_a_saturday_evening_lead_starts_on_monday_morning(facts):
    assert facts["L2"]["response_min"] == 20
    assert facts["L1"]["response_min"] == 8
    assert facts["L2"]["out_of_hours"] is True
    assert facts["L1"]["out_of_hours"] is False


def test_a_time_without_offset_is_read_in_the_dealers_zone(facts):
    assert facts["L6"]["received_at"] == datetime(2025, 3, 18, 8, 0, tzinfo=UTC)
    assert facts["L6"]["response_min"] == 10


def test_the_standard_counts_attempts_days_and_the_written_message(facts):
    assert (facts["L2"]["attempts"], facts["L2"]["call_days"], facts["L2"]["written"]) == (4, 4, 1)
    assert facts["L2"]["standard_effort"] is True
    assert facts["L2"]["lost_without_standard"] is False
    assert facts["L3"]["lost_without_standard"] is True


def test_won_comes_from_orders_and_from_sales_matched_by_person_within_the_window(facts):
    assert facts["L1"]["won"] is True
    assert facts["L7"]["won"] is True  # by phone, in another notation
    assert facts["L8"]["won"] is False  # by e-mail, but 151 days after the lead


def test_totals_by_hand(report):
    totals = report["totals"]
    assert totals["won"] == 2
    assert totals["conversion"] == pytest.approx(2 / 7)
    assert totals["responded"] == 5
    assert totals["within_standard_leads"] == 4  # 8, 5, 10 and 1 minutes; not 20
    assert totals["contacted"] == 2
    assert totals["untouched"] == 1
    assert totals["stale"] == 1
    assert totals["closed_lost"] == 3
    assert totals["closed_lost_without_standard"] == 2
    assert totals["call_attempts_per_lead"] == pytest.approx(8 / 7)


def test_speed_to_lead_is_kaplan_meier_with_the_unanswered_censored(report):
    # events at 1, 5, 8, 10, 20 minutes among 7 leads: S(10) = 3/7 is the first under one half
    assert report["totals"]["response_median_min"] == 10
    assert report["totals"]["response_p90_min"] is None  # S never falls under 0.1


def test_costs_are_shared_by_the_leads_they_bought(report):
    by_source = {row["source"]: row for row in report["by_source"]}
    assert by_source["website"]["cost"] == pytest.approx(600)
    assert by_source["website"]["cost_per_lead"] == pytest.approx(150)  # L1, L4, L6 and L8
    assert by_source["website"]["cost_per_sale"] == pytest.approx(600)
    assert by_source["autotrack"]["cost"] == pytest.approx(300)
    assert by_source["phone"]["cost_per_sale"] == pytest.approx(0)
    assert report["totals"]["cost"] == pytest.approx(950)  # with marktplaats' 50 on nobody


def test_without_costs_the_cost_figures_are_null(tmp_path):
    folder = small_folder(tmp_path)
    (folder / "costs.csv").unlink()
    totals = build_report(read_folder(folder), AS_OF)["totals"]
    assert (totals["cost"], totals["cost_per_lead"], totals["cost_per_sale"]) == (None, None, None)


def test_the_untouched_and_stale_leads_are_listed(report):
    assert [lead["lead_id"] for lead in report["untouched_leads"]] == ["L4"]
    assert [lead["lead_id"] for lead in report["stale_leads"]] == ["L6"]


def test_the_report_counts_the_dust_and_what_it_misses(report):
    dust = report["dust"]
    assert (dust["untouched"]["leads"], dust["stale"]["leads"]) == (1, 1)
    assert (dust["untouched"]["listed"], dust["stale"]["listed"]) == (1, 1)
    # Together the two lists miss what the totals say the dust misses.
    missed = dust["untouched"]["missed_value"] + dust["stale"]["missed_value"]
    assert missed == pytest.approx(report["totals"]["missed_value"])
    assert dust["untouched"]["missed_value"] == pytest.approx(
        dust["untouched"]["missed_sales"] * 1500
    )
    assert report["untouched_leads"][0]["value"] == pytest.approx(dust["untouched"]["missed_value"])


def test_a_dust_list_keeps_the_most_valuable_leads_the_oldest_first_among_equals():
    leads = pl.DataFrame(
        {
            "lead_id": ["old cheap", "rich", "new even", "old even"],
            "dealer": ["Noord"] * 4,
            "source": ["website"] * 4,
            "salesperson": [None] * 4,
            "received_at": [datetime(2025, 3, d, tzinfo=UTC) for d in (1, 5, 4, 2)],
            "last_activity_at": [None] * 4,
            "expected_conversion": [0.05, 0.3, 0.1, 0.1],
        }
    )

    summary, top = dust_list(leads, ReportSettings(margin_per_sale=1000.0), 3)

    assert [lead["lead_id"] for lead in top] == ["rich", "old even", "new even"]
    assert [lead["value"] for lead in top] == [300.0, 100.0, 100.0]
    assert summary == {"leads": 4, "missed_sales": 0.55, "missed_value": 550.0, "listed": 3}


def test_months_are_the_dealers_months(report):
    months = {row["month"]: row["leads"] for row in report["by_month"]}
    assert months == {"2024-10": 1, "2025-03": 6}


def test_a_small_cut_is_too_few_to_judge(report):
    kinds = {row["source"]: row["verdict"]["kind"] for row in report["by_source"]}
    assert set(kinds.values()) == {"too_few"}
    sentence = next(
        r["verdict"]["sentences"]["nl"] for r in report["by_source"] if r["source"] == "website"
    )
    assert "te weinig leads" in sentence


def test_the_period_limits_the_figures_but_not_the_history(tmp_path):
    from datetime import date

    from scoreline.analytics.report import Scope

    inputs = read_folder(small_folder(tmp_path))
    march = build_report(
        inputs, AS_OF, Scope(date_from=date(2025, 3, 1), date_to=date(2025, 3, 31))
    )
    assert march["totals"]["leads"] == 6
    assert march["totals"]["cost"] == pytest.approx(950)


def test_the_facts_frame_has_one_row_per_lead(facts):
    assert len(facts) == 7
    assert pl.Series(list(facts)).is_unique().all()
