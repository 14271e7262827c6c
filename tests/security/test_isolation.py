"""The tenant isolation matrix: every caller of Autohuis Noord × every API endpoint and every page
× Autohuis Zuid's objects → 403/404, nothing of Zuid in any answer, and Zuid's data unchanged.

Endpoints are read from the OpenAPI schema and pages from scoreline.web's URL patterns, so a
new endpoint or page is in the matrix the day it is added.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.test import Client, TestCase, override_settings
from django.urls import URLPattern, URLResolver

import scoreline.web.urls
from scoreline.api.urls import api
from scoreline.ops.backup import fingerprint
from scoreline.planning.models import Plan
from security.cast import RECEIVED, Cast, build_cast

FAST = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A sample body per API write, aimed at Zuid; a new POST endpoint must add its own here.
API_BODIES = {
    "/api/v1/leads": {"dealer": "zuid", "source": "marktplaats", "email": "intruder@example.com"},
    "/api/v1/leads/{lead_id}/status": {"status": "won"},
    "/api/v1/leads/{lead_id}/activities": {"kind": "call", "outcome": "reached"},
}
# Pages that are not about a dealer's data.
PUBLIC_PAGES = {"login", "logout"}
SESSION_USERS = ["sam", "mia", "mark", "dirk", "ada", "nobody"]
TOKENS = ["noord_read", "noord_write"]


def zuid_markers(cast: Cast) -> list[str]:
    """Text that would show a Zuid lead leaked: its people and the dealer's name."""
    marks = [cast.zuid.name]
    for lead in cast.zuid_leads:
        marks += [lead.person.email, lead.person.phone, lead.person.last_name]
    return marks


def api_operations() -> list[tuple[str, str]]:
    schema = api.get_openapi_schema()
    return [(path, method.upper()) for path, ops in schema["paths"].items() for method in ops]


def web_patterns(patterns: list[Any] | None = None, prefix: str = "") -> list[tuple[str, str]]:
    """(route, name) of every page under scoreline.web, nested includes flattened."""
    found = []
    for entry in patterns if patterns is not None else scoreline.web.urls.urlpatterns:
        if isinstance(entry, URLResolver):
            found += web_patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            found.append((prefix + str(entry.pattern), entry.name or ""))
    return found


def fill(route: str, cast: Cast) -> str:
    """A route with every parameter pointing at Zuid: its lead, its slug."""
    values = {
        "lead_id": str(cast.zuid_lead.pk),
        "slug": cast.zuid.slug,
        "pk": str(cast.zuid_lead.pk),
        "plan_id": str(Plan.objects.get(dealer=cast.zuid).pk),
    }

    def value(match: re.Match[str]) -> str:
        return values.get(match.group("name"), "standard")

    return re.sub(r"[<{](?:(?P<conv>\w+):)?(?P<name>\w+)[>}]", value, route)


@override_settings(PASSWORD_HASHERS=FAST)
class IsolationMatrix(TestCase):
    cast: Cast

    @classmethod
    def setUpTestData(cls) -> None:
        cls.cast = build_cast()
        Plan.objects.create(dealer=cls.cast.zuid, year=2025, version=1, created_at=RECEIVED)

    def zuid_state(self) -> Any:
        leads = fingerprint()
        zuid = self.cast.zuid
        return (
            leads["counts"],
            list(zuid.leads.order_by("pk").values()),
            list(zuid.leads.values_list("activities__pk", "activities__kind").order_by("pk")),
        )

    def callers(self) -> list[tuple[str, Client]]:
        found = []
        for name in TOKENS:
            found.append((name, Client(HTTP_AUTHORIZATION=f"Bearer {self.cast.tokens[name]}")))
        for name in SESSION_USERS:
            client = Client()
            client.force_login(self.cast.users[name])
            found.append((name, client))
        return found

    def assert_no_leak(self, content: bytes, where: str) -> None:
        text = content.decode("utf-8", "replace")
        for mark in zuid_markers(self.cast):
            self.assertNotIn(mark, text, f"{where} shows {mark!r} of Autohuis Zuid")

    def test_every_api_endpoint_refuses_or_hides_zuid(self) -> None:
        operations = api_operations()
        self.assertGreaterEqual(len(operations), 7)
        before = self.zuid_state()
        for caller, client in self.callers():
            for route, method in operations:
                with self.subTest(caller=caller, method=method, route=route):
                    self.check_api(client, route, method)
        self.assertEqual(self.zuid_state(), before)

    def check_api(self, client: Client, route: str, method: str) -> None:
        path = fill(route, self.cast)
        where = f"{method} {path}"
        if method == "GET":
            response = client.get(path, {"dealer": self.cast.zuid.slug})
        else:
            self.assertIn(route, API_BODIES, f"add a sample body for {route} to API_BODIES")
            body = json.dumps(API_BODIES[route])
            response = client.generic(method, path, body, content_type="application/json")
        targets_zuid = "{" in route or method != "GET" or route.endswith("/report")
        if targets_zuid:
            self.assertIn(response.status_code, (403, 404), f"{where}: {response.content[:300]!r}")
        else:
            self.assertLess(response.status_code, 500, where)
        self.assert_no_leak(response.content, where)

    def test_every_page_refuses_or_hides_zuid(self) -> None:
        pages = [(r, n) for r, n in web_patterns() if n not in PUBLIC_PAGES]
        self.assertGreaterEqual(len(pages), 5)
        before = self.zuid_state()
        for caller, client in self.callers():
            if caller in TOKENS:
                continue  # API tokens do not open pages
            for route, name in pages:
                with self.subTest(caller=caller, page=name, route=route):
                    self.check_page(client, route)
        self.assertEqual(self.zuid_state(), before)

    def check_page(self, client: Client, route: str) -> None:
        path = "/" + fill(route, self.cast)
        got = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
        self.assertLess(got.status_code, 500, f"GET {path}")
        self.assert_no_leak(got.content, f"GET {path}")
        if "<" not in route:
            return
        self.assertIn(got.status_code, (403, 404, 405), f"GET {path} opened Zuid's page")
        posted = client.post(path, {"outcome": "reached", "reason": "x", "assigned_to": "1"})
        self.assertIn(posted.status_code, (403, 404, 405), f"POST {path}")
        self.assert_no_leak(posted.content, f"POST {path}")

    def test_api_lists_and_counts_hold_only_noord(self) -> None:
        for caller, client in self.callers():
            with self.subTest(caller=caller):
                body = client.get("/api/v1/leads", {"limit": 200}).json()
                if caller == "nobody":
                    self.assertEqual(body["count"], 0)
                    continue
                self.assertEqual(body["count"], len(self.cast.noord_leads))
                self.assertEqual({item["dealer"] for item in body["items"]}, {"noord"})

    def test_anonymous_callers_get_nothing(self) -> None:
        client = Client()
        for route, method in api_operations():
            with self.subTest(route=route, method=method):
                path = fill(route, self.cast)
                response = client.generic(method, path, "{}", content_type="application/json")
                self.assertEqual(response.status_code, 401, path)
        for route, name in web_patterns():
            if name in PUBLIC_PAGES:
                continue
            with self.subTest(page=name):
                response = client.get("/" + fill(route, self.cast))
                self.assertIn(response.status_code, (302, 403, 404, 405), route)
                self.assert_no_leak(response.content, route)
