"""The reader's fast paths give what the general ones give: timestamps read by Arrow, lead
keys looked up per run of equal ids, files read typed in one streaming pass (and a bad value
still named by file, row and column, by the text path)."""

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal
from synthetic.leads import Story, generate, write_folder

from scoreline.analytics import exchange
from scoreline.analytics.exchange import _common_shape, _common_shape_by_arrow, _lead_keys
from scoreline.analytics.frames import ACTIVITY_KINDS, FrameError


def test_arrow_reads_the_common_shape_as_the_slices_do():
    rng = np.random.default_rng(5)
    seconds = rng.integers(1_500_000_000, 1_900_000_000, 2_000)
    offsets = rng.choice([-480, -300, -210, 0, 60, 120, 330, 345, 840], len(seconds))
    text = [
        (np.datetime64(int(s), "s") + np.timedelta64(int(o), "m")).astype(str)
        + f"{'+' if o >= 0 else '-'}{abs(o) // 60:02d}:{abs(o) % 60:02d}"
        for s, o in zip(seconds, offsets, strict=True)
    ]
    column = pl.Series("at", [*text, None])
    by_arrow = _common_shape_by_arrow(column)
    by_slices = pl.select(_common_shape(pl.lit(column))).to_series()
    assert by_arrow is not None
    assert by_arrow.to_list() == by_slices.to_list()
    assert by_arrow.dt.epoch("s").to_list()[:-1] == seconds.tolist()  # the instants written


def test_another_shape_or_a_refused_value_leaves_arrow_out():
    for odd in ("2025-03-14T21:05:00Z", "2025-03-14T21:05", "2025-03-14T24:00:00+01:00"):
        column = pl.Series("at", ["2025-03-14T21:05:00+01:00", odd])
        assert _common_shape_by_arrow(column) is None


def test_lead_keys_are_found_in_any_order_of_the_activities():
    keys = pl.DataFrame({"lead_id": ["a", "b", "c", "d"], "lead_key": [10, 11, 10, 13]})
    ids = pl.Series("lead_id", ["b", "b", "a", "c", "a", "a", "x", "d", "b"])
    found = _lead_keys(ids, keys).to_list()
    assert found == [11, 11, 10, 10, 10, 10, None, 13, 11]


def _story_folder(tmp_path):
    return write_folder(generate(Story(n_leads=400, seed=3)), tmp_path / "folder")


def test_typed_reading_gives_the_text_paths_frames(tmp_path, monkeypatch):
    folder = _story_folder(tmp_path)
    assert exchange._read_activities_typed(folder / "activities.csv") is not None
    typed = exchange.read_folder(folder)
    # every value "not of the common shape": the whole folder read as text, as before
    monkeypatch.setattr(exchange, "_read_activities_typed", lambda path: None)
    monkeypatch.setattr(exchange, "_instant_in_stream", lambda text: (text, pl.lit(True)))
    text = exchange.read_folder(folder)
    for name in ("leads", "activities", "dealers", "costs", "sales"):
        assert_frame_equal(getattr(typed, name), getattr(text, name))
    assert typed.activities.schema["kind"] == pl.Enum(ACTIVITY_KINDS)


def _with_row(path, row: int, column: str, value: str) -> None:
    frame = pl.read_csv(path, infer_schema=False)
    frame = frame.with_columns(
        pl.when(pl.int_range(pl.len()) == row - 2)
        .then(pl.lit(value))
        .otherwise(pl.col(column))
        .alias(column)
    )
    frame.write_csv(path)


def test_another_shape_of_time_is_read_by_the_text_path(tmp_path):
    folder = _story_folder(tmp_path)
    at = pl.read_csv(folder / "activities.csv", infer_schema=False)["at"][5]
    _with_row(folder / "activities.csv", 7, "at", at[:19])  # no offset: the dealer's zone
    _with_row(folder / "leads.csv", 9, "received_at", "2024-03-01 10:00")
    assert exchange._read_activities_typed(folder / "activities.csv") is None
    inputs = exchange.read_folder(folder)
    assert inputs.activities.schema["at"] == pl.Datetime("us", "UTC")
    assert inputs.leads["received_at"].null_count() == 0


@pytest.mark.parametrize(
    ("file", "column", "value", "error"),
    [
        ("activities.csv", "at", "4 maart", r"activities.csv, row 12, column 'at'"),
        ("activities.csv", "duration_s", "long", r"activities.csv, row 12, column 'duration_s'"),
        ("activities.csv", "kind", "fax", r"activities.csv, row 12, column 'kind': unknown"),
        ("leads.csv", "closed_at", "gisteren", r"leads.csv, row 12, column 'closed_at'"),
    ],
)
def test_a_bad_value_still_names_its_row(tmp_path, file, column, value, error):
    folder = _story_folder(tmp_path)
    _with_row(folder / file, 12, column, value)
    with pytest.raises(FrameError, match=error):
        exchange.read_folder(folder)
