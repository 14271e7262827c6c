"""The cast with what the API, security and operations tests read and attack: three leads at
Autohuis Noord (Sanne's), two at Garage Zuid (Olaf's), each with one unanswered call, and
three API tokens (Noord read, Noord write, Zuid write).

Built directly with the ORM so these tests do not depend on the intake path they test.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import UTC, datetime, timedelta

from cast import Cast, build_cast

from scoreline.api.models import ApiToken
from scoreline.api.tokens import issue_token
from scoreline.dealers.models import Dealer, User
from scoreline.followup.models import Activity, ActivityKind, CallOutcome
from scoreline.leads.models import Lead, LeadStatus, Person, Source

RECEIVED = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)


@dataclass
class SeededCast(Cast):
    noord_leads: list[Lead] = field(default_factory=list)
    zuid_leads: list[Lead] = field(default_factory=list)
    tokens: dict[str, str] = field(default_factory=dict)
    token_rows: dict[str, ApiToken] = field(default_factory=dict)

    @property
    def zuid_lead(self) -> Lead:
        return self.zuid_leads[0]

    def bearer(self, name: str) -> dict[str, str]:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.tokens[name]}"}


def seed(cast: Cast) -> SeededCast:
    seeded = SeededCast(**{f.name: getattr(cast, f.name) for f in fields(Cast)})
    for i, (first, last) in enumerate([("Anna", "de Vries"), ("Bert", "Jansen"), ("Cor", "Smit")]):
        seeded.noord_leads.append(_lead(cast.noord, cast.website, first, last, i, cast.sanne))
    for i, (first, last) in enumerate([("Zoë", "Peeters"), ("Yves", "Maes")]):
        seeded.zuid_leads.append(_lead(cast.zuid, cast.marktplaats, first, last, 5 + i, cast.olaf))
    for name, dealers, write in [
        ("noord_read", [cast.noord], False),
        ("noord_write", [cast.noord], True),
        ("zuid_write", [cast.zuid], True),
    ]:
        row, raw = issue_token(name, dealers, can_write=write)
        seeded.tokens[name] = raw
        seeded.token_rows[name] = row
    return seeded


def build_seeded_cast() -> SeededCast:
    return seed(build_cast())


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
