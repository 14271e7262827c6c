"""Quality or process? Planted effects must be found, and the rules of DESIGN.md kept."""

from datetime import UTC, datetime

import polars as pl
import pytest

from scoreline.analytics.exchange import read_folder
from scoreline.analytics.report import build_report
from scoreline.analytics.standard import ReportSettings
from scoreline.analytics.synthetic import Story, generate, write_folder
from scoreline.analytics.verdict import kind_rule


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """autotrack's people rarely buy however well they are worked; marktplaats' buy as
    often as anyone's, but mostly reach the slow salespeople, who answer hours later."""
    story = Story(n_leads=6000, seed=21)
    folder = write_folder(generate(story), tmp_path_factory.mktemp("planted"))
    return build_report(read_folder(folder), datetime(2025, 3, 1, tzinfo=UTC))


def _by(report, cut, key):
    return {row[key]: row for row in report[cut]}


def test_poor_leads_worked_well_are_a_quality_problem(planted):
    verdict = _by(planted, "by_source", "source")["autotrack"]["verdict"]
    assert verdict["kind"] == "quality"
    assert verdict["quality_gap"] > 2 * verdict["process_gap"]


def test_good_leads_answered_late_are_a_process_problem(planted):
    verdict = _by(planted, "by_source", "source")["marktplaats"]["verdict"]
    assert verdict["kind"] == "process"
    assert verdict["conversion_if_worked_to_standard"] > verdict["conversion_judged"] + 0.05


def test_the_slow_salespeople_are_told_it_is_their_follow_up(planted):
    for name, row in _by(planted, "by_salesperson", "salesperson").items():
        if " slow " in name:
            assert row["verdict"]["kind"] == "process", name


def test_every_split_has_an_interval_around_its_estimate(planted):
    for row in planted["by_source"]:
        verdict = row["verdict"]
        if verdict["kind"] in ("process", "quality", "mixed"):
            low, high = verdict["intervals"]["conversion_if_worked_to_standard"]
            assert low <= verdict["conversion_if_worked_to_standard"] <= high
            low, high = verdict["intervals"]["process_gap"]
            assert low <= verdict["process_gap"] <= high


def test_the_sentence_says_it_in_three_languages(planted):
    said = _by(planted, "by_source", "source")["marktplaats"]["verdict"]["sentences"]
    assert said["en"].startswith("marktplaats: ") and "against 13.0 %" in said["en"]
    assert "tegen 13,0 %" in said["nl"]
    assert "contre 13,0 %" in said["fr"]
    assert planted["method"]["en"].count("salespeople may work promising leads harder") == 1


@pytest.mark.parametrize(
    ("leads", "actual", "standard", "kind"),
    [
        (29, 0.02, 0.20, "too_few"),
        (300, 0.14, 0.20, "on_target"),
        (300, 0.05, 0.13, "process"),  # following the standard reaches the target
        (300, 0.04, 0.10, "process"),  # 6 of 9 points are follow-up
        (300, 0.04, 0.06, "quality"),  # 2 of 9 points
        (300, 0.04, 0.08, "mixed"),  # 4 of 9 points
    ],
)
def test_the_kind_follows_the_rules_of_the_design(leads, actual, standard, kind):
    row = pl.DataFrame({
        "leads_judged": [leads], "conversion_judged": [actual],
        "conversion_if_worked_to_standard": [standard], "process_gap": [standard - actual],
    })  # fmt: skip
    assert row.select(kind_rule(ReportSettings(target=0.13)))[0, 0] == kind
