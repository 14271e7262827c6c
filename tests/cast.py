"""The one cast of the tests: the same people, with the same names and roles, in every area.

At Autohuis Noord (NL): Sanne sells fast, Bram sells slowly, Vera sells but is off duty (on
leave), Marco manages sales, Mila does marketing, Dirk directs the group and Ada administers the
dealer. Olaf sells at Garage Zuid and must see nothing of Noord. At Garage Lille (France, Paris
time) Louis sells and Léa manages; they have no say over Noord's leads. At Lakeside Motors (US,
Los Angeles time, whose ADF leads carry American phone numbers) Logan sells. Nobody has an
account and no membership at all.

Built through the real models, as the product's own actions leave them; a lead arrives as
intake delivers it (stored, assigned, its response clock started: `Cast.arrive`, `make_lead`).
Areas add their own data (leads, history, tokens, hours) on top, never other people:
tests/<area>/... . `build_cast()` serves TestCase classes; the `cast` fixture (tests/conftest.py)
serves everyone else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.test import Client
from django.utils import timezone

from scoreline.dealers.models import Dealer, Membership, Role, User
from scoreline.followup.clocks import start_response_clock
from scoreline.leads.models import Lead, LostReason, Person, Source

PASSWORD = "a-long-test-passphrase-1"


@dataclass
class Cast:
    noord: Dealer
    zuid: Dealer
    lille: Dealer
    lakeside: Dealer
    sanne: User
    bram: User
    vera: User
    marco: User
    mila: User
    dirk: User
    ada: User
    olaf: User
    louis: User
    lea: User
    logan: User
    nobody: User
    website: Source
    marktplaats: Source
    no_interest: LostReason
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
        """A Marktplaats lead as intake delivers it: stored, given to Sanne unless `to` says
        otherwise, its response clock started."""
        dealer = dealer or self.noord
        first, _space, last = name.partition(" ")
        number = Person.objects.count()
        buyer = Person.objects.create(
            dealer=dealer,
            first_name=first,
            last_name=last,
            # reachable both ways (held to the standard's phone case); each their own number
            phone=f"+3161234{number:04d}",
            email=f"buyer{number}@example.nl",
        )
        lead = Lead.objects.create(
            dealer=dealer,
            person=buyer,
            source=source or self.marktplaats,
            received_at=at,
            assigned_to=to if to is not None else self.sanne,
        )
        start_response_clock(lead)
        return lead


def person(
    username: str,
    first: str,
    dealer: Dealer | None,
    *roles: str,
    last: str = "",
    on_duty: bool = True,
) -> User:
    """A user who signs in with PASSWORD, with one membership per role at the dealer."""
    user = User.objects.create_user(
        username,
        email=f"{username}@example.com",
        password=PASSWORD,
        first_name=first,
        last_name=last,
    )
    for role in roles:
        Membership.objects.create(user=user, dealer=dealer, role=role, on_duty=on_duty)
    return user


def build_cast() -> Cast:
    noord = Dealer.objects.create(name="Autohuis Noord", slug="noord")
    zuid = Dealer.objects.create(name="Garage Zuid", slug="zuid")
    lille = Dealer.objects.create(
        name="Garage Lille", slug="lille", time_zone="Europe/Paris", country="FR"
    )
    lakeside = Dealer.objects.create(
        name="Lakeside Motors", slug="lakeside", country="US", time_zone="America/Los_Angeles"
    )
    return Cast(
        noord=noord,
        zuid=zuid,
        lille=lille,
        lakeside=lakeside,
        sanne=person("sanne", "Sanne", noord, Role.SALESPERSON, last="Smit"),
        bram=person("bram", "Bram", noord, Role.SALESPERSON, last="Bakker"),
        vera=person("vera", "Vera", noord, Role.SALESPERSON, last="Verlof", on_duty=False),
        marco=person("marco", "Marco", noord, Role.SALES_MANAGER, last="Meester"),
        mila=person("mila", "Mila", noord, Role.MARKETING, last="Markt"),
        dirk=person("dirk", "Dirk", noord, Role.DIRECTOR, last="Directeur"),
        ada=person("ada", "Ada", noord, Role.ADMIN, last="Admin"),
        olaf=person("olaf", "Olaf", zuid, Role.SALESPERSON, last="Zuidema"),
        louis=person("louis", "Louis", lille, Role.SALESPERSON, last="Leroy"),
        lea=person("lea", "Léa", lille, Role.SALES_MANAGER, last="Lefèvre"),
        logan=person("logan", "Logan", lakeside, Role.SALESPERSON, last="Lake"),
        nobody=person("nobody", "", None),
        website=Source.objects.create(name="Website", slug="website"),
        marktplaats=Source.objects.create(name="Marktplaats", slug="marktplaats"),
        no_interest=LostReason.objects.get_or_create(
            code="no-interest", defaults={"label": "No interest"}
        )[0],
        not_reached=LostReason.objects.get_or_create(
            code="not-reached", defaults={"label": "Not reached"}
        )[0],
        duplicate=LostReason.objects.update_or_create(
            code="duplicate", defaults={"label": "Duplicate", "needs_follow_up_standard": False}
        )[0],
    )


def logged_in(user: User, language: str = "en") -> Client:
    """A test client logged in as the user, reading pages in the given language."""
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def make_lead(
    cast: Cast,
    *,
    dealer: Dealer | None = None,
    to: User | None = None,
    name: str = "Eva de Vries",
    received_at: datetime | None = None,
) -> Lead:
    """A fresh website lead for a new car, received three minutes ago, its response clock
    started, as intake leaves it; nobody's unless `to` says."""
    dealer = dealer or cast.noord
    first, _, last = name.partition(" ")
    buyer = Person.objects.create(
        dealer=dealer,
        first_name=first,
        last_name=last,
        phone="+31612345678",
        email="eva@example.nl",
    )
    lead = Lead.objects.create(
        dealer=dealer,
        person=buyer,
        source=cast.website,
        received_at=received_at or timezone.now() - timedelta(minutes=3),
        assigned_to=to,
        vehicle_make="Volkswagen",
        vehicle_model="ID.4",
        vehicle_condition="new",
    )
    start_response_clock(lead)
    lead.refresh_from_db()
    return lead
