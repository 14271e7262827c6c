"""A dealer's business calendar, built from its opening hours, country and dated exceptions."""

from datetime import date

from scoreline.dealers.models import Dealer
from scoreline.hours import BusinessCalendar, OpeningHoursError

_CACHE_ATTRIBUTE = "_business_calendar"


def calendar_for(dealer: Dealer) -> BusinessCalendar:
    """The dealer's calendar, kept on the instance until its hours, country or zone change.

    `BusinessCalendar.build` returns one shared object for equal arguments, so the timeline
    is built once per process; the memo here saves reading the exceptions again for every
    lead of a dealer. A fresh instance (the next request, the next job) reads them anew.
    """
    key = (dealer.opening_hours, dealer.country, dealer.time_zone)
    cached = getattr(dealer, _CACHE_ATTRIBUTE, None)
    if cached is not None and cached[0] == key:
        return cached[1]
    calendar = _build(dealer)
    setattr(dealer, _CACHE_ATTRIBUTE, (key, calendar))
    return calendar


def _build(dealer: Dealer) -> BusinessCalendar:
    exceptions: dict[date, str] = dict(
        dealer.opening_exceptions.values_list("date", "hours")  # type: ignore[arg-type]
    )
    try:
        return BusinessCalendar.build(
            dealer.opening_hours, dealer.country, dealer.time_zone, exceptions
        )
    except (OpeningHoursError, ValueError) as error:
        raise type(error)(f"dealer {dealer.name!r} (#{dealer.pk}): {error}") from error
