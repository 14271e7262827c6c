"""The demo's phone feed: Utrecht's PBX reports its calls, with the usual gaps.

One dealer of the group has a call feed, so the board and the scoreboard show what evidence
looks like (DESIGN.md, "evidence"):
- most calls at Utrecht come from the phone system (evidence "phone system");
- a few were made from a mobile and only logged by hand (about one in twenty);
- Kevin, who closes after one try, logs calls the PBX mostly never saw: two in three of his
  are not confirmed;
- the extensions 201–203 are Sanne's, Daan's and Kevin's, and a handful of calls to numbers
  no lead has are kept for the manager to look at.
The other dealers have no feed: their calls are all logged by hand, and their share of
confirmed calls is no figure at all.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from scoreline.dealers.models import Dealer
from scoreline.demo.rows import ActivityRow
from scoreline.followup.models import ActivityKind, Direction, Evidence
from scoreline.intake.models import CallMatch, Extension, Format, IntakeEndpoint, PhoneCall
from scoreline.leads.models import Source

FEED_DEALER = "utrecht"
UNCONFIRMED = "kevin"  # calls from his own mobile, logged afterwards
EXTENSIONS = {"201": "sanne", "202": "daan", "203": "kevin"}
MOBILE_PERCENT = 5  # calls of the others made from a mobile, only logged by hand
KEVIN_UNCONFIRMED_PERCENT = 65
UNMATCHED = (  # days ago, hour, extension, number dialled: not a lead's
    (1, 10, "201", "0302345678"),
    (2, 15, "203", "0612398765"),
    (4, 11, "202", "0031306543210"),
    (6, 9, "203", "0687123456"),
    (9, 16, "201", "0302998877"),
)


def evidence(dealer_key: str, activity: ActivityRow, lead_id: int) -> str:
    """Where a demo activity's record came from: the PBX for Utrecht's calls, with gaps."""
    if dealer_key != FEED_DEALER or activity.kind != ActivityKind.CALL or activity.is_automatic:
        return Evidence.HAND
    roll = (lead_id * 2654435761 + activity.at // 1_000_000) % 100
    hand = KEVIN_UNCONFIRMED_PERCENT if activity.by == UNCONFIRMED else MOBILE_PERCENT
    return Evidence.HAND if roll < hand else Evidence.PHONE_SYSTEM


def write_phone_system(dealer: Dealer, users: dict[str, int], until: datetime) -> None:
    """The feed dealer's extensions, its PBX endpoint and the calls that matched nothing."""
    for number, username in EXTENSIONS.items():
        Extension.objects.create(dealer=dealer, number=number, person_id=users.get(username))
    phone = Source.objects.filter(slug="phone").first() or Source.objects.create(
        slug="phone", name="Phone"
    )
    endpoint = IntakeEndpoint(
        dealer=dealer, source=phone, format=Format.ASTERISK, name="PBX (Asterisk CDR)"
    )
    endpoint.set_token()  # nobody knows the token: the demo's PBX never posts
    endpoint.save()
    PhoneCall.objects.bulk_create(
        PhoneCall(
            dealer=dealer,
            call_id=f"demo-unmatched-{n}",
            started_at=(until - timedelta(days=days)).replace(hour=hour, minute=12),
            direction=Direction.OUTBOUND,
            remote=number,
            number="",
            extension=extension,
            person_id=users.get(EXTENSIONS[extension]),
            answered=n % 2 == 0,
            billable_s=45 if n % 2 == 0 else 0,
            match=CallMatch.UNMATCHED,
        )
        for n, (days, hour, extension, number) in enumerate(UNMATCHED)
    )
