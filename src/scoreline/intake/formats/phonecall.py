"""One call as a phone system reports it, whatever the format it came in.

The three call formats (`asterisk`, `twilio`, `callevent`) and the exchange `calls.csv` each
read into `ParsedCall`; `intake.phone` matches it to a lead and a salesperson. The call's
own id (Asterisk's uniqueid, Twilio's CallSid, the event's call_id) keys it, so a call sent
twice is recorded once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

INBOUND, OUTBOUND, INTERNAL = "in", "out", "internal"


@dataclass(frozen=True, slots=True)
class ParsedCall:
    """A call: `remote` is the other party's number as dialled or shown; `local` the
    extension, agent's number or line it was on. `started_at` may be naive (the PBX's zone,
    read in the dealer's time zone). `final` is False for a progress callback (ringing, in
    progress) that records nothing."""

    call_id: str
    where: str
    started_at: datetime
    direction: str
    remote: str
    local: str = ""
    answered: bool = False
    billable_s: int | None = None
    duration_s: int | None = None
    status: str = ""  # busy, no_answer, failed, … as the system said it
    final: bool = True


def whole_seconds(text: str) -> int | None:
    """Seconds as the phone system wrote them ("42", "42.0"); None when empty or not a number."""
    text = (text or "").strip()
    try:
        value = float(text)
    except ValueError:
        return None
    return int(value) if value >= 0 else None
