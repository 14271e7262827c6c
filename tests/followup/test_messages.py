"""E-mail sent from Scoreline: the script's text filled from the lead, through the dealer's own
SMTP server (a real one on localhost), logged only once sent, and what comes back to it — a
reply threaded through `scoreline intake mail`, a bounce that is evidence of a wrong address."""

from __future__ import annotations

import json
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import translation

from followup.clock import MONDAY_10, amsterdam
from followup.smtp import free_port, local_smtp
from scoreline.dealers.models import MailSecurity, MailSettings
from scoreline.followup.actions import close_lead_lost
from scoreline.followup.errors import InvalidChange, MailNotSent, OverrideNotAllowed
from scoreline.followup.messages import script_email, send_email
from scoreline.followup.models import (
    Activity,
    ActivityKind,
    Direction,
    Evidence,
    Notification,
    NotificationKind,
)
from scoreline.followup.notifications import text_for
from scoreline.followup.scripts import new_script_version
from scoreline.followup.standard import standard_status
from scoreline.leads.models import EventKind, LeadStatus, LostReason

SCRIPT = "Beste {naam}, u vroeg via {portal} naar de {auto}. Groet, {verkoper}"


def own_server(cast, port: int) -> MailSettings:
    return MailSettings.objects.create(
        dealer=cast.noord,
        host="127.0.0.1",
        port=port,
        security=MailSecurity.NONE,
        from_address="verkoop@autohuis-noord.nl",
    )


def golf_lead(cast):
    lead = cast.arrive(MONDAY_10)
    lead.vehicle_make, lead.vehicle_model = "Volkswagen", "Golf"
    lead.save(update_fields=["vehicle_make", "vehicle_model"])
    return lead


def sent_through_smtp(cast, clock):
    """A lead e-mailed the script through the dealer's SMTP server: (lead, activity, mail)."""
    new_script_version(cast.noord, "Eerste mail", SCRIPT)
    lead = golf_lead(cast)
    clock.move_to(amsterdam(2025, 3, 10, 10, 4))
    with local_smtp() as server:
        own_server(cast, server.port)
        activity = send_email(lead, by=cast.sanne)
    (message,) = server.messages
    return lead, activity, message


def test_the_scripts_email_goes_out_through_the_dealers_server_and_is_logged(cast, clock):
    lead, activity, message = sent_through_smtp(cast, clock)
    person = lead.person

    assert message.get_content().strip() == (
        f"Beste {person.full_name}, u vroeg via Marktplaats naar de Volkswagen Golf. "
        "Groet, Sanne Smit"
    )
    assert message["Subject"] == "Uw aanvraag over de Volkswagen Golf"  # Noord writes Dutch
    assert message["From"] == "verkoop@autohuis-noord.nl"
    assert person.email in message["To"]
    assert message["Message-ID"] == activity.external_id
    assert activity.external_id.endswith("@autohuis-noord.nl>")
    assert (activity.kind, activity.direction, activity.evidence) == (
        ActivityKind.EMAIL,
        Direction.OUTBOUND,
        Evidence.SCORELINE_MAIL,
    )
    lead.refresh_from_db()
    assert lead.first_response_at == amsterdam(2025, 3, 10, 10, 4)
    assert standard_status(lead, lead.first_response_at).written_messages == 1


def test_without_settings_of_its_own_a_dealer_sends_through_the_sites_mail(cast, clock, settings):
    settings.DEFAULT_FROM_EMAIL = "scoreline@leads.example.com"
    lead = golf_lead(cast)

    activity = send_email(lead, by=cast.sanne, subject="Uw Golf", body="Hallo!")

    (message,) = mail.outbox
    assert (message.subject, message.body, message.from_email) == (
        "Uw Golf",
        "Hallo!",
        "scoreline@leads.example.com",
    )
    assert message.extra_headers["Message-ID"] == activity.external_id
    assert activity.external_id.endswith("@leads.example.com>")


def test_a_refusing_server_gives_a_clear_error_and_nothing_is_logged(cast, clock):
    new_script_version(cast.noord, "Eerste mail", SCRIPT)
    lead = golf_lead(cast)

    with local_smtp(refusing="550 5.7.1 Relaying denied") as server:
        own_server(cast, server.port)
        with pytest.raises(MailNotSent) as refused:
            send_email(lead, by=cast.sanne)

    assert "550" in str(refused.value) and "Relaying denied" in str(refused.value)
    assert lead.person.email in str(refused.value)
    assert not Activity.objects.filter(lead=lead).exists()
    lead.refresh_from_db()
    assert lead.first_response_at is None


def test_an_unreachable_server_gives_a_clear_error_and_nothing_is_logged(cast, clock):
    lead = golf_lead(cast)
    own_server(cast, free_port())  # nobody listens there

    with pytest.raises(MailNotSent, match="was not sent: the mail server said"):
        send_email(lead, by=cast.sanne, subject="Uw Golf", body="Hallo!")

    assert not Activity.objects.filter(lead=lead).exists()


def test_a_lead_without_an_address_or_a_text_is_refused_before_anything_is_sent(cast, clock):
    lead = golf_lead(cast)
    with pytest.raises(InvalidChange, match="needs a subject and a text"):
        send_email(lead, by=cast.sanne)  # the dealer has no script to start from
    lead.person.email = ""
    lead.person.save(update_fields=["email"])
    with pytest.raises(InvalidChange, match="has no e-mail address"):
        send_email(lead, by=cast.sanne, subject="Uw Golf", body="Hallo!")
    assert mail.outbox == []


def intake_mail(path: Path, dealer: str = "noord") -> dict:
    out = StringIO()
    call_command(
        "intake", "mail", str(path), "--dealer", dealer, "--source", "marktplaats",
        "--format", "json", stdout=out,
    )  # fmt: skip
    (document,) = json.loads(out.getvalue())
    return document


def reply_to(sent: EmailMessage, written_at: datetime, *, extra: str = "") -> bytes:
    return (
        f"From: Anna de Vries <{sent['To'].addresses[0].addr_spec}>\r\n"
        f"To: {sent['From']}\r\n"
        f"Subject: Re: {sent['Subject']}\r\n"
        f"Date: {format_datetime(written_at)}\r\n"
        "Message-ID: <antwoord-1@example.nl>\r\n"
        f"In-Reply-To: {sent['Message-ID']}\r\n"
        f"References: {sent['Message-ID']}\r\n{extra}"
        "MIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        "Ja graag, belt u mij morgen na vieren?\r\n"
    ).encode()


@pytest.mark.parametrize(
    ("country", "language", "subject"),
    [
        ("FR", "", "Votre demande concernant la Volkswagen Golf"),
        ("BE", "fr", "Votre demande concernant la Volkswagen Golf"),
        ("DE", "", "Your inquiry about the Volkswagen Golf"),
    ],
)
def test_the_subject_is_in_the_dealers_language_for_customers_whatever_the_ui(
    cast, clock, country, language, subject
):
    cast.noord.country, cast.noord.language = country, language
    cast.noord.save()
    lead = golf_lead(cast)

    with translation.override("nl"):  # the salesperson's screen
        draft = script_email(lead)

    assert draft.subject == subject


def test_a_reply_through_the_mail_intake_lands_on_the_lead_as_contact(cast, clock, tmp_path):
    lead, sent, message = sent_through_smtp(cast, clock)
    clock.move_to(amsterdam(2025, 3, 10, 13, 0))
    path = tmp_path / "antwoord.eml"
    path.write_bytes(reply_to(message, amsterdam(2025, 3, 10, 12, 30)))

    document = intake_mail(path)

    assert document["status"] == "done"
    assert document["items"][0]["lead"] == lead.pk
    reply = lead.activities.get(direction=Direction.INBOUND)
    assert (reply.kind, reply.at, reply.external_id, reply.evidence) == (
        ActivityKind.EMAIL,
        amsterdam(2025, 3, 10, 12, 30),
        "<antwoord-1@example.nl>",
        Evidence.SCORELINE_MAIL,
    )
    lead.refresh_from_db()
    assert lead.contacted_at == amsterdam(2025, 3, 10, 12, 30)
    assert standard_status(lead, lead.contacted_at).effort == "contacted"
    told = Notification.objects.get(kind=NotificationKind.REPLY)
    assert told.user == lead.assigned_to and told.lead == lead
    assert "Re: Uw aanvraag over de Volkswagen Golf" in text_for(told, "en")
    # The same reply read again (the next IMAP poll, a copy) is not a second contact.
    path.write_bytes(reply_to(message, amsterdam(2025, 3, 10, 12, 30)) + b"\r\n")
    intake_mail(path)
    assert lead.activities.filter(direction=Direction.INBOUND).count() == 1
    assert Notification.objects.filter(kind=NotificationKind.REPLY).count() == 1


def test_an_out_of_office_reply_is_not_contact(cast, clock, tmp_path):
    lead, sent, message = sent_through_smtp(cast, clock)
    path = tmp_path / "afwezig.eml"
    path.write_bytes(
        reply_to(message, amsterdam(2025, 3, 10, 10, 5), extra="Auto-Submitted: auto-replied\r\n")
    )

    document = intake_mail(path)

    assert document["status"] == "done"
    lead.refresh_from_db()
    assert lead.contacted_at is None
    assert not lead.activities.filter(direction=Direction.INBOUND).exists()


def test_a_reply_to_another_dealers_mail_is_not_threaded_here(cast, clock, tmp_path):
    lead, sent, message = sent_through_smtp(cast, clock)
    path = tmp_path / "antwoord.eml"
    path.write_bytes(reply_to(message, amsterdam(2025, 3, 10, 12, 30)))

    out = StringIO()
    with pytest.raises(Exception, match="document"):
        call_command(
            "intake", "mail", str(path), "--dealer", "lille", "--source", "marktplaats",
            "--format", "json", stdout=out,
        )  # fmt: skip
    (document,) = json.loads(out.getvalue())

    assert document["status"] == "failed" and "no ADF document" in document["error"]
    assert not Activity.objects.filter(direction=Direction.INBOUND).exists()


def delivery_report(sent: EmailMessage, *, action: str = "failed") -> bytes:
    """A bounce as Postfix writes it (RFC 3464), returning the original message's headers."""
    to = sent["To"].addresses[0].addr_spec
    headers = "".join(f"{name}: {value}\r\n" for name, value in sent.items())
    return (
        "From: Mail Delivery System <MAILER-DAEMON@mail.autohuis-noord.nl>\r\n"
        f"To: {sent['From']}\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        "Date: Mon, 10 Mar 2025 10:05:12 +0100\r\n"
        "Message-ID: <20250310090512.4F1A2@mail.autohuis-noord.nl>\r\n"
        "Auto-Submitted: auto-replied\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="4F1A2"\r\n'
        "\r\n"
        "--4F1A2\r\n"
        "Content-Description: Notification\r\n"
        "Content-Type: text/plain; charset=us-ascii\r\n\r\n"
        "This is the mail system at host mail.autohuis-noord.nl.\r\n\r\n"
        "I'm sorry to have to inform you that your message could not\r\n"
        "be delivered to one or more recipients.\r\n\r\n"
        "--4F1A2\r\n"
        "Content-Description: Delivery report\r\n"
        "Content-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mail.autohuis-noord.nl\r\n"
        "X-Postfix-Queue-ID: 4F1A2\r\n"
        "Arrival-Date: Mon, 10 Mar 2025 10:04:00 +0100 (CET)\r\n\r\n"
        f"Final-Recipient: rfc822; {to}\r\n"
        f"Original-Recipient: rfc822;{to}\r\n"
        f"Action: {action}\r\n"
        "Status: 5.1.1\r\n"
        "Remote-MTA: dns; mx.example.nl\r\n"
        f"Diagnostic-Code: smtp; 550 5.1.1 <{to}>: Recipient address rejected: User unknown\r\n"
        "\r\n"
        "--4F1A2\r\n"
        "Content-Description: Undelivered Message Headers\r\n"
        "Content-Type: text/rfc822-headers\r\n\r\n"
        f"{headers}\r\n"
        "--4F1A2--\r\n"
    ).encode()


def test_a_bounce_is_recorded_and_lets_the_lead_be_closed_as_a_wrong_address(cast, clock, tmp_path):
    fake = LostReason.objects.create(code="fake", label="Fake", needs_follow_up_standard=False)
    lead, sent, message = sent_through_smtp(cast, clock)
    with pytest.raises(OverrideNotAllowed, match="a bounced message"):
        close_lead_lost(lead, fake, by=cast.sanne)
    clock.move_to(amsterdam(2025, 3, 10, 10, 10))
    path = tmp_path / "bounce.eml"
    path.write_bytes(delivery_report(message))

    document = intake_mail(path)

    assert (document["status"], document["items"][0]["lead"]) == ("done", lead.pk)
    bounce = lead.events.get(kind=EventKind.BOUNCE)
    assert sent.external_id in bounce.reason and "5.1.1" in bounce.reason
    assert bounce.at == datetime.fromisoformat("2025-03-10T10:05:12+01:00")
    lead.refresh_from_db()
    assert lead.contacted_at is None  # a bounce is nobody answering

    close_lead_lost(lead, fake, by=cast.sanne)  # a salesperson, no override

    lead.refresh_from_db()
    assert (lead.status, lead.closed_without_standard) == (LeadStatus.LOST, False)
    closing = lead.events.get(kind=EventKind.STATUS)
    assert "evidence: bounced message" in closing.reason


def test_a_delay_notice_records_no_bounce(cast, clock, tmp_path):
    lead, sent, message = sent_through_smtp(cast, clock)
    path = tmp_path / "delayed.eml"
    path.write_bytes(delivery_report(message, action="delayed"))

    document = intake_mail(path)

    assert document["status"] == "done"
    assert not lead.events.filter(kind=EventKind.BOUNCE).exists()


def test_a_bounce_of_a_message_scoreline_did_not_send_is_kept_as_failed_with_why(
    cast, clock, tmp_path
):
    lead, sent, message = sent_through_smtp(cast, clock)
    del message["Message-ID"]
    message["Message-ID"] = "<someone-else@example.org>"
    path = tmp_path / "bounce.eml"
    path.write_bytes(delivery_report(message))

    out = StringIO()
    with pytest.raises(Exception, match="document"):
        call_command(
            "intake", "mail", str(path), "--dealer", "noord", "--source", "marktplaats",
            "--format", "json", stdout=out,
        )  # fmt: skip
    (document,) = json.loads(out.getvalue())

    assert document["status"] == "failed"
    assert "a delivery report about a message Scoreline did not send" in document["error"]
    assert "<someone-else@example.org>" in document["error"]
    assert not lead.events.filter(kind=EventKind.BOUNCE).exists()
