"""One person at one dealer within 30 days is one lead: merge repeat inquiries.

A person is found again by normalised phone or lower-cased e-mail, either one, so two rows
that share only an e-mail and a third that shares only the second's phone are one person.
The first row of a person opens a window of `window_days`; every later row inside it is a
repeat inquiry on that first row, whatever its status; the first row after the window opens
the next lead.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import polars as pl
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

IntArray = npt.NDArray[np.int64]


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


def first_inquiry(person: IntArray, received_us: IntArray, window_days: int) -> IntArray:
    """For each row, the row index of the inquiry that opened its lead.

    Rows are taken in time order per person; each pass assigns every row inside the window
    of its person's earliest unassigned row, so the loop runs as often as the most leads
    one person has, not once per row. People with one row open their own lead.
    """
    result = np.arange(len(person), dtype=np.int64)
    counts = np.bincount(person, minlength=len(person))
    several = np.flatnonzero(counts[person] > 1)
    if len(several):
        result[several] = several[_openers(person[several], received_us[several], window_days)]
    return result


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
