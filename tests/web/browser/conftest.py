"""Playwright on Debian's chromium against pytest-django's live server.

Screenshots go to artifacts/screenshots/ (git-ignored); the session prints the folder.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from cast import PASSWORD, Cast, build_cast

from scoreline.followup.models import CallScript
from web.history import make_history

# Playwright's sync API runs an event loop in this thread; Django's async-unsafe check would
# otherwise refuse the ORM calls the tests make between page steps.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = Path(__file__).resolve().parents[3] / "artifacts" / "screenshots"


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {SHOTS}")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server, settings):  # noqa: ANN001, ANN201
    """A fresh browser context per test, with the product's content security policy on."""
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE,
        "scoreline.ops.csp.ContentSecurityPolicyMiddleware",
    ]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.errors = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda message: _console_error(page, message))
    page.base = live_server.url  # type: ignore[attr-defined]
    yield page
    context.close()


def _console_error(page, message) -> None:  # noqa: ANN001
    """Script errors count; a refused request (409, 404) is the page working, not an error."""
    if message.type == "error" and not message.text.startswith("Failed to load resource"):
        page.errors.append(message.text)


def log_in(page, username: str) -> None:  # noqa: ANN001
    page.goto(page.base + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")


def shoot(page, name: str) -> None:  # noqa: ANN001
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def stage(transactional_db: None) -> Cast:
    """The cast (tests/cast.py) for a live server, Noord with a call script and its history."""
    cast = build_cast()
    noord = cast.noord
    CallScript.objects.create(
        dealer=noord,
        name="First call",
        body="Hello {name}, this is {salesperson} from Autohuis Noord. About the {car} —\n"
        "is now a good moment? 1. Confirm the car. 2. Offer a test drive. 3. Agree the next step.",
    )
    make_history(cast, days_ago=35)  # last month or before: inside the scoreboard's 12 months
    return cast
