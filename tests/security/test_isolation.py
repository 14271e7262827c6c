"""The tenant isolation matrix: every caller of Autohuis Noord × every API endpoint and every page
× Garage Zuid's objects → 403/404, nothing of Zuid in any answer, and Zuid's data unchanged.

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
from scoreline.followup.models import OverrideRequest
from scoreline.leads.models import EventKind, LeadEvent
from scoreline.ops.backup import fingerprint
from scoreline.planning.models import Plan
from security.seeded import RECEIVED, build_seeded_cast
from security.seeded import SeededCast as Cast

FAST = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A sample body per API write, aimed at Zuid; a new POST endpoint must add its own here.
API_BODIES = {
    "/api/v1/leads": {"dealer": "zuid", "source": "marktplaats", "email": "intruder@example.com"},
    "/api/v1/leads/{lead_id}/status": {"status": "won"},
    "/api/v1/leads/{lead_id}/activities": {"kind": "call", "outcome": "reached"},
    "/api/v1/leads/{lead_id}/emails": {"subject": "Hallo", "body": "Van een indringer"},
    "/api/v1/leads/{lead_id}/override-requests": {"lost_reason": "not-reached", "why": "x"},
    "/api/v1/override-requests/{request_id}/approve": {"answer": "fine"},
    "/api/v1/override-requests/{request_id}/refuse": {"answer": "no"},
}
# Pages that are not about a dealer's data.
PUBLIC_PAGES = {"login", "logout"}
SESSION_USERS = ["sanne", "marco", "mila", "dirk", "ada", "nobody"]
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
        "request_id": str(OverrideRequest.objects.get(lead__dealer=cast.zuid).pk),
        "event_id": str(LeadEvent.objects.get(lead__dealer=cast.zuid, kind=EventKind.OVERRIDE).pk),
    }

    def value(match: re.Match[str]) -> str:
        return values.get(match.group("name"), "standard")

    return re.sub(r"[<{](?:(?P<conv>\w+):)?(?P<name>\w+)[>}]", value, route)


@override_settings(PASSWORD_HASHERS=FAST)
class IsolationMatrix(TestCase):
    cast: Cast

    @classmethod
    def setUpTestData(cls) -> None:
        cls.cast = build_seeded_cast()
        Plan.objects.create(dealer=cls.cast.zuid, year=2025, version=1, created_at=RECEIVED)
        # Zuid's override waiting for a manager, and one made: Noord may neither see nor decide.
        lead = cls.cast.zuid_lead
        OverrideRequest.objects.create(
            lead=lead, lost_reason=cls.cast.not_reached, reason="x", requested_at=RECEIVED
        )
        LeadEvent.objects.create(lead=lead, at=RECEIVED, kind=EventKind.OVERRIDE, reason="x")

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
            client.force_login(getattr(self.cast, name))
            found.append((name, client))
        return found

    def assert_no_leak(self, content: bytes, where: str) -> None:
        text = content.decode("utf-8", "replace")
        for mark in zuid_markers(self.cast):
            self.assertNotIn(mark, text, f"{where} shows {mark!r} of Garage Zuid")

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


# Every file a dealer's imports page takes, each row naming Zuid (and one a dealer to create).
ZUID_FILES = {
    "leads": (
        "lead_id,dealer,source,received_at,first_name,email\n"
        "X1,Garage Zuid,website,2025-03-14T10:00:00+01:00,Ivo,ivo@example.com\n"
    ),
    "activities": "lead_id,at,kind,outcome\nZ1,2025-03-14T10:00:00+01:00,call,reached\n",
    "costs": "dealer,source,month,amount\nGarage Zuid,website,2025-03,999999\n",
    "sales": (
        "dealer,ordered_at,first_name,email,order_id\n"
        "Garage Zuid,2025-03-20T12:00:00+01:00,Zoë,zoë@example.com,O-9\n"
    ),
    "calls": (
        "dealer,started_at,direction,from_number,to_number,answered,duration_s\n"
        "Garage Zuid,2025-03-14T10:00:00+01:00,out,+31201234567,+31612345675,true,60\n"
    ),
}
DEALERS_FILE = "dealer,timezone,country\nGarage Zuid,Asia/Tokyo,JP\nNieuw,Europe/Paris,FR\n"


@override_settings(PASSWORD_HASHERS=FAST)
class ImportsPageIsolation(TestCase):
    """Noord's imports page touches Noord only: a row naming Zuid is refused with its row number,
    dealers.csv is for administrators, and nothing of Zuid changes."""

    cast: Cast

    @classmethod
    def setUpTestData(cls) -> None:
        cls.cast = build_seeded_cast()
        zuid_lead = cls.cast.zuid_lead
        zuid_lead.inquiries.create(
            source=cls.cast.marktplaats,
            received_at=zuid_lead.received_at,
            provider_id="exchange:Z1",
        )

    def zuid_state(self) -> Any:
        from scoreline.dealers.models import Dealer
        from scoreline.leads.models import MonthlyCost

        zuid = Dealer.objects.filter(slug="zuid").values().get()
        leads = list(self.cast.zuid.leads.order_by("pk").values())
        activities = list(self.cast.zuid.leads.values_list("activities__pk").order_by("pk"))
        costs = list(MonthlyCost.objects.exclude(dealer=self.cast.noord).values())
        return zuid, leads, activities, costs, Dealer.objects.count()

    def upload(self, kind: str, text: str) -> Any:
        from django.core.files.uploadedfile import SimpleUploadedFile

        client = Client()
        client.force_login(self.cast.marco)
        upload = SimpleUploadedFile(f"{kind}.csv", text.encode())
        return client.post("/imports/noord/", {"kind": kind, "file": upload})

    def test_rows_naming_another_dealer_are_refused_with_their_row_number(self) -> None:
        from scoreline.intake import uploads
        from scoreline.intake.models import IntakeResult, Payload, PayloadStatus
        from scoreline.intake.processing import process_pending

        before = self.zuid_state()
        for kind, text in ZUID_FILES.items():
            self.assertEqual(self.upload(kind, text).status_code, 302, kind)
        for held in Payload.objects.filter(status=PayloadStatus.HELD):  # the leads preview
            self.assertTrue(uploads.confirm(held, {}))
        process_pending()
        self.assertEqual(self.zuid_state(), before)
        for payload in Payload.objects.all():
            result = IntakeResult.objects.get(payload=payload)
            kind = payload.meta["kind"]
            with self.subTest(kind=kind):
                self.assertEqual(result.status, "refused")
                self.assertIn(f"{kind}.csv, row 2", result.where)
                code = "missing_field" if kind == "activities" else "other_dealer"
                self.assertEqual(result.error_code, code, result.error)

    def test_a_dealers_file_is_not_taken_on_a_dealers_page(self) -> None:
        before = self.zuid_state()
        response = self.upload("dealers", DEALERS_FILE)
        self.assertEqual(response.status_code, 200)  # the form says the choice is not offered
        self.assertEqual(self.zuid_state(), before)

    def test_a_dealers_file_stored_for_a_dealer_is_refused_row_by_row(self) -> None:
        from scoreline.intake import processing
        from scoreline.intake.models import Format
        from scoreline.leads.models import Channel

        before = self.zuid_state()
        options = {"dealer": "Autohuis Noord", "may_change_dealers": True}
        payload = processing.receive(
            DEALERS_FILE.encode(),
            channel=Channel.SPREADSHEET,
            format=Format.EXCHANGE,
            dealer=self.cast.noord,
            meta={"file": "dealers.csv", "kind": "dealers", "options": options},
        )
        processing.claim(payload.pk)
        processing.process(payload)
        codes = set(payload.results.values_list("error_code", flat=True))
        self.assertEqual(codes, {"other_dealer"})
        self.assertEqual(self.zuid_state(), before)

    def test_the_command_line_reads_a_call_log_for_the_dealer_it_names(self) -> None:
        import tempfile
        from io import StringIO
        from pathlib import Path

        from django.core.management import CommandError, call_command

        before = self.zuid_state()
        record = {"dealer": "Garage Zuid", "started_at": "2025-03-14T10:00:00+01:00",
                  "direction": "out", "from_number": "+31201234567",
                  "to_number": "+31612345675", "answered": True}  # fmt: skip
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "calls.json"
            path.write_text(json.dumps({"records": [record]}))
            out = StringIO()
            with self.assertRaisesMessage(CommandError, "1 of 1 failed or had refused rows"):
                call_command(
                    "intake", "file", str(path), "--dealer", "noord", "--source", "website",
                    "--format", "json", stdout=out, stderr=StringIO(),
                )  # fmt: skip
        self.assertIn('"result": "refused"', out.getvalue())
        self.assertEqual(self.zuid_state(), before)
