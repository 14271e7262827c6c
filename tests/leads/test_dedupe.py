"""The database's side of the one rule: persons found by every key they were seen with, and
persons met by one inquiry made one."""

from datetime import UTC, datetime, timedelta

import pytest

from scoreline.dealers.models import Dealer
from scoreline.leads.dedupe import (
    REPEAT_WINDOW,
    Identities,
    contact_keys,
    join_persons,
    persons_with,
    teach,
)
from scoreline.leads.models import Lead, Person, PersonContact, Source

pytestmark = pytest.mark.django_db
FIRST = datetime(2025, 3, 1, 10, 0, tzinfo=UTC)


@pytest.fixture
def anna_lead():
    noord = Dealer.objects.create(name="Noord", slug="noord")
    anna = Person.objects.create(dealer=noord, phone="+31612345678", email="anna@example.nl")
    source = Source.objects.create(name="Website", slug="website")
    return Lead.objects.create(dealer=noord, person=anna, source=source, received_at=FIRST)


def lead_for(dealer: Dealer, phones: list[str], emails: list[str], at: datetime) -> Lead | None:
    identities: Identities[Person, Lead] = Identities()
    teach(identities, dealer.pk, phones, emails, (at, at))
    return identities.match(contact_keys(dealer.pk, phones, emails), at).lead


def test_by_phone_or_email_within_the_window_it_is_the_same_lead(anna_lead):
    dealer = anna_lead.dealer
    assert lead_for(dealer, ["+31612345678"], [], FIRST + timedelta(days=3)) == anna_lead
    assert lead_for(dealer, [], ["anna@example.nl"], FIRST + REPEAT_WINDOW) == anna_lead


def test_after_30_days_or_at_another_dealer_it_is_a_new_lead(anna_lead):
    later = FIRST + REPEAT_WINDOW + timedelta(seconds=1)
    assert lead_for(anna_lead.dealer, ["+31612345678"], [], later) is None
    zuid = Dealer.objects.create(name="Zuid", slug="zuid")
    assert lead_for(zuid, ["+31612345678"], [], FIRST + timedelta(days=1)) is None


def test_a_person_is_found_by_a_further_number_kept_as_a_contact(anna_lead):
    PersonContact.objects.create(person=anna_lead.person, value="+31687654321")
    dealer = anna_lead.dealer
    assert persons_with(dealer.pk, ["+31687654321"], []) == [anna_lead.person]
    assert lead_for(dealer, ["+31687654321"], [], FIRST + timedelta(days=1)) == anna_lead
    assert persons_with(dealer.pk, [], []) == []


def test_persons_met_by_one_inquiry_become_the_oldest_with_every_key(anna_lead):
    dealer, anna = anna_lead.dealer, anna_lead.person
    ans = Person.objects.create(dealer=dealer, phone="+31699999999", email="ans@example.nl")
    Lead.objects.create(dealer=dealer, person=ans, source=anna_lead.source, received_at=FIRST)
    identities: Identities[Person, Lead] = Identities()
    phones, emails = ["+31699999999"], ["anna@example.nl", "a2@example.nl"]
    stored = {p.pk: v for p, v in teach(identities, dealer.pk, phones, emails, (FIRST, FIRST))}
    found = identities.match(contact_keys(dealer.pk, phones, emails), FIRST)
    assert (found.person, found.absorbed) == (anna, [ans])
    join_persons(anna, found.absorbed, stored, phones + emails)
    assert not Person.objects.filter(pk=ans.pk).exists()
    assert set(Lead.objects.values_list("person", flat=True)) == {anna.pk}
    for value in ("+31699999999", "ans@example.nl", "a2@example.nl"):
        assert persons_with(dealer.pk, [value], []) == [anna]
    assert PersonContact.objects.filter(person=anna).count() == 3
