"""The month-end forecast: its pieces by hand, a hand-made month, and its honesty over many."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import polars as pl
import pytest
from synthetic.history import SyntheticDealer, generate

from scoreline.planning.backtest import replay, score
from scoreline.planning.errors import NoHistoryError, PaceInputError
from scoreline.planning.pace import (
    LeadHistory,
    MonthParts,
    PaceForecast,
    arrival_spread,
    closing_model,
    cumulative_incidence,
    forecast,
    month_end_pmf,
    poisson_binomial,
)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def test_two_even_coins_give_one_sale_half_the_time() -> None:
    assert poisson_binomial(np.array([0.5, 0.5])) == pytest.approx([0.25, 0.5, 0.25])
    assert poisson_binomial(np.array([1.0, 0.2])) == pytest.approx([0.0, 0.8, 0.2])


def test_the_incidence_of_sales_lets_losses_compete_and_open_leads_drop_out() -> None:
    # four leads: won on day 1, lost on day 2, still open after 3 days, won on day 4
    curve = cumulative_incidence(
        np.array([1.0, 2.0, 3.0, 4.0]),
        np.array([True, False, False, True]),
        np.array([True, True, False, True]),
    )
    # day 1: 1 of 4 won → 0.25, S = 0.75; day 2: a loss, S = 0.5; day 3: censored;
    # day 4: the last one at risk is won → 0.25 + 0.5 × 1 = 0.75
    assert curve.won_between(np.zeros(4), np.array([0.5, 1.0, 3.0, 4.0])) == pytest.approx(
        [0.0, 0.25, 0.25, 0.75]
    )
    # open after day 2 (S = 0.5), the chance of a sale by day 4 is 0.5 / 0.5
    assert curve.won_between(np.array([2.0]), np.array([2.0])) == pytest.approx([1.0])


def test_the_month_end_adds_the_open_leads_coins_and_the_new_leads_poisson() -> None:
    parts = MonthParts(
        sales_so_far=3, p_open=np.array([0.5, 0.5]), leads_so_far=10,
        expected_new_leads=0.0, p_new=0.0,
    )  # fmt: skip
    result = PaceForecast(
        "Noord", date(2025, 3, 1), datetime.now(UTC), parts, 5, month_end_pmf(parts)
    )
    assert result.expected == pytest.approx(4.0)
    assert (result.low, result.median, result.high) == (3, 4, 5)
    assert result.p_target == pytest.approx(0.25)  # both coins must land
    with_new = MonthParts(0, np.zeros(0), 0, expected_new_leads=20.0, p_new=0.1)
    pmf = month_end_pmf(with_new)
    assert pmf[:3] == pytest.approx(np.exp(-2.0) * np.array([1, 2, 2]))  # Poisson(2)


def test_a_spread_between_months_widens_the_interval_but_keeps_the_middle() -> None:
    steady = MonthParts(0, np.full(100, 0.2), 100, expected_new_leads=50, p_new=0.1)
    varying = MonthParts(0, np.full(100, 0.2), 100, 50, 0.1, month_spread=0.1)
    narrow, wide = month_end_pmf(steady), month_end_pmf(varying)
    mean = np.arange(len(narrow)) @ narrow
    assert np.arange(len(wide)) @ wide == pytest.approx(mean, rel=1e-3)
    assert (
        np.arange(len(wide)) ** 2 @ wide - mean**2 > np.arange(len(narrow)) ** 2 @ narrow - mean**2
    )


def hand_made_history() -> pl.DataFrame:
    """February: 40 leads, half won and half lost on their third day. March so far: two
    sales, four leads a day old, and one lead received on 1 March that is won only on the
    12th (after the forecast, so unknown to it)."""
    rows = []
    for i in range(40):
        received = datetime(2025, 2, 1, 10, tzinfo=UTC) + timedelta(hours=12 * i)
        status = "won" if i % 2 == 0 else "lost"
        rows.append((f"F{i}", received, status, received + timedelta(days=3)))
    for i in range(2):
        received = datetime(2025, 2, 27, 10, tzinfo=UTC)
        rows.append((f"S{i}", received, "won", datetime(2025, 3, 2, 10, tzinfo=UTC)))
    for i in range(4):
        rows.append((f"O{i}", datetime(2025, 3, 9, 11, tzinfo=UTC), "open", None))
    rows.append(
        ("L", datetime(2025, 3, 1, 9, tzinfo=UTC), "won", datetime(2025, 3, 12, 9, tzinfo=UTC))
    )
    return pl.DataFrame(
        {
            "lead_key": range(len(rows)),
            "lead_id": [r[0] for r in rows],
            "dealer": "Noord",
            "source": "website",
            "received_at": [r[1] for r in rows],
            "status": [r[2] for r in rows],
            "closed_at": [r[3] for r in rows],
        },
        schema_overrides={"closed_at": pl.Datetime("us", "UTC")},
    )


def test_a_hand_made_month_forecasts_sales_so_far_plus_the_open_leads_chances() -> None:
    history = LeadHistory.from_frames(hand_made_history(), None, "Noord", "Europe/Amsterdam")
    as_of = datetime(2025, 3, 10, 12, tzinfo=UTC)
    result = forecast(history, as_of, target=5, expected_new_leads=0.0)
    assert result.sales_so_far == 2  # the sale on the 12th is still in the future
    # Of the 43 leads history saw open at a day old, 22 were won (40 February leads, the two
    # sold on 2 March, and the 1 March lead, open to this day: watched, not won).
    p = 22 / 43
    # The old lead, open 9 days, is past every closing history has seen: no chance.
    assert result.open_leads == 5
    assert sorted(result.parts.p_open) == pytest.approx([0.0, p, p, p, p])
    assert result.expected == pytest.approx(2 + 4 * p)
    # 2 + Binomial(4, p) ≥ 5 means at least three of the four
    assert result.p_target == pytest.approx(p**4 + 4 * p**3 * (1 - p))
    assert (result.low, result.high) == (3, 5)
    assert result.below(0.5)


def test_the_forecast_needs_an_aware_moment_and_enough_history() -> None:
    history = LeadHistory.from_frames(hand_made_history(), None, "Noord")
    with pytest.raises(PaceInputError, match="has no time zone"):
        forecast(history, datetime(2025, 3, 10, 12))
    with pytest.raises(NoHistoryError, match="too few to learn how leads close"):
        forecast(history, datetime(2025, 2, 3, 12, tzinfo=UTC))


def test_a_sale_without_a_date_is_refused_by_name() -> None:
    frame = hand_made_history().with_columns(
        pl.when(pl.col("lead_id") == "S1")
        .then(None)
        .otherwise(pl.col("closed_at"))
        .alias("closed_at")
    )
    with pytest.raises(PaceInputError, match="1 won or lost leads have no closed_at .first: 'S1'"):
        LeadHistory.from_frames(frame, None, "Noord")


def test_the_80_percent_interval_holds_about_80_percent_of_generated_months() -> None:
    # 30 months of a dealer whose months convert differently (as real ones do): the 23
    # whole months after the half-year warm-up, four forecasts each
    dealer = SyntheticDealer(months=30, seed=11, month_effect_sd=0.2)
    leads, activities = generate(dealer)
    replays = replay([LeadHistory.from_frames(leads, activities, dealer.name)])
    scores = score(replays)
    inside = np.mean([r.inside for r in replays])
    assert len(replays) == 4 * 23
    assert 0.72 <= inside <= 0.93
    assert scores[-1].mae < scores[0].mae  # day 20 knows more than day 5


def steady_history(per_day: list[int], start: datetime) -> LeadHistory:
    """Leads arriving at noon, `per_day[i]` on day i, all lost a day later."""
    received = np.concatenate(
        [
            np.full(count, int((start + timedelta(days=i, hours=12)).timestamp() * 1e6))
            for i, count in enumerate(per_day)
        ]
    ).astype(np.int64)
    n = len(received)
    return LeadHistory(
        "Noord", AMSTERDAM, received, received + 86_400_000_000, np.zeros(n, bool),
        np.full((n, 3), np.iinfo(np.int64).max), np.full(n, "website"),
    )  # fmt: skip


def test_a_steady_stream_of_leads_adds_no_spread_but_swinging_months_do() -> None:
    start = datetime(2024, 1, 1, tzinfo=UTC)
    end = int(datetime(2025, 1, 1, tzinfo=UTC).timestamp() * 1e6)
    assert arrival_spread(steady_history([10] * 366, start), end, 20) == 0.0
    # thirty busy days, thirty quiet ones: the eight-week rate keeps missing by about half
    swinging = [15 if (i // 30) % 2 else 5 for i in range(366)]
    assert arrival_spread(steady_history(swinging, start), end, 20) > 0.1


def test_a_lead_still_to_come_gets_the_chance_of_every_kind_of_arrival() -> None:
    # walk-ins arrive with their showroom visit and are all sold the next day; web leads
    # arrive untouched and are all lost: a lead to come is either, so half a chance
    start = datetime(2025, 1, 6, 10, tzinfo=UTC)
    received = np.array(
        [int((start + timedelta(hours=5 * i)).timestamp() * 1e6) for i in range(80)], np.int64
    )
    walk_in = np.arange(80) % 2 == 0
    stage_at = np.full((80, 3), np.iinfo(np.int64).max)
    stage_at[walk_in, 0] = stage_at[walk_in, 1] = received[walk_in]
    history = LeadHistory(
        "Noord", AMSTERDAM, received, received + 86_400_000_000, walk_in, stage_at,
        np.where(walk_in, "walk-in", "website"),
    )  # fmt: skip
    model = closing_model(history, int(datetime(2025, 2, 1, tzinfo=UTC).timestamp() * 1e6))
    assert model.new_lead_probability(np.array([0.5, 2.0])) == pytest.approx([0.0, 0.5])
