"""Who gets a new lead: round robin among the dealer's salespeople on duty, by rule.

A dealer's rules (intake.models.AssignmentRule) may narrow a lead to a make or to new/used and
to a team; the most specific matching rule decides. Salespeople off duty (absent) are skipped.
A dealer without a matching rule gets a catch-all rule, so every lead is assigned when anyone
is on duty. A manager may reassign; every assignment is a LeadEvent on the audit trail.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from scoreline.dealers.models import Membership, Role, User
from scoreline.followup import actions
from scoreline.followup.roles import is_manager
from scoreline.intake.models import AssignmentRule
from scoreline.leads.models import Lead

CATCH_ALL_RULE = "Everyone on duty"


def assign_new_lead(lead: Lead, *, at: datetime | None = None) -> User | None:
    """Give the lead to the next salesperson on duty under its rule; None when nobody is on duty.

    1. Pick the most specific active rule for the lead's make and new/used (or the catch-all).
    2. Lock it, take the on-duty salespeople it covers in a fixed order, and choose the one
       after the rule's last choice (wrapping around).
    3. Record the choice on the rule, the lead and the audit trail.
    """
    with transaction.atomic():
        rule = _locked(_rule_for(lead))
        people = list(on_duty_salespeople(rule))
        if not people:
            return None
        chosen = _after(people, rule.last_assigned_id)
        _record(rule, lead, chosen, at or timezone.now())
    return chosen


def _after(people: list[User], last_id: int | None) -> User:
    """The next person after the last one chosen, in id order, wrapping around."""
    return next((p for p in people if last_id is not None and p.pk > last_id), people[0])


def _record(rule: AssignmentRule, lead: Lead, chosen: User, at: datetime) -> None:
    rule.last_assigned = chosen
    rule.save(update_fields=["last_assigned"])
    actions.reassign(lead, chosen, by=None, reason=f"rule: {rule.name}", at=at)


def reassign(
    lead: Lead, to: User, *, by: User, reason: str = "", at: datetime | None = None
) -> bool:
    """A manager gives the lead to another salesperson of its dealer; recorded with who and why.

    The write (audit event, notification) is the follow-up engine's `reassign`.
    """
    if not (by.is_superuser or is_manager(by, lead.dealer)):
        raise PermissionDenied(f"{by} is not a sales manager at {lead.dealer}")
    if not _holds(to, lead, (Role.SALESPERSON, Role.SALES_MANAGER)):
        raise PermissionDenied(f"{to} does not sell at {lead.dealer}")
    return actions.reassign(lead, to, by=by, reason=reason, at=at)


def on_duty_salespeople(rule: AssignmentRule) -> QuerySet[User]:
    """The rule's team (or every salesperson of the dealer) who are on duty, in a fixed order."""
    duty = Membership.objects.filter(dealer=rule.dealer_id, role=Role.SALESPERSON, on_duty=True)
    people = User.objects.filter(pk__in=duty.values("user"), is_active=True)
    team = rule.salespeople.values("pk")
    if rule.salespeople.exists():
        people = people.filter(pk__in=team)
    return people.order_by("pk")


def _rule_for(lead: Lead) -> AssignmentRule:
    rules = [
        r
        for r in AssignmentRule.objects.filter(dealer=lead.dealer_id, is_active=True)
        if r.matches(lead.vehicle_make, lead.vehicle_condition)
    ]
    if rules:
        return min(rules, key=lambda r: (-r.specificity, r.priority, r.pk))
    rule, _ = AssignmentRule.objects.get_or_create(dealer_id=lead.dealer_id, name=CATCH_ALL_RULE)
    return rule


def _locked(rule: AssignmentRule) -> AssignmentRule:
    """The rule row locked for this transaction, so two imports never pick the same next person."""
    return AssignmentRule.objects.select_for_update().get(pk=rule.pk)


def _holds(user: User, lead: Lead, roles: tuple[str, ...]) -> bool:
    return Membership.objects.filter(user=user, dealer=lead.dealer_id, role__in=roles).exists()
