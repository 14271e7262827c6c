"""The cast of the intake tests: two dealers, their salespeople and a manager, two sources.

Noord (NL) takes Dutch portal leads; Lakeside (US) takes the American ADF fixtures, so their
national phone numbers read right. Sanne and Bram sell at Noord, Eva is off duty (absent),
Mia manages; Otto sells at Lakeside and must never get a Noord lead.
"""

from __future__ import annotations

from dataclasses import dataclass

from scoreline.dealers.models import Dealer, Membership, Role, User
from scoreline.intake.models import Format, IntakeEndpoint
from scoreline.leads.models import Source


@dataclass
class Cast:
    noord: Dealer
    lakeside: Dealer
    website: Source
    marktplaats: Source
    sanne: User
    bram: User
    eva: User
    mia: User
    otto: User


def person(username: str, dealer: Dealer, role: str, *, on_duty: bool = True) -> User:
    first, _, last = username.partition("_")
    user = User.objects.create(username=first, first_name=first.title(), last_name=last.title())
    Membership.objects.create(user=user, dealer=dealer, role=role, on_duty=on_duty)
    return user


def build_cast() -> Cast:
    noord = Dealer.objects.create(name="Autohuis Noord", slug="noord", country="NL")
    lakeside = Dealer.objects.create(
        name="Lakeside Motors", slug="lakeside", country="US", time_zone="America/Los_Angeles"
    )
    return Cast(
        noord=noord,
        lakeside=lakeside,
        website=Source.objects.create(name="Website", slug="website"),
        marktplaats=Source.objects.create(name="Marktplaats", slug="marktplaats"),
        sanne=person("sanne_smit", noord, Role.SALESPERSON),
        bram=person("bram_bakker", noord, Role.SALESPERSON),
        eva=person("eva_visser", noord, Role.SALESPERSON, on_duty=False),
        mia=person("mia_mulder", noord, Role.SALES_MANAGER),
        otto=person("otto_oost", lakeside, Role.SALESPERSON),
    )


def endpoint(
    dealer: Dealer, source: Source, format: str = Format.ADF, secret: str = ""
) -> tuple[IntakeEndpoint, str]:
    """An endpoint and its token (shown once, stored hashed)."""
    point = IntakeEndpoint(dealer=dealer, source=source, format=format, signing_secret=secret)
    token = point.set_token()
    point.save()
    return point, token
