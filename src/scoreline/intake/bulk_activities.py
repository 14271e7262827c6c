"""A big activities file at once: the rows of one row at a time, in a handful of statements.

Row by row (`rows.activity_row`) an activity costs about fourteen queries: its lead, its
salesperson and script by name, the duplicate check, the lock, the insert, the lead's times
and, after an unanswered call, the next attempt. Here the same readers decide every row
first, on what is read once:

1. The leads of all the rows' lead_ids (`rows.imported_leads`), and the activities already
   imported onto them (their digests, `rows.activity_key`).
2. In file order, each row as `activity_row` takes it: its lead, its kind, then a digest
   already recorded (before, or by an earlier row of the file) is a duplicate; otherwise the
   rest of the row is read (`rows.read_activity`, names looked up once per file) and checked
   as the follow-up engine checks it (`check_imported`). A refusal stays with its row.
3. The activities that pass are recorded by `followup.actions.log_imported_many`, which
   keeps the leads' times and plans next attempts by the rules of one activity.

A file with text no database stores goes row by row, where such a row is refused on its own.
"""

from __future__ import annotations

from scoreline.followup.actions import ImportedActivity, check_imported, log_imported_many
from scoreline.followup.errors import FollowUpError
from scoreline.followup.models import Activity
from scoreline.intake.errors import BadValue, IntakeError, RefusedByFollowUp
from scoreline.intake.formats.parsed import UNSTORABLE
from scoreline.intake.importing import Outcome
from scoreline.intake.inserts import insert
from scoreline.intake.models import Payload, ResultStatus
from scoreline.intake.rows import (
    ACTIVITY_PREFIX,
    Names,
    Options,
    activity_key,
    activity_kind,
    already_imported,
    imported_lead,
    imported_leads,
    read_activity,
)
from scoreline.intake.tables import Row
from scoreline.leads.models import Lead


def storable(rows: list[Row]) -> bool:
    """Whether every value of the rows can be stored and looked up as text."""
    return not any(UNSTORABLE.search(value) for row in rows for value in row.values.values())


def import_rows(rows: list[Row], options: Options, payload: Payload) -> list[Outcome | IntakeError]:
    """Each row's outcome (or refusal), in file order (steps of the module docstring).

    One transaction is the caller's.
    """
    leads = imported_leads([row.get("lead_id") for row in rows], payload)
    recorded = _recorded(list(leads.values()))
    names = Names()
    taken: list[ImportedActivity] = []
    results: list[Outcome | IntakeError] = []
    for row in rows:
        try:
            results.append(_decide(row, options, leads, recorded, names, taken))
        except IntakeError as error:
            results.append(error)
    log_imported_many(taken, insert=insert)
    return results


def _decide(
    row: Row,
    options: Options,
    leads: dict[str, Lead],
    recorded: set[tuple[int, str]],
    names: Names,
    taken: list[ImportedActivity],
) -> Outcome:
    """One row, as `rows.activity_row` takes it; a taken activity is added to `taken`."""
    lead = imported_lead(row, leads)
    kind = activity_kind(row)
    key = activity_key(row)
    if (lead.pk, key) in recorded:
        return already_imported(lead)
    try:
        activity = read_activity(row, options, lead, kind, key, names)
        check_imported(activity)
    except FollowUpError as error:  # as `processing` tells a refusal of one row
        raise RefusedByFollowUp(str(error), row.at()) from None
    except (UnicodeError, ValueError) as error:
        raise BadValue(f"a value cannot be stored: {error}", row.at()) from None
    recorded.add((lead.pk, key))
    taken.append(activity)
    return Outcome(ResultStatus.RECORDED, lead)


def _recorded(leads: list[Lead]) -> set[tuple[int, str]]:
    """(lead, digest) of the activities already imported from exchange files onto these leads."""
    pks = sorted({lead.pk for lead in leads})
    found: set[tuple[int, str]] = set()
    for start in range(0, len(pks), 500):
        imported = Activity.objects.filter(
            lead__in=pks[start : start + 500], external_id__startswith=ACTIVITY_PREFIX
        )
        found.update(imported.values_list("lead_id", "external_id"))
    return found
