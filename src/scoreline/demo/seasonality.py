"""Dutch car demand by calendar month: the shape the demo's lead volume follows.

The profile is each month's average share of a year's new passenger car registrations in the
Netherlands, over complete years, 2020 and 2021 left out (lockdowns). It is read from the
shared data file when the source tree sits next to it (../shared); an installed product has no
such folder, so the same numbers are embedded (data/README.md lists them).
"""

import csv
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path

SHARED_CSV = (
    Path(__file__).resolve().parents[4] / "shared" / "data" / "nl_new_car_registrations_monthly.csv"
)
LEFT_OUT_YEARS = frozenset({2020, 2021})
# Jan..Dec shares from data/README.md, normalised where they are used.
EMBEDDED_PROFILE = (10.3, 7.5, 9.0, 7.3, 8.1, 9.8, 7.5, 7.6, 8.0, 8.2, 8.6, 8.2)


class SeasonalityError(ValueError):
    """A registrations file the profile cannot be read from; the message names the line."""


def monthly_profile(path: Path = SHARED_CSV) -> tuple[float, ...]:
    """Twelve shares (January first) summing to 1: from the file when present, else embedded."""
    if path.is_file():
        with path.open(newline="", encoding="utf-8") as file:
            return profile_from_rows(csv.DictReader(file), str(path))
    return _normalised(EMBEDDED_PROFILE)


def profile_from_rows(rows: Iterable[Mapping[str, str]], where: str = "rows") -> tuple[float, ...]:
    """The average monthly share over complete years outside LEFT_OUT_YEARS.

    `rows` are mappings with `month` (YYYY-MM) and `registrations_sum_of_brands`.
    """
    years: dict[int, dict[int, int]] = defaultdict(dict)
    for line, row in enumerate(rows, start=2):
        year, month, count = _read_row(row, f"{where}, line {line}")
        years[year][month] = count
    complete = [y for y, months in years.items() if len(months) == 12 and y not in LEFT_OUT_YEARS]
    if not complete:
        raise SeasonalityError(f"{where}: no complete year of registrations outside 2020-2021")
    shares = [0.0] * 12
    for year in complete:
        total = sum(years[year].values())
        for month, count in years[year].items():
            shares[month - 1] += count / total / len(complete)
    return _normalised(shares)


def _read_row(row: Mapping[str, str], where: str) -> tuple[int, int, int]:
    try:
        year_text, month_text = row["month"].split("-")
        year, month = int(year_text), int(month_text)
        count = int(row["registrations_sum_of_brands"])
    except (KeyError, ValueError, AttributeError) as error:
        raise SeasonalityError(f"{where}: cannot read {dict(row)!r} ({error})") from None
    if not 1 <= month <= 12 or count < 0:
        raise SeasonalityError(f"{where}: month {row['month']!r} or count {count} out of range")
    return year, month, count


def _normalised(values: tuple[float, ...] | list[float]) -> tuple[float, ...]:
    total = sum(values)
    return tuple(value / total for value in values)
