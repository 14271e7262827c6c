"""Assignment: round robin among salespeople on duty, by rule, and a manager's reassignment."""

from datetime import UTC, datetime

import pytest
from cast import build_cast

from scoreline.dealers.models import Membership, Role
from scoreline.followup.actions import reassign
from scoreline.followup.errors import InvalidChange, OverrideNotAllowed
from scoreline.intake.assignment import CATCH_ALL_RULE, assign_lead, assign_new_lead
from scoreline.intake.models import AssignmentRule
from scoreline.leads.models import EventKind, Lead, LeadEvent, Person

pytestmark = pytest.mark.django_db
RECEIVED = datetime(2025, 3, 14, 9, 0, tzinfo=UTC)


@pytest.fixture
def cast():
    return build_cast()


def new_lead(cast, make: str = "Kia", condition: str = "new") -> Lead:
    someone = Person.objects.create(dealer=cast.noord, email=f"p{Lead.objects.count()}@example.nl")
    return Lead.objects.create(
        dealer=cast.noord, person=someone, source=cast.website, received_at=RECEIVED,
        vehicle_make=make, vehicle_condition=condition,
    )  # fmt: skip


def owners(leads: list[Lead]) -> list[str]:
    return [lead.assigned_to.username if lead.assigned_to else None for lead in leads]


def test_without_rules_everyone_on_duty_takes_turns_and_the_absent_are_skipped(cast):
    leads = [new_lead(cast) for _ in range(4)]
    for lead in leads:
        assign_new_lead(lead)
    assert owners(leads) == ["sanne", "bram", "sanne", "bram"]  # Vera is off duty
    assert AssignmentRule.objects.get(dealer=cast.noord).name == CATCH_ALL_RULE


def test_someone_back_on_duty_joins_the_rotation(cast):
    Membership.objects.filter(user=cast.vera).update(on_duty=True)
    leads = [new_lead(cast) for _ in range(3)]
    for lead in leads:
        assign_new_lead(lead)
    assert owners(leads) == ["sanne", "bram", "vera"]


def test_a_rule_by_make_and_used_cars_goes_to_its_team(cast):
    used = AssignmentRule.objects.create(dealer=cast.noord, name="Used", condition="used")
    used.salespeople.set([cast.bram])
    kia_used = AssignmentRule.objects.create(
        dealer=cast.noord, name="Kia used", make="kia", condition="used"
    )
    kia_used.salespeople.set([cast.sanne])
    leads = [
        new_lead(cast, "Kia", "used"),
        new_lead(cast, "Volvo", "used"),
        new_lead(cast, "Kia", "new"),
    ]
    for lead in leads:
        assign_new_lead(lead)
    assert owners(leads) == ["sanne", "bram", "sanne"]
    reasons = list(
        LeadEvent.objects.filter(kind=EventKind.ASSIGNMENT).values_list("reason", flat=True)
    )
    assert reasons == ["rule: Kia used", "rule: Used", f"rule: {CATCH_ALL_RULE}"]


def test_nobody_on_duty_leaves_the_lead_unassigned(cast):
    Membership.objects.filter(dealer=cast.noord, role=Role.SALESPERSON).update(on_duty=False)
    lead = new_lead(cast)
    assert assign_new_lead(lead) is None
    lead.refresh_from_db()
    assert lead.assigned_to is None


def test_a_manager_reassigns_and_it_is_recorded_with_who_and_why(cast):
    lead = new_lead(cast)
    assign_new_lead(lead)
    assert lead.assigned_to == cast.sanne
    assert reassign(lead, cast.bram, by=cast.marco, reason="Sanne is on holiday") is True
    lead.refresh_from_db()
    assert lead.assigned_to == cast.bram
    event = LeadEvent.objects.filter(kind=EventKind.ASSIGNMENT).last()
    assert (event.by, event.from_user, event.to_user, event.reason) == (
        cast.marco,
        cast.sanne,
        cast.bram,
        "Sanne is on holiday",
    )


def test_a_salesperson_cannot_reassign_and_nobody_gets_another_dealers_lead(cast):
    lead = new_lead(cast)
    with pytest.raises(OverrideNotAllowed, match="Autohuis Noord"):
        reassign(lead, cast.bram, by=cast.sanne)
    with pytest.raises(InvalidChange, match="Logan Lake .*Autohuis Noord"):
        reassign(lead, cast.logan, by=cast.marco)


def test_the_escalation_asks_for_someone_else_than_the_current_owner(cast):
    lead = new_lead(cast)
    assign_new_lead(lead)
    assert lead.assigned_to == cast.sanne
    assert assign_lead(lead, exclude=[cast.sanne]) == cast.bram
    lead.refresh_from_db()
    assert lead.assigned_to == cast.sanne  # choosing does not change the lead
    Membership.objects.filter(user=cast.bram).update(on_duty=False)
    assert assign_lead(lead, exclude=[cast.sanne]) is None
