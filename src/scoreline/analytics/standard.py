"""The follow-up standard a lead is held to, and the other knobs of a report."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FollowUpStandard:
    """What "taking a lead seriously" means (DESIGN.md); the defaults are the product's."""

    first_response_minutes: float = 15.0
    call_attempts: int = 4
    call_days: int = 3
    written_messages: int = 1
    stale_business_days: int = 3


@dataclass(frozen=True)
class ReportSettings:
    """The choices a report is made with; the same for the exchange folder and the database."""

    target: float = 0.13
    attribution_days: int = 90
    repeat_window_days: int = 30
    margin_per_sale: float = 1500.0
    min_leads_to_judge: int = 30
    bootstrap_draws: int = 200
    seed: int = 20250314
    language: str = "en"
