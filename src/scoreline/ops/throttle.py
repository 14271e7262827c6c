"""Login throttling with django-axes: five failed logins for one username from one address lock
that pair for 15 minutes.

Failures are rows in the database (axes' AccessAttempt), counted in one transaction per
attempt, so no cache eviction clears them and parallel guesses are all counted. Settings wire
it (`AXES_*` in settings.py); this module says who the caller is and what the login page says.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


def client_address(request: HttpRequest | None) -> str | None:
    """REMOTE_ADDR: behind a proxy, have the proxy (not the client) set it (docs/operations.md).

    None when there is none (a request made in code): the address column holds IPs only.
    """
    return (request.META.get("REMOTE_ADDR") if request is not None else None) or None


def username_of(request: HttpRequest | None, credentials: dict[str, Any]) -> str:
    """The username as counted: trimmed and lower-cased, so "SAM" and "sam" share one count."""
    return str((credentials or {}).get("username") or "").strip().lower()


def failures(username: str, address: str) -> int:
    """Failed logins on record for this username from this address."""
    attempts = AccessAttempt.objects.filter(
        username=username.strip().lower(), ip_address=address
    ).values_list("failures_since_start", flat=True)
    return sum(attempts)


class ThrottledAuthenticationForm(AuthenticationForm):
    """The login form, saying plainly when the account is locked instead of 'wrong password'."""

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        if AxesProxyHandler.is_locked(self.request, {"username": username}):
            minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds()) // 60)
            raise ValidationError(
                _("Too many failed logins. Try again in %(minutes)d minutes."),
                code="locked",
                params={"minutes": minutes},
            )
        return super().clean()
