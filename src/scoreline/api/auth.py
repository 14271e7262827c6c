"""Who is calling the API: an integration's token, or a signed-in person's session.

Either way the caller becomes a `Caller`: the dealers it may see and whether it may write.
Everything the API reads is filtered by `Caller.dealer_ids`; nothing else grants access.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from scoreline.api.models import ApiToken, hash_token
from scoreline.dealers.models import Dealer, Membership, User
from scoreline.dealers.roles import MANAGER_ROLES, WRITING_ROLES

# A token's last_used_at is written at most this often, so reads stay reads.
LAST_USED_RESOLUTION_S = 60


@dataclass(frozen=True)
class Caller:
    dealer_ids: frozenset[int]
    writable_dealer_ids: frozenset[int]
    overriding_dealer_ids: frozenset[int]
    user: User | None = None
    token: ApiToken | None = None

    @property
    def can_write(self) -> bool:
        return bool(self.writable_dealer_ids)


def caller_for_token(token: ApiToken) -> Caller:
    dealer_ids = frozenset(token.dealers.filter(is_active=True).values_list("pk", flat=True))
    writable = dealer_ids if token.can_write else frozenset()
    return Caller(dealer_ids, writable, frozenset(), token=token)


def caller_for_user(user: User) -> Caller:
    """A person's dealers from their memberships; superusers act as admin everywhere."""
    if user.is_superuser:
        every = frozenset(Dealer.objects.values_list("pk", flat=True))
        return Caller(every, every, every, user=user)
    pairs = list(Membership.objects.filter(user=user).values_list("dealer_id", "role"))
    return Caller(
        dealer_ids=frozenset(d for d, _ in pairs),
        writable_dealer_ids=frozenset(d for d, r in pairs if r in WRITING_ROLES),
        overriding_dealer_ids=frozenset(d for d, r in pairs if r in MANAGER_ROLES),
        user=user,
    )


def find_token(raw: str) -> ApiToken | None:
    token = ApiToken.objects.active().filter(key_hash=hash_token(raw)).first()
    if token is not None:
        _touch(token)
    return token


def _touch(token: ApiToken) -> None:
    now = timezone.now()
    last = token.last_used_at
    if last is None or (now - last).total_seconds() > LAST_USED_RESOLUTION_S:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)


class TokenAuth(HttpBearer):
    """`Authorization: Bearer sl_…` — an integration's token."""

    def authenticate(self, request: HttpRequest, token: str) -> Caller | None:
        found = find_token(token.strip()) if token else None
        return caller_for_token(found) if found else None


class SessionCallerAuth(SessionAuth):
    """A signed-in person's session cookie (CSRF checked on writes, as on the pages)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return caller_for_user(user) if user is not None else None


def caller_of(request: HttpRequest) -> Caller:
    caller = getattr(request, "auth", None)
    assert isinstance(caller, Caller), "API views run behind TokenAuth or SessionCallerAuth"
    return caller
