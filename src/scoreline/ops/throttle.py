"""Login throttling: too many failed logins for one username from one address locks it a while.

Failures are counted in Django's cache (use a shared cache such as Redis in production, so
every web process sees the same count). Wire it in settings:

    AUTHENTICATION_BACKENDS = ["scoreline.ops.throttle.ThrottledModelBackend"]

and, for a clear message on the login page, `ThrottledAuthenticationForm` as the login view's
`authentication_form`.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

MAX_FAILURES = 5
LOCK_SECONDS = 15 * 60


def max_failures() -> int:
    return int(getattr(settings, "LOGIN_MAX_FAILURES", MAX_FAILURES))


def lock_seconds() -> int:
    return int(getattr(settings, "LOGIN_LOCK_SECONDS", LOCK_SECONDS))


def client_address(request: HttpRequest | None) -> str:
    """REMOTE_ADDR: behind a proxy, have the proxy (not the client) set it (docs/operations.md)."""
    return (request.META.get("REMOTE_ADDR", "") if request is not None else "") or "unknown"


def _key(username: str, address: str) -> str:
    raw = f"{username.strip().lower()}\0{address}".encode()
    return "login-failures:" + hashlib.sha256(raw).hexdigest()


def failures(username: str, address: str) -> int:
    return int(cache.get(_key(username, address), 0))


def is_locked(username: str, address: str) -> bool:
    return failures(username, address) >= max_failures()


def record_failure(username: str, address: str) -> int:
    """Count one failure; each failure restarts the window, so slow guessing gains nothing."""
    key = _key(username, address)
    count = int(cache.get(key, 0)) + 1
    cache.set(key, count, lock_seconds())
    return count


def clear_failures(username: str, address: str) -> None:
    cache.delete(_key(username, address))


class ThrottledModelBackend(ModelBackend):
    """Django's password check, refused outright while the username+address pair is locked."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        name = username or kwargs.get("username") or ""
        address = client_address(request)
        if is_locked(name, address):
            # PermissionDenied stops Django trying other backends: a correct password fails too.
            raise PermissionDenied("too many failed logins")
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            record_failure(name, address)
        else:
            clear_failures(name, address)
        return user


class ThrottledAuthenticationForm(AuthenticationForm):
    """The login form, saying plainly when the account is locked instead of 'wrong password'."""

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        if is_locked(username, client_address(self.request)):
            minutes = max(1, lock_seconds() // 60)
            raise ValidationError(
                _("Too many failed logins. Try again in %(minutes)d minutes."),
                code="locked",
                params={"minutes": minutes},
            )
        return super().clean()
