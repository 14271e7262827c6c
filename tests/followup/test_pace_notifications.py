"""When Noord's month slips, its sales manager Marco and marketer Mila hear it once: in the product
and by one e-mail each. Lille's people hear nothing of it.

The forecasts are made by hand (planning's own tests cover how they are computed): Noord has
sold 4 this month with a target of 7, and the month should end between 4 and 8 sales.
"""

from datetime import date, datetime

import numpy as np
import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from followup.clock import MONDAY_10, amsterdam
from scoreline.dealers.models import User
from scoreline.followup.models import Notification, NotificationKind
from scoreline.followup.notifications import Month, mark_read, notify, unread
from scoreline.planning.actions import record_pace
from scoreline.planning.models import PaceWarning
from scoreline.planning.pace import MonthParts, PaceForecast
from scoreline.worker.loop import run_once

WORKER = "test-worker"
THRESHOLD = 0.5
SLIPPING = [0.1, 0.2, 0.4, 0.2, 0.1]  # P(month end = 4, 5, … 8): P(≥ 7) = 30 %
RECOVERED = [0.0, 0.0, 0.2, 0.4, 0.4]  # a good week: P(≥ 7) = 80 %


def noord_month(as_of: datetime, pmf: list[float]) -> PaceForecast:
    """Noord in March 2025: 4 sold, two leads open at even odds, no more leads expected."""
    parts = MonthParts(4, np.array([0.5, 0.5]), leads_so_far=20, expected_new_leads=0, p_new=0)
    return PaceForecast("Autohuis Noord", date(2025, 3, 1), as_of, parts, 7.0, np.array(pmf))


def _logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


def pace_notes(user: User) -> list[str]:
    return [note.text for note in unread(user) if note.kind == NotificationKind.PACE]


def test_a_slipping_month_tells_the_manager_and_marketing_once_in_the_product_and_by_mail(
    cast, clock
):
    record_pace(cast.noord, noord_month(MONDAY_10, SLIPPING), THRESHOLD)
    sentence = (
        "Autohuis Noord: reaching 7 sales in March 2025 is unlikely (30%). Forecast 5 "
        "(80 % between 4 and 7); 4 sold so far, 2 leads open."
    )
    assert pace_notes(cast.marco) == [sentence]
    assert pace_notes(cast.mila) == [sentence]
    assert Notification.objects.get(user=cast.marco).lead is None

    assert run_once(WORKER).emails == 2
    assert sorted(message.to[0] for message in mail.outbox) == [
        "marco@example.com",
        "mila@example.com",
    ]
    assert {message.subject for message in mail.outbox} == {"Scoreline: Month target at risk"}
    assert mail.outbox[0].body == sentence

    clock.move_to(amsterdam(2025, 3, 11, 18, 0))  # the next day, still below: nothing new
    record_pace(cast.noord, noord_month(amsterdam(2025, 3, 11, 18, 0), SLIPPING), THRESHOLD)
    assert run_once(WORKER).emails == 0
    assert Notification.objects.filter(kind=NotificationKind.PACE).count() == 2
    assert len(mail.outbox) == 2


def test_another_dealers_people_hear_nothing_of_noords_month(cast, clock):
    record_pace(cast.noord, noord_month(MONDAY_10, SLIPPING), THRESHOLD)
    run_once(WORKER)

    for outsider in (cast.lea, cast.louis, cast.sanne, cast.bram):
        assert pace_notes(outsider) == []
    assert "lea@example.com" not in {message.to[0] for message in mail.outbox}


def test_the_month_warns_again_only_after_it_had_recovered(cast, clock):
    record_pace(cast.noord, noord_month(MONDAY_10, SLIPPING), THRESHOLD)
    record_pace(cast.noord, noord_month(amsterdam(2025, 3, 12, 18, 0), RECOVERED), THRESHOLD)
    assert len(pace_notes(cast.marco)) == 1

    record_pace(cast.noord, noord_month(amsterdam(2025, 3, 20, 18, 0), SLIPPING), THRESHOLD)

    assert len(pace_notes(cast.marco)) == 2
    assert PaceWarning.objects.filter(user=cast.marco).count() == 2
    assert run_once(WORKER).emails == 4  # two slips, two people, one e-mail each


def test_each_person_reads_the_month_in_their_own_language(cast, clock):
    User.objects.filter(pk=cast.mila.pk).update(language="fr")
    User.objects.filter(pk=cast.marco.pk).update(language="nl")

    record_pace(cast.noord, noord_month(MONDAY_10, SLIPPING), THRESHOLD)

    assert "mars 2025" in pace_notes(cast.mila)[0]
    assert "maart 2025" in pace_notes(cast.marco)[0]


def test_a_lead_less_notification_shows_on_the_page_and_in_the_admin_and_can_be_read(cast, clock):
    note = notify(
        cast.marco,
        None,
        NotificationKind.PACE,
        at=MONDAY_10,
        dealer=cast.noord,
        target="7",
        month=Month(date(2025, 3, 1)),
        chance="30%",
        expected="5",
        low=4,
        high=7,
        sold=4,
        open_leads=2,
    )
    page = _logged_in(cast.marco).get(reverse("my_leads"))
    assert page.status_code == 200
    assert "reaching 7 sales in March 2025" in page.content.decode()

    admin = User.objects.create_superuser("root", "root@example.com", "x")
    listing = _logged_in(admin).get(reverse("admin:followup_notification_changelist"))
    change = _logged_in(admin).get(reverse("admin:followup_notification_change", args=[note.pk]))
    assert (listing.status_code, change.status_code) == (200, 200)

    mark_read(note, at=amsterdam(2025, 3, 10, 11, 0))
    assert pace_notes(cast.marco) == []


def test_a_notification_about_nothing_is_refused(cast, clock):
    with pytest.raises(ValueError, match="for Marco Meester needs a lead or a dealer"):
        notify(cast.marco, None, NotificationKind.PACE, at=MONDAY_10)
