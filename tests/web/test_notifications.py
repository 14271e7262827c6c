"""When the month slips, the people warned see it on the page they open first.

Marco (sales manager) lands on the board, Mila (marketing) on the scoreboard: each sees the
pace warning there, and it takes them to Noord's board or scoreboard. The forecasts are made
by hand (planning's tests cover how they are computed): 4 sold, target 7, a 30 % chance.
"""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
from cast import Cast, logged_in, make_lead, person
from django.utils import timezone

from scoreline.dealers.models import Dealer, Role
from scoreline.followup.models import Notification, NotificationKind
from scoreline.followup.notifications import notify
from scoreline.planning.actions import record_pace
from scoreline.planning.pace import MonthParts, PaceForecast
from scoreline.web.inbox import SHOWN, inbox

SLIPPING = [0.1, 0.2, 0.4, 0.2, 0.1]  # P(month end = 4, 5, … 8): P(≥ 7) = 30 %


def slipping_month(dealer: Dealer, as_of: datetime) -> None:
    parts = MonthParts(4, np.array([0.5, 0.5]), leads_so_far=20, expected_new_leads=0, p_new=0)
    month = as_of.date().replace(day=1)
    forecast = PaceForecast(dealer.name, month, as_of, parts, 7.0, np.array(SLIPPING))
    record_pace(dealer, forecast, 0.5)


def _english(cast: Cast) -> None:
    for user in (cast.marco, cast.mila, cast.dirk, cast.olaf):
        user.language = "en"
        user.save(update_fields=["language"])


def test_the_manager_sees_the_warning_on_the_board_and_it_leads_to_the_board(cast: Cast) -> None:
    _english(cast)
    slipping_month(cast.noord, timezone.now())
    page = logged_in(cast.marco).get("/board/").content.decode()
    assert "Month target at risk" in page
    assert '<a href="/board/noord/">Autohuis Noord: reaching 7 sales' in page


def test_marketing_sees_the_warning_on_the_scoreboard_and_it_leads_there(cast: Cast) -> None:
    _english(cast)
    make_lead(cast, to=cast.sanne)
    slipping_month(cast.noord, timezone.now())
    mila = logged_in(cast.mila)
    assert mila.get("/")["Location"] == "/scoreboard/"
    page = mila.get("/scoreboard/").content.decode()
    assert "Month target at risk" in page
    assert '<a href="/scoreboard/noord/">Autohuis Noord: reaching 7 sales' in page
    note = Notification.objects.get(user=cast.mila)
    assert mila.post(f"/notifications/{note.pk}/read/", {"next": "/scoreboard/"}).status_code == 302
    assert "Month target at risk" not in mila.get("/scoreboard/").content.decode()


def test_a_director_warned_for_a_site_without_managers_sees_it_on_the_group_page(
    cast: Cast,
) -> None:
    zoe = person("zoe", "Zoë", cast.zuid, Role.DIRECTOR)
    slipping_month(cast.zuid, timezone.now())
    page = logged_in(zoe).get("/group/").content.decode()
    assert '<a href="/board/zuid/">Garage Zuid:' in page
    assert "Garage Zuid:" not in logged_in(cast.olaf).get("/leads/").content.decode()


def test_two_sites_warned_at_the_same_moment_each_lead_to_their_own_board(cast: Cast) -> None:
    cast.marco.memberships.create(dealer=cast.zuid, role=Role.SALES_MANAGER)
    now = timezone.now()
    slipping_month(cast.noord, now)
    slipping_month(cast.zuid, now)
    links = {notice.text.split(":")[0]: notice.url for notice in inbox(cast.marco)}
    assert links == {"Autohuis Noord": "/board/noord/", "Garage Zuid": "/board/zuid/"}


def test_a_busy_morning_of_reminders_does_not_push_the_warning_off_the_list(cast: Cast) -> None:
    slipping_month(cast.noord, datetime(2025, 3, 3, 9, 0, tzinfo=UTC))
    lead = make_lead(cast, to=cast.sanne)
    for _ in range(SHOWN + 2):
        notify(
            cast.marco,
            lead,
            NotificationKind.BREACH,
            at=timezone.now(),
            received=lead.received_at,
            limit=15,
            owner=cast.sanne,
        )
    kinds = [notice.label for notice in inbox(cast.marco)]
    assert len(kinds) == SHOWN
    assert kinds[0] == str(NotificationKind.PACE.label)
    assert kinds.count(str(NotificationKind.BREACH.label)) == SHOWN - 1


def test_a_warning_for_a_site_the_user_left_has_no_link(cast: Cast) -> None:
    slipping_month(cast.noord, timezone.now())
    cast.mila.memberships.all().delete()
    [notice] = inbox(cast.mila)
    assert (notice.label, notice.url) == (str(NotificationKind.PACE.label), None)
