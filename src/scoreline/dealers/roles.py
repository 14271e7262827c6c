"""Who may do what at a dealer, and who is told: the one home of the role rules.

The pages, the API, the CLI and the worker all ask here, so a superuser (an administrator
everywhere) is never offered an override that the action then refuses.
"""

from __future__ import annotations

from collections.abc import Iterable

from scoreline.dealers.models import Dealer, Membership, Role, User

MANAGER_ROLES = frozenset({Role.SALES_MANAGER, Role.DIRECTOR, Role.ADMIN})
"""Who may override the standard's guard (with a reason), reassign leads and mark spam."""
WRITING_ROLES = frozenset({Role.SALESPERSON, *MANAGER_ROLES})
"""Who may change leads; marketing only reads them."""
FALLBACK_ROLES = (Role.DIRECTOR, Role.ADMIN)


def is_manager(user: User | None, dealer: Dealer) -> bool:
    """A superuser, or a sales manager, director or administrator at this dealer."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return Membership.objects.filter(user=user, dealer=dealer, role__in=MANAGER_ROLES).exists()


def works_at(user: User, dealer: Dealer) -> bool:
    """A superuser, or anyone holding a role at this dealer."""
    return user.is_superuser or Membership.objects.filter(user=user, dealer=dealer).exists()


def people_to_tell(dealer: Dealer, roles: Iterable[str]) -> list[User]:
    """The dealer's active holders of `roles`; without any, its directors and administrators,
    so a warning for a site without (say) a sales manager still reaches someone."""
    for wanted in (tuple(roles), FALLBACK_ROLES):
        people = list(
            User.objects.filter(
                memberships__dealer=dealer, memberships__role__in=wanted, is_active=True
            )
            .distinct()
            .order_by("pk")
        )
        if people:
            return people
    return []
