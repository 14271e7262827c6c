"""The reader's fast paths give what the general ones give: timestamps read by Arrow, lead
keys looked up per run of equal ids."""

import numpy as np
import polars as pl

from scoreline.analytics.exchange import _common_shape, _common_shape_by_arrow, _lead_keys


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
