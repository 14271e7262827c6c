"""The same guard and actions from the command line: `scoreline followup …`."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from followup.clock import MONDAY_10, amsterdam
from scoreline.followup.models import ActivityKind
from scoreline.followup.scripts import new_script_version
from scoreline.leads.models import EventKind, LeadEvent, LeadStatus


def run(*args: str) -> str:
    out = StringIO()
    call_command("followup", *args, stdout=out)
    return out.getvalue()


def test_the_cli_refuses_closing_without_the_standard(cast, clock):
    lead = cast.arrive(MONDAY_10)

    with pytest.raises(CommandError, match="still needs 4 more call attempts, on 3 other days"):
        run("close", str(lead.pk), "--reason", "not-reached", "--by", "sanne")

    lead.refresh_from_db()
    assert lead.status == LeadStatus.OPEN


def test_the_cli_refuses_a_salespersons_override(cast, clock):
    lead = cast.arrive(MONDAY_10)

    with pytest.raises(CommandError, match="Only a sales manager of Autohuis Noord"):
        run("close", str(lead.pk), "--reason", "not-reached", "--by", "sanne", "--override", "x")


def test_a_manager_overrides_from_the_cli(cast, clock):
    lead = cast.arrive(MONDAY_10)

    output = run(
        "close", str(lead.pk), "--reason", "not-reached", "--by", "marco", "--override", "Moved"
    )

    assert output == f"lead #{lead.pk}: closed as lost (without the follow-up standard)\n"
    assert LeadEvent.objects.filter(lead=lead, kind=EventKind.OVERRIDE, reason="Moved").exists()


def test_a_call_logged_from_the_cli_records_the_script_shown(cast, clock):
    script = new_script_version(cast.noord, "Eerste belletje", "Goedemorgen, u sprak …")
    lead = cast.arrive(MONDAY_10)

    clock.move_to(amsterdam(2025, 3, 10, 10, 30))
    run(
        "log-call",
        str(lead.pk),
        "--by",
        "sanne",
        "--outcome",
        "reached",
        "--at",
        "2025-03-10T10:06",
    )

    call = lead.activities.get(kind=ActivityKind.CALL)
    assert (call.script, call.at) == (script, amsterdam(2025, 3, 10, 10, 6))
    status = run("status", str(lead.pk))
    assert status.splitlines()[:3] == [
        f"lead #{lead.pk}: Met",
        "  first response: Answered in time",
        "  follow-up: Contacted",
    ]


def test_a_full_round_from_the_cli(cast, clock):
    lead = cast.arrive(MONDAY_10)
    clock.move_to(amsterdam(2025, 3, 12, 11))
    for day in ("10", "11", "12"):
        run("log-call", str(lead.pk), "--by", "sanne", "--outcome", "no_answer",
            "--at", f"2025-03-{day}T10:05", "--script", "none")  # fmt: skip
    run("log", str(lead.pk), "call", "--by", "sanne", "--outcome", "voicemail")
    run("log", str(lead.pk), "sms", "--by", "sanne")

    output = run("close", str(lead.pk), "--reason", "not-reached", "--by", "sanne")

    assert output == f"lead #{lead.pk}: closed as lost\n"
    run("reopen", str(lead.pk), "--by", "marco", "--reason", "Called back")
    run("reassign", str(lead.pk), "--to", "bram", "--by", "marco")
    lead.refresh_from_db()
    assert (lead.status, lead.assigned_to) == (LeadStatus.OPEN, cast.bram)


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (("status", "999"), "no lead #999"),
        (("close", "{lead}", "--reason", "not-reached", "--by", "ghost"), "--by: no user 'ghost'"),
        (("log", "{lead}", "note", "--by", "sanne", "--at", "Monday"), "--at 'Monday' is not"),
        (("won", "{lead}", "--by", "sanne", "--order", "X1"), "--order: no order 'X1'"),
    ],
)
def test_cli_mistakes_are_named(cast, clock, args, problem):
    lead = cast.arrive(MONDAY_10)

    with pytest.raises(CommandError, match=problem):
        run(*(arg.format(lead=lead.pk) for arg in args))
