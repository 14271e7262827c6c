"""`scoreline followup …`: work a lead from the command line through the same actions as the page.

scoreline followup status 12
scoreline followup log-call 12 --by sam --outcome no_answer
scoreline followup log 12 email --by sam
scoreline followup close 12 --reason not-reached --by sam
scoreline followup close 12 --reason not-reached --by mia --override "customer bought elsewhere"
scoreline followup won 12 --by sam [--order 2025-0042]
scoreline followup reopen 12 --by mia --reason "came back"
scoreline followup reassign 12 --to tom --by mia
scoreline followup plan 12 --at 2025-03-17T10:00 --by sam
scoreline followup clock 12
scoreline followup scripts autohuis-noord
"""

from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from scoreline.followup import actions
from scoreline.followup.clocks import start_response_clock
from scoreline.followup.errors import FollowUpError
from scoreline.followup.management.arguments import (
    dealers_with_slugs,
    lead_numbered,
    moment,
    user_named,
)
from scoreline.followup.models import ActivityKind, CallOutcome, CallScript, Direction
from scoreline.followup.scripts import active_script, compare_scripts
from scoreline.followup.standard import standard_status
from scoreline.leads.models import Lead, Order


class Command(BaseCommand):
    help = "Work a lead: status, log, log-call, close, won, reopen, reassign, plan, clock, scripts."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        status = sub.add_parser("status", help="The lead against the follow-up standard.")
        _lead_and_at(status)

        log = sub.add_parser("log", help="Record an activity.")
        _lead_and_at(log, by=True)
        log.add_argument("kind", choices=ActivityKind.values)
        _activity_options(log)

        call = sub.add_parser("log-call", help="Record a call (with the active script).")
        _lead_and_at(call, by=True)
        _activity_options(call)

        close = sub.add_parser("close", help="Close as lost, behind the follow-up standard.")
        _lead_and_at(close, by=True)
        close.add_argument("--reason", required=True, help="Lost reason code.")
        close.add_argument("--override", help="A manager's reason to close without the standard.")
        close.add_argument("--duplicate-of", type=int, help="The lead this one duplicates.")

        won = sub.add_parser("won", help="Record the sale.")
        _lead_and_at(won, by=True)
        won.add_argument("--order", help="Order number from the dealer system.")

        reopen = sub.add_parser("reopen", help="Open a closed lead again.")
        _lead_and_at(reopen, by=True)
        reopen.add_argument("--reason", default="")

        reassign = sub.add_parser("reassign", help="Give the lead to someone else.")
        _lead_and_at(reassign, by=True)
        reassign.add_argument("--to", required=True, help="Username (or '-' for nobody).")
        reassign.add_argument("--reason", default="")

        plan = sub.add_parser("plan", help="Plan the next follow-up.")
        _lead_and_at(plan, by=True, at_required=True)

        sub.add_parser("clock", help="Start the lead's response clock.").add_argument(
            "lead", type=int
        )
        sub.add_parser("scripts", help="Compare a dealer's call scripts.").add_argument(
            "dealer", help="Dealer slug."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        handlers: dict[str, Callable[[dict[str, Any]], None]] = {
            "status": self.status,
            "log": self.log,
            "log-call": self.log_call,
            "close": self.close,
            "won": self.won,
            "reopen": self.reopen,
            "reassign": self.reassign,
            "plan": self.plan,
            "clock": self.clock,
            "scripts": self.scripts,
        }
        try:
            handlers[options["action"]](options)
        except FollowUpError as error:
            raise CommandError(str(error)) from error

    def status(self, options: dict[str, Any]) -> None:
        lead = lead_numbered(options["lead"])
        result = standard_status(lead, _at(options, lead))
        self.stdout.write(f"lead #{lead.pk}: {result.verdict.label}")
        self.stdout.write(f"  first response: {result.clock.label}")
        self.stdout.write(f"  follow-up: {result.effort.label}")
        self.stdout.write(
            f"  calls {result.call_attempts}/{result.required_attempts} on "
            f"{result.call_days}/{result.required_days} days, "
            f"written messages {result.written_messages}"
        )
        for words in result.missing:
            self.stdout.write(f"  missing: {words}")
        for words in result.reasons:
            self.stdout.write(f"  missed: {words}")

    def log(self, options: dict[str, Any], kind: str | None = None) -> None:
        lead = lead_numbered(options["lead"])
        kind = kind or options["kind"]
        activity = actions.log_activity(
            lead,
            kind,
            by=user_named(options["by"], "--by"),
            at=_at(options, lead),
            outcome=options["outcome"] or "",
            duration_s=options["duration"],
            script=_script(options, lead, kind),
            note=options["note"],
            direction=options["direction"],
        )
        self.stdout.write(f"lead #{lead.pk}: {activity.get_kind_display()} recorded")

    def log_call(self, options: dict[str, Any]) -> None:
        self.log(options, kind=ActivityKind.CALL)

    def close(self, options: dict[str, Any]) -> None:
        lead = lead_numbered(options["lead"])
        actions.close_lead_lost(
            lead,
            options["reason"],
            by=user_named(options["by"], "--by"),
            at=_at(options, lead),
            override_reason=options["override"],
            duplicate_of=lead_numbered(options["duplicate_of"])
            if options["duplicate_of"]
            else None,
        )
        flag = " (without the follow-up standard)" if lead.closed_without_standard else ""
        self.stdout.write(f"lead #{lead.pk}: closed as lost{flag}")

    def won(self, options: dict[str, Any]) -> None:
        lead = lead_numbered(options["lead"])
        order = _order(lead, options["order"]) if options["order"] else None
        actions.mark_won(
            lead, at=_at(options, lead), by=user_named(options["by"], "--by"), order=order
        )
        self.stdout.write(f"lead #{lead.pk}: won")

    def reopen(self, options: dict[str, Any]) -> None:
        lead = lead_numbered(options["lead"])
        by = user_named(options["by"], "--by")
        actions.reopen(lead, by=by, reason=options["reason"], at=_at(options, lead))
        self.stdout.write(f"lead #{lead.pk}: open again")

    def reassign(self, options: dict[str, Any]) -> None:
        lead = lead_numbered(options["lead"])
        to = None if options["to"] == "-" else user_named(options["to"], "--to")
        by = user_named(options["by"], "--by")
        changed = actions.reassign(lead, to, by=by, reason=options["reason"], at=_at(options, lead))
        self.stdout.write(f"lead #{lead.pk}: {'now with ' + str(to) if changed else 'unchanged'}")

    def plan(self, options: dict[str, Any]) -> None:
        lead = lead_numbered(options["lead"])
        actions.plan_follow_up(lead, _at(options, lead), by=user_named(options["by"], "--by"))
        self.stdout.write(f"lead #{lead.pk}: follow-up planned for {lead.next_follow_up_at}")

    def clock(self, options: dict[str, Any]) -> None:
        lead = lead_numbered(options["lead"])
        due = start_response_clock(lead)
        self.stdout.write(f"lead #{lead.pk}: first response due {due.isoformat()}")

    def scripts(self, options: dict[str, Any]) -> None:
        (dealer,) = dealers_with_slugs([options["dealer"]], "dealer")
        for row in compare_scripts(dealer):
            reach = f"{row.reach_rate:.0%}" if row.reach_rate is not None else "-"
            conversion = f"{row.conversion:.1%}" if row.conversion is not None else "-"
            self.stdout.write(
                f"{row.script}: {row.calls} calls, reached {reach}, "
                f"{row.leads} leads, {row.won} won ({conversion})"
            )


def _lead_and_at(parser: CommandParser, *, by: bool = False, at_required: bool = False) -> None:
    parser.add_argument("lead", type=int, help="Lead number.")
    parser.add_argument(
        "--at", required=at_required, help="ISO 8601; without offset in the dealer's zone."
    )
    if by:
        parser.add_argument("--by", required=True, help="Username of who does it.")


def _activity_options(parser: CommandParser) -> None:
    parser.add_argument("--outcome", choices=CallOutcome.values)
    parser.add_argument("--duration", type=int, help="Call duration in seconds.")
    parser.add_argument("--direction", choices=Direction.values, default=Direction.OUTBOUND)
    parser.add_argument("--note", default="")
    parser.add_argument(
        "--script",
        default="active",
        help="Call script id, 'active' (default: the script shown for the lead) or 'none'.",
    )


def _at(options: dict[str, Any], lead: Lead) -> Any:
    return moment(options.get("at"), "--at", lead.dealer.time_zone)


def _script(options: dict[str, Any], lead: Lead, kind: str) -> CallScript | None:
    choice = options["script"]
    if kind != ActivityKind.CALL or choice == "none":
        return None
    if choice == "active":
        return active_script(lead)
    try:
        return CallScript.objects.get(pk=int(choice), dealer=lead.dealer)
    except (ValueError, CallScript.DoesNotExist):
        raise CommandError(f"--script: no call script {choice!r} at {lead.dealer}") from None


def _order(lead: Lead, number: str) -> Order:
    try:
        return Order.objects.get(dealer=lead.dealer, order_id=number)
    except Order.DoesNotExist:
        raise CommandError(f"--order: no order {number!r} at {lead.dealer}") from None
