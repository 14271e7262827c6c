"""What an import did, in words or as JSON: per document, each lead or row and its fate."""

from __future__ import annotations

import re
from typing import Any

from scoreline.intake.models import IntakeResult, Payload, PayloadStatus, ResultStatus

# What a command may call a success: everything imported, or recognised as already imported.
SUCCEEDED = (PayloadStatus.DONE, PayloadStatus.DUPLICATE)


def failures(statuses: list[str]) -> str:
    """`2 of 3 file(s) failed or had refused rows`, or "" when every payload succeeded.

    The rule behind the commands' exit codes: a script running an import nightly must learn
    from the exit code alone that something was not imported.
    """
    failed = sum(status not in SUCCEEDED for status in statuses)
    return f"{failed} of {len(statuses)} failed or had refused rows" if failed else ""


def describe(payload: Payload, *, refused_only: bool = False) -> dict[str, Any]:
    """A payload and what became of each of its items (or only the refused), as plain values."""
    results = payload.results.select_related("lead__person", "lead__assigned_to", "inquiry")
    if refused_only:
        results = results.filter(status=ResultStatus.REFUSED)
    return {
        "payload": payload.pk,
        "file": payload.meta.get("file") or payload.external_id,
        "format": payload.format,
        "status": payload.status,
        "error": payload.error if payload.status != "done" and not payload.results.exists() else "",
        "duplicate_of": payload.duplicate_of_id,
        "items": sorted((_item(r) for r in results), key=lambda item: in_file_order(item["where"])),
    }


def _item(result: IntakeResult) -> dict[str, Any]:
    item: dict[str, Any] = {"where": result.where, "result": result.status, "note": result.note}
    if result.status == ResultStatus.REFUSED:
        item.update(code=result.error_code, error=result.error)
        return item
    lead = result.lead
    if lead is not None:
        person = lead.person
        item.update(
            lead=lead.pk,
            person=person.full_name,
            phone=person.phone,
            email=person.email,
            vehicle=" ".join(filter(None, [lead.vehicle_make, lead.vehicle_model])),
            received_at=(
                result.inquiry.received_at if result.inquiry else lead.received_at
            ).isoformat(),
            assigned_to=lead.assigned_to.get_username() if lead.assigned_to else None,
        )
    return item


def as_lines(described: dict[str, Any]) -> list[str]:
    """The same, for a terminal: one line per document, one per item below it."""
    head = f"{described['file']} → payload #{described['payload']}: {described['status']}"
    if described["duplicate_of"]:
        head += f" (same as payload #{described['duplicate_of']}; nothing imported again)"
    lines = [head] + ([f"  {described['error']}"] if described["error"] else [])
    for item in described["items"]:
        if item["result"] == ResultStatus.REFUSED:
            lines.append(f"  refused: {item['error']} (at {item['where']})")
        elif "lead" in item:
            contact = item["phone"] or item["email"]
            lines.append(
                f"  {item['result']}: lead #{item['lead']} {item['person'] or '-'} <{contact}> "
                f"{item['vehicle'] or '-'} at {item['received_at']}"
                + (f", assigned to {item['assigned_to']}" if item["assigned_to"] else "")
            )
        else:
            lines.append(f"  {item['result']}: {item['where']}")
        if item.get("note"):
            lines[-1] += f" ({item['note']})"
    return lines


def in_file_order(where: str) -> list[str | int]:
    """`leads.csv, row 10` after `row 9`: numbers in a place compare as numbers."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", where)]
