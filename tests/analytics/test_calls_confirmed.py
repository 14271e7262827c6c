"""calls confirmed = calls the phone system recorded ÷ calls, where the dealer has a call feed."""

import pytest

from scoreline.analytics.exchange import read_folder
from scoreline.analytics.report import build_report

from .small_folder import ACTIVITIES, AS_OF, small_folder, write_csv


def _report(folder, evidence):
    rows = [[*row, evidence.get((row[0], row[1]), "")] for row in ACTIVITIES]
    write_csv(folder / "activities.csv", ["lead_id", "at", "kind", "outcome", "evidence"], rows)
    return build_report(read_folder(folder), AS_OF)


def test_a_dealer_without_a_call_feed_has_no_share(tmp_path):
    report = _report(small_folder(tmp_path), {})
    assert report["totals"]["calls_confirmed_share"] is None


def test_the_share_counts_the_calls_the_phone_system_recorded(tmp_path):
    # two of the eight calls came from the PBX: L2's first and L7's, both Fleur's leads
    confirmed = {
        ("L2", "2025-03-17T09:20:00+01:00"): "phone_system",
        ("L7", "2025-03-19T10:01:00+01:00"): "phone_system",
        ("L3", "2025-03-17T10:05:00+01:00"): "hand",
    }
    report = _report(small_folder(tmp_path), confirmed)
    assert report["totals"]["calls_confirmed_share"] == pytest.approx(2 / 8)
    people = {row["salesperson"]: row for row in report["by_salesperson"]}
    assert people["Fleur"]["calls_confirmed_share"] == pytest.approx(2 / 6)
    assert people["Sam"]["calls_confirmed_share"] == 0.0
