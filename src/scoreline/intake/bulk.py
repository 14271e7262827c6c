"""Many leads of one payload at once: the rules of `importing`, in a handful of queries.

A bulk document (hundreds of prospects) or a leads file would cost dozens of queries per lead
one by one. Here the same decisions are taken in memory and written with bulk inserts:

1. Check each lead and normalise its contacts; a refusal stays with its lead, as always.
2. Read what is known once: inquiries with these provider ids, and each dealer's persons with
   these phones or e-mails with their leads from 30 days before the earliest lead on, taught
   to the one rule of persons and leads (`analytics.repeats.Identities`, via `leads.dedupe`).
3. Walk the leads (in time order, or in the order given): a provider id seen before is a
   duplicate; persons met by a lead's phones and e-mails are one person; within 30 days of
   one of their leads (known, or made earlier in this batch) it is a repeat inquiry on it;
   otherwise a new lead, on that person or a new one — unless its history (an exchange row's
   status, campaign or close) was refused, which refuses it.
4. Give the new leads their history and their response clocks, assign the rest by each
   dealer's rotation, and insert persons, leads, inquiries, events, clock jobs and the
   salespeople's notifications, each table in a statement or a few (`inserts`); then merge
   the saved persons found to be one and store every person's further phones and e-mails.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from scoreline.analytics.repeats import outranks
from scoreline.dealers.models import Dealer
from scoreline.followup.actions import ImportedClose, close_imported_many, rule_assignment_rows
from scoreline.followup.clocks import plan_response_clocks
from scoreline.intake.assignment import Rotation
from scoreline.intake.errors import IntakeError
from scoreline.intake.formats.parsed import ParsedLead
from scoreline.intake.importing import (
    Destination,
    History,
    Outcome,
    contact_readings,
    local_moment,
    new_lead,
    new_person,
    settle_repeat,
)
from scoreline.intake.inserts import insert
from scoreline.intake.models import ResultStatus
from scoreline.leads import audit
from scoreline.leads.contact import PhoneReading
from scoreline.leads.dedupe import Identities, contact_keys, contacts_to_add, merge_persons, teach
from scoreline.leads.models import Inquiry, Lead, LeadStatus, Person

BULK_MIN = 20  # below this, one lead at a time is as quick and simpler to follow


@dataclass(frozen=True, slots=True)
class Entry:
    """One lead to import: where it goes and, for an exchange row, its history (or why the
    history was refused, which refuses the lead only if it would be new)."""

    parsed: ParsedLead
    to: Destination
    history: History | IntakeError | None = None


@dataclass
class Candidate:
    position: int
    entry: Entry
    readings: list[PhoneReading]
    emails: list[str]
    received_at: datetime

    @property
    def phones(self) -> list[str]:
        return [r.number for r in self.readings]

    @property
    def provider_key(self) -> tuple[int, str] | None:
        provider_id = self.entry.parsed.provider_lead_id
        return (self.entry.to.source.pk, provider_id) if provider_id else None

    @property
    def keys(self) -> list[str]:
        """Contact keys scoped to the dealer: "7:p:+316…", "7:e:anna@…"."""
        return contact_keys(self.entry.to.dealer.pk, self.phones, self.emails)


def import_entries(
    entries: list[Entry | IntakeError], *, in_time_order: bool
) -> list[Outcome | IntakeError]:
    """Each entry's outcome (or refusal), in the order given; an error given stays the result.

    A document's leads are walked in time order, so a repeat listed before its first inquiry
    still finds it; a leads file's rows in the order given, which is the order one row at a
    time imports them. One transaction is the caller's.
    """
    results: list[Outcome | IntakeError | None] = [None] * len(entries)
    candidates = []
    for position, entry in enumerate(entries):
        try:
            if isinstance(entry, IntakeError):
                raise entry
            candidates.append(_candidate(position, entry))
        except IntakeError as error:
            results[position] = error
    if in_time_order:
        candidates.sort(key=lambda c: (c.received_at, c.position))
    plan = Plan()
    plan.decide(candidates, results)
    plan.write()
    return [r for r in results if r is not None]


def _candidate(position: int, entry: Entry) -> Candidate:
    parsed, to = entry.parsed, entry.to
    parsed.check()
    readings, emails = contact_readings(parsed.customer, to.dealer, parsed.place())
    assert parsed.request_time is not None
    received_at = min(local_moment(parsed.request_time, to.dealer), to.arrived_at)
    return Candidate(position, entry, readings, emails, received_at)


@dataclass
class Plan:
    """What the batch will write, decided in memory before anything is inserted."""

    persons: list[Person] = field(default_factory=list)
    leads: list[Lead] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)  # the entry of each new lead
    inquiries: list[Inquiry] = field(default_factory=list)
    # by id(person): the values a person is found by once written, and those already stored
    values: dict[int, set[str]] = field(default_factory=dict)
    stored: dict[int, set[str]] = field(default_factory=dict)
    people: dict[int, Person] = field(default_factory=dict)
    into: dict[int, Person] = field(default_factory=dict)  # id(absorbed person) → whom it became
    absorbed: list[Person] = field(default_factory=list)  # saved persons found to be others
    repeats: list[tuple[Lead, History]] = field(default_factory=list)  # in the order met

    def decide(self, candidates: list[Candidate], results: list) -> None:  # type: ignore[type-arg]
        seen = _seen([key for c in candidates if (key := c.provider_key)])
        identities = self._known(candidates)
        for c in candidates:
            key = c.provider_key
            if key is not None and key in seen:
                earlier = seen[key]
                note = f"provider id {key[1]}"
                results[c.position] = Outcome(ResultStatus.DUPLICATE, earlier.lead, earlier, note)
                continue
            found = identities.match(c.keys, c.received_at)
            if found.lead is None and isinstance(c.entry.history, IntakeError):
                results[c.position] = c.entry.history
                continue
            person = found.person or self._new_person(c)
            self._join(person, found.absorbed, c.phones + c.emails)
            if found.lead is None:
                lead = self._new_lead(c, person)
                identities.record(c.keys, new_person=person, opened=(c.received_at, lead))
                status = ResultStatus.CREATED
            else:
                lead, status = found.lead, ResultStatus.REPEAT
                identities.record(c.keys)
                if isinstance(c.entry.history, History):
                    self.repeats.append((lead, c.entry.history))
            inquiry = self._inquiry(c, lead, is_repeat=status == ResultStatus.REPEAT)
            if key is not None:
                seen[key] = inquiry
            results[c.position] = Outcome(status, lead, inquiry)

    def _known(self, candidates: list[Candidate]) -> Identities[Person, Lead]:
        """Each dealer's persons with these contacts, and their leads in the batch's windows."""
        identities: Identities[Person, Lead] = Identities()
        by_dealer: dict[int, list[Candidate]] = {}
        for c in candidates:
            by_dealer.setdefault(c.entry.to.dealer.pk, []).append(c)
        for dealer_id, group in by_dealer.items():
            phones = sorted({p for c in group for p in c.phones})
            emails = sorted({e for c in group for e in c.emails})
            span = (min(c.received_at for c in group), max(c.received_at for c in group))
            for person, values in teach(identities, dealer_id, phones, emails, span):
                self.people[id(person)] = person
                self.stored[id(person)], self.values[id(person)] = values, set(values)
        return identities

    def _new_person(self, c: Candidate) -> Person:
        person = new_person(c.entry.parsed.customer, c.entry.to.dealer, c.readings, c.emails)
        self.persons.append(person)
        self.people[id(person)] = person
        self.stored[id(person)] = {person.phone, person.email} - {""}
        self.values[id(person)] = set(self.stored[id(person)])
        return person

    def _join(self, person: Person, absorbed: list[Person], values: list[str]) -> None:
        """`absorbed` become `person`, who is found by all their values and these."""
        mine = self.values[id(person)]
        for other in absorbed:
            self.into[id(other)] = person
            mine |= self.values.pop(id(other))
            if other.pk is not None:
                self.absorbed.append(other)
        mine.update(values)

    def _final(self, person: Person) -> Person:
        while id(person) in self.into:
            person = self.into[id(person)]
        return person

    def _new_lead(self, c: Candidate, person: Person) -> Lead:
        lead = new_lead(c.entry.parsed, c.entry.to, c.received_at, person)
        self.leads.append(lead)
        self.entries.append(c.entry)
        return lead

    def _inquiry(self, c: Candidate, lead: Lead, *, is_repeat: bool) -> Inquiry:
        to = c.entry.to
        inquiry = Inquiry(
            lead=lead,
            source=to.source,
            received_at=c.received_at,
            channel=to.channel,
            provider_id=c.entry.parsed.provider_lead_id[:120],
            message=c.entry.parsed.comments,
            is_repeat=is_repeat,
        )
        self.inquiries.append(inquiry)
        return inquiry

    def write(self) -> None:
        """Settle and insert what was decided (step 4 of the module docstring).

        One by one, a lead is saved open and unassigned, its clock started, then its history
        applied (or it is assigned by rule); here the same end state is set in memory first,
        so each row is inserted once, already complete.
        """
        for lead in self.leads:
            lead.person = self._final(lead.person)
        by_rule = self._assign()
        jobs = plan_response_clocks(self.leads)
        events = close_imported_many(self._closes())
        persons = [p for p in self.persons if id(p) not in self.into]
        insert(persons, returning=True)  # each lead takes its person's new key
        insert(self.leads, returning=True)
        insert(self.inquiries, returning=True)
        self._merge()
        notifications = []
        for at, assignments in by_rule.items():  # the texts name the leads' new numbers
            assigned, told = rule_assignment_rows(assignments, at=at)
            events += assigned
            notifications += told
        insert(events)
        insert(jobs)
        insert(notifications)
        new = {id(lead) for lead in self.leads}
        for lead, history in self.repeats:  # on leads saved before: rare, one at a time
            if id(lead) not in new:
                settle_repeat(lead, history)

    def _merge(self) -> None:
        """Saved persons found to be others go; every person takes its new values as contacts."""
        survivors: dict[int, tuple[Person, list[Person]]] = {}
        for other in self.absorbed:
            final = self._final(other)
            survivors.setdefault(id(final), (final, []))[1].append(other)
        for person, others in survivors.values():
            merge_persons(person, others)
        contacts = []
        for key, values in self.values.items():
            person = self.people[key]
            contacts += contacts_to_add(person, sorted(values), self.stored[key])
        insert(contacts)

    def _assign(self) -> dict[datetime, list[tuple[Lead, list[audit.Part]]]]:
        """Each new lead's salesperson: its history's, else the next by the dealer's rule.

        Imported history keeps its own salesperson, and only an open lead without one is
        assigned by rule. A dealer's rotation is read when its first lead needs it.
        """
        rotations: dict[int, Rotation] = {}
        by_rule: dict[datetime, list[tuple[Lead, list[audit.Part]]]] = {}
        for lead, entry in zip(self.leads, self.entries, strict=True):
            history = entry.history
            if isinstance(history, History):
                lead.campaign, lead.assigned_to = history.campaign, history.salesperson
                if history.status != LeadStatus.OPEN or history.salesperson is not None:
                    continue
            elif entry.to.imported_history:
                continue
            rotation = _rotation(rotations, entry.to.dealer)
            choice = rotation.next(lead)
            if choice is not None:
                rule, lead.assigned_to = choice
                by_rule.setdefault(entry.to.arrived_at, []).append(
                    (lead, [audit.said("by_rule", rule=rule.name)])
                )
        for rotation in rotations.values():
            rotation.save()
        return by_rule

    def _closes(self) -> list[ImportedClose]:
        """The new leads' closes: each lead's own history, then its repeats' that settle it
        (`settle_repeat`, decided here on the status the closes before leave)."""
        closes = []
        status: dict[int, str] = {id(lead): LeadStatus.OPEN for lead in self.leads}
        own = [(lead, entry.history) for lead, entry in zip(self.leads, self.entries, strict=True)]
        for lead, history in own + self.repeats:
            if not isinstance(history, History) or id(lead) not in status:
                continue
            if history.status != LeadStatus.OPEN and outranks(history.status, status[id(lead)]):
                assert history.closed_at is not None
                status[id(lead)] = history.status
                closes.append(
                    ImportedClose(lead, history.status, history.closed_at, history.lost_reason)
                )
        return closes


def _rotation(rotations: dict[int, Rotation], dealer: Dealer) -> Rotation:
    if dealer.pk not in rotations:
        rotations[dealer.pk] = Rotation.load(dealer.pk)
    return rotations[dealer.pk]


def _seen(keys: list[tuple[int, str]]) -> dict[tuple[int, str], Inquiry]:
    """The inquiries already recorded under these (source, provider id) pairs."""
    by_source: dict[int, set[str]] = {}
    for source_id, provider_id in keys:
        by_source.setdefault(source_id, set()).add(provider_id)
    seen = {}
    for source_id, provider_ids in by_source.items():
        earlier = Inquiry.objects.filter(source=source_id, provider_id__in=provider_ids)
        for inquiry in earlier.select_related("lead"):
            seen[(source_id, inquiry.provider_id)] = inquiry
    return seen
