"""Login throttling, the content security policy, intake limits and `check --deploy`."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from cast import PASSWORD
from django.contrib.auth import authenticate
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from scoreline.ops.csp import DEFAULT_POLICY, ContentSecurityPolicyMiddleware
from scoreline.ops.limits import guard_intake, hit
from scoreline.ops.throttle import ThrottledAuthenticationForm, failures
from security.seeded import SeededCast as Cast


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


@pytest.fixture
def throttled(settings) -> None:  # type: ignore[no-untyped-def]
    settings.AXES_FAILURE_LIMIT = 3


def _login(username: str, password: str, address: str = "10.0.0.1") -> object:
    request = RequestFactory().post("/login/", REMOTE_ADDR=address)
    return authenticate(request, username=username, password=password)


def test_a_locked_username_is_refused_even_with_the_right_password(cast: Cast, throttled) -> None:
    for _ in range(3):
        assert _login("sanne", "guess") is None

    assert _login("sanne", PASSWORD) is None
    assert _login("sanne", PASSWORD, address="10.0.0.2") == cast.sanne


def test_flooding_the_cache_between_wrong_passwords_does_not_unlock(cast: Cast, settings) -> None:
    """The failures live in the database: a cache that forgets (full, cleared) changes nothing,
    and the documented limit, five, holds."""
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(5):
        assert _login("sanne", "guess") is None
        for i in range(400):  # what 700 requests to /intake/<random>/ did to the file cache
            cache.set(f"flood-{i}", i)
        cache.clear()

    assert failures("sanne", "10.0.0.1") == 5
    assert _login("sanne", PASSWORD) is None
    assert _login("sanne", PASSWORD, address="10.0.0.2") == cast.sanne


def test_a_good_login_forgets_earlier_failures(cast: Cast, throttled, client) -> None:
    for _ in range(2):
        client.post("/login/", {"username": "sanne", "password": "guess"})
    assert failures("sanne", "127.0.0.1") == 2

    response = client.post("/login/", {"username": "sanne", "password": PASSWORD})

    assert response.status_code == 302
    assert failures("sanne", "127.0.0.1") == 0


def test_the_login_form_says_the_account_is_locked(cast: Cast, throttled) -> None:
    for _ in range(3):
        _login("SANNE", "guess")  # usernames count case-insensitively
    request = RequestFactory().post("/login/", REMOTE_ADDR="10.0.0.1")

    form = ThrottledAuthenticationForm(request, data={"username": "sanne", "password": PASSWORD})

    assert not form.is_valid()
    assert "Too many failed logins" in str(form.errors)


def test_every_response_carries_the_policy(rf: RequestFactory) -> None:
    middleware = ContentSecurityPolicyMiddleware(lambda request: HttpResponse("ok"))

    response = middleware(rf.get("/"))

    assert response["Content-Security-Policy"] == DEFAULT_POLICY
    assert "script-src 'self'" in DEFAULT_POLICY and "unsafe-eval" not in DEFAULT_POLICY


def test_a_view_may_set_its_own_policy(rf: RequestFactory) -> None:
    def view(request: HttpRequest) -> HttpResponse:
        response = HttpResponse("ok")
        response["Content-Security-Policy"] = "default-src 'none'"
        return response

    assert ContentSecurityPolicyMiddleware(view)(rf.get("/"))["Content-Security-Policy"] == (
        "default-src 'none'"
    )


@guard_intake(max_bytes=100, per_minute=3, key=lambda request, source: source)
def _intake(request: HttpRequest, source: str) -> HttpResponse:
    return HttpResponse(request.body, status=202)


def test_an_oversized_body_is_refused_before_it_is_read(rf: RequestFactory) -> None:
    request = rf.post("/intake/x", data=b"x" * 101, content_type="application/json")

    response = _intake(request, "website")

    assert response.status_code == 413
    assert b"over 100 bytes" in response.content


def test_a_source_over_its_rate_is_told_when_to_retry(rf: RequestFactory) -> None:
    codes = [
        _intake(rf.post("/intake/x", data=b"{}", content_type="x"), "autotrack").status_code
        for _ in range(4)
    ]
    other = _intake(rf.post("/intake/x", data=b"{}", content_type="x"), "website")

    assert codes == [202, 202, 202, 429]
    assert other.status_code == 202


def test_the_rate_window_resets() -> None:
    assert hit("k", 1, 60, now=120.0) == (True, 61)
    assert hit("k", 1, 60, now=150.0)[0] is False
    assert hit("k", 1, 60, now=180.0)[0] is True


@pytest.mark.slow
def test_the_deploy_check_is_clean_in_production(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "p" * 20 + "-production-secret-key-with-enough-variety-0123456789",
        "SECURE_SSL_REDIRECT": "1",
        "SCORELINE_VAR_DIR": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests, never in production
    command = [sys.executable, "-m", "scoreline.cli", "check", "--deploy", "--fail-level", "ERROR"]

    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)

    assert done.returncode == 0, done.stderr
    warnings = set(re.findall(r"\((security\.\w+)\)", done.stderr))
    assert warnings <= {"security.W021"}, done.stderr  # HSTS preload is a choice, not a gap
