"""The month's pace on the board: the planning engine's forecast against the plan."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from scoreline.analytics.rounding import rounded_percent
from scoreline.dealers.models import Dealer
from scoreline.planning.actions import dealer_pace
from scoreline.planning.errors import PlanningError
from scoreline.web import freshness

CACHE_SECONDS = 300
UNLIKELY = 0.5


def month_pace(dealer: Dealer, now: datetime) -> dict[str, Any] | None:
    """Month-to-date sales and leads against the plan and the month-end forecast, or None.

    None when the dealer has no history to forecast from. Without a plan the forecast still
    shows, with no target to hold it against.
    """
    figures = freshness.read("pace", dealer, now)
    if not figures:
        return None
    # The figures are kept for every reader; the sentence is said in this reader's language.
    sentence = _sentence(figures["forecast"], figures["target"], figures["probability"])
    return {**figures, "sentence": sentence}


@freshness.figure("pace", fresh_seconds=CACHE_SECONDS)
def _pace(dealer: Dealer, now: datetime) -> dict[str, Any]:
    try:
        result = dealer_pace(dealer, now)
    except PlanningError:
        return {}
    forecast, track = result.forecast, result.track
    chance = forecast.p_target
    return {
        "sales": forecast.sales_so_far,
        "target": forecast.target,
        "leads": track.leads,
        "leads_planned": track.planned_to_date if result.plan else None,
        "forecast": forecast.expected,
        "forecast_low": forecast.low,
        "forecast_high": forecast.high,
        "probability": chance,
        "tone": "plain" if chance is None else ("bad" if chance < UNLIKELY else "good"),
    }


def _sentence(expected: float, target: float | None, chance: float | None) -> str:
    if target is None or chance is None:
        return _("About %(n).0f sales expected this month; no plan sets a target yet.") % {
            "n": expected
        }
    if chance < UNLIKELY:
        return _(
            "The target of %(target).0f sales is slipping: about %(n).0f expected, "
            "a %(p).0f %% chance to make it. Act on the dust and the untouched leads now."
        ) % {"target": target, "n": expected, "p": rounded_percent(chance)}
    return _("On pace: about %(n).0f sales expected against %(target).0f, a %(p).0f %% chance.") % {
        "n": expected,
        "target": target,
        "p": rounded_percent(chance),
    }
