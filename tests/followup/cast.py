"""The follow-up cast: one Amsterdam dealer with a fast and a slow salesperson, a manager and
a marketer, and a dealer in Lille whose salesperson and manager have no say over Amsterdam's leads.

Time is frozen (time-machine) so clocks, reminders and escalations can be stepped through;
leads arrive as intake delivers them (a lead row, then `start_response_clock`), and everything
after that goes through the real follow-up actions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from scoreline.dealers.models import Dealer, Membership, Role, User
from scoreline.followup.clocks import start_response_clock
from scoreline.followup.models import FollowUpStandard
from scoreline.leads.models import Lead, LostReason, Person, Source

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
PARIS = ZoneInfo("Europe/Paris")


def amsterdam(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=AMSTERDAM)


# Monday 10 March 2025, 10:00 in Amsterdam: an ordinary working morning.
MONDAY_10 = amsterdam(2025, 3, 10, 10, 0)


@dataclass
class Cast:
    noord: Dealer
    lille: Dealer
    fast_sam: User
    slow_sid: User
    manager_mia: User
    marketing_max: User
    lille_louis: User
    lille_manager_lea: User
    website: Source
    marktplaats: Source
    not_reached: LostReason
    duplicate: LostReason

    def arrive(
        self,
        at: datetime,
        *,
        to: User | None = None,
        source: Source | None = None,
        dealer: Dealer | None = None,
        name: str = "Anna de Vries",
    ) -> Lead:
        """A lead as intake delivers it: stored, assigned, its response clock started."""
        dealer = dealer or self.noord
        first, _space, last = name.partition(" ")
        person = Person.objects.create(
            dealer=dealer,
            first_name=first,
            last_name=last,
            # reachable both ways (held to the standard's phone case); each their own number
            phone=f"+3161234{Person.objects.count():04d}",
            email=f"buyer{Person.objects.count()}@example.nl",
        )
        lead = Lead.objects.create(
            dealer=dealer,
            person=person,
            source=source or self.marktplaats,
            received_at=at,
            assigned_to=to if to is not None else self.fast_sam,
        )
        start_response_clock(lead)
        return lead


def _member(username: str, dealer: Dealer, role: str, name: str) -> User:
    first, last = name.split(" ", 1)
    user = User.objects.create_user(
        username, email=f"{username}@example.com", first_name=first, last_name=last
    )
    Membership.objects.create(user=user, dealer=dealer, role=role)
    return user


def build_cast() -> Cast:
    noord = Dealer.objects.create(
        name="Autohuis Noord", slug="noord", opening_hours="Mo-Fr 09:00-18:00; Sa 09:00-17:00"
    )
    lille = Dealer.objects.create(
        name="Garage Lille", slug="lille", time_zone="Europe/Paris", country="FR"
    )
    FollowUpStandard.objects.create(dealer=noord)
    return Cast(
        noord=noord,
        lille=lille,
        fast_sam=_member("sam", noord, Role.SALESPERSON, "Sam Snel"),
        slow_sid=_member("sid", noord, Role.SALESPERSON, "Sid Traag"),
        manager_mia=_member("mia", noord, Role.SALES_MANAGER, "Mia Manager"),
        marketing_max=_member("max", noord, Role.MARKETING, "Max Markt"),
        lille_louis=_member("louis", lille, Role.SALESPERSON, "Louis Leroy"),
        lille_manager_lea=_member("lea", lille, Role.SALES_MANAGER, "Léa Lefèvre"),
        website=Source.objects.create(name="Website", slug="website"),
        marktplaats=Source.objects.create(name="Marktplaats", slug="marktplaats"),
        not_reached=LostReason.objects.get_or_create(
            code="not-reached", defaults={"label": "Not reached"}
        )[0],
        duplicate=LostReason.objects.update_or_create(
            code="duplicate", defaults={"label": "Duplicate", "needs_follow_up_standard": False}
        )[0],
    )
