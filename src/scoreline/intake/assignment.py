"""Who gets a new lead: round robin among the dealer's salespeople on duty, by rule.

A dealer's rules (intake.models.AssignmentRule) may narrow a lead to a make or to new/used and
to a team; the most specific matching rule decides. Salespeople off duty (absent) are skipped.
A dealer without a matching rule gets a catch-all rule, so every lead is assigned when anyone
is on duty. A manager may reassign; every assignment is a LeadEvent on the audit trail.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from scoreline.dealers.models import Membership, Role, User
from scoreline.followup import actions
from scoreline.followup.clocks import restart_response_clock
from scoreline.intake.models import AssignmentRule
from scoreline.leads import audit
from scoreline.leads.models import Lead

CATCH_ALL_RULE = "Everyone on duty"


def assign_new_lead(lead: Lead, *, at: datetime | None = None) -> User | None:
    """Give the lead to the next salesperson on duty under its rule; None when nobody is on duty.

    The choice is recorded on the rule, and the assignment goes through the follow-up engine's
    `reassign` (audit trail, notification to the salesperson).
    """
    with transaction.atomic():
        rotation = Rotation.load(lead.dealer_id)
        choice = rotation.next(lead)
        rotation.save()
        if choice is None:
            return None
        rule, chosen = choice
        actions.reassign(
            lead, chosen, by=None, reason=[audit.said("by_rule", rule=rule.name)], at=at
        )
    return chosen


def assign_lead(
    lead: Lead, *, exclude: Iterable[User] = (), at: datetime | None = None
) -> User | None:
    """The salesperson an escalated lead goes to: the next by its rule, other than `exclude`.

    The follow-up engine's escalation calls this, then reassigns the lead itself (the lead
    row is not changed here). The one chosen gets a fresh response clock from `at` (default
    now): a reminder and a breach of their own (`clocks.restart_response_clock`).
    """
    with transaction.atomic():
        rotation = Rotation.load(lead.dealer_id)
        choice = rotation.next(lead, exclude={u.pk for u in exclude})
        rotation.save()
        if choice is None:
            return None
        restart_response_clock(lead, at=at or timezone.now())
    return choice[1]


@dataclass
class Rotation:
    """A dealer's rules (rows locked) and who is on duty, read once for any number of leads.

    1. The most specific active rule for a lead's make and new/used wins (else the catch-all).
    2. Its people are the on-duty salespeople of its team (or of the dealer), in id order.
    3. The next one after the rule's last choice gets the lead, wrapping around.
    """

    rules: list[AssignmentRule]
    on_duty: list[User]
    teams: dict[int, set[int]]
    changed: set[int] = field(default_factory=set)

    @classmethod
    def load(cls, dealer_id: int) -> Rotation:
        rules = list(
            AssignmentRule.objects.select_for_update().filter(dealer=dealer_id, is_active=True)
        )
        if not any(r.name == CATCH_ALL_RULE for r in rules):
            AssignmentRule.objects.get_or_create(dealer_id=dealer_id, name=CATCH_ALL_RULE)
            rules.append(
                AssignmentRule.objects.select_for_update().get(
                    dealer=dealer_id, name=CATCH_ALL_RULE
                )
            )
        teams: dict[int, set[int]] = {}
        links = AssignmentRule.salespeople.through.objects.filter(assignmentrule__in=rules)
        for rule_id, user_id in links.values_list("assignmentrule_id", "user_id"):
            teams.setdefault(rule_id, set()).add(user_id)
        duty = Membership.objects.filter(dealer=dealer_id, role=Role.SALESPERSON, on_duty=True)
        people = User.objects.filter(pk__in=duty.values("user"), is_active=True).order_by("pk")
        return cls(rules, list(people), teams)

    def next(
        self, lead: Lead, exclude: set[int] | None = None
    ) -> tuple[AssignmentRule, User] | None:
        rule = self.rule_for(lead.vehicle_make, lead.vehicle_condition)
        team = self.teams.get(rule.pk)
        people = [
            p
            for p in self.on_duty
            if (team is None or p.pk in team) and p.pk not in (exclude or ())
        ]
        if not people:
            return None
        last = rule.last_assigned_id
        chosen = next((p for p in people if last is not None and p.pk > last), people[0])
        rule.last_assigned = chosen
        self.changed.add(rule.pk)
        return rule, chosen

    def rule_for(self, make: str, condition: str) -> AssignmentRule:
        matching = [r for r in self.rules if r.matches(make, condition)]
        return min(matching, key=lambda r: (-r.specificity, r.priority, r.pk))

    def save(self) -> None:
        for rule in self.rules:
            if rule.pk in self.changed:
                rule.save(update_fields=["last_assigned"])
        self.changed.clear()
