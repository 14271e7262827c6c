"""The month's pace on the board, from the planning engine when a plan exists."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from scoreline.dealers.models import Dealer


def month_pace(dealer: Dealer, now: datetime) -> dict[str, Any] | None:
    """Month-to-date leads and sales against plan with the month-end forecast, or None."""
    return None
