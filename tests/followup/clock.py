"""The follow-up tests' moments: time is frozen (time-machine) so clocks, reminders and
escalations can be stepped through from an ordinary working Monday at Autohuis Noord."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from cast import Cast

from scoreline.followup.models import FollowUpStandard

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
PARIS = ZoneInfo("Europe/Paris")


def amsterdam(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=AMSTERDAM)


# Monday 10 March 2025, 10:00 in Amsterdam: an ordinary working morning.
MONDAY_10 = amsterdam(2025, 3, 10, 10, 0)


def held_to_the_standard(cast: Cast) -> Cast:
    """The cast with Noord's own follow-up standard saved, as a dealer that has set one up."""
    FollowUpStandard.objects.create(dealer=cast.noord)
    return cast
