"""The demo's cast: plain data the rest of the demo builds on."""

from datetime import date

from scoreline.dealers.models import Role
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
