"""Many leads of one payload at once: the rules of `importing`, in a handful of queries.

A bulk document (hundreds of prospects) or a leads file would cost dozens of queries per lead
one by one. Here the same decisions are taken in memory and written with bulk inserts:

1. Check each lead and normalise its contacts; a refusal stays with its lead, as always.
2. Read what is known once: inquiries with these provider ids, and each dealer's persons with
   these phones or e-mails with their leads from 30 days before the earliest lead on.
3. Walk the leads (in time order, or in the order given): a provider id seen before is a
   duplicate; the same person within 30 days of a lead (known, or made earlier in this batch)
   is a repeat inquiry on it; otherwise a new lead, on the known person or a new one — unless
   its history (an exchange row's status, campaign or close) was refused, which refuses it.
4. Give the new leads their history and their response clocks, assign the rest by each
   dealer's rotation, and insert persons, leads, inquiries, events, clock jobs and the
   salespeople's notifications, each table in a statement or a few (`inserts`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

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
)
from scoreline.intake.inserts import insert
from scoreline.intake.models import ResultStatus
from scoreline.leads.contact import PhoneReading
from scoreline.leads.dedupe import REPEAT_WINDOW, same_person
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
        return _keys(self.entry.to.dealer.pk, self.phones, self.emails)


@dataclass
class Known:
    """Persons and leads by contact key, existing and planned."""

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

    def decide(self, candidates: list[Candidate], results: list) -> None:  # type: ignore[type-arg]
        seen = _seen([key for c in candidates if (key := c.provider_key)])
        known = _known(candidates)
        for c in candidates:
            key = c.provider_key
            if key is not None and key in seen:
                earlier = seen[key]
                note = f"provider id {key[1]}"
                results[c.position] = Outcome(ResultStatus.DUPLICATE, earlier.lead, earlier, note)
                continue
            lead = known.lead_for(c.keys, c.received_at)
            status = ResultStatus.REPEAT if lead is not None else ResultStatus.CREATED
            if lead is None and isinstance(c.entry.history, IntakeError):
                results[c.position] = c.entry.history
                continue
            if lead is None:
                lead = self._new_lead(c, known)
            inquiry = self._inquiry(c, lead, is_repeat=status == ResultStatus.REPEAT)
            if key is not None:
                seen[key] = inquiry
            results[c.position] = Outcome(status, lead, inquiry)

    def _new_lead(self, c: Candidate, known: Known) -> Lead:
        person = known.person_for(c.keys)
        to = c.entry.to
        if person is None:
            person = new_person(c.entry.parsed.customer, to.dealer, c.readings, c.emails)
            self.persons.append(person)
        lead = new_lead(c.entry.parsed, to, c.received_at, person)
        self.leads.append(lead)
        self.entries.append(c.entry)
        known.add(c.keys, person, lead)
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
        by_rule = self._assign()
        jobs = plan_response_clocks(self.leads)
        events = close_imported_many(self._closes())
        insert(self.persons, returning=True)  # each lead takes its person's new key
        insert(self.leads, returning=True)
        insert(self.inquiries, returning=True)
        notifications = []
        for at, assignments in by_rule.items():  # the texts name the leads' new numbers
            assigned, told = rule_assignment_rows(assignments, at=at)
            events += assigned
            notifications += told
        insert(events)
        insert(jobs)
        insert(notifications)

    def _assign(self) -> dict[datetime, list[tuple[Lead, str]]]:
        """Each new lead's salesperson: its history's, else the next by the dealer's rule.

        Imported history keeps its own salesperson, and only an open lead without one is
        assigned by rule. A dealer's rotation is read when its first lead needs it.
        """
        rotations: dict[int, Rotation] = {}
        by_rule: dict[datetime, list[tuple[Lead, str]]] = {}
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
                by_rule.setdefault(entry.to.arrived_at, []).append((lead, f"rule: {rule.name}"))
        for rotation in rotations.values():
            rotation.save()
        return by_rule

    def _closes(self) -> list[ImportedClose]:
        closes = []
        for lead, entry in zip(self.leads, self.entries, strict=True):
            history = entry.history
            if isinstance(history, History) and history.status != LeadStatus.OPEN:
                assert history.closed_at is not None
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


def _known(candidates: list[Candidate]) -> Known:
    """Each dealer's persons with these contacts, and their leads in the batch's windows."""
    known = Known()
    by_dealer: dict[int, list[Candidate]] = {}
    for c in candidates:
        by_dealer.setdefault(c.entry.to.dealer.pk, []).append(c)
    for dealer_id, group in by_dealer.items():
        _read_known(known, dealer_id, group)
    return known


def _read_known(known: Known, dealer_id: int, candidates: list[Candidate]) -> None:
    phones = sorted({p for c in candidates for p in c.phones})
    emails = sorted({e for c in candidates for e in c.emails})
    if not phones and not emails:
        return
    persons = Person.objects.filter(dealer=dealer_id).filter(same_person(phones, emails))
    by_pk = {p.pk: p for p in persons.order_by("pk")}
    for person in by_pk.values():
        known.add(_person_keys(person), person)
    start = min(c.received_at for c in candidates) - REPEAT_WINDOW
    end = max(c.received_at for c in candidates)
    leads = Lead.objects.filter(person__in=list(by_pk), received_at__range=(start, end))
    for lead in leads.order_by("received_at", "pk"):
        person = by_pk[lead.person_id]
        known.add(_person_keys(person), person, lead)


def _keys(dealer_id: int, phones: list[str], emails: list[str]) -> list[str]:
    return [f"{dealer_id}:p:{p}" for p in phones] + [f"{dealer_id}:e:{e}" for e in emails]


def _person_keys(person: Person) -> list[str]:
    return _keys(
        person.dealer_id,
        [person.phone] if person.phone else [],
        [person.email] if person.email else [],
    )
