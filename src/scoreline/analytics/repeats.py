"""Who is the same person, and which inquiry opens a lead: the one rule, for every path.

A person is found again by any of their contact keys (a normalised phone or a lower-cased
e-mail) at one dealer; an inquiry that meets several known persons (one by phone, another by
e-mail) makes them one person, so identity is transitive: A and B sharing an e-mail and B and
C a phone are one person. The first inquiry of a person opens a lead and a window of 30 days
from its `received_at`; a later inquiry inside the window of one of the person's leads is a
repeat on the earliest such lead, whatever its status; the first one after opens a new lead.

Inquiries are taken in time order and decided with what is known at that moment: a lead once
opened stays a lead when a later inquiry shows that its person was someone already known. The
database intake (one at a time and in bulk) and the exchange-folder reader both walk their
inquiries through `Identities`, so they agree on persons, leads and repeats.

When another system's history gives each inquiry its own status, the lead ends as the best
of them (`OUTCOME_RANK`): a sale on any inquiry is a sale; else a loss stays a loss, as a
repeat inquiry does not reopen a lost lead (the person "came back after lost"); else open.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Generic, TypeVar

import numpy as np
import numpy.typing as npt
import polars as pl
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

IntArray = npt.NDArray[np.int64]

REPEAT_WINDOW = timedelta(days=30)
OUTCOME_RANK = {"won": 0, "lost": 1, "open": 2, "spam": 3}  # the best first


def outranks(status: str, current: str) -> bool:
    """Whether a repeat inquiry's `status` settles its lead instead of the `current` one."""
    return OUTCOME_RANK[status] < OUTCOME_RANK[current]


P = TypeVar("P")
L = TypeVar("L")


def contact_keys(dealer: object, phones: list[str], emails: list[str]) -> list[str]:
    """One key per phone and e-mail at a dealer, kept apart so a number never meets an address
    and one dealer's customer never another's."""
    return [f"{dealer}:p:{p}" for p in phones if p] + [f"{dealer}:e:{e}" for e in emails if e]


@dataclass(frozen=True, slots=True)
class Match(Generic[P, L]):
    """What an inquiry meets: its person (the oldest of those met, None for someone new), the
    other persons it shows to be the same one, and the lead it repeats (None: it opens one)."""

    person: P | None
    absorbed: list[P]
    lead: L | None


@dataclass
class _Person(Generic[P, L]):
    handle: P
    order: int
    keys: set[str] = field(default_factory=set)
    leads: list[tuple[datetime, int, L]] = field(default_factory=list)


class Identities(Generic[P, L]):
    """Persons by contact key with their leads: taught what is known (`know`), then shown
    inquiries in time order (`match`, and `record` what was decided). `P` and `L` are the
    caller's handles (row numbers, model instances, saved or not)."""

    def __init__(self, window: timedelta = REPEAT_WINDOW) -> None:
        self.window = window
        self._owner: dict[str, _Person[P, L]] = {}
        self._count = 0

    def know(
        self, person: P, keys: list[str], leads: list[tuple[datetime, L]] | None = None
    ) -> None:
        """Register a person already known (oldest first) with their keys and leads."""
        found = self._new(person)
        self._claim(found, keys)
        for received_at, lead in leads or []:
            self._add_lead(found, received_at, lead)

    def match(self, keys: list[str], at: datetime) -> Match[P, L]:
        """Whom an inquiry with these keys at `at` is, and the earliest of their leads whose
        window holds `at`; nothing is changed until `record`."""
        met = self._met(keys)
        if not met:
            return Match(None, [], None)
        leads = sorted(lead for p in met for lead in p.leads)
        at, window = _instant(at), self.window
        lead = next((lead for t, _, lead in leads if t <= at <= t + window), None)
        return Match(met[0].handle, [p.handle for p in met[1:]], lead)

    def record(
        self,
        keys: list[str],
        *,
        new_person: P | None = None,
        opened: tuple[datetime, L] | None = None,
    ) -> None:
        """Record an inquiry as decided: the persons it met become one (the oldest) and take
        its keys, or `new_person` is made for it; `opened` is the lead it opened, if any."""
        met = self._met(keys)
        person = self._new(new_person) if not met else met[0]
        for other in met[1:]:
            self._claim(person, list(other.keys))
            person.leads.extend(other.leads)
        self._claim(person, keys)
        if opened is not None:
            self._add_lead(person, *opened)

    def _met(self, keys: list[str]) -> list[_Person[P, L]]:
        found = {id(p): p for k in keys if (p := self._owner.get(k)) is not None}
        return sorted(found.values(), key=lambda p: p.order)

    def _new(self, handle: P | None) -> _Person[P, L]:
        assert handle is not None, "an inquiry that met nobody needs a new person"
        self._count += 1
        return _Person(handle, self._count)

    def _claim(self, person: _Person[P, L], keys: list[str]) -> None:
        for key in keys:
            person.keys.add(key)
            self._owner[key] = person

    def _add_lead(self, person: _Person[P, L], received_at: datetime, lead: L) -> None:
        self._count += 1
        person.leads.append((_instant(received_at), self._count, lead))


def _instant(moment: datetime) -> datetime:
    """An aware moment in UTC: 30 days are 30 times 24 hours, also across a change of clocks
    (arithmetic on a zone's own datetimes would count wall-clock days)."""
    return moment.astimezone(UTC) if moment.tzinfo is not None else moment


def person_ids(rows: pl.DataFrame) -> IntArray:
    """A person id per row (dealer, phone, email): rows sharing a phone or an e-mail at the
    same dealer are one person. Most people write once, so only rows whose key repeats
    (found by hashing) go through the graph."""
    repeated = (pl.col("phone").is_not_null() & pl.struct("dealer", "phone").is_duplicated()) | (
        pl.col("email").is_not_null() & pl.struct("dealer", "email").is_duplicated()
    )
    shared = rows.with_row_index("_row").filter(repeated)
    person = np.arange(rows.height, dtype=np.int64)
    if shared.height == 0:
        return person
    keyed = shared.select(
        "_row",
        pl.struct("dealer", "phone").rank("dense").alias("_p"),
        pl.struct("dealer", "email").rank("dense").alias("_e"),
        pl.col("phone").is_not_null().alias("_hp"),
        pl.col("email").is_not_null().alias("_he"),
    )
    return _components(keyed, person)


def _components(shared: pl.DataFrame, person: IntArray) -> IntArray:
    """Union rows that share a phone or an e-mail key, as connected components of a graph."""
    rows = shared["_row"].to_numpy().astype(np.int64)
    local = np.arange(len(rows))
    phones = shared.filter(pl.col("_hp")).select(pl.col("_row"), pl.col("_p"))
    emails = shared.filter(pl.col("_he")).select(pl.col("_row"), pl.col("_e"))
    position = dict(zip(rows.tolist(), local.tolist(), strict=True))
    edges_from, edges_to = [], []
    offset = len(rows)
    for keys in (phones, emails):
        if keys.height == 0:
            continue
        codes = keys[keys.columns[1]].rank("dense").to_numpy().astype(np.int64) - 1
        edges_from.append(np.array([position[r] for r in keys["_row"].to_list()]))
        edges_to.append(codes + offset)
        offset += int(codes.max()) + 1
    a, b = np.concatenate(edges_from), np.concatenate(edges_to)
    graph = coo_matrix((np.ones(len(a)), (a, b)), shape=(offset, offset))
    _, labels = connected_components(graph, directed=False)
    component = labels[: len(rows)]
    # name each component after its smallest row, so ids stay unique against singletons
    first = pl.DataFrame({"c": component, "r": rows}).group_by("c").agg(pl.col("r").min())
    smallest = dict(first.iter_rows())
    person[rows] = np.array([smallest[c] for c in component.tolist()], dtype=np.int64)
    return person


def first_inquiry(rows: pl.DataFrame, person: IntArray, window_days: int) -> IntArray:
    """For each row (dealer, phone, email, received_at), the row index of the inquiry that
    opened its lead, by `Identities`. `person` is `person_ids(rows)`.

    1. A person with one row opens their own lead.
    2. A person each of whose later rows shares a phone or an e-mail with an earlier one was
       one person at every step, so their leads follow one another: a row opens the next
       lead when it is past the window of the last one (`_openers`, vectorised).
    3. The rest, whose rows were joined only later (a bridge), are walked through
       `Identities` row by row in time order.
    """
    result = np.arange(len(person), dtype=np.int64)
    counts = np.bincount(person, minlength=len(person))
    several = np.flatnonzero(counts[person] > 1)
    if not len(several):
        return result
    ordered = (
        rows.select("dealer", "phone", "email", "received_at")
        .with_row_index("_row")
        .filter(pl.col("_row").is_in(pl.Series(several, dtype=pl.UInt32).implode()))
        .with_columns(pl.Series("_person", person[several]))
        .sort("received_at", "_row")
    )
    bridged = _bridged(ordered)
    chained = ordered.filter(~pl.col("_person").is_in(bridged.implode()))
    if chained.height:
        at = chained["_row"].to_numpy().astype(np.int64)
        received_us = chained["received_at"].dt.epoch("us").to_numpy()
        result[at] = at[_openers(chained["_person"].to_numpy(), received_us, window_days)]
    walked = ordered.filter(pl.col("_person").is_in(bridged.implode()))
    identities: Identities[int, int] = Identities(timedelta(days=window_days))
    for row, dealer, phone, email, at_ in walked.select(
        "_row", "dealer", "phone", "email", "received_at"
    ).iter_rows():
        keys = contact_keys(dealer, [phone or ""], [email or ""])
        found = identities.match(keys, at_)
        if found.lead is None:
            identities.record(keys, new_person=row, opened=(at_, row))
        else:
            identities.record(keys)
            result[row] = found.lead
    return result


def _bridged(ordered: pl.DataFrame) -> pl.Series:
    """The persons with a row after their first that shares no key with an earlier row
    (rows in time order)."""
    first_phone = pl.col("phone").is_null() | pl.struct("dealer", "phone").is_first_distinct()
    first_email = pl.col("email").is_null() | pl.struct("dealer", "email").is_first_distinct()
    loose = first_phone & first_email & ~pl.col("_person").is_first_distinct()
    return ordered.filter(loose)["_person"].unique()


def _openers(person: IntArray, received_us: IntArray, window_days: int) -> IntArray:
    """Positions (into these rows) of the row that opened each row's lead."""
    n = len(person)
    window = np.int64(window_days) * 86_400_000_000
    order = np.lexsort((np.arange(n), received_us, person))
    p, t = person[order], received_us[order]
    anchor = np.full(n, -1, dtype=np.int64)
    pending = np.ones(n, dtype=bool)
    while pending.any():
        rows = np.flatnonzero(pending)
        starts = rows[np.r_[True, p[rows][1:] != p[rows][:-1]]]
        opener = starts[np.searchsorted(p[starts], p[rows])]
        inside = t[rows] - t[opener] <= window
        anchor[rows[inside]] = order[opener[inside]]
        pending[rows[inside]] = False
    result = np.empty(n, dtype=np.int64)
    result[order] = anchor
    return result


COME_BACK_DAYS = 90


def came_back_at(
    leads: pl.DataFrame, inquiries: pl.DataFrame, days: int = COME_BACK_DAYS
) -> pl.Series:
    """Per lead, in the leads' order: when its person inquired again at the same dealer within
    `days` after the lead was closed lost — "not interested" said too soon — else null.

    `leads` has dealer, person, status and closed_at; `inquiries` every inquiry of those
    people (the leads' own repeats included) with dealer, person and received_at. Both the
    exchange reader and the database extract call this, so the figure means one thing.
    """
    lost = (
        leads.with_row_index("_row")
        .filter((pl.col("status") == "lost") & pl.col("closed_at").is_not_null())
        .select("_row", "dealer", "person", "closed_at")
        .with_columns((pl.col("closed_at") + pl.duration(microseconds=1)).alias("_after"))
        .sort("_after")
    )
    asked = (
        inquiries.select("dealer", "person", pl.col("received_at").alias("_after"))
        .with_columns(pl.col("_after").alias("_next"))
        .sort("_after")
    )
    found = lost.join_asof(
        asked, on="_after", by=["dealer", "person"], strategy="forward", check_sortedness=False
    )
    again = found.filter(pl.col("_next") <= pl.col("closed_at") + pl.duration(days=days))
    at = pl.DataFrame({"_row": np.arange(leads.height, dtype=np.uint32)})
    at = at.join(again.select("_row", "_next"), on="_row", how="left", maintain_order="left")
    return at["_next"].alias("came_back_at")
