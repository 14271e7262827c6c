"""Intake endpoints for the tests: a dealer's door for one source and format."""

from __future__ import annotations

from scoreline.dealers.models import Dealer
from scoreline.intake.models import Format, IntakeEndpoint
from scoreline.leads.models import Source


def endpoint(
    dealer: Dealer, source: Source, format: str = Format.ADF, secret: str = ""
) -> tuple[IntakeEndpoint, str]:
    """An endpoint and its token (shown once, stored hashed)."""
    point = IntakeEndpoint(dealer=dealer, source=source, format=format, signing_secret=secret)
    token = point.set_token()
    point.save()
    return point, token
