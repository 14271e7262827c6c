"""The same person at the same dealer within 30 days is one lead."""

from datetime import UTC, datetime, timedelta

import pytest

from scoreline.dealers.models import Dealer
from scoreline.leads.dedupe import REPEAT_WINDOW, find_open_window_lead, find_person
from scoreline.leads.models import Lead, Person, Source

pytestmark = pytest.mark.django_db
FIRST = datetime(2025, 3, 1, 10, 0, tzinfo=UTC)


@pytest.fixture
def anna_lead():
    noord = Dealer.objects.create(name="Noord", slug="noord")
    anna = Person.objects.create(dealer=noord, phone="+31612345678", email="anna@example.nl")
    source = Source.objects.create(name="Website", slug="website")
    return Lead.objects.create(dealer=noord, person=anna, source=source, received_at=FIRST)


def test_by_phone_or_email_within_the_window_it_is_the_same_lead(anna_lead):
    dealer = anna_lead.dealer
    assert (
        find_open_window_lead(dealer, ["+31612345678"], [], FIRST + timedelta(days=3)) == anna_lead
    )
    assert (
        find_open_window_lead(dealer, [], ["anna@example.nl"], FIRST + REPEAT_WINDOW) == anna_lead
    )


def test_after_30_days_or_at_another_dealer_it_is_a_new_lead(anna_lead):
    later = FIRST + REPEAT_WINDOW + timedelta(seconds=1)
    assert find_open_window_lead(anna_lead.dealer, ["+31612345678"], [], later) is None
    zuid = Dealer.objects.create(name="Zuid", slug="zuid")
    assert find_open_window_lead(zuid, ["+31612345678"], [], FIRST + timedelta(days=1)) is None


def test_the_person_is_found_again_whenever_and_nobody_without_keys(anna_lead):
    assert find_person(anna_lead.dealer, [], ["anna@example.nl"]) == anna_lead.person
    assert find_person(anna_lead.dealer, [], []) is None
    assert find_open_window_lead(anna_lead.dealer, [], [], FIRST) is None
