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
