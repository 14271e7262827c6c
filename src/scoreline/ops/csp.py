"""Content-Security-Policy: every page may load scripts, styles and images only from itself.

Add "scoreline.ops.csp.ContentSecurityPolicyMiddleware" to MIDDLEWARE (after SecurityMiddleware).
CONTENT_SECURITY_POLICY in settings replaces the default policy; an empty string turns it off.
Inline styles are allowed (htmx inserts its indicator style); inline scripts are not.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

DEFAULT_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def policy() -> str:
    return str(getattr(settings, "CONTENT_SECURITY_POLICY", DEFAULT_POLICY))


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        value = policy()
        if value and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = value
        return response
