"""Business time: a dealer's opening hours, holidays and the clock that runs only inside them.

Pure (no Django): shared by the follow-up engine (response clocks, stale leads) and the
analytics core (speed to lead over millions of rows).
"""

from scoreline.hours.calendar import BusinessCalendar
from scoreline.hours.opening import (
    OpeningHoursError,
    WeeklySchedule,
    format_opening_hours,
    parse_day_hours,
    parse_opening_hours,
)

__all__ = [
    "BusinessCalendar",
    "OpeningHoursError",
    "WeeklySchedule",
    "format_opening_hours",
    "parse_day_hours",
    "parse_opening_hours",
]
