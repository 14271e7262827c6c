"""The cast and the seasonal profile: plain data the rest of the demo builds on."""

import csv
import io
from datetime import date

import pytest

from scoreline.dealers.models import Role
from scoreline.demo.seasonality import (
    EMBEDDED_PROFILE,
    SHARED_CSV,
    SeasonalityError,
    monthly_profile,
    profile_from_rows,
)
from scoreline.demo.story import (
    DEALERS,
    LOGINS,
    SOURCES,
    login_lines,
    manager_of,
    opening_exceptions,
    salespeople_of,
)
from scoreline.hours import parse_day_hours, parse_opening_hours


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def year_of(year: int, counts: list[int]) -> str:
    return "".join(f"{year}-{m:02d},{c},x\n" for m, c in enumerate(counts, start=1))


HEADER = "month,registrations_sum_of_brands,source_url\n"


@pytest.mark.skipif(not SHARED_CSV.is_file(), reason="no ../shared next to the source tree")
def test_the_embedded_profile_is_what_the_shared_file_says() -> None:
    from_file = monthly_profile()
    embedded = [share / sum(EMBEDDED_PROFILE) for share in EMBEDDED_PROFILE]
    assert from_file == pytest.approx(embedded, abs=0.001)


def test_without_the_shared_file_the_embedded_profile_is_used(tmp_path) -> None:  # type: ignore[no-untyped-def]
    profile = monthly_profile(tmp_path / "missing.csv")
    assert sum(profile) == pytest.approx(1.0)
    assert profile[0] == max(profile)  # January, when the new registration year starts


def test_the_profile_averages_shares_of_complete_years_outside_the_lockdowns() -> None:
    flat, peaked = [100] * 12, [100] * 11 + [1200]
    text = (
        HEADER + year_of(2019, flat) + year_of(2020, peaked) + year_of(2022, flat) + "2023-01,5,x\n"
    )
    assert profile_from_rows(rows(text)) == pytest.approx([1 / 12] * 12)


def test_a_file_without_a_complete_year_is_refused_with_its_name() -> None:
    with pytest.raises(SeasonalityError, match="cars.csv: no complete year"):
        profile_from_rows(rows(HEADER + "2023-01,5,x\n"), "cars.csv")


def test_a_bad_row_names_its_line() -> None:
    with pytest.raises(SeasonalityError, match="cars.csv, line 3"):
        profile_from_rows(rows(HEADER + "2023-01,5,x\n2023-02,many,x\n"), "cars.csv")


def test_every_dealer_has_a_manager_and_salespeople_with_habits() -> None:
    for dealer in DEALERS:
        assert manager_of(dealer).role == Role.SALES_MANAGER
        people = salespeople_of(dealer)
        assert len(people) >= 2
        assert all(person.habit is not None for person in people)
    assert len(LOGINS) >= 12
    assert len({login.username for login in LOGINS}) == len(LOGINS)


def test_every_dealer_opening_hours_and_exceptions_read_as_the_product_reads_them() -> None:
    for dealer in DEALERS:
        assert parse_opening_hours(dealer.opening_hours).weekly_minutes > 40 * 60
        for hours, _note in opening_exceptions(
            dealer, date(2025, 1, 1), date(2026, 12, 31)
        ).values():
            parse_day_hours(hours)


def test_exceptions_fall_on_their_days_and_only_where_they_apply() -> None:
    utrecht, amersfoort, antwerpen = DEALERS
    span = (date(2026, 1, 1), date(2026, 12, 31))
    assert opening_exceptions(utrecht, *span)[date(2026, 12, 24)][0] == "09:00-16:00"
    assert date(2026, 3, 1) in opening_exceptions(utrecht, *span)  # first Sunday of March
    assert date(2026, 1, 11) in opening_exceptions(antwerpen, *span)  # motor show Sunday
    assert date(2026, 1, 11) not in opening_exceptions(utrecht, *span)
    assert opening_exceptions(amersfoort, *span)[date(2026, 6, 12)][0] == "off"
    assert not opening_exceptions(utrecht, date(2026, 12, 25), date(2026, 12, 30))


def test_the_belgian_dealer_has_no_dutch_portals() -> None:
    for source in SOURCES:
        if source.slug in ("marktplaats", "autotrack"):
            assert source.share["BE"] == 0


def test_the_login_lines_name_every_login_with_the_demo_password() -> None:
    lines = login_lines()
    assert [line.split()[0] for line in lines] == [login.username for login in LOGINS]
    assert all(line.split()[1] == "demo" for line in lines)
