"""The domain's invariants hold in the database itself, whichever code writes."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import IntegrityError, transaction

from scoreline.dealers.models import Dealer, Membership, Role, User
from scoreline.followup.models import Activity, ActivityKind, CallOutcome
from scoreline.leads.models import (
    Campaign,
    Channel,
    Inquiry,
    Lead,
    LeadEvent,
    LeadStatus,
    MonthlyCost,
    Person,
    Source,
)

pytestmark = pytest.mark.django_db
RECEIVED = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@pytest.fixture
def utrecht() -> Dealer:
    return Dealer.objects.create(name="Utrecht", slug="utrecht")


@pytest.fixture
def portal() -> Source:
    return Source.objects.create(name="AutoTrack", slug="autotrack")


@pytest.fixture
def lead(utrecht: Dealer, portal: Source) -> Lead:
    person = Person.objects.create(dealer=utrecht, last_name="Jansen", phone="+31612345678")
    return Lead.objects.create(dealer=utrecht, person=person, source=portal, received_at=RECEIVED)


def violates(create) -> bool:  # type: ignore[no-untyped-def]
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


def test_a_closed_lead_needs_its_closing_time(lead: Lead) -> None:
    lead.status = LeadStatus.WON
    assert violates(lead.save)
    lead.closed_at = RECEIVED + timedelta(days=3)
    assert not violates(lead.save)


def test_a_lost_lead_needs_a_reason(lead: Lead) -> None:
    lead.status, lead.closed_at = LeadStatus.LOST, RECEIVED + timedelta(days=3)
    assert violates(lead.save)


def test_a_first_response_cannot_precede_the_lead(lead: Lead) -> None:
    lead.first_response_at = RECEIVED - timedelta(minutes=1)
    assert violates(lead.save)


def test_an_unknown_status_is_refused(lead: Lead) -> None:
    lead.status = "buried"
    assert violates(lead.save)


def test_only_calls_carry_an_outcome(lead: Lead) -> None:
    def email_with_outcome() -> None:
        Activity.objects.create(
            lead=lead, kind=ActivityKind.EMAIL, at=RECEIVED, outcome=CallOutcome.REACHED
        )

    assert violates(email_with_outcome)
    call = Activity.objects.create(
        lead=lead, kind=ActivityKind.CALL, at=RECEIVED, outcome=CallOutcome.NO_ANSWER
    )
    assert call.pk is not None


def test_an_activity_needs_a_lead() -> None:
    assert violates(lambda: Activity.objects.create(kind=ActivityKind.CALL, at=RECEIVED))


def test_a_provider_lead_id_is_counted_once_per_source(lead: Lead, portal: Source) -> None:
    def arrival() -> Inquiry:
        return Inquiry.objects.create(
            lead=lead, source=portal, received_at=RECEIVED, channel=Channel.ADF, provider_id="A-1"
        )

    arrival()
    assert violates(arrival)
    Inquiry.objects.create(lead=lead, source=portal, received_at=RECEIVED, channel=Channel.ADF)
    Inquiry.objects.create(lead=lead, source=portal, received_at=RECEIVED, channel=Channel.ADF)
    assert lead.inquiries.count() == 3


def test_an_override_on_the_audit_trail_needs_a_reason(lead: Lead) -> None:
    assert violates(lambda: LeadEvent.objects.create(lead=lead, at=RECEIVED, kind="override"))
    LeadEvent.objects.create(lead=lead, at=RECEIVED, kind="override", reason="Customer emigrated")
    assert lead.events.count() == 1


def test_monthly_costs_are_per_whole_month_and_not_negative(
    utrecht: Dealer, portal: Source
) -> None:
    def cost(day: int, amount: int) -> MonthlyCost:
        return MonthlyCost.objects.create(
            dealer=utrecht, source=portal, month=date(2026, 3, day), amount=amount
        )

    assert violates(lambda: cost(15, 100))
    assert violates(lambda: cost(1, -5))
    cost(1, 1200)
    assert violates(lambda: cost(1, 900))


def test_a_campaign_cannot_end_before_it_starts(utrecht: Dealer, portal: Source) -> None:
    def campaign() -> Campaign:
        return Campaign.objects.create(
            dealer=utrecht,
            source=portal,
            name="Spring",
            starts_on=date(2026, 4, 1),
            ends_on=date(2026, 3, 1),
        )

    assert violates(campaign)


def test_people_see_only_the_leads_of_their_dealers(lead: Lead, portal: Source) -> None:
    amersfoort = Dealer.objects.create(name="Amersfoort", slug="amersfoort")
    elsewhere = Person.objects.create(dealer=amersfoort, last_name="Peeters")
    Lead.objects.create(dealer=amersfoort, person=elsewhere, source=portal, received_at=RECEIVED)
    sanne = User.objects.create_user("sanne")
    Membership.objects.create(user=sanne, dealer=lead.dealer, role=Role.SALESPERSON)
    Membership.objects.create(user=sanne, dealer=lead.dealer, role=Role.SALES_MANAGER)
    assert list(Lead.objects.visible_to(sanne)) == [lead]
    boss = User.objects.create_superuser("boss")
    assert Lead.objects.visible_to(boss).count() == 2
