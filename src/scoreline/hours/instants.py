"""Instants as integer microseconds since the Unix epoch (UTC), the unit of the timeline.

Integers keep every count exact; microseconds are what Python datetimes, Arrow and Polars
carry by default.
"""

from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)
US_PER_MINUTE = 60_000_000
NAT_US = np.iinfo(np.int64).min

IntArray = npt.NDArray[np.int64]


def to_us(at: datetime, name: str = "instant") -> int:
    """Microseconds since the epoch of an aware datetime; a naive one is refused."""
    if not isinstance(at, datetime):
        raise TypeError(f"{name} must be a datetime, not {type(at).__name__}")
    if at.tzinfo is None or at.utcoffset() is None:
        raise TypeError(f"{name} {at.isoformat()} is naive: give it a time zone")
    return (at - EPOCH) // MICROSECOND


def from_us(us: int, tz: Any) -> datetime:
    """The aware datetime in `tz` of an epoch-microsecond count."""
    return (EPOCH + timedelta(microseconds=us)).astimezone(tz)


def array_to_us(values: Any, name: str = "instants") -> tuple[IntArray, npt.NDArray[np.bool_]]:
    """Epoch microseconds and a missing-value mask from UTC instants in array form.

    Accepts numpy datetime64 arrays of any unit (read as UTC), anything numpy can turn into
    one (pyarrow arrays, polars series: tz-aware ones arrive in UTC), and sequences of aware
    datetimes or None (slow path). Missing values (NaT, null, None) are masked.
    """
    array = np.asarray(values)
    if array.size == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=bool)
    if array.dtype == object:
        array = _objects_to_datetime64(array, name)
    if not np.issubdtype(array.dtype, np.datetime64):
        raise TypeError(f"{name} must be datetime64 instants, not {array.dtype}")
    array = np.ravel(array)
    missing = np.isnat(array)
    us = array.astype("datetime64[us]").view(np.int64)
    return us, missing


def us_to_datetime64(us: IntArray, missing: npt.NDArray[np.bool_]) -> npt.NDArray[np.datetime64]:
    """UTC datetime64[us] from epoch microseconds, NaT where masked."""
    return np.where(missing, NAT_US, us).view("datetime64[us]")


def _objects_to_datetime64(array: npt.NDArray[Any], name: str) -> npt.NDArray[np.datetime64]:
    us = np.full(array.shape, NAT_US, dtype=np.int64)
    for index, value in np.ndenumerate(array):
        if value is not None and value == value:  # NaN and NaT are unequal to themselves
            us[index] = to_us(value, f"{name}[{index[0] if len(index) == 1 else index}]")
    return us.view("datetime64[us]")
