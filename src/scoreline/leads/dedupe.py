"""The database's side of the one rule of persons and leads (`analytics.repeats.Identities`).

A person is found again by any of their normalised phones (E.164) or e-mails (lower-cased):
the `phone` and `email` on the person and any further ones in `PersonContact`. `teach` reads
what the rule needs to decide some inquiries (the persons with their keys, their leads in the
inquiries' windows); `merge_persons` and `contacts_to_add` write what it decided: persons met
by one inquiry become one, and a person keeps every key they were seen with.
"""

from collections.abc import Iterable
from datetime import UTC, datetime

from django.db.models import Q

from scoreline.analytics.repeats import REPEAT_WINDOW, Identities, contact_keys
from scoreline.leads.models import Lead, Person, PersonContact

__all__ = [
    "REPEAT_WINDOW",
    "Identities",
    "contact_keys",
    "contacts_to_add",
    "join_persons",
    "merge_persons",
    "persons_with",
    "stored_values",
    "teach",
]


def _on_person(phones: list[str], emails: list[str]) -> Q:
    """Persons with any of the numbers or addresses as their own phone or e-mail."""
    match = Q(pk__in=[])
    if phones:
        match |= Q(phone__in=phones)
    if emails:
        match |= Q(email__in=emails)
    return match


def persons_with(dealer_id: int, phones: list[str], emails: list[str]) -> list[Person]:
    """The dealer's persons with any of these phones or e-mails, oldest first, their further
    contacts read with them. Two indexed queries rather than one OR across a join."""
    if not phones and not emails:
        return []
    further = PersonContact.objects.filter(value__in=phones + emails, person__dealer=dealer_id)
    by_contact = Q(pk__in=further.values("person"))
    found = Person.objects.filter(dealer=dealer_id).filter(_on_person(phones, emails) | by_contact)
    return list(found.prefetch_related("contacts").order_by("pk"))


def stored_values(person: Person) -> set[str]:
    """Every phone and e-mail the database finds this (saved) person by."""
    own = {person.phone, person.email} - {""}
    return own | {c.value for c in person.contacts.all()}


def teach(
    identities: Identities[Person, Lead],
    dealer_id: int,
    phones: list[str],
    emails: list[str],
    span: tuple[datetime, datetime],
) -> list[tuple[Person, set[str]]]:
    """Teach `identities` the dealer's persons with any of these keys, and their leads that a
    moment in `span` may repeat; returns those persons with their stored values."""
    persons = persons_with(dealer_id, phones, emails)
    start, end = (moment.astimezone(UTC) for moment in span)  # 30 days of 24 hours
    leads: dict[int, list[tuple[datetime, Lead]]] = {}
    window = Lead.objects.filter(
        person__in=[p.pk for p in persons], received_at__range=(start - REPEAT_WINDOW, end)
    )
    for lead in window.order_by("received_at", "pk"):
        leads.setdefault(lead.person_id, []).append((lead.received_at, lead))
    known = [(person, stored_values(person)) for person in persons]
    for person, values in known:
        identities.know(person, _keys(dealer_id, values), leads.get(person.pk, []))
    return known


def _keys(dealer_id: int, values: Iterable[str]) -> list[str]:
    """A stored value's key: an e-mail has an @, a phone never does."""
    values = list(values)
    phones = [v for v in values if "@" not in v]
    return contact_keys(dealer_id, phones, [v for v in values if "@" in v])


def merge_persons(person: Person, others: list[Person]) -> None:
    """Saved persons found to be one: their leads move to `person` and their records go, with
    their contacts (give `person` their values with `contacts_to_add`). Its name stays."""
    if others:
        pks = [o.pk for o in others]
        Lead.objects.filter(person__in=pks).update(person=person)
        Person.objects.filter(pk__in=pks).delete()


def contacts_to_add(person: Person, values: Iterable[str], stored: set[str]) -> list[PersonContact]:
    """Unsaved contacts for the `values` that `person` is not yet found by (`stored`)."""
    return [PersonContact(person=person, value=v) for v in dict.fromkeys(values) if v not in stored]


def join_persons(
    person: Person,
    absorbed: list[Person],
    stored: dict[int, set[str]],
    values: list[str],
) -> None:
    """Write what `Identities.record` decided for one inquiry met by saved persons: `absorbed`
    become `person`, who is then found by all their values and the inquiry's too."""
    everything = [v for p in absorbed for v in sorted(stored[p.pk])] + values
    merge_persons(person, absorbed)
    if person.pk not in stored:
        stored[person.pk] = stored_values(person)
    mine = stored[person.pk]
    PersonContact.objects.bulk_create(contacts_to_add(person, everything, mine))
    mine.update(everything)
