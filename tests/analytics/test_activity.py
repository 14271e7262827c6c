"""First response and contact in the core: the follow-up engine's definitions, on whole columns.

The core reads Arrow tables, the engine reads one lead's `Activity` rows; a lead page and the
scoreboard must agree on whether a lead was answered, and when.
"""

import itertools
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import polars as pl
import pytest

from scoreline.analytics.activity import lead_activity
from scoreline.analytics.exchange import read_folder
from scoreline.analytics.figures import context_for, lead_facts
from scoreline.analytics.frames import ACTIVITIES, ACTIVITY_KINDS, LEADS, Inputs
from scoreline.followup.standard import is_contact, is_response

from .small_folder import AS_OF, small_folder

ARRIVAL = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)  # Monday, 10:00 in Utrecht
OUTCOMES = ("", "reached", "no_answer", "voicemail", "busy", "wrong_number")


def _cases() -> list[tuple[str, str, str, bool]]:
    """Every kind, both directions, automatic or not; calls with every outcome."""
    cases = []
    for kind, direction, automatic in itertools.product(ACTIVITY_KINDS, ("in", "out"), (0, 1)):
        for outcome in OUTCOMES if kind == "call" else ("",):
            cases.append((kind, direction, outcome, bool(automatic)))
    return cases


def _leads(n: int, received: datetime = ARRIVAL) -> pl.DataFrame:
    rows = {name: [None] * n for name in LEADS}
    rows |= {"lead_key": list(range(n)), "dealer": ["Utrecht"] * n, "status": ["open"] * n}
    rows["received_at"] = [received] * n
    return pl.DataFrame(rows, schema=LEADS)


def _activities(rows: list[tuple[int, datetime, str, str, bool, bool]]) -> pl.DataFrame:
    columns = ("lead_key", "at", "kind", "outcome", "inbound", "automatic")
    frame = pl.DataFrame([dict(zip(columns, row, strict=True)) for row in rows])
    return frame.with_columns(
        pl.col("outcome").replace("", None),
        *[pl.lit(None).alias(c) for c in ACTIVITIES if c not in columns],
    ).select(pl.col(c).cast(t) for c, t in ACTIVITIES.items())


def test_every_kind_of_activity_answers_and_contacts_as_the_engine_says() -> None:
    cases = _cases()
    at = ARRIVAL + timedelta(minutes=5)
    acts = _activities(
        [
            (i, at, kind, outcome, d == "in", auto)
            for i, (kind, d, outcome, auto) in enumerate(cases)
        ]
    )
    facts = lead_activity(_leads(len(cases)), acts, AS_OF, {})

    for (kind, direction, outcome, auto), row in zip(
        cases, facts.iter_rows(named=True), strict=True
    ):
        engine = SimpleNamespace(
            kind=kind, at=at, direction=direction, outcome=outcome, is_automatic=auto
        )
        case = (kind, direction, outcome, auto)
        assert (row["first_response_at"] is not None) == is_response(engine), case
        assert (row["contacted_at"] is not None) == is_contact(engine), case


def test_the_first_response_is_the_first_outreach_or_contact_whichever_comes_first() -> None:
    minutes = lambda m: ARRIVAL + timedelta(minutes=m)  # noqa: E731
    acts = _activities([
        (0, minutes(0), "visit", "", True, False),  # walk-in: in conversation at arrival
        (0, minutes(30), "email", "", False, False),
        (1, minutes(0), "call", "reached", True, False),  # phone lead answered at once
        (2, minutes(3), "email", "", False, False),  # written first, the call-back later
        (2, minutes(60), "call", "reached", True, False),
        (3, minutes(1), "call", "no_answer", True, False),  # a missed call is nobody's answer
        (3, minutes(2), "email", "", False, True),  # nor is an automatic acknowledgement
    ])  # fmt: skip
    facts = lead_activity(_leads(4), acts, AS_OF, {}).sort("lead_key")

    assert facts["first_response_at"].to_list() == [minutes(0), minutes(0), minutes(3), None]
    assert facts["contacted_at"].to_list() == [minutes(0), minutes(0), minutes(60), None]
    assert facts["attempts"].to_list() == [0, 0, 0, 0]  # calls coming in are no attempts


@pytest.fixture
def walk_in(tmp_path) -> Inputs:
    """The small folder and Bram, who walked into the Utrecht showroom on Monday at 10:00 and
    talked to Fleur there; nobody wrote to him afterwards."""
    inputs = read_folder(small_folder(tmp_path))
    key = int(inputs.leads["lead_key"].max()) + 1  # type: ignore[arg-type]
    bram = _leads(1).with_columns(
        pl.lit(key).alias("lead_key"),
        pl.lit("L9").alias("lead_id"),
        pl.lit("walk-in").alias("source"),
        pl.lit("Fleur").alias("salesperson"),
        pl.lit(0, pl.Int32).alias("repeat_inquiries"),
    )
    visit = _activities([(key, ARRIVAL, "visit", "", True, False)])
    as_read = lambda frame, like: frame.select(like.columns).cast(dict(like.schema))  # noqa: E731
    return Inputs(
        leads=pl.concat([inputs.leads, as_read(bram, inputs.leads)]),
        activities=pl.concat([inputs.activities, as_read(visit, inputs.activities)]),
        dealers=inputs.dealers,
        costs=inputs.costs,
        sales=inputs.sales,
    )


def test_a_walk_in_met_at_arrival_is_answered_within_the_standard(walk_in) -> None:
    facts = lead_facts(walk_in, context_for(walk_in, AS_OF)).filter(pl.col("lead_id") == "L9")

    row = facts.row(0, named=True)
    assert (row["responded"], row["response_min"], row["within_standard"]) == (True, 0, True)
    assert (row["contacted"], row["untouched"]) == (True, False)
