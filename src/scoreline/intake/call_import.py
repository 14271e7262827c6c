"""`scoreline calls import`'s one step: a CDR file or an exchange calls.csv stored, processed
now and summed up. It sits above `processing` and `callfiles`, which the worker uses too."""

from __future__ import annotations

from scoreline.dealers.models import Dealer
from scoreline.intake import processing
from scoreline.intake.callfiles import CALL_LOG, detect, phone_source, summary
from scoreline.intake.models import Format, Payload
from scoreline.leads.models import Channel


def import_call_file(
    body: bytes, dealer: Dealer, *, name: str = "calls", utc: bool = False
) -> tuple[Payload, dict[str, int]]:
    """Store a CDR file or an exchange calls.csv (detected), process it now, and say what it
    did. The same file again stores a second payload whose calls are all duplicates."""
    format = detect(body)
    meta: dict[str, object] = {"file": name}
    if format == Format.CALLS:
        meta["kind"] = CALL_LOG
    if utc:
        meta["utc"] = True
    payload = processing.receive(
        body,
        channel=Channel.PHONE,
        format=format,
        dealer=dealer,
        source=phone_source(),
        external_id=name,
        meta=meta,
        whole_duplicates=False,
    )
    if processing.claim(payload.pk):
        payload = processing.process(payload)
    return payload, summary(payload)
