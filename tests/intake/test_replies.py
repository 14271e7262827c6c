"""Reading a mail as an answer to a message we sent: reply, bounce, delay notice, out-of-office."""

from __future__ import annotations

from email.message import EmailMessage

from scoreline.intake.replies import AUTOMATIC, BOUNCE, NOTICE, REPLY, read_answer

SENT_ID = "<173330.1.2@autohuis-noord.nl>"


def original() -> EmailMessage:
    message = EmailMessage()
    message["From"] = "verkoop@autohuis-noord.nl"
    message["To"] = "anna@example.nl"
    message["Subject"] = "Uw aanvraag"
    message["Message-ID"] = SENT_ID
    message.set_content("Beste Anna, …")
    return message


def mail(**headers: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = headers.pop("From", "Anna <anna@example.nl>")
    message["Subject"] = headers.pop("Subject", "Re: Uw aanvraag")
    message["Message-ID"] = "<answer@example.nl>"
    message["Date"] = "Mon, 10 Mar 2025 12:30:00 +0100"
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content("Ja graag.")
    return message


def test_a_reply_names_what_it_answers_the_most_telling_first() -> None:
    answer = read_answer(bytes(mail(In_Reply_To=SENT_ID, References=f"<older@x> {SENT_ID}")))

    assert answer is not None
    assert (answer.kind, answer.refers_to, answer.message_id) == (
        REPLY,
        (SENT_ID, "<older@x>"),
        "<answer@example.nl>",
    )
    assert (
        answer.written_at is not None
        and answer.written_at.isoformat() == "2025-03-10T12:30:00+01:00"
    )


def test_an_out_of_office_is_automatic_not_a_reply() -> None:
    answer = read_answer(bytes(mail(In_Reply_To=SENT_ID, Auto_Submitted="auto-replied")))
    assert answer is not None and answer.kind == AUTOMATIC


def test_a_mail_naming_no_earlier_message_is_no_answer() -> None:
    assert read_answer(bytes(mail())) is None


def test_a_mailers_plain_bounce_returning_our_message_is_a_bounce() -> None:
    bounce = mail(From="MAILER-DAEMON@mx.example.nl", Subject="failure notice")
    bounce.add_attachment(original())

    answer = read_answer(bytes(bounce))

    assert answer is not None and (answer.kind, answer.refers_to) == (BOUNCE, (SENT_ID,))


def test_a_person_forwarding_our_message_is_not_a_bounce() -> None:
    forward = mail(Subject="Fwd: Uw aanvraag")
    forward.add_attachment(original())

    assert read_answer(bytes(forward)) is None


def report(action: str) -> bytes:
    """A delivery status notification (RFC 3464) returning the original's headers."""
    headers = "".join(f"{k}: {v}\r\n" for k, v in original().items())
    return (
        "From: MAILER-DAEMON@mx.example.nl\r\nSubject: Delivery Status Notification\r\n"
        "Message-ID: <dsn@mx.example.nl>\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\r\n\r\n'
        "--b\r\nContent-Type: text/plain\r\n\r\nCould not deliver.\r\n"
        "--b\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.example.nl\r\n\r\n"
        f"Final-Recipient: rfc822; anna@example.nl\r\nAction: {action}\r\nStatus: 5.1.1\r\n"
        "Diagnostic-Code: smtp; 550 5.1.1 User unknown\r\n\r\n"
        f"--b\r\nContent-Type: text/rfc822-headers\r\n\r\n{headers}\r\n--b--\r\n"
    ).encode()


def test_a_delivery_report_with_a_failed_recipient_is_a_bounce_with_its_status() -> None:
    answer = read_answer(report("failed"))

    assert answer is not None and (answer.kind, answer.refers_to) == (BOUNCE, (SENT_ID,))
    assert answer.detail == "5.1.1 smtp; 550 5.1.1 User unknown"


def test_a_delivery_report_that_only_says_delayed_is_a_notice() -> None:
    answer = read_answer(report("delayed"))
    assert answer is not None and answer.kind == NOTICE
