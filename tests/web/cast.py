"""A small cast at two dealers: the people whose names say what they may see and do.

At Autohuis Noord: Sanne sells fast, Bram sells slowly, Marco manages sales, Mila does
marketing, Dirk directs the group. Olaf sells at Garage Zuid and must see nothing of Noord.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.test import Client
from django.utils import timezone

from scoreline.dealers.models import Dealer, Membership, User
from scoreline.followup import actions
from scoreline.followup.clocks import start_response_clock
from scoreline.leads.models import Lead, LostReason, Person, Source

PASSWORD = "a-long-test-password"


@dataclass
class Cast:
    noord: Dealer
    zuid: Dealer
    sanne: User
    bram: User
    marco: User
    mila: User
    dirk: User
    olaf: User
    website: Source
    no_interest: LostReason
    duplicate: LostReason


def person(username: str, first: str, dealer: Dealer, *roles: str) -> User:
    user = User.objects.create_user(username, password=PASSWORD, first_name=first)
    for role in roles:
        Membership.objects.create(user=user, dealer=dealer, role=role)
    return user


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
    """A fresh website lead with its response clock started, as intake leaves it."""
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


def make_history(cast: Cast, days_ago: int = 0) -> None:
    """Three weeks of leads from three sources, some worked to the standard, some won.

    days_ago moves them back, e.g. past the attribution window a plan learns from.
    """
    now = timezone.now()
    sources = [cast.website] + [
        Source.objects.create(name=name, slug=name.lower()) for name in ("AutoTrack", "Marktplaats")
    ]
    for index in range(36):
        source = sources[index % 3]
        lead = make_lead(
            cast,
            to=cast.sanne if index % 2 else cast.bram,
            name=f"Klant{index} Jansen",
            received_at=now - timedelta(days=days_ago + 20 - index // 2, hours=3),
        )
        lead.source = source
        lead.save(update_fields=["source"])
        at = lead.received_at + timedelta(minutes=4 + index % 5 * 20)
        actions.log_activity(
            lead, "call", by=lead.assigned_to, at=at, outcome="reached", duration_s=180
        )
        if index % 4 == 0:
            actions.mark_won(lead, at=at + timedelta(days=2), by=lead.assigned_to)
