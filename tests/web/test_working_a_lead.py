"""Working a lead from the pages: the same actions and the same guard as everywhere else."""

from __future__ import annotations

from datetime import timedelta

from cast import Cast, logged_in, make_lead
from django.utils import timezone, translation

from scoreline.followup import actions
from scoreline.followup.models import Activity
from scoreline.leads.models import EventKind, LeadStatus, Source
from scoreline.web.timeline import lead_timeline

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_a_salesperson_logs_a_call_in_one_post_and_the_clock_stops(cast: Cast) -> None:
    lead = make_lead(cast, to=cast.sanne)
    response = logged_in(cast.sanne).post(
        f"/leads/{lead.pk}/call/",
        {"outcome": "no_answer", "duration_s": "25", "part": "card"},
        **HTMX,
    )
    assert response.status_code == 200
    assert f'id="lead-{lead.pk}"' in response.content.decode()
    call = Activity.objects.get(lead=lead)
    assert (call.kind, call.outcome, call.duration_s, call.by) == (
        "call",
        "no_answer",
        25,
        cast.sanne,
    )
    lead.refresh_from_db()
    assert lead.first_response_at == call.at


def test_a_message_and_a_planned_follow_up_are_recorded(cast: Cast) -> None:
    lead = make_lead(cast, to=cast.sanne)
    sanne = logged_in(cast.sanne)
    sanne.post(f"/leads/{lead.pk}/message/", {"kind": "whatsapp", "note": "Brochure sent"})
    response = sanne.post(f"/leads/{lead.pk}/plan/", {"at": "2099-01-05T10:00"})
    assert response.status_code == 302
    assert Activity.objects.get(lead=lead).kind == "whatsapp"
    lead.refresh_from_db()
    assert lead.next_follow_up_at is not None and lead.next_follow_up_at.year == 2099


def test_closing_too_early_is_refused_and_the_page_says_what_is_missing(cast: Cast) -> None:
    lead = make_lead(cast, to=cast.sanne)
    sanne = logged_in(cast.sanne)
    sanne.post(f"/leads/{lead.pk}/call/", {"outcome": "no_answer"})
    response = sanne.post(f"/leads/{lead.pk}/close/", {"reason": cast.no_interest.pk})
    page = response.content.decode()
    assert response.status_code == 409
    assert "3 more call attempts" in page
    assert "written message" in page
    lead.refresh_from_db()
    assert lead.status == LeadStatus.OPEN


def test_a_salesperson_cannot_override_the_guard(cast: Cast) -> None:
    lead = make_lead(cast, to=cast.sanne)
    response = logged_in(cast.sanne).post(
        f"/leads/{lead.pk}/close/",
        {"reason": cast.no_interest.pk, "override_reason": "I know best"},
    )
    assert response.status_code == 403
    lead.refresh_from_db()
    assert lead.status == LeadStatus.OPEN


def test_the_manager_overrides_with_a_reason_and_the_board_lists_it_for_review(cast: Cast) -> None:
    lead = make_lead(cast, to=cast.sanne)
    marco = logged_in(cast.marco)
    response = marco.post(
        f"/leads/{lead.pk}/close/",
        {"reason": cast.no_interest.pk, "override_reason": "Bought elsewhere, told us in person"},
    )
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.status == LeadStatus.LOST
    assert lead.closed_without_standard is True
    assert lead.events.filter(kind=EventKind.OVERRIDE).exists()
    board = marco.get("/board/").content.decode()
    assert "Bought elsewhere, told us in person" in board


def test_a_duplicate_closes_at_once_when_it_names_the_lead_it_duplicates(cast: Cast) -> None:
    first = make_lead(cast, to=cast.sanne)
    lead = make_lead(cast, to=cast.sanne)  # the same phone and e-mail: the same person
    sanne = logged_in(cast.sanne)
    bare = sanne.post(f"/leads/{lead.pk}/close/", {"reason": cast.duplicate.pk})
    assert bare.status_code == 422 and b"needs the lead it duplicates" in bare.content
    named = {"reason": cast.duplicate.pk, "duplicate_of": first.pk}
    sanne.post(f"/leads/{lead.pk}/close/", named)
    lead.refresh_from_db()
    assert lead.status == LeadStatus.LOST
    assert f"duplicate of lead #{first.pk}" in lead.events.get().reason
    board = logged_in(cast.marco).get("/board/").content.decode()
    assert "<tr><td>Sanne Smit</td><td>1</td></tr>" in board


def test_the_manager_reassigns_from_the_board_in_one_action(cast: Cast) -> None:
    lead = make_lead(cast, to=cast.sanne)
    response = logged_in(cast.marco).post(
        f"/board/noord/reassign/{lead.pk}/", {"to": cast.bram.pk}, **HTMX
    )
    assert response.status_code == 200
    assert "Reassigned to Bram" in response.content.decode()
    lead.refresh_from_db()
    assert lead.assigned_to == cast.bram


def test_nobody_works_a_lead_outside_their_scope(cast: Cast) -> None:
    lead = make_lead(cast, to=cast.sanne)
    call = {"outcome": "reached"}
    assert logged_in(cast.olaf).post(f"/leads/{lead.pk}/call/", call).status_code == 404
    assert logged_in(cast.bram).post(f"/leads/{lead.pk}/call/", call).status_code == 403
    assert logged_in(cast.mila).post(f"/leads/{lead.pk}/call/", call).status_code == 403
    assert (
        logged_in(cast.sanne)
        .post(f"/board/noord/reassign/{lead.pk}/", {"to": cast.bram.pk})
        .status_code
        == 403
    )
    assert not Activity.objects.filter(lead=lead).exists()


def test_my_leads_puts_the_untouched_lead_before_the_answered_one(cast: Cast) -> None:
    answered = make_lead(cast, to=cast.sanne, name="Ann Answered")
    sanne = logged_in(cast.sanne)
    sanne.post(f"/leads/{answered.pk}/call/", {"outcome": "no_answer"})
    make_lead(cast, to=cast.sanne, name="Una Untouched")
    page = sanne.get("/leads/").content.decode()
    assert page.index("Una Untouched") < page.index("Ann Answered")


def test_the_lead_page_shows_the_timeline_and_the_audit_trail(cast: Cast) -> None:
    lead = make_lead(cast, to=cast.sanne)
    logged_in(cast.marco).post(
        f"/leads/{lead.pk}/reassign/", {"to": cast.bram.pk, "reason": "Sanne is off"}
    )
    logged_in(cast.bram).post(
        f"/leads/{lead.pk}/call/", {"outcome": "reached", "note": "Wants a test drive"}
    )
    page = logged_in(cast.bram).get(f"/leads/{lead.pk}/").content.decode()
    assert "Wants a test drive" in page
    assert "Sanne is off" in page
    assert "Volkswagen ID.4" in page


def test_a_sale_shows_once_on_the_timeline_as_the_status_change_with_its_note(
    cast: Cast,
) -> None:
    lead = make_lead(cast, to=cast.sanne)
    actions.mark_won(lead, by=cast.sanne, detail="Order 2025-114")

    with translation.override("en"):
        entries = [e for e in lead_timeline(lead) if "2025-114" in e.detail]

    assert [(e.kind, e.title) for e in entries] == [("event", "Status Open → Won")]


def test_a_follow_up_in_the_past_is_refused_with_the_reason(cast: Cast) -> None:
    lead = make_lead(cast, to=cast.sanne)
    response = logged_in(cast.sanne).post(f"/leads/{lead.pk}/plan/", {"at": "2001-01-05T10:00"})
    assert response.status_code == 422
    assert "not in the past" in response.content.decode()


def test_the_new_owner_is_told_on_her_page_and_can_mark_it_done(cast: Cast) -> None:
    lead = make_lead(cast, to=cast.bram, name="Noor Visser")
    logged_in(cast.marco).post(f"/board/noord/reassign/{lead.pk}/", {"to": cast.sanne.pk})
    sanne = logged_in(cast.sanne)
    page = sanne.get("/leads/").content.decode()
    assert "Noor Visser (Website" in page  # in her own language: the product default, nl
    note = cast.sanne.notifications.get()
    assert sanne.post(f"/notifications/{note.pk}/read/", {"next": "/leads/"}).status_code == 302
    assert "Noor Visser (Website" not in sanne.get("/leads/").content.decode()
    assert logged_in(cast.bram).post(f"/notifications/{note.pk}/read/").status_code == 404


def test_my_leads_puts_the_more_valuable_of_two_equally_urgent_leads_first(cast: Cast) -> None:
    """The showroom converts 8 in 10, the portal none in 10: a showroom lead is worth more."""
    now = timezone.now()
    for name, won in (("Showroom", 8), ("Portal", 0)):
        source = Source.objects.create(name=name, slug=name.lower())
        for index in range(10):
            lead = make_lead(
                cast, to=cast.bram, name=f"{name}{index} Old", received_at=now - timedelta(days=40)
            )
            lead.source = source
            lead.save(update_fields=["source"])
            if index < won:
                actions.mark_won(lead, at=now - timedelta(days=30), by=cast.bram)
    same_moment = now - timedelta(minutes=2)  # equally urgent: the value decides
    portal_lead = make_lead(cast, to=cast.sanne, name="Piet Portal", received_at=same_moment)
    showroom_lead = make_lead(cast, to=cast.sanne, name="Sara Showroom", received_at=same_moment)
    answered = make_lead(
        cast, to=cast.sanne, name="Ann Answered", received_at=now - timedelta(minutes=5)
    )
    for lead, source in (
        (portal_lead, "portal"),
        (showroom_lead, "showroom"),
        (answered, "showroom"),
    ):
        lead.source = Source.objects.get(slug=source)
        lead.save(update_fields=["source"])
    sanne = logged_in(cast.sanne)
    sanne.post(f"/leads/{answered.pk}/call/", {"outcome": "no_answer"})
    page = sanne.get("/leads/").content.decode()
    assert page.index("Sara Showroom") < page.index("Piet Portal") < page.index("Ann Answered")


def test_the_lead_pages_clock_comes_along_when_a_call_is_logged(cast: Cast) -> None:
    lead = make_lead(cast, to=cast.sanne)
    sanne = logged_in(cast.sanne)
    assert 'id="lead-clock" class="badge warn" role="status">Respond' in (
        sanne.get(f"/leads/{lead.pk}/").content.decode()
    )
    response = sanne.post(f"/leads/{lead.pk}/call/", {"outcome": "no_answer"}, **HTMX)
    part = response.content.decode()
    assert 'id="lead-body"' in part
    clock = part[part.index('id="lead-clock"') :]
    assert clock.startswith('id="lead-clock" class="badge ')
    assert 'hx-swap-oob="true">Next follow-up' in clock[:200]  # the next attempt, planned
    card = sanne.post(f"/leads/{lead.pk}/message/", {"kind": "sms", "part": "card"}, **HTMX)
    assert "hx-swap-oob" not in card.content.decode()  # My leads has no header clock
