"""The same person at the same dealer within 30 days is one lead, with a repeat inquiry on it.

A person is found again by any of their normalised phone numbers (E.164) or e-mail addresses
(lower-cased); see `leads.contact`. The window runs from the first lead's `received_at`, and
the first lead's status does not matter (EXCHANGE.md).
"""

from datetime import datetime, timedelta

from django.db.models import Q

from scoreline.dealers.models import Dealer
from scoreline.leads.models import Lead, Person

REPEAT_WINDOW = timedelta(days=30)


def same_person(phones: list[str], emails: list[str], prefix: str = "") -> Q:
    """A filter matching any of the numbers or addresses (on `prefix`+phone/email)."""
    match = Q(pk__in=[])
    if phones:
        match |= Q(**{f"{prefix}phone__in": phones})
    if emails:
        match |= Q(**{f"{prefix}email__in": emails})
    return match


def find_person(dealer: Dealer, phones: list[str], emails: list[str]) -> Person | None:
    """The dealer's earliest record of this person, whenever they were last seen."""
    if not phones and not emails:
        return None
    people = Person.objects.filter(dealer=dealer).filter(same_person(phones, emails))
    return people.order_by("pk").first()


def find_open_window_lead(
    dealer: Dealer, phones: list[str], emails: list[str], at: datetime
) -> Lead | None:
    """The lead this inquiry repeats: same person and dealer, received at most 30 days before."""
    if not phones and not emails:
        return None
    leads = Lead.objects.filter(
        dealer=dealer, received_at__gte=at - REPEAT_WINDOW, received_at__lte=at
    ).filter(same_person(phones, emails, prefix="person__"))
    return leads.order_by("received_at", "pk").first()
