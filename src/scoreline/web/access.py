"""Scoped fetches: every page gets its dealers and leads here, checked against the user's roles.

A user sees only the dealers where they hold a role (a superuser sees all). Something outside
that scope is answered as "not found", so a page never tells that another dealer's lead exists.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from scoreline.dealers.models import Dealer, Membership, Role, User
from scoreline.dealers.roles import MANAGER_ROLES
from scoreline.intake.models import IntakeEndpoint
from scoreline.leads.models import Lead, LeadQuerySet, MonthlyCost

MANAGERS = MANAGER_ROLES

PAGE_ROLES: dict[str, frozenset[str]] = {
    "my_leads": frozenset({Role.SALESPERSON, *MANAGERS}),
    "board": MANAGERS,
    "scoreboard": frozenset({Role.MARKETING, *MANAGERS}),
    "group": frozenset({Role.DIRECTOR, Role.ADMIN}),
    "plan": frozenset({Role.MARKETING, Role.DIRECTOR, Role.ADMIN}),
    "settings": frozenset({Role.SALES_MANAGER, Role.DIRECTOR, Role.ADMIN}),
    "imports": frozenset({Role.MARKETING, *MANAGERS}),
}

# The page a role opens first, in order of precedence for people holding several roles.
LANDING: list[tuple[str, str]] = [
    (Role.DIRECTOR, "group"),
    (Role.SALES_MANAGER, "board"),
    (Role.MARKETING, "scoreboard"),
    (Role.SALESPERSON, "my_leads"),
    (Role.ADMIN, "settings"),
]


def current_user(request: HttpRequest) -> User:
    """The logged-in user of a page behind login_required."""
    return cast(User, request.user)


def visible_dealers(user: User) -> QuerySet[Dealer]:
    """The dealers whose pages the user may open."""
    if user.is_superuser:
        return Dealer.objects.filter(is_active=True)
    return Dealer.objects.filter(memberships__user=user, is_active=True).distinct()


def roles_of(user: User) -> dict[int, set[str]]:
    """Roles per dealer id, read once per request (memberships are few)."""
    roles: dict[int, set[str]] = {}
    for dealer_id, role in Membership.objects.filter(user=user).values_list("dealer_id", "role"):
        roles.setdefault(dealer_id, set()).add(role)
    return roles


def has_role(user: User, dealer: Dealer, allowed: Iterable[str]) -> bool:
    if user.is_superuser:
        return True
    return bool(roles_of(user).get(dealer.pk, set()) & set(allowed))


def dealers_for_page(user: User, page: str) -> QuerySet[Dealer]:
    """The dealers where the user holds a role that opens this page."""
    dealers = visible_dealers(user)
    if user.is_superuser:
        return dealers
    return dealers.filter(memberships__user=user, memberships__role__in=PAGE_ROLES[page]).distinct()


def access_dealer(user: User, slug: str | None, page: str) -> Dealer:
    """The dealer for a page: the one named by slug, or the user's first one for that page.

    Raises Http404 for a dealer outside the user's scope and PermissionDenied when the user's
    roles there do not open this page.
    """
    if slug is None:
        dealer = dealers_for_page(user, page).first()
        if dealer is None:
            raise PermissionDenied(_("No dealer where your role opens this page."))
        return dealer
    try:
        dealer = visible_dealers(user).get(slug=slug)
    except Dealer.DoesNotExist:
        raise Http404(_("No dealer %(slug)s among yours.") % {"slug": slug}) from None
    if not has_role(user, dealer, PAGE_ROLES[page]):
        raise PermissionDenied(
            _("Your role at %(dealer)s does not open this page.") % {"dealer": dealer}
        )
    return dealer


def leads_for(user: User) -> LeadQuerySet:
    return Lead.objects.visible_to(user).select_related("dealer", "person", "source", "assigned_to")


def can_write_lead(user: User, lead: Lead) -> bool:
    """Managers work every lead of their dealer; salespeople their own and unassigned ones."""
    if user.is_superuser:
        return True
    roles = roles_of(user).get(lead.dealer_id, set())
    if roles & MANAGERS:
        return True
    return Role.SALESPERSON in roles and lead.assigned_to_id in (None, user.pk)


def can_manage_lead(user: User, lead: Lead) -> bool:
    return user.is_superuser or bool(roles_of(user).get(lead.dealer_id, set()) & MANAGERS)


def access_lead(user: User, lead_id: int, *, write: bool = False, manage: bool = False) -> Lead:
    """A lead the user may see; write=True: may work it; manage=True: may override or reassign."""
    try:
        lead = leads_for(user).get(pk=lead_id)
    except Lead.DoesNotExist:
        raise Http404(_("No lead %(id)s among your dealers' leads.") % {"id": lead_id}) from None
    if manage and not can_manage_lead(user, lead):
        raise PermissionDenied(
            _("Only a sales manager may do this for lead %(id)s.") % {"id": lead_id}
        )
    if write and not can_write_lead(user, lead):
        raise PermissionDenied(_("Lead %(id)s is assigned to someone else.") % {"id": lead_id})
    return lead


def landing_page(user: User) -> str:
    """The URL name of the page the user opens first, by their most senior role."""
    if user.is_superuser:
        return "group"
    held = {role for roles in roles_of(user).values() for role in roles}
    for role, page in LANDING:
        if role in held:
            return page
    return "no_role"


def access_cost(dealer: Dealer, cost_id: int) -> MonthlyCost:
    """One of the dealer's own monthly costs (another dealer's, or a shared one, is not found)."""
    try:
        return MonthlyCost.objects.select_related("source").get(pk=cost_id, dealer=dealer)
    except MonthlyCost.DoesNotExist:
        raise Http404(
            _("No monthly cost %(id)s of %(dealer)s.") % {"id": cost_id, "dealer": dealer}
        ) from None


def access_endpoint(dealer: Dealer, endpoint_id: int) -> IntakeEndpoint:
    """One of the dealer's own intake endpoints."""
    try:
        return IntakeEndpoint.objects.get(pk=endpoint_id, dealer=dealer)
    except IntakeEndpoint.DoesNotExist:
        raise Http404(
            _("No intake endpoint %(id)s of %(dealer)s.") % {"id": endpoint_id, "dealer": dealer}
        ) from None
