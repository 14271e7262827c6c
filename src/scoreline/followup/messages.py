"""Written messages Scoreline sends itself, and what comes back to them: replies and bounces.

One action sends: `send_email` (the lead page and the API call it). The e-mail goes out through
the dealer's own SMTP server (`dealers.MailSettings`), else the site's EMAIL_* settings, with
a Message-ID of our own, and only once the server has taken it is it logged: an EMAIL activity
with evidence "scoreline_mail" whose external id is that Message-ID. A server that refuses or
cannot be reached raises `MailNotSent` and nothing is logged.

It is sent in the request, with a short timeout (SEND_TIMEOUT), rather than as a worker job:
the salesperson learns at once, on the page, whether the customer got it; a queued message
would have to be logged before it is known to be sent, or be reported as failed later, on
a page they have left. A server slower than the timeout is a failure they see and can retry.

Mail coming back is matched to what we sent by its Message-ID (`sent_message`): a reply is
an inbound e-mail on the lead, which is contact (`standard.is_contact`); a bounce is a BOUNCE
event on the lead, the evidence a wrong address needs (`actions._evidence_or_manager`).
"""

from __future__ import annotations

import smtplib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMessage, get_connection, make_msgid
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from scoreline.dealers.models import Dealer, MailSecurity, MailSettings, User
from scoreline.followup.actions import FUTURE_TOLERANCE, _event, log_activity
from scoreline.followup.errors import InvalidChange, MailNotSent
from scoreline.followup.models import (
    Activity,
    ActivityKind,
    CallScript,
    Direction,
    Evidence,
    NotificationKind,
)
from scoreline.followup.notifications import notify
from scoreline.followup.scripts import active_script, filled_script
from scoreline.leads import audit
from scoreline.leads.models import EventKind, Lead, LeadEvent

# Seconds to wait on the mail server before telling the salesperson it did not answer.
SEND_TIMEOUT = 10
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


@dataclass(frozen=True)
class Draft:
    """The e-mail a salesperson starts from: the lead's script, filled from the lead."""

    subject: str
    body: str
    script: CallScript | None


def script_email(lead: Lead, script: CallScript | None = None) -> Draft:
    """The active script's text filled from the lead (`scripts.filled_script`), with a subject
    naming the car asked about, else the dealer, in the dealer's language for customers."""
    script = script or active_script(lead)
    body = filled_script(script, lead) if script else ""
    car = " ".join(filter(None, (lead.vehicle_make, lead.vehicle_model)))
    with translation.override(lead.dealer.customer_language):  # the customer's, not the UI's
        subject = (
            _("Your inquiry about the %(car)s") % {"car": car}
            if car
            else _("Your inquiry at %(dealer)s") % {"dealer": lead.dealer}
        )
    return Draft(subject, body, script)


def sender(dealer: Dealer) -> tuple[BaseEmailBackend, str]:
    """The connection a dealer's mail goes out through, and its from address.

    The dealer's own SMTP settings when it has them; otherwise the site's EMAIL_* settings
    and DEFAULT_FROM_EMAIL. Either way the wait on the server is SEND_TIMEOUT seconds.
    """
    own = MailSettings.objects.filter(dealer=dealer).first()
    if own is None:
        return get_connection(
            fail_silently=False, timeout=SEND_TIMEOUT
        ), settings.DEFAULT_FROM_EMAIL
    connection = get_connection(
        SMTP_BACKEND,
        fail_silently=False,
        host=own.host,
        port=own.port,
        username=own.username,
        password=own.password,
        use_tls=own.security == MailSecurity.STARTTLS,
        use_ssl=own.security == MailSecurity.SSL,
        timeout=SEND_TIMEOUT,
    )
    return connection, own.from_address


def send_email(
    lead: Lead,
    *,
    by: User | None,
    subject: str | None = None,
    body: str | None = None,
) -> Activity:
    """Send the person an e-mail (by default the script's, filled from the lead) and log it.

    Logged as sent only once the server took it: an EMAIL activity, evidence scoreline_mail,
    external id the Message-ID. Raises `InvalidChange` for a lead without an e-mail address
    or a message without text, and `MailNotSent` (nothing logged) when the server fails.
    """
    address = lead.person.email.strip()
    if not address:
        raise InvalidChange(
            _("Lead #%(lead)s has no e-mail address to write to.") % {"lead": lead.pk}
        )
    draft = script_email(lead) if subject is None or body is None else None
    subject = " ".join((subject if subject is not None else draft.subject).split())  # type: ignore[union-attr]
    text = (body if body is not None else draft.body).strip()  # type: ignore[union-attr]
    if not subject or not text:
        raise InvalidChange(
            _("The e-mail to lead #%(lead)s needs a subject and a text.") % {"lead": lead.pk}
        )
    connection, from_address = sender(lead.dealer)
    domain = from_address.rpartition("@")[2] or None
    message_id = make_msgid(domain=domain)
    to = formataddr((lead.person.full_name, address))
    message = EmailMessage(
        subject,
        text,
        from_address,
        [to],
        connection=connection,
        headers={"Message-ID": message_id},
    )
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        raise MailNotSent(
            _(
                "The e-mail to %(to)s was not sent: the mail server said: %(error)s. "
                "Nothing was recorded; try again, or ask a manager to check the mail settings."
            )
            % {"to": address, "error": _server_words(error)}
        ) from None
    return log_activity(
        lead,
        ActivityKind.EMAIL,
        by=by,
        note=f"{subject}\n{text}",
        external_id=message_id,
        evidence=Evidence.SCORELINE_MAIL,
    )


def _server_words(error: Exception) -> str:
    """What the server (or the network) said, in one line."""
    if isinstance(error, smtplib.SMTPResponseException):
        said = error.smtp_error
        text = said.decode(errors="replace") if isinstance(said, bytes) else str(said)
        return f"{error.smtp_code} {text}"
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{who}: {code} {said.decode(errors='replace')}"
            for who, (code, said) in error.recipients.items()
        )
    return str(error) or error.__class__.__name__


def sent_message(dealer: Dealer | None, message_ids: Iterable[str]) -> Activity | None:
    """The e-mail Scoreline sent (at this dealer) under one of these Message-IDs, if any."""
    ids = [i for i in message_ids if i]
    if not ids:
        return None
    sent = Activity.objects.filter(
        kind=ActivityKind.EMAIL,
        direction=Direction.OUTBOUND,
        evidence=Evidence.SCORELINE_MAIL,
        external_id__in=ids,
    ).select_related("lead", "lead__dealer")
    if dealer is not None:
        sent = sent.filter(lead__dealer=dealer)
    found = {activity.external_id: activity for activity in sent}
    return next((found[i] for i in ids if i in found), None)


def record_reply(sent: Activity, *, message_id: str, at: datetime, subject: str = "") -> Activity:
    """The person answered an e-mail we sent: an inbound e-mail on its lead, which is contact.

    Recorded once per reply (its Message-ID); `at` is when it was written, kept between the
    message it answers and now. The lead's salesperson (else the sender) is told: a reply
    is a conversation waiting, not only a figure.
    """
    lead = sent.lead
    if message_id:
        known = lead.activities.filter(  # type: ignore[attr-defined]
            kind=ActivityKind.EMAIL, direction=Direction.INBOUND, external_id=message_id
        ).first()
        if known is not None:
            return known
    note = subject or _("Reply to %(subject)s") % {"subject": _subject_of(sent)}
    reply = log_activity(
        lead,
        ActivityKind.EMAIL,
        by=None,
        at=_between(at, sent.at),
        direction=Direction.INBOUND,
        note=note,
        external_id=message_id[:120],
        evidence=Evidence.SCORELINE_MAIL,
    )
    told = lead.assigned_to or sent.by  # who works the lead, else who wrote to the person
    if told is not None:
        notify(told, lead, NotificationKind.REPLY, at=timezone.now(), subject=note)
    return reply


def record_bounce(sent: Activity, *, at: datetime, detail: str = "") -> LeadEvent:
    """An e-mail we sent came back undelivered: a BOUNCE event on its lead, once per message.

    It is the evidence that the address is wrong: the lead may then be closed as fake
    without a manager (`actions._evidence_or_manager`).
    """
    lead = sent.lead
    said = audit.said("bounced", id=sent.external_id, to=lead.person.email or "–")
    with transaction.atomic():
        Lead.objects.select_for_update(of=("self",)).filter(pk=lead.pk).first()
        known = LeadEvent.objects.filter(
            lead=lead, kind=EventKind.BOUNCE, reason__contains=sent.external_id
        ).first()
        if known is not None:
            return known
        reason = [said, audit.typed(detail)] if detail else [said]
        return _event(lead, EventKind.BOUNCE, by=None, at=_between(at, sent.at), reason=reason)


def _subject_of(sent: Activity) -> str:
    return sent.note.partition("\n")[0]


def _between(at: datetime, earliest: datetime) -> datetime:
    """A time read from a mail header, kept after `earliest` and not ahead of now."""
    latest = timezone.now() + FUTURE_TOLERANCE
    return min(max(at, earliest), latest)
