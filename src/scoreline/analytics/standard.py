"""The follow-up standard a lead is held to, and the other knobs of a report."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class FollowUpStandard:
    """What "taking a lead seriously" means (DESIGN.md); the defaults are the product's."""

    first_response_minutes: float = 15.0
    call_attempts: int = 4
    call_days: int = 3
    written_messages: int = 1
    stale_business_days: int = 3
    written_without_phone: int = 3  # messages, each on a day of its own, when there is no phone


@dataclass(frozen=True)
class RequiredEffort:
    """The follow-up effort one lead is held to, fitted to the ways it can be reached."""

    call_attempts: int
    call_days: int
    written_messages: int
    written_days: int


def effort_for(standard: FollowUpStandard, *, has_phone: bool, has_email: bool) -> RequiredEffort:
    """The standard's effort for a lead with (or without) a phone number and an e-mail address.

    DESIGN.md: the standard is the phone case; with no phone number, written messages on
    different days (default 3 on 3 days); with no e-mail, calls plus SMS, which is the phone
    case with its written message sent as SMS or WhatsApp. A lead with neither cannot be
    followed up, so nothing is owed. A lead has a phone (an e-mail) when its number (address)
    is known or calls (written messages) were made: an export may leave the number out.
    """
    if has_phone:
        return RequiredEffort(
            standard.call_attempts, standard.call_days, standard.written_messages, 0
        )
    if has_email:
        written = standard.written_without_phone
        return RequiredEffort(0, 0, written, written)
    return RequiredEffort(0, 0, 0, 0)


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
    # How each language names a cut's value when the name is not what the data says (a
    # built-in source kind: "Phone" is "Telefoon" in Dutch): {language: {value: name}}.
    said_as: Mapping[str, Mapping[str, str]] = field(default_factory=dict, compare=False)
