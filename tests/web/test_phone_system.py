"""Marco sets up Noord's phone system: a call endpoint shown once, extensions, the calls that
match nothing; the board and the lead page show what the phone system confirmed."""

from __future__ import annotations

import re
from datetime import timedelta

from cast import Cast, logged_in, make_lead
from django.utils import timezone

from scoreline.followup import actions
from scoreline.followup.models import ActivityKind, Evidence
from scoreline.intake.models import CallMatch, Extension, IntakeEndpoint, PhoneCall


def test_a_call_endpoint_is_made_like_a_lead_endpoint_and_a_twilio_one_needs_its_token(
    cast: Cast,
) -> None:
    marco = logged_in(cast.marco)
    refused = marco.post(
        "/settings/noord/endpoints/",
        {"name": "Twilio", "source": cast.website.pk, "format": "twilio"},
    )
    assert refused.status_code == 422 and "auth token" in refused.content.decode()
    made = marco.post(
        "/settings/noord/endpoints/",
        {"name": "PBX", "source": cast.website.pk, "format": "asterisk"},
    )
    assert made.status_code == 201
    assert re.search(r'value="http://testserver/intake/[^/"]+/"', made.content.decode())
    assert IntakeEndpoint.objects.get().format == "asterisk"


def test_marco_gives_an_extension_to_a_salesperson_and_only_managers_may(cast: Cast) -> None:
    assert logged_in(cast.sanne).post(
        "/settings/noord/extension/", {"number": "201", "person": cast.sanne.pk}
    ).status_code in (403, 404)
    marco = logged_in(cast.marco)
    saved = marco.post("/settings/noord/extension/", {"number": "201", "person": cast.sanne.pk})
    assert saved.status_code == 302
    marco.post("/settings/noord/extension/", {"number": "201", "person": cast.bram.pk})
    assert Extension.objects.get(dealer=cast.noord).person == cast.bram  # given anew, once
    page = marco.get("/settings/noord/").content.decode()
    assert "201" in page and "Bram" in page


def test_calls_that_match_no_lead_are_listed_for_the_manager(cast: Cast) -> None:
    PhoneCall.objects.create(
        dealer=cast.noord,
        call_id="1741594323.18",
        started_at=timezone.now() - timedelta(hours=1),
        direction="out",
        remote="0622222222",
        number="+31622222222",
        extension="201",
        match=CallMatch.UNMATCHED,
    )
    page = logged_in(cast.marco).get("/calls/noord/unmatched/")
    assert page.status_code == 200 and "+31622222222" in page.content.decode()
    assert logged_in(cast.sanne).get("/calls/noord/unmatched/").status_code == 403
    board = logged_in(cast.marco).get("/board/noord/").content.decode()
    assert "1 call from the phone system matches no lead" in board


def test_the_board_and_the_lead_show_what_the_phone_system_confirmed(cast: Cast) -> None:
    lead = make_lead(cast, to=cast.sanne, received_at=timezone.now() - timedelta(hours=3))
    at = timezone.now() - timedelta(hours=2)
    actions.log_activity(
        lead, ActivityKind.CALL, by=cast.sanne, at=at, evidence=Evidence.PHONE_SYSTEM
    )
    actions.log_activity(lead, ActivityKind.CALL, by=cast.sanne, at=at + timedelta(hours=1))
    # The last 30 days, not this month: on a month's first hour the calls fall in the last one.
    board = logged_in(cast.marco).get("/board/noord/?period=thirty").content.decode()
    assert "Calls confirmed" in board and "50%" in board.replace("\u00a0", "")
    page = logged_in(cast.marco).get(f"/leads/{lead.pk}/").content.decode()
    assert page.count("not confirmed") == 1 and "Phone system" in page
