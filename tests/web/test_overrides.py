"""Overrides from the pages: the guard's refusal offers the way on (a request for a
salesperson, the override itself for a manager); the board lists what waits and acts on it."""

from __future__ import annotations

from cast import Cast, logged_in, make_lead

from scoreline.followup.models import OverrideRequest, OverrideState
from scoreline.leads.models import EventKind, LeadEvent, LeadStatus

HTMX = {"HTTP_HX_REQUEST": "true"}
WHY = "She bought elsewhere, told me at the showroom"


def _refused(client, lead, cast: Cast, **extra):  # noqa: ANN001, ANN202
    return client.post(f"/leads/{lead.pk}/close/", {"reason": cast.no_interest.pk}, **extra)


def test_a_refused_salesperson_is_offered_a_request_not_told_about_managers(cast: Cast) -> None:
    lead = make_lead(cast, to=cast.sanne)
    page = _refused(logged_in(cast.sanne), lead, cast, **HTMX).content.decode()
    assert f'action="/leads/{lead.pk}/override/"' in page
    assert "Ask a manager for an override" in page
    assert "A sales manager may override" not in page


def test_a_refused_manager_is_offered_the_override_right_there(cast: Cast) -> None:
    lead = make_lead(cast, to=cast.sanne)
    response = _refused(logged_in(cast.marco), lead, cast, **HTMX)
    page = response.content.decode()
    assert response.status_code == 409
    assert f'id="guard-override-{lead.pk}"' in page
    assert "A sales manager may override" not in page
    assert "Ask a manager for an override" not in page


def test_the_request_reaches_the_board_and_the_manager_approves_it(cast: Cast) -> None:
    lead = make_lead(cast, to=cast.sanne, name="Joost Wit")
    sanne, marco = logged_in(cast.sanne), logged_in(cast.marco)
    response = sanne.post(
        f"/leads/{lead.pk}/override/", {"reason": cast.no_interest.pk, "why": WHY}
    )
    assert response.status_code == 302
    asked = OverrideRequest.objects.get(lead=lead)
    board = marco.get("/board/noord/").content.decode()
    assert WHY in board and f'action="/overrides/{asked.pk}/approve/"' in board

    response = marco.post(f"/overrides/{asked.pk}/approve/", {"next": "/board/noord/"})
    assert response.status_code == 302 and response["Location"] == "/board/noord/"
    lead.refresh_from_db()
    assert lead.status == LeadStatus.LOST and lead.closed_without_standard
    board = marco.get("/board/noord/").content.decode()
    assert f'id="override-request-{asked.pk}"' not in board  # decided: off the list
    assert "No override waiting for an answer." in board


def test_a_salesperson_cannot_decide_and_another_dealer_does_not_see_it(cast: Cast) -> None:
    lead = make_lead(cast, to=cast.sanne)
    logged_in(cast.sanne).post(
        f"/leads/{lead.pk}/override/", {"reason": cast.no_interest.pk, "why": WHY}
    )
    asked = OverrideRequest.objects.get(lead=lead)
    assert logged_in(cast.sanne).post(f"/overrides/{asked.pk}/approve/").status_code == 403
    assert logged_in(cast.olaf).post(f"/overrides/{asked.pk}/refuse/").status_code == 404
    asked.refresh_from_db()
    assert asked.state == OverrideState.PENDING


def test_a_refusal_without_a_reason_is_refused_and_the_request_stays(cast: Cast) -> None:
    lead = make_lead(cast, to=cast.sanne)
    logged_in(cast.sanne).post(
        f"/leads/{lead.pk}/override/", {"reason": cast.no_interest.pk, "why": WHY}
    )
    asked = OverrideRequest.objects.get(lead=lead)
    marco = logged_in(cast.marco)
    response = marco.post(f"/overrides/{asked.pk}/refuse/", {"answer": ""}, follow=True)
    assert "needs a reason" in response.content.decode()
    asked.refresh_from_db()
    assert asked.state == OverrideState.PENDING


def test_an_override_is_marked_reviewed_from_the_board(cast: Cast) -> None:
    lead = make_lead(cast, to=cast.sanne, name="Karel Bos")
    marco = logged_in(cast.marco)
    marco.post(
        f"/leads/{lead.pk}/close/",
        {"reason": cast.no_interest.pk, "override_reason": "Moved abroad"},
    )
    event = LeadEvent.objects.get(lead=lead, kind=EventKind.OVERRIDE)
    assert f'id="override-{event.pk}"' in marco.get("/board/noord/").content.decode()
    assert logged_in(cast.sanne).post(f"/overrides/reviewed/{event.pk}/").status_code == 403
    marco.post(f"/overrides/reviewed/{event.pk}/")
    assert f'id="override-{event.pk}"' not in marco.get("/board/noord/").content.decode()
