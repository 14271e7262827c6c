"""The people behind the demo's leads: Dutch and Flemish names, E.164 phones, e-mail addresses.

Most leads are a new person; a few are someone coming back after the 30-day repeat window,
who is the same person (found by phone or e-mail) with a new lead. Phones and addresses are
unique per dealer, so the product's own matching finds exactly the people the demo meant.
"""

import unicodedata
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from scoreline.demo import catalogue
from scoreline.demo.arrivals import Arrivals
from scoreline.demo.story import DEALERS, SOURCES
from scoreline.leads.models import Channel

IntArray = npt.NDArray[np.int64]
RETURNING = 0.03  # share of leads from someone who had a lead here before the window
REPEAT_WINDOW_US = 30 * 86_400_000_000
# Chance a person leaves no phone number, and no e-mail address, by how they came in.
NO_PHONE = {Channel.PHONE: 0.0, Channel.WALK_IN: 0.1, Channel.WEBHOOK: 0.12}
NO_EMAIL = {Channel.PHONE: 0.45, Channel.WALK_IN: 0.3}
DEFAULT_NO_PHONE = 0.04


@dataclass
class Persons:
    """Columns of the persons, and which person each lead is."""

    dealer: list[int]
    first_name: list[str]
    last_name: list[str]
    email: list[str]
    phone: list[str]
    city: list[str]
    postal_code: list[str]
    country: list[str]
    of_lead: list[int]

    def __len__(self) -> int:
        return len(self.dealer)


def draw_persons(rng: np.random.Generator, arrivals: Arrivals) -> Persons:
    """A person for every lead: 1. who is coming back; 2. names; 3. phones; 4. e-mails."""
    of_lead, first_lead = _who_comes_back(rng, arrivals)
    dealer = arrivals.dealer[first_lead]
    channel = [SOURCES[s].channel for s in arrivals.source[first_lead]]
    country = [DEALERS[d].country for d in dealer]
    first_names, last_names = _names(rng, country)
    no_phone = rng.random(len(dealer)) < np.array(
        [NO_PHONE.get(c, DEFAULT_NO_PHONE) for c in channel]
    )
    no_email = rng.random(len(dealer)) < np.array([NO_EMAIL.get(c, 0.0) for c in channel])
    no_email &= ~no_phone  # everyone leaves a way to reach them
    phones = _phones(rng, country, no_phone)
    emails = _emails(rng, first_names, last_names, country, no_email)
    cities, postal_codes = _addresses(rng, dealer, country)
    return Persons(
        dealer.tolist(),
        first_names,
        last_names,
        emails,
        phones,
        cities,
        postal_codes,
        country,
        of_lead,
    )


def _who_comes_back(rng: np.random.Generator, arrivals: Arrivals) -> tuple[list[int], IntArray]:
    """The person index of each lead, and the first lead of each person.

    A returning lead takes the person of a random earlier lead at the same dealer whose
    latest lead lies outside the repeat window, so it is a new lead and not a repeat inquiry.
    """
    n = len(arrivals)
    returning = np.flatnonzero(rng.random(n) < RETURNING)
    picks = rng.random(len(returning))
    person_of_lead = np.full(n, -1)
    last_seen: dict[int, int] = {}
    of_dealer = [np.flatnonzero(arrivals.dealer == d) for d in range(len(DEALERS))]
    for lead, pick in zip(returning.tolist(), picks.tolist(), strict=True):
        leads_here = of_dealer[arrivals.dealer[lead]]
        cutoff = arrivals.received[lead] - REPEAT_WINDOW_US
        earlier = int(np.searchsorted(arrivals.received[leads_here], cutoff))
        if not earlier:
            continue
        before = int(leads_here[int(pick * earlier)])
        person = int(person_of_lead[before]) if person_of_lead[before] >= 0 else before
        if last_seen.get(person, -1) < cutoff:
            person_of_lead[lead] = person
            last_seen[person] = int(arrivals.received[lead])
    new = person_of_lead < 0
    first_lead = np.flatnonzero(new)
    numbering = np.cumsum(new) - 1  # person number of each first lead
    of_lead = np.where(new, numbering, numbering[np.maximum(person_of_lead, 0)])
    return of_lead.tolist(), first_lead


def _names(rng: np.random.Generator, country: list[str]) -> tuple[list[str], list[str]]:
    n = len(country)
    picks = rng.random((n, 2))
    first, last = [], []
    for (a, b), land in zip(picks.tolist(), country, strict=True):
        firsts = catalogue.FLEMISH_FIRST_NAMES if land == "BE" else catalogue.DUTCH_FIRST_NAMES
        lasts = catalogue.FLEMISH_LAST_NAMES if land == "BE" else catalogue.DUTCH_LAST_NAMES
        first.append(firsts[int(a * len(firsts))])
        last.append(lasts[int(b * len(lasts))])
    return first, last


def _phones(rng: np.random.Generator, country: list[str], none: npt.NDArray[np.bool_]) -> list[str]:
    """Unique mobiles in E.164: +31 6 1… to 6 5… in the Netherlands, +32 47… to 49… in Belgium."""
    is_be = np.array([c == "BE" for c in country])
    numbers = np.zeros(len(country), dtype=np.int64)
    todo = np.arange(len(country))
    while len(todo):
        numbers[todo] = np.where(
            is_be[todo],
            rng.integers(70_000_000, 100_000_000, len(todo)),
            rng.integers(10_000_000, 60_000_000, len(todo)),
        )
        keyed = numbers + is_be * 1_000_000_000
        _, first_seen = np.unique(keyed, return_index=True)
        duplicate = np.ones(len(keyed), dtype=bool)
        duplicate[first_seen] = False
        todo = np.flatnonzero(duplicate)
    prefixes = np.where(is_be, "+324", "+316")
    return [
        "" if skip else f"{p}{n:08d}"
        for p, n, skip in zip(prefixes, numbers.tolist(), none, strict=True)
    ]


def _emails(
    rng: np.random.Generator,
    firsts: list[str],
    lasts: list[str],
    country: list[str],
    none: npt.NDArray[np.bool_],
) -> list[str]:
    """Lower-case addresses in the usual shapes, made unique with a number where needed."""
    taken: set[str] = set()
    emails = []
    draws = rng.random((len(firsts), 3)).tolist()
    for first, last, land, skip, (shape, domain, year) in zip(
        firsts, lasts, country, none, draws, strict=True
    ):
        if skip:
            emails.append("")
            continue
        f, la = _ascii(first), _ascii(last)
        local = (
            f"{f}.{la}",
            f"{f[0]}.{la}",
            f"{f}{la}{70 + int(year * 36) % 100:02d}",
            f"{la}.{f}",
        )
        domains = catalogue.EMAIL_DOMAINS_BE if land == "BE" else catalogue.EMAIL_DOMAINS_NL
        address = f"{local[int(shape * 4)]}@{domains[int(domain * len(domains))]}"
        number = 2
        while address in taken:
            name, host = address.split("@")
            address = f"{name.rstrip('0123456789')}{number}@{host}"
            number += 1
        taken.add(address)
        emails.append(address)
    return emails


def _ascii(name: str) -> str:
    """A name as an e-mail address writes it: no accents, spaces or apostrophes, lower case."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "".join(c for c in folded.lower() if c.isalnum())


def _addresses(
    rng: np.random.Generator, dealer: IntArray, country: list[str]
) -> tuple[list[str], list[str]]:
    """A town near the dealer and a postal code that fits it (1234 AB in NL, 1234 in BE)."""
    cities, codes = [], []
    draws = rng.random((len(dealer), 4)).tolist()
    letters = "ABCEGHJKLMNPRTVWXZ"
    for d, land, (town, digits, first, second) in zip(dealer.tolist(), country, draws, strict=True):
        towns = catalogue.TOWNS[DEALERS[d].key]
        city, prefix = towns[int(town * len(towns))]
        number = prefix + f"{int(digits * 10_000):04d}"[len(prefix) :]
        if land == "NL":
            number += f" {letters[int(first * len(letters))]}{letters[int(second * len(letters))]}"
        cities.append(city)
        codes.append(number)
    return cities, codes
