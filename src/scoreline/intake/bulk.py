"""Many leads of one payload at once: the rules of `importing`, in a handful of queries.

A bulk document (hundreds of prospects) would cost dozens of queries per lead one by one.
Here the same decisions are taken in memory and written with bulk inserts:

1. Check each lead and normalise its contacts; a refusal stays with its lead, as always.
2. Read what is known once: inquiries with these provider ids, and the dealer's persons with
   these phones or e-mails with their leads from 30 days before the earliest lead on.
3. Walk the leads in time order: a provider id seen before is a duplicate; the same person
   within 30 days of a lead (known, or made earlier in this batch) is a repeat inquiry on it;
   otherwise a new lead, on the known person or a new one.
4. Assign the new leads by the dealer's rotation, set their response clocks, insert persons,
   leads, inquiries, events and clock jobs in bulk, and tell each salesperson.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from scoreline.followup.calendars import calendar_for
from scoreline.followup.clocks import clock_steps
from scoreline.followup.models import Job, NotificationKind
from scoreline.followup.notifications import notify
from scoreline.followup.standard import standard_for
from scoreline.intake.errors import IntakeError
from scoreline.intake.formats.parsed import ParsedLead
from scoreline.intake.importing import (
    Destination,
    Outcome,
    contact_keys,
    local_moment,
    new_lead,
    new_person,
)
from scoreline.intake.models import ResultStatus
from scoreline.leads.assignment import Rotation
from scoreline.leads.dedupe import REPEAT_WINDOW, same_person
from scoreline.leads.models import EventKind, Inquiry, Lead, LeadEvent, Person

BULK_MIN = 20  # below this, one lead at a time is as quick and simpler to follow


@dataclass
class Candidate:
    position: int
    parsed: ParsedLead
    phones: list[str]
    emails: list[str]
    received_at: datetime
    provider_id: str

    @property
    def keys(self) -> list[str]:
        return [f"p:{p}" for p in self.phones] + [f"e:{e}" for e in self.emails]


@dataclass
class Known:
    """Persons and leads by contact key ("p:+316…", "e:anna@…"), existing and planned."""

    persons: dict[str, Person] = field(default_factory=dict)
    leads: dict[str, list[Lead]] = field(default_factory=dict)
    planned: dict[int, int] = field(default_factory=dict)  # id(new person) → order made

    def person_for(self, keys: list[str]) -> Person | None:
        """Like `find_person`: the oldest known person; then those made in this batch, in order."""
        found = [self.persons[k] for k in keys if k in self.persons]
        return min(found, key=self._order) if found else None

    def _order(self, person: Person) -> tuple[int, int]:
        return (0, person.pk) if person.pk is not None else (1, self.planned[id(person)])

    def lead_for(self, keys: list[str], at: datetime) -> Lead | None:
        """The earliest lead of these keys received in the 30 days up to `at`."""
        window = [
            lead
            for k in keys
            for lead in self.leads.get(k, [])
            if at - REPEAT_WINDOW <= lead.received_at <= at
        ]
        return min(window, key=lambda lead: (lead.received_at, lead.pk or 0)) if window else None

    def add(self, keys: list[str], person: Person, lead: Lead | None = None) -> None:
        if person.pk is None:
            self.planned.setdefault(id(person), len(self.planned))
        for key in keys:
            self.persons.setdefault(key, person)
            if lead is not None:
                self.leads.setdefault(key, []).append(lead)


def import_many(leads: list[ParsedLead], to: Destination) -> list[Outcome | IntakeError]:
    """Each lead's outcome (or refusal), in the order given; one transaction is the caller's."""
    results: list[Outcome | IntakeError | None] = [None] * len(leads)
    candidates = []
    for position, parsed in enumerate(leads):
        try:
            candidates.append(_candidate(position, parsed, to))
        except IntakeError as error:
            results[position] = error
    plan = Plan(to)
    plan.decide(sorted(candidates, key=lambda c: (c.received_at, c.position)), results)
    plan.write()
    return [r for r in results if r is not None]


def _candidate(position: int, parsed: ParsedLead, to: Destination) -> Candidate:
    parsed.check()
    phones, emails = contact_keys(parsed.customer, to.dealer, parsed.place())
    assert parsed.request_time is not None
    received_at = min(local_moment(parsed.request_time, to.dealer), to.arrived_at)
    return Candidate(position, parsed, phones, emails, received_at, parsed.provider_lead_id)


@dataclass
class Plan:
    """What the batch will write, decided in memory before anything is inserted."""

    to: Destination
    persons: list[Person] = field(default_factory=list)
    leads: list[Lead] = field(default_factory=list)
    inquiries: list[Inquiry] = field(default_factory=list)

    def decide(self, candidates: list[Candidate], results: list) -> None:  # type: ignore[type-arg]
        seen = self._seen([c.provider_id for c in candidates if c.provider_id])
        known = self._known(candidates)
        for c in candidates:
            if c.provider_id in seen:
                earlier = seen[c.provider_id]
                note = f"provider id {c.provider_id}"
                results[c.position] = Outcome(ResultStatus.DUPLICATE, earlier.lead, earlier, note)
                continue
            lead = known.lead_for(c.keys, c.received_at)
            status = ResultStatus.REPEAT if lead is not None else ResultStatus.CREATED
            if lead is None:
                lead = self._new_lead(c, known)
            inquiry = self._inquiry(c, lead, is_repeat=status == ResultStatus.REPEAT)
            if c.provider_id:
                seen[c.provider_id] = inquiry
            results[c.position] = Outcome(status, lead, inquiry)

    def _seen(self, provider_ids: list[str]) -> dict[str, Inquiry]:
        earlier = Inquiry.objects.filter(source=self.to.source, provider_id__in=provider_ids)
        return {i.provider_id: i for i in earlier.select_related("lead")}

    def _known(self, candidates: list[Candidate]) -> Known:
        known = Known()
        keys = {k for c in candidates for k in c.keys}
        phones = [k[2:] for k in keys if k.startswith("p:")]
        emails = [k[2:] for k in keys if k.startswith("e:")]
        if not candidates or not keys:
            return known
        persons = Person.objects.filter(dealer=self.to.dealer).filter(same_person(phones, emails))
        by_pk = {p.pk: p for p in persons.order_by("pk")}
        for person in by_pk.values():
            known.add(_keys(person), person)
        start = min(c.received_at for c in candidates) - REPEAT_WINDOW
        end = max(c.received_at for c in candidates)
        leads = Lead.objects.filter(person__in=list(by_pk), received_at__range=(start, end))
        for lead in leads.order_by("received_at", "pk"):
            person = by_pk[lead.person_id]
            known.add(_keys(person), person, lead)
        return known

    def _new_lead(self, c: Candidate, known: Known) -> Lead:
        person = known.person_for(c.keys)
        if person is None:
            person = new_person(c.parsed.customer, self.to.dealer, c.phones, c.emails)
            self.persons.append(person)
        lead = new_lead(c.parsed, self.to, c.received_at, person)
        self.leads.append(lead)
        known.add(c.keys, person, lead)
        return lead

    def _inquiry(self, c: Candidate, lead: Lead, *, is_repeat: bool) -> Inquiry:
        inquiry = Inquiry(
            lead=lead,
            source=self.to.source,
            received_at=c.received_at,
            channel=self.to.channel,
            provider_id=c.provider_id[:120],
            message=c.parsed.comments,
            is_repeat=is_repeat,
        )
        self.inquiries.append(inquiry)
        return inquiry

    def write(self) -> None:
        """Assign, clock and insert what was decided (the steps 4 of the module docstring)."""
        events = [] if self.to.imported_history else self._assign()
        jobs = self._clock()
        Person.objects.bulk_create(self.persons)
        for lead in self.leads:
            lead.person = lead.person  # the person's new primary key onto the lead
        Lead.objects.bulk_create(self.leads)
        for inquiry in self.inquiries:
            inquiry.lead = inquiry.lead
        Inquiry.objects.bulk_create(self.inquiries)
        for event in events:
            event.lead = event.lead
        for job in jobs:
            job.lead = job.lead
        LeadEvent.objects.bulk_create(events)
        Job.objects.bulk_create(jobs)
        for event in events:
            assert event.to_user is not None
            notify(
                event.to_user,
                event.lead,
                NotificationKind.ASSIGNED,
                at=event.at,
                text_key="assigned_by_rule",
                by=None,
            )

    def _assign(self) -> list[LeadEvent]:
        rotation = Rotation.load(self.to.dealer.pk)
        events = []
        for lead in self.leads:
            choice = rotation.next(lead)
            if choice is None:
                continue
            rule, lead.assigned_to = choice
            reason = f"rule: {rule.name}"
            events.append(
                LeadEvent(
                    lead=lead,
                    at=self.to.arrived_at,
                    kind=EventKind.ASSIGNMENT,
                    to_user=lead.assigned_to,
                    reason=reason,
                )
            )
        rotation.save()
        return events

    def _clock(self) -> list[Job]:
        """Each new lead's deadline, and its reminder, breach and escalation unless history."""
        calendar, standard = calendar_for(self.to.dealer), standard_for(self.to.dealer)
        jobs = []
        for lead in self.leads:
            lead.response_due_at = calendar.add_minutes(
                lead.received_at, standard.first_response_minutes
            )
            if lead.is_imported:
                continue
            for kind, minutes in clock_steps(standard):
                due = calendar.add_minutes(lead.received_at, minutes)
                jobs.append(Job(lead=lead, kind=kind, sequence=1, due_at=due))
        return jobs


def _keys(person: Person) -> list[str]:
    return ([f"p:{person.phone}"] if person.phone else []) + (
        [f"e:{person.email}"] if person.email else []
    )
