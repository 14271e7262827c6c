"""Issuing and revoking integration tokens; the raw value is shown once and never stored."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from scoreline.api.models import ApiToken, hash_token
from scoreline.dealers.models import Dealer, User


@transaction.atomic
def issue_token(
    name: str, dealers: Iterable[Dealer], *, can_write: bool = False, by: User | None = None
) -> tuple[ApiToken, str]:
    """A new token for `dealers`; returns the row and the raw value to hand over once."""
    raw = ApiToken.new_raw_value()
    token = ApiToken.objects.create(
        name=name, key_hash=hash_token(raw), hint=raw[:8], can_write=can_write, created_by=by
    )
    token.dealers.set(list(dealers))
    return token, raw


def revoke_token(token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
