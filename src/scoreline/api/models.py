"""Integration tokens and the idempotency records that make a retried POST harmless."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from scoreline.dealers.models import Dealer

TOKEN_PREFIX = "sl_"


def hash_token(raw: str) -> str:
    """A token's sha256: random tokens need no slow hash, and the raw value is never stored."""
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """One integration's credential, limited to some dealers and to reading or writing."""

    name = models.CharField(_("name"), max_length=120)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    hint = models.CharField(
        _("hint"), max_length=12, editable=False, help_text=_("The first characters, to tell")
    )
    dealers = models.ManyToManyField(Dealer, related_name="api_tokens", verbose_name=_("dealers"))
    can_write = models.BooleanField(_("may write"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @staticmethod
    def new_raw_value() -> str:
        return TOKEN_PREFIX + secrets.token_urlsafe(32)


class IdempotencyRecord(models.Model):
    """A POST's key, what was asked and what was answered, so a retry gets the same answer."""

    token = models.ForeignKey(
        ApiToken, models.CASCADE, related_name="idempotency_records", null=True, blank=True
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", null=True, blank=True
    )
    key = models.CharField(_("key"), max_length=200)
    request_hash = models.CharField(_("request hash"), max_length=64)
    status_code = models.PositiveSmallIntegerField(_("status code"), null=True, blank=True)
    response_body = models.TextField(_("response body"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["token", "key"], condition=Q(token__isnull=False), name="key_once_per_token"
            ),
            models.UniqueConstraint(
                fields=["user", "key"], condition=Q(user__isnull=False), name="key_once_per_user"
            ),
            models.CheckConstraint(
                condition=Q(token__isnull=False) | Q(user__isnull=False),
                name="idempotency_has_owner",
            ),
        ]
        verbose_name = _("idempotency record")
        verbose_name_plural = _("idempotency records")

    def __str__(self) -> str:
        return self.key
