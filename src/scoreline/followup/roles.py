"""Who at a dealer may override the standard and who is told when a clock breaks."""

from scoreline.dealers.models import Dealer, Membership, Role, User

MANAGER_ROLES = (Role.SALES_MANAGER, Role.DIRECTOR, Role.ADMIN)


def is_manager(user: User | None, dealer: Dealer) -> bool:
    """A sales manager, director or administrator at this dealer (not elsewhere)."""
    if user is None or not user.is_authenticated:
        return False
    return Membership.objects.filter(user=user, dealer=dealer, role__in=MANAGER_ROLES).exists()


def works_at(user: User, dealer: Dealer) -> bool:
    return Membership.objects.filter(user=user, dealer=dealer).exists()


def managers_to_tell(dealer: Dealer) -> list[User]:
    """The dealer's sales managers; without any, its directors and administrators."""
    for roles in ((Role.SALES_MANAGER,), (Role.DIRECTOR, Role.ADMIN)):
        people = list(
            User.objects.filter(
                memberships__dealer=dealer, memberships__role__in=roles, is_active=True
            )
            .distinct()
            .order_by("pk")
        )
        if people:
            return people
    return []
