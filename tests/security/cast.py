"""The cast for API, security and operations tests: two dealers, each role once, a stranger.

Noord is the dealer under test; Zuid is another dealer whose leads nobody at Noord may see.
Built directly with the ORM so these tests do not depend on the intake path they test.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from scoreline.api.models import ApiToken
from scoreline.api.tokens import issue_token
from scoreline.dealers.models import Dealer, Membership, Role, User
from scoreline.followup.models import Activity, ActivityKind, CallOutcome
from scoreline.leads.models import Lead, LeadStatus, LostReason, Person, Source

PASSWORD = "a-long-test-passphrase-1"
RECEIVED = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)


@dataclass
class Cast:
    noord: Dealer
    zuid: Dealer
    website: Source
    marktplaats: Source
    no_answer: LostReason
    users: dict[str, User] = field(default_factory=dict)
    noord_leads: list[Lead] = field(default_factory=list)
    zuid_leads: list[Lead] = field(default_factory=list)
    tokens: dict[str, str] = field(default_factory=dict)
    token_rows: dict[str, ApiToken] = field(default_factory=dict)

    @property
    def zuid_lead(self) -> Lead:
        return self.zuid_leads[0]

    def bearer(self, name: str) -> dict[str, str]:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.tokens[name]}"}


# Users at Noord by role; otto works at Zuid and must see nothing of Noord.
NOORD_ROLES = {
    "sam": Role.SALESPERSON,
    "mia": Role.SALES_MANAGER,
    "mark": Role.MARKETING,
    "dirk": Role.DIRECTOR,
    "ada": Role.ADMIN,
}


def build_cast() -> Cast:
    noord = Dealer.objects.create(name="Autohuis Noord", slug="noord")
    zuid = Dealer.objects.create(name="Autohuis Zuid", slug="zuid")
    cast = Cast(
        noord=noord,
        zuid=zuid,
        website=Source.objects.create(name="Website", slug="website"),
        marktplaats=Source.objects.create(name="Marktplaats", slug="marktplaats"),
        no_answer=LostReason.objects.get_or_create(
            code="not-reached", defaults={"label": "Not reached"}
        )[0],
    )
    for name, role in NOORD_ROLES.items():
        cast.users[name] = _member(name, noord, role)
    cast.users["otto"] = _member("otto", zuid, Role.SALESPERSON)
    cast.users["nobody"] = User.objects.create_user("nobody", password=PASSWORD)
    for i, (first, last) in enumerate([("Anna", "de Vries"), ("Bram", "Jansen"), ("Cor", "Smit")]):
        cast.noord_leads.append(_lead(noord, cast.website, first, last, i, cast.users["sam"]))
    for i, (first, last) in enumerate([("Zoë", "Peeters"), ("Yves", "Maes")]):
        cast.zuid_leads.append(
            _lead(zuid, cast.marktplaats, first, last, 5 + i, cast.users["otto"])
        )
    _tokens(cast)
    return cast


def _member(username: str, dealer: Dealer, role: str) -> User:
    user = User.objects.create_user(username, email=f"{username}@example.com", password=PASSWORD)
    Membership.objects.create(user=user, dealer=dealer, role=role)
    return user


def _lead(dealer: Dealer, source: Source, first: str, last: str, i: int, to: User) -> Lead:
    person = Person.objects.create(
        dealer=dealer,
        first_name=first,
        last_name=last,
        email=f"{first.lower()}@example.com",
        phone=f"+3161234567{i}",
    )
    lead = Lead.objects.create(
        dealer=dealer,
        person=person,
        source=source,
        received_at=RECEIVED + timedelta(days=i),
        status=LeadStatus.OPEN,
        assigned_to=to,
        vehicle_make="Volvo",
        vehicle_model="XC40",
    )
    Activity.objects.create(
        lead=lead,
        kind=ActivityKind.CALL,
        at=lead.received_at + timedelta(minutes=5),
        by=to,
        outcome=CallOutcome.NO_ANSWER,
    )
    return lead


def _tokens(cast: Cast) -> None:
    for name, dealers, write in [
        ("noord_read", [cast.noord], False),
        ("noord_write", [cast.noord], True),
        ("zuid_write", [cast.zuid], True),
    ]:
        row, raw = issue_token(name, dealers, can_write=write)
        cast.tokens[name] = raw
        cast.token_rows[name] = row
