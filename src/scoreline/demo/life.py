"""What happens to one demo lead: who answers it, how fast, how often, and how it ends.

Each lead's whole life is planned first, as if time ran on, then cut at "now": what lies
after now has not happened yet, so recent leads stay open, untouched or half-worked, and a
lead left lying shows its overdue follow-up. The mechanics encode what lead-response research
and Dutch dealers report, so the scoreboard has true stories to find:

- a first call within minutes reaches people far more often, and a person reached fast is
  more likely to buy (SPEED_EFFECT);
- every further attempt reaches a reachable person with a fixed chance, so people who keep
  calling reach more of them; some people are never reachable, more so on some portals;
- what a contacted person buys depends on the source (lead quality) and on the script used.
"""

import random
from bisect import bisect_right
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import accumulate
from typing import Any

from scoreline.analytics.standard import FollowUpStandard
from scoreline.demo import catalogue
from scoreline.demo.clock import DealerClock
from scoreline.demo.derive import effort_met, lead_facts
from scoreline.demo.rows import ActivityRow, EventRow, InquiryRow, LeadRow, OrderRow
from scoreline.demo.story import LOST_REASONS, PORTALS, SOURCES, DealerStory, Habit
from scoreline.followup.models import ActivityKind, CallOutcome
from scoreline.leads.models import EventKind, LeadStatus

US_PER_MINUTE = 60_000_000
US_PER_HOUR = 60 * US_PER_MINUTE
# (business minutes to the first response, effect on reaching and on buying), first match.
SPEED_EFFECT = ((5, 1.25), (15, 1.1), (60, 1.0), (240, 0.85), (float("inf"), 0.7))
INBOUND_EFFECT = 1.1  # someone calling or walking in is talking to a salesperson at once
FIRST_CALL_REACH = 0.62
LATER_CALL_REACH = 0.3
WRONG_NUMBER = 0.02
REPLY_TO_WRITTEN = 0.2
SCRIPT_EFFECT = {"portal_v2": 1.12, "portal_v1": 1.0, "direct_v1": 1.05, None: 0.9}
DUPLICATE, FAKE = 0.012, 0.004
AUTO_ACKNOWLEDGED = {"website": 0.7, "importer": 0.9}
REPEAT_INQUIRY = 0.08
CLEANUP_AFTER_OPEN_DAYS = (8, 20)
LOST_AFTER_VISIT = (("bought_elsewhere", 0.45), ("no_budget", 0.25), ("not_interested", 0.3))
LOST_WITHOUT_VISIT = (("not_interested", 0.55), ("bought_elsewhere", 0.25), ("no_budget", 0.2))
SETTLED, STOP_CALLING, UNANSWERED = "settled", "stop calling", "unanswered"  # a call's upshot
REASON_LABELS = {reason.code: reason.label for reason in LOST_REASONS}
GUARDED_REASONS = {r.code for r in LOST_REASONS if r.needs_follow_up_standard}
VIN_CHARACTERS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
WMI = {"Volkswagen": "WVW", "Škoda": "TMB", "Audi": "WAU", "Toyota": "JTD", "Kia": "KNA",
       "Peugeot": "VF3", "Renault": "VF1", "Opel": "W0L", "Ford": "WF0", "BMW": "WBA",
       "Hyundai": "KMH", "Tesla": "5YJ"}  # fmt: skip


@dataclass
class DealerWorld:
    """What every lead of one dealer shares."""

    index: int
    story: DealerStory
    clock: DealerClock
    manager: str
    habits: dict[str, Habit]
    rule: FollowUpStandard
    portal_v2_from: int
    now: int
    orders_made: int = 0


@dataclass(frozen=True)
class Arrival:
    """One lead as the bulk draws left it: when, from where, for whom, answered when."""

    index: int
    received: int
    source: int
    campaign: int
    person: int
    salesperson: str | None
    delay_minutes: float  # business minutes to the first outbound action
    first_touch: int
    response_due: int
    has_phone: bool
    has_email: bool


@dataclass(frozen=True)
class Close:
    status: str
    at: int
    reason: str | None
    by: str | None


class LeadLife:
    """Plans one lead's life, then cuts it at now into a `LeadRow`."""

    def __init__(self, world: DealerWorld, arrival: Arrival, rng: random.Random) -> None:
        self.world, self.arrival, self.r = world, arrival, rng.random
        self.source = SOURCES[arrival.source]
        self.clock = world.clock
        self.by = arrival.salesperson
        self.habit = world.habits.get(arrival.salesperson or "")
        self.plan: list[ActivityRow] = []
        self.close: Close | None = None
        self.reachable, self.speed, self.wrote = True, 1.0, False
        self.lying = False  # nobody works the lead any more
        self.overdue: int | None = None  # the follow-up promised before it was left lying
        self.row = LeadRow(
            world.index, arrival.person, arrival.source, arrival.campaign, arrival.received, self.by
        )

    def live(self) -> LeadRow:
        self._arrive()
        if self.habit is not None:
            self._fate()
        self._settle()
        return self.row

    # 1. Arrival: the inquiry, the car asked about, the automatic acknowledgement.

    def _arrive(self) -> None:
        row, a = self.row, self.arrival
        _describe_vehicle(row, self.source.new_car, self.r)
        messages = catalogue.MESSAGES if not self.source.is_inbound else ("",)
        row.message = _pick(messages, self.r())
        row.response_due_at = a.response_due
        row.inquiries.append(self._inquiry(a.received, a.source, row.message, 0))
        if self.r() < AUTO_ACKNOWLEDGED.get(self.source.slug, 0.0):
            ack = a.received + int((30 + 60 * self.r()) * 1e6)
            self.plan.append(ActivityRow(ack, ActivityKind.EMAIL, None, is_automatic=True,
                                         note="Automatische ontvangstbevestiging"))  # fmt: skip
        if not self.source.is_inbound and self.r() < REPEAT_INQUIRY:
            again = a.received + int((2 + 600 * self.r()) * US_PER_HOUR)
            source = a.source if self.r() < 0.7 else 0  # else via the website
            message = _pick(catalogue.REPEAT_MESSAGES, self.r())
            if again <= self.world.now:
                row.inquiries.append(self._inquiry(again, source, message, 1))

    def _inquiry(self, at: int, source: int, message: str, number: int) -> InquiryRow:
        story = SOURCES[source]
        provider = f"{story.provider_prefix}{self.arrival.index * 2 + number + 4_100_000}"
        provider_id = provider if story.provider_prefix else ""
        return InquiryRow(at, source, story.channel, provider_id, message, bool(number))

    # 2. Fate: spam, a quick administrative close, or a lead worked by its salesperson.

    def _fate(self) -> None:
        u = self.r()
        if u < self.source.spam:
            self.close = Close(LeadStatus.SPAM, self.arrival.first_touch, None, self.by)
        elif not self.source.is_inbound and u < self.source.spam + DUPLICATE + FAKE:
            reason = "duplicate" if u < self.source.spam + DUPLICATE else "fake"
            self._close(LeadStatus.LOST, self.arrival.first_touch, reason, self.by)
        elif self.source.is_inbound:
            self._walk_or_call_in()
        elif self.r() < self._habit().never_responds:
            self._leave_lying(self.arrival.received, None)
        else:
            self._work()

    def _habit(self) -> Habit:
        assert self.habit is not None
        return self.habit

    def _walk_or_call_in(self) -> None:
        """The answered call or the visit is the first contact and so the first response."""
        a = self.arrival
        if self.source.slug == "phone":
            self._call(a.received, CallOutcome.REACHED, None, direction="in")
        else:
            self._act(a.received, ActivityKind.VISIT, direction="in")
        self._write(a.first_touch)
        self._conversation(a.received, None, INBOUND_EFFECT, visited=self.source.slug == "walk-in")

    def _work(self) -> None:
        """Work an online lead as the salesperson's habit goes.

        1. The first response: a call, or first a written message (no phone, or the habit).
        2. Call attempts until the person is reached, spread over days (`_call_round`).
        3. Never reached: closed as not reached a day or two after the last try.
        """
        a = self.arrival
        self.reachable = self.r() >= self.source.unreachable
        self.speed = _speed_effect(a.delay_minutes)
        at = a.first_touch
        if not a.has_phone or self.r() >= self._habit().phone_first:
            self.wrote = self._write(at)
            at = self.clock.later(at, 10 + 80 * self.r())
        if self._call_round(at):
            return
        if self.wrote and self.reachable and self.r() < REPLY_TO_WRITTEN:
            return self._replied(self.plan[-1].at, None)
        last = max(act.at for act in self.plan)
        day = self.clock.open_day(last) + 1 + int(2 * self.r())
        self._close(LeadStatus.LOST, self.clock.on_open_day(day, self.r()), "not_reached", self.by)

    def _call_round(self, at: int) -> bool:
        """Call until reached; True when that settled the lead (talked, closed or left lying)."""
        habit = self._habit()
        attempts = _pick(habit.attempts, self.r()) if self.arrival.has_phone else 0
        will_write = self.r() < habit.writes
        abandon_at = 1 + int(self.r() * attempts) if self.r() < habit.abandons else -1
        for attempt in range(attempts):
            if attempt == abandon_at:
                self._leave_lying(at, at)
                return True
            outcome = self._attempt(at, first=attempt == 0)
            if outcome != UNANSWERED:
                return outcome != STOP_CALLING
            if will_write and not self.wrote:
                self.wrote = self._write(self.clock.later(at, 2 + 40 * self.r()))
                if self.reachable and self.r() < REPLY_TO_WRITTEN:
                    self._replied(self.plan[-1].at, self._script(at))
                    return True
            at = self._next_attempt(at)
        return False

    def _attempt(self, at: int, first: bool) -> str:
        """One call: SETTLED (talked, or closed after one try), STOP_CALLING or UNANSWERED."""
        script = self._script(at)
        if first and self.r() < WRONG_NUMBER:
            self._call(at, CallOutcome.WRONG_NUMBER, script)
            return STOP_CALLING
        if self.reachable and self.r() < (
            FIRST_CALL_REACH * self.speed if first else LATER_CALL_REACH
        ):
            self._call(at, CallOutcome.REACHED, script)
            self._conversation(at, script, self.speed)
            return SETTLED
        self._call(at, _pick(_UNANSWERED, self.r()), script)
        if first and self.r() < self._habit().closes_after_one_try:
            closed = self.clock.later(at, 2 + 8 * self.r())
            self._close(LeadStatus.LOST, closed, "not_interested", self.by)
            return SETTLED
        return UNANSWERED

    def _replied(self, written: int, script: str | None) -> None:
        """The person answers the written message; the salesperson calls back and talks."""
        reply = self.clock.later(written, 20 + 900 * self.r())
        self._act(reply, ActivityKind.EMAIL, direction="in", note="Reactie van klant")
        callback = self.clock.later(reply, 5 + 120 * self.r())
        self._call(callback, CallOutcome.REACHED, script)
        self._conversation(reply, script, self.speed)

    def _next_attempt(self, at: int) -> int:
        habit = self._habit()
        if self.r() < habit.same_day_retry:
            return self.clock.later(at, 60 + 120 * self.r())
        day = self.clock.open_day(at) + _pick(habit.day_gaps, self.r())
        return self.clock.on_open_day(day, 0.05 + 0.9 * self.r())

    def _script(self, at: int) -> str | None:
        if self.r() >= self._habit().uses_script:
            return None
        if self.source.slug in PORTALS:
            return "portal_v2" if at >= self.world.portal_v2_from else "portal_v1"
        return "direct_v1"

    # 3. After contact: appointment, visit, test drive, quote, and an order or a loss.

    def _conversation(
        self, contact: int, script: str | None, speed: float, visited: bool = False
    ) -> None:
        chance = self.source.won_if_contacted * speed * SCRIPT_EFFECT.get(script, 1.0)
        won = self.r() < chance
        visit = contact if visited else self._visit(contact, won)
        quote = self._quote(contact, visit, won)
        last = max(contact, visit or 0, quote or 0)
        if quote is not None and (not won or self.r() < 0.5):
            day = self.clock.open_day(quote) + 2 + int(3 * self.r())
            last = self.clock.on_open_day(day, self.r())
            outcome = CallOutcome.REACHED if self.r() < 0.65 else CallOutcome.NO_ANSWER
            self._call(last, outcome, "quote_v1", note="Offerte nagebeld")
        if won:
            day = self.clock.open_day(last) + int(12 * self.r() ** 2)
            self._close(
                LeadStatus.WON,
                max(self.clock.on_open_day(day, self.r()), last + US_PER_MINUTE),
                None,
                self.by,
            )
        elif self.r() < self._habit().abandons:
            # Half promise a call back they never make (overdue), half plan nothing (stale).
            follow_up = self.clock.on_open_day(self.clock.open_day(last) + 3, self.r())
            self._leave_lying(last, follow_up if self.r() < 0.5 else None)
        else:
            day = self.clock.open_day(last) + 2 + int(18 * self.r())
            reasons = LOST_AFTER_VISIT if visit else LOST_WITHOUT_VISIT
            reason = _weighted(reasons, self.r())
            self._close(LeadStatus.LOST, self.clock.on_open_day(day, self.r()), reason, self.by)

    def _visit(self, contact: int, won: bool) -> int | None:
        """The showroom visit (often booked on the call) and the test drive during it."""
        booked = self.r() < (0.9 if won else 0.4)
        if booked:
            self._act(
                contact + 2 * US_PER_MINUTE, ActivityKind.APPOINTMENT, note="Afspraak showroom"
            )
        if not (booked and self.r() < (0.97 if won else 0.75)) and not (won and self.r() < 0.6):
            return None
        day = self.clock.open_day(contact) + 1 + int(6 * self.r())
        visit = max(self.clock.on_open_day(day, 0.05 + 0.7 * self.r()), contact + US_PER_HOUR)
        self._act(visit, ActivityKind.VISIT, direction="in")
        return visit

    def _quote(self, contact: int, visit: int | None, won: bool) -> int | None:
        if visit is not None and self.r() < (0.85 if won else 0.45):
            self._act(visit + 20 * US_PER_MINUTE, ActivityKind.TEST_DRIVE)
        if visit is not None and (won or self.r() < 0.55):
            at = visit + 55 * US_PER_MINUTE
        elif visit is None and (won or self.r() < 0.25):
            at = self.clock.later(contact, 30 + 270 * self.r())
        else:
            return None
        self._act(
            at, ActivityKind.QUOTE, note=f"Offerte {self.row.vehicle_make} {self.row.vehicle_model}"
        )
        return at

    # Building blocks.

    def _act(
        self, at: int, kind: str, *, direction: str = "out", note: str = "", by: str | None = None
    ) -> None:
        self.plan.append(ActivityRow(at, kind, by or self.by, direction=direction, note=note))

    def _call(
        self, at: int, outcome: str, script: str | None, direction: str = "out", note: str = ""
    ) -> None:
        duration = _call_seconds(outcome, self.r())
        note = note or _pick(catalogue.CALL_NOTES[outcome], self.r())
        self.plan.append(
            ActivityRow(at, ActivityKind.CALL, self.by, direction, outcome, duration, script, note)
        )

    def _write(self, at: int) -> bool:
        u = self.r()
        kind = (
            ActivityKind.WHATSAPP
            if u < 0.12
            else ActivityKind.SMS
            if u < 0.2
            else ActivityKind.EMAIL
        )
        if not self.arrival.has_phone:
            kind = ActivityKind.EMAIL
        elif not self.arrival.has_email:
            kind = ActivityKind.WHATSAPP if u < 0.6 else ActivityKind.SMS
        notes = catalogue.EMAIL_NOTES if kind == ActivityKind.EMAIL else catalogue.MESSAGE_NOTES
        self._act(at, kind, note=_pick(notes, self.r()))
        return True

    def _close(self, status: str, at: int, reason: str | None, by: str | None) -> None:
        self.close = Close(status, at, reason, by)
        if status == LeadStatus.WON:
            self._act(
                at, ActivityKind.ORDER, note=f"{self.row.vehicle_make} {self.row.vehicle_model}"
            )
        elif reason is not None:
            self._act(at, ActivityKind.LOST, note=REASON_LABELS[reason], by=by)

    def _leave_lying(self, last: int, follow_up: int | None) -> None:
        """Nobody works the lead any more; some weeks later the sales manager cleans up."""
        self.lying, self.overdue = True, follow_up
        low, high = CLEANUP_AFTER_OPEN_DAYS
        day = self.clock.open_day(last) + low + int((high - low) * self.r())
        self._close(
            LeadStatus.LOST,
            self.clock.on_open_day(day, self.r()),
            "not_reached",
            self.world.manager,
        )

    # 4. Settle: cut at now and derive the lead's fields and its audit trail.

    def _settle(self) -> None:
        row, now = self.row, self.world.now
        row.activities = sorted((a for a in self.plan if a.at <= now), key=lambda a: a.at)
        facts = lead_facts(row.activities)
        row.first_response_at, row.contacted_at = facts.first_response_at, facts.contacted_at
        row.last_activity_at = facts.last_activity_at
        if self.by is not None:
            row.events.append(EventRow(row.received, EventKind.ASSIGNMENT, None, to_user=self.by))
        close = self.close if self.close is not None and self.close.at <= now else None
        if close is None:
            upcoming = [a.at for a in self.plan if a.at > now and not a.is_automatic]
            row.next_follow_up_at = self.overdue if self.lying else min(upcoming, default=None)
            return
        self._settle_close(close)

    def _settle_close(self, close: Close) -> None:
        """Status, reason and audit trail of the close, as `followup.actions` records them.

        A lost close before the standard's effort goes through a manager's override, so the
        manager is the one who closes it (the salesperson asked), with the reason on record.
        """
        row, by = self.row, close.by
        row.status, row.closed_at, row.lost_reason = close.status, close.at, close.reason
        label = REASON_LABELS.get(close.reason or "", "")
        if close.status == LeadStatus.LOST and close.reason in GUARDED_REASONS:
            met = effort_met(row.activities, close.at, self.world.rule, self.clock.local_day)
            row.closed_without_standard = not met
            if not met and by != self.world.manager:
                by = self.world.manager
                for activity in row.activities:
                    if activity.kind == ActivityKind.LOST:
                        activity.by = by
                reason = f"{label} volgens {close.by}, zonder de opvolgstandaard"
                said = ("asked_before_standard", {"user": str(close.by)})
                row.events.append(
                    EventRow(close.at, EventKind.OVERRIDE, by, reason=reason, said=said)
                )
            elif not met:
                reason = f"Opgeschoond: {label.lower()}, lead lag stil"
                said = ("cleaned_up", {})
                row.events.append(
                    EventRow(close.at, EventKind.OVERRIDE, by, reason=reason, said=said)
                )
        note = (
            f"{row.vehicle_make} {row.vehicle_model}" if close.status == LeadStatus.WON else label
        )
        row.events.append(
            EventRow(close.at, EventKind.STATUS, by, LeadStatus.OPEN, close.status, reason=note)
        )
        if close.status == LeadStatus.WON:
            row.order = self._order(close.at)

    def _order(self, at: int) -> OrderRow:
        self.world.orders_made += 1
        year = datetime.fromtimestamp(at / 1e6, UTC).year
        order_id = f"{self.world.story.order_prefix}{year}-{self.world.orders_made:05d}"
        return OrderRow(at, order_id, make_vin(self.row.vehicle_make, self.r))


_UNANSWERED = (
    CallOutcome.NO_ANSWER,
    CallOutcome.NO_ANSWER,
    CallOutcome.VOICEMAIL,
    CallOutcome.BUSY,
)
_NEW_CUMULATIVE = list(accumulate(w for _, _, w in catalogue.NEW_CARS))
_USED_CUMULATIVE = list(accumulate(w for _, _, w in catalogue.USED_CARS))


def _describe_vehicle(row: LeadRow, new_share: float, r: Any) -> None:
    new = r() < new_share
    cars, cumulative = (
        (catalogue.NEW_CARS, _NEW_CUMULATIVE) if new else (catalogue.USED_CARS, _USED_CUMULATIVE)
    )
    make, model, _ = cars[bisect_right(cumulative, r() * cumulative[-1])]
    row.vehicle_make, row.vehicle_model = make, model
    row.vehicle_condition = "new" if new else "used"
    fuel = _pick(catalogue.FUELS, r())
    if model.startswith(("ID.", "Enyaq", "Elroq", "Model")):
        fuel = "elektrisch"
    if new:
        row.vehicle = {"fuel": fuel}
    else:
        year = 2015 + int(10 * r())
        mileage = int((2026 - year) * (9_000 + 14_000 * r()))
        price = int(38_000 * 0.86 ** (2026 - year) * (0.7 + 0.6 * r()) / 50) * 50
        row.vehicle = {"fuel": fuel, "year": year, "mileage_km": mileage, "price_eur": price}


def make_vin(make: str, r: Any) -> str:
    body = "".join(VIN_CHARACTERS[int(r() * len(VIN_CHARACTERS))] for _ in range(14))
    return WMI.get(make, "WVW") + body


def _speed_effect(minutes: float) -> float:
    return next(effect for limit, effect in SPEED_EFFECT if minutes <= limit)


def _call_seconds(outcome: str, u: float) -> int:
    if outcome == CallOutcome.REACHED:
        return int(90 + 600 * u)
    if outcome == CallOutcome.VOICEMAIL:
        return int(20 + 25 * u)
    return 0


def _pick(options: tuple[Any, ...], u: float) -> Any:
    return options[int(u * len(options))]


def _weighted(options: tuple[tuple[str, float], ...], u: float) -> str:
    for value, weight in options:
        if u < weight:
            return value
        u -= weight
    return options[-1][0]
