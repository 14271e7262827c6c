"""Came back after lost: the person asked again within 90 days of the loss."""

from datetime import UTC, datetime, timedelta

import polars as pl

from scoreline.analytics.repeats import came_back_at

LOST = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)


def _leads(*rows: tuple[str, int, str, datetime | None]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={"dealer": pl.String, "person": pl.Int64, "status": pl.String,
                "closed_at": pl.Datetime("us", "UTC")},
        orient="row",
    )  # fmt: skip


def _asked(*rows: tuple[str, int, datetime]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={"dealer": pl.String, "person": pl.Int64, "received_at": pl.Datetime("us", "UTC")},
        orient="row",
    )


def test_the_first_inquiry_after_the_loss_within_90_days_is_when_they_came_back() -> None:
    leads = _leads(
        ("Noord", 1, "lost", LOST), ("Noord", 2, "lost", LOST), ("Noord", 3, "open", None)
    )
    asked = _asked(
        ("Noord", 1, LOST - timedelta(days=5)),  # before the loss: the lead itself
        ("Noord", 1, LOST + timedelta(days=40)),
        ("Noord", 1, LOST + timedelta(days=20)),
        ("Noord", 2, LOST + timedelta(days=91)),  # too late
        ("Noord", 3, LOST + timedelta(days=1)),  # never lost
    )
    assert came_back_at(leads, asked).to_list() == [LOST + timedelta(days=20), None, None]


def test_asking_at_another_dealer_is_not_coming_back() -> None:
    leads = _leads(("Noord", 1, "lost", LOST))
    assert came_back_at(leads, _asked(("Zuid", 1, LOST + timedelta(days=3)))).to_list() == [None]


def test_the_answer_keeps_the_leads_order_whatever_order_they_come_in() -> None:
    later = LOST + timedelta(days=30)
    leads = _leads(("Noord", 2, "lost", later), ("Noord", 1, "lost", LOST))
    asked = _asked(("Noord", 1, LOST + timedelta(days=2)), ("Noord", 2, later + timedelta(days=9)))
    assert came_back_at(leads, asked).to_list() == [
        later + timedelta(days=9),
        LOST + timedelta(days=2),
    ]
