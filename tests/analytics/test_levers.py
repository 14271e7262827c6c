"""The verdict names its evidence: the process gap split over the levers the standard sets."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoreline.analytics import levers, verdict
from scoreline.analytics.sentences import LANGUAGES, verdict_sentence
from scoreline.analytics.standard import ReportSettings

SETTINGS = ReportSettings(target=0.5, bootstrap_draws=20)
LIMIT = 15.0


def _facts(
    source: list[str],
    minutes: list[float],
    won: list[bool],
    worked: list[bool] | None = None,
    written: list[int] | None = None,
    contacted: list[bool] | None = None,
) -> pl.DataFrame:
    """Hand-built lead facts with just the columns the verdict reads; every lead decided."""
    n = len(source)
    return pl.DataFrame({
        "source": source, "campaign": [None] * n, "vehicle_make": ["VW"] * n,
        "vehicle_condition": ["new"] * n, "out_of_hours": [False] * n,
        "clock_min": [float(x) for x in minutes], "responded": [True] * n,
        "worked_to_standard": worked or [True] * n, "written": written or [1] * n,
        "scripted": [False] * n, "contacted": contacted or [True] * n,
        "open": [False] * n, "won": won, "spam": [False] * n,
    }, schema_overrides={"campaign": pl.String})  # fmt: skip


def _judge(facts: pl.DataFrame, run: ReportSettings = SETTINGS) -> dict[str, dict]:
    std = verdict.standardise(facts, pl.lit(LIMIT), pl.lit(True), run)
    table = verdict.verdicts(std, std.facts, ["source"], run)
    return {row["source"]: row for row in table.iter_rows(named=True)}


def _speed_only() -> pl.DataFrame:
    """Every lead worked to standard with a written message; only the speed differs.
    Answered within 5 minutes, 3 in 10 buy; after two hours, 1 in 20. `slow` answers 4 in 5
    of its leads late, `fast` 1 in 10."""
    source, minutes, won = [], [], []
    for name, late_share in (("fast", 0.1), ("slow", 0.8)):
        for i in range(200):
            late = i % 10 < late_share * 10
            source.append(name)
            minutes.append(120.0 if late else 3.0)
            won.append(i % 20 == 19 if late else i % 10 >= 7)
    return _facts(source, minutes, won)


def test_a_cut_whose_only_shortfall_is_speed_puts_every_point_on_speed() -> None:
    slow = _judge(_speed_only())["slow"]
    assert slow["kind"] in levers.SPLIT_KINDS and slow["process_gap"] > 0.05
    points = {lever["lever"]: lever["points"] for lever in slow["levers"]}
    assert points["speed"] == pytest.approx(slow["process_gap"], abs=1e-12)
    assert points["worked_to_standard"] == pytest.approx(0, abs=1e-12)
    assert points["written_follow_up"] == pytest.approx(0, abs=1e-12)
    actual = {lever["lever"]: lever["actual"] for lever in slow["levers"]}
    assert actual == pytest.approx(
        {"speed": 0.2, "worked_to_standard": 1.0, "written_follow_up": 1.0}
    )
    assert slow["levers"][0]["minutes"] == LIMIT
    assert slow["levers"][0]["best"] == pytest.approx(0.9)  # `fast` answers 9 in 10 in time


def test_all_at_standard_is_the_standard_chance_the_script_left_as_observed() -> None:
    """v(all levers) is c_std: the coalition of every lever is the model's standard row."""
    std = verdict.standardise(_speed_only(), pl.lit(LIMIT), pl.lit(True), SETTINGS)
    assert std.lever_cells is not None
    every = std.lever_cells.chance[std.facts["_lever_cell"].to_numpy(), -1]
    assert every == pytest.approx(std.facts["expected_conversion"].to_numpy(), abs=1e-12)


def test_cuts_without_a_split_get_no_levers() -> None:
    facts = _speed_only()
    few = _facts(["few"] * 10, [3.0] * 10, [True] * 3 + [False] * 7)
    judged = _judge(pl.concat([facts, few]), ReportSettings(target=0.1, bootstrap_draws=20))
    assert judged["fast"]["kind"] == "on_target" and judged["fast"]["levers"] is None
    assert judged["few"]["kind"] == "too_few" and judged["few"]["levers"] is None


def test_the_order_of_the_leads_does_not_change_the_levers() -> None:
    facts = _random_facts(np.random.default_rng(5), 400)
    once = _judge(facts)
    shuffled = _judge(facts.sample(fraction=1.0, shuffle=True, seed=3))
    assert once.keys() == shuffled.keys()
    for source, row in once.items():
        other = shuffled[source]["levers"]
        if row["levers"] is None:
            assert other is None
            continue
        for a, b in zip(row["levers"], other, strict=True):
            assert a["lever"] == b["lever"]
            assert a["points"] == pytest.approx(b["points"], abs=1e-9)
            assert a["actual"] == pytest.approx(b["actual"], abs=1e-12)


def _random_facts(rng: np.random.Generator, n: int) -> pl.DataFrame:
    """Leads of three sources with random levers and outcomes that depend on them."""
    source = rng.choice(["a", "b", "c"], n).tolist()
    minutes = rng.choice([2.0, 10.0, 30.0, 120.0, 600.0], n)
    worked, written = rng.random(n) < 0.6, (rng.random(n) < 0.5).astype(int)
    contacted = rng.random(n) < 0.5
    chance = 0.1 + 0.2 * (minutes <= LIMIT) + 0.1 * worked + 0.05 * written
    won = rng.random(n) < chance
    return _facts(
        source, minutes.tolist(), won.tolist(), worked.tolist(), written.tolist(),
        contacted.tolist(),
    )  # fmt: skip


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(60, 400),
    target=st.floats(0.05, 0.9),
)
def test_the_parts_add_up_to_the_process_gap(seed: int, n: int, target: float) -> None:
    run = ReportSettings(target=target, bootstrap_draws=10)
    for row in _judge(_random_facts(np.random.default_rng(seed), n), run).values():
        if row["kind"] not in levers.SPLIT_KINDS:
            assert row["levers"] is None
            continue
        assert [lever["lever"] for lever in row["levers"]] == list(levers.LEVERS)
        points = [lever["points"] for lever in row["levers"]]
        assert sum(points) == pytest.approx(row["process_gap"], abs=1e-12)
        reported = round(row["process_gap"], 6)
        shown = levers.as_json(row["levers"], reported)
        assert sum(lever["points"] for lever in shown) == pytest.approx(reported, abs=1e-12)


@pytest.mark.parametrize(
    ("phi", "gap", "parts"),
    [
        ([0.02, 0.01, 0.0], 0.06, [0.04, 0.02, 0.0]),  # scaled to the gap
        ([0.02, 0.01, 0.0], -0.03, [-0.02, -0.01, 0.0]),  # the other way: shares of |phi|
        ([0.02, -0.019, 0.0], 0.039, [0.02, 0.019, 0.0]),  # they cancel: shares of |phi|
        ([0.03, -0.005, 0.0], 0.05, [0.06, -0.01, 0.0]),  # mostly agree: scaled, sign kept
        ([0.0, 0.0, 0.0], 0.03, [0.01, 0.01, 0.01]),  # nothing moves: equal parts
        ([0.01, 0.02, 0.0], 0.0, [0.0, 0.0, 0.0]),
    ],
)
def test_the_rule_that_makes_the_parts_add_up(phi, gap, parts) -> None:
    got = levers.to_gap(np.array([phi]), np.array([gap]))[0]
    assert got == pytest.approx(parts, abs=1e-12)
    assert got.sum() == pytest.approx(gap, abs=1e-12)


def test_shapley_values_add_up_to_all_minus_none() -> None:
    v = np.random.default_rng(1).random((4, len(levers.COALITIONS)))
    phi = v @ levers.shapley_weights()
    assert phi.sum(axis=1) == pytest.approx(v[:, -1] - v[:, 0], abs=1e-12)
    additive = levers.COALITIONS @ np.array([0.03, 0.02, 0.01])  # no interaction
    assert additive @ levers.shapley_weights() == pytest.approx([0.03, 0.02, 0.01])


def test_rounded_parts_still_add_up_to_the_rounded_total() -> None:
    parts = [0.0123456, 0.0234567, 0.0041977]
    shown = levers.apportion(parts, sum(parts), 3)
    assert shown == [0.012, 0.024, 0.004] and sum(shown) == pytest.approx(0.040)


def test_the_sentence_names_the_biggest_levers_with_their_points_and_shares() -> None:
    row = {"kind": "process", "conversion_judged": 0.079, "leads_judged": 200, "_won": 16}
    row |= {"leads_open": 0, "conversion_if_worked_to_standard": 0.141, "levers": [
        {"lever": "speed", "points": 0.04112, "actual": 0.38, "minutes": 15.0},
        {"lever": "worked_to_standard", "points": 0.01604, "actual": 0.72, "minutes": None},
        {"lever": "written_follow_up", "points": 0.00484, "actual": 0.9, "minutes": None},
    ]}  # fmt: skip
    said = {lang: verdict_sentence(lang, "AutoTrack", row, 0.13) for lang in LANGUAGES}
    assert said["en"].endswith(
        "the whole gap of 5.1 points is follow-up. Of the 6.2 points of follow-up: 4.1 speed "
        "(38.0 % answered within 15 business minutes), 1.6 effort (72.0 % worked to the "
        "standard), 0.5 the written message (90.0 % had one or were reached)."
    )
    assert "Van de 6,2 punt opvolging: 4,1 snelheid (38,0 % binnen 15 werkminuten" in said["nl"]
    assert (
        "Sur les 6,2 points de suivi : 4,1 la rapidité (38,0 % répondus dans les 15" in (said["fr"])
    )
    row["levers"][0]["minutes"] = None  # a cut over dealers with their own standards
    assert "answered within the standard's time" in verdict_sentence("en", "x", row, 0.13)
    assert "Of the" not in verdict_sentence("en", "x", {**row, "levers": None}, 0.13)
