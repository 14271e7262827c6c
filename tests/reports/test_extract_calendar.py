"""The database path hands the core each dealer's dated opening exceptions."""

from datetime import date

import pytest

from scoreline.analytics.business import dealer_calendars
from scoreline.dealers.models import Dealer, OpeningException
from scoreline.reports.extract import read_database

pytestmark = pytest.mark.django_db


def test_opening_exceptions_reach_the_reports_calendar() -> None:
    utrecht = Dealer.objects.create(name="Utrecht", slug="utrecht")
    Dealer.objects.create(name="Amersfoort", slug="amersfoort")
    OpeningException.objects.create(dealer=utrecht, date=date(2025, 12, 31), hours="off")
    OpeningException.objects.create(dealer=utrecht, date=date(2025, 12, 24), hours="09:00-14:00")

    dealers = read_database().dealers
    by_name = dict(zip(dealers["dealer"], dealers["exceptions"], strict=True))

    assert by_name == {
        "Utrecht": "2025-12-24=09:00-14:00;2025-12-31=off",
        "Amersfoort": None,
    }
    calendar = dealer_calendars(dealers)["Utrecht"]
    assert calendar.hours_on(date(2025, 12, 31)) == ()
