"""The inbox (every payload, raw, before anything parses it), intake endpoints, assignment rules."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from scoreline.dealers.models import Dealer
from scoreline.leads.models import Channel, Inquiry, Lead, Source, VehicleCondition


class Format(models.TextChoices):
    ADF = "adf", _("ADF/XML")
    DOORLINKEN = "doorlinkenvoorraad", _("doorlinkenvoorraad lead XML")
    MARKTPLAATS = "marktplaats", _("Marktplaats webhook")
    JSON = "json", _("JSON lead API")
    EMAIL = "email", _("E-mail (ADF in body or attachment)")
    EXCHANGE = "exchange", _("Exchange format file (CSV/XLSX)")
    CALLS = "calls", _("Telephony call log")
    SALES = "sales", _("Orders from the dealer management system")
    ASTERISK = "asterisk", _("Asterisk CDR (Master.csv)")
    TWILIO = "twilio", _("Twilio-style call status callback")
    CALL_EVENT = "call_event", _("Scoreline JSON call event")
    UNKNOWN = "unknown", _("Not recognised (kept as received)")


# The phone system's formats: their endpoints' source is the one new phone leads get.
CALL_FORMATS = (Format.ASTERISK, Format.TWILIO, Format.CALL_EVENT)


class PayloadStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    PROCESSING = "processing", _("Being processed")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")
    DUPLICATE = "duplicate", _("Duplicate delivery")
    REJECTED = "rejected", _("Rejected (not authenticated)")
    HELD = "held", _("Waiting for its columns to be confirmed")


def token_digest(token: str) -> str:
    """Endpoint tokens are kept as their SHA-256: a leaked table gives no working token."""
    return hashlib.sha256(token.encode()).hexdigest()


class IntakeEndpoint(models.Model):
    """Where one source delivers to one dealer over HTTP, authenticated by its own secret.

    The token travels in the URL (`/intake/<token>/`) and is stored hashed. The HMAC signing
    secret of a signed webhook must be stored as it is, since checking a signature needs it.
    """

    dealer = models.ForeignKey(Dealer, models.CASCADE, related_name="intake_endpoints")
    source = models.ForeignKey(Source, models.PROTECT, related_name="intake_endpoints")
    format = models.CharField(_("format"), max_length=20, choices=Format.choices)
    name = models.CharField(_("name"), max_length=120, blank=True)
    token_hash = models.CharField(_("token (SHA-256)"), max_length=64, unique=True, editable=False)
    signing_secret = models.CharField(
        _("signing secret"), max_length=200, blank=True, help_text=_("HMAC key of signed webhooks")
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("intake endpoint")
        verbose_name_plural = _("intake endpoints")

    def __str__(self) -> str:
        return self.name or f"{self.source} → {self.dealer} ({self.format})"

    @property
    def channel(self) -> str:
        return Channel.WEBHOOK if self.format == Format.MARKTPLAATS else Channel.API

    def set_token(self) -> str:
        """A new random token; only its hash is kept, so show it to the integrator once."""
        token = secrets.token_urlsafe(32)
        self.token_hash = token_digest(token)
        return token


class Payload(models.Model):
    """One thing that arrived, kept raw before any parsing: nothing received is ever lost.

    A payload is claimed for processing with a conditional update (PENDING → PROCESSING), so a
    second worker can never process it twice; a failed one keeps its error until retried.
    """

    endpoint = models.ForeignKey(
        IntakeEndpoint, models.SET_NULL, related_name="payloads", null=True, blank=True
    )
    dealer = models.ForeignKey(
        Dealer, models.PROTECT, related_name="payloads", null=True, blank=True
    )
    source = models.ForeignKey(
        Source, models.PROTECT, related_name="payloads", null=True, blank=True
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    format = models.CharField(_("format"), max_length=20, choices=Format.choices)
    received_at = models.DateTimeField(_("received at"), db_index=True)
    body = models.BinaryField(_("raw body"))
    size = models.PositiveIntegerField(_("size (bytes)"))
    checksum = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    external_id = models.CharField(
        _("delivery id"), max_length=200, blank=True, help_text=_("Event id, Message-ID, file name")
    )
    meta = models.JSONField(_("delivery details"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=PayloadStatus.choices, default=PayloadStatus.PENDING
    )
    duplicate_of = models.ForeignKey(
        "self", models.SET_NULL, related_name="duplicates", null=True, blank=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)
    error_code = models.CharField(_("error code"), max_length=40, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "received_at"]),
            models.Index(fields=["source", "external_id"]),
        ]
        verbose_name = _("payload")
        verbose_name_plural = _("payloads")

    def __str__(self) -> str:
        return f"#{self.pk} {self.format} {self.received_at:%Y-%m-%d %H:%M} ({self.status})"


class ColumnMapping(models.Model):
    """A dealer's confirmed column mapping for one kind of file: its next upload starts from it.

    `columns` is a mapping file's (field → header, or [date header, time header]).
    """

    dealer = models.ForeignKey(Dealer, models.CASCADE, related_name="column_mappings")
    kind = models.CharField(_("kind of file"), max_length=20)
    columns = models.JSONField(_("columns"), default=dict)
    date_formats = models.JSONField(_("date formats"), default=list)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dealer", "kind"], name="one_mapping_per_dealer_kind")
        ]
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")

    def __str__(self) -> str:
        return f"{self.dealer} {self.kind}"


class ResultStatus(models.TextChoices):
    CREATED = "created", _("New lead")
    REPEAT = "repeat", _("Repeat inquiry on an existing lead")
    DUPLICATE = "duplicate", _("Already imported (same provider id)")
    REFUSED = "refused", _("Refused")
    RECORDED = "recorded", _("Recorded (activity, order, dealer, cost)")


class IntakeResult(models.Model):
    """What became of one lead (or row) of a payload: the lead it made, or why it was refused.

    One row per position, so a retried payload skips what it already imported.
    """

    payload = models.ForeignKey(Payload, models.CASCADE, related_name="results")
    position = models.PositiveIntegerField(_("position"))
    where = models.CharField(_("where"), max_length=300, blank=True)
    status = models.CharField(_("result"), max_length=10, choices=ResultStatus.choices)
    lead = models.ForeignKey(
        Lead, models.SET_NULL, related_name="intake_results", null=True, blank=True
    )
    inquiry = models.ForeignKey(
        Inquiry, models.SET_NULL, related_name="intake_results", null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    error_code = models.CharField(_("error code"), max_length=40, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["payload", "position"]
        constraints = [
            models.UniqueConstraint(fields=["payload", "position"], name="one_result_per_position")
        ]
        verbose_name = _("intake result")
        verbose_name_plural = _("intake results")

    def __str__(self) -> str:
        return f"{self.payload_id}#{self.position}: {self.status}"


class AssignmentRule(models.Model):
    """Round robin among a dealer's salespeople on duty, optionally for one make or new/used.

    The most specific active rule that matches a lead wins (make and condition beat make,
    which beats condition, which beats a catch-all); ties go by `priority`, lowest first.
    """

    dealer = models.ForeignKey(Dealer, models.CASCADE, related_name="assignment_rules")
    name = models.CharField(_("name"), max_length=120)
    make = models.CharField(_("make"), max_length=60, blank=True, help_text=_("Empty: any make"))
    condition = models.CharField(
        _("new or used"), max_length=4, choices=VehicleCondition.choices, blank=True
    )
    salespeople = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="assignment_rules",
        blank=True,
        help_text=_("Empty: every salesperson of the dealer"),
    )
    priority = models.PositiveSmallIntegerField(_("priority"), default=100)
    is_active = models.BooleanField(_("active"), default=True)
    last_assigned = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, related_name="+", null=True, blank=True
    )

    class Meta:
        ordering = ["dealer", "priority", "name"]
        constraints = [
            models.UniqueConstraint(fields=["dealer", "name"], name="assignment_rule_name_once")
        ]
        indexes = [models.Index(fields=["dealer", "is_active"])]
        verbose_name = _("assignment rule")
        verbose_name_plural = _("assignment rules")

    def __str__(self) -> str:
        return self.name

    def matches(self, make: str, condition: str) -> bool:
        make_ok = not self.make or self.make.casefold() == make.casefold()
        return make_ok and (not self.condition or self.condition == condition)

    @property
    def specificity(self) -> int:
        return (2 if self.make else 0) + (1 if self.condition else 0)


class Extension(models.Model):
    """A dealer's extension (or an agent's own number) on the phone system, and who answers it.

    A call on an extension nobody is given here keeps the call, without a person.
    """

    dealer = models.ForeignKey(Dealer, models.CASCADE, related_name="extensions")
    number = models.CharField(
        _("extension or number"), max_length=40, help_text=_("As the phone system writes it")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="extensions",
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["dealer", "number"]
        constraints = [
            models.UniqueConstraint(fields=["dealer", "number"], name="extension_once_per_dealer")
        ]
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")

    def __str__(self) -> str:
        return f"{self.dealer} {self.number}"


class CallMatch(models.TextChoices):
    MATCHED = "matched", _("Matched to an open lead")
    MERGED = "merged", _("Merged with a call logged by hand")
    NEW_LEAD = "new_lead", _("New phone lead")
    UNMATCHED = "unmatched", _("Matches no lead")
    INTERNAL = "internal", _("Internal call")


class PhoneCall(models.Model):
    """One call as the phone system reported it, whatever became of it: nothing is dropped.

    Keyed by the call's own id (Asterisk's uniqueid, Twilio's CallSid, the event's call_id)
    per dealer, so a replayed callback or a file imported twice records the call once.
    """

    dealer = models.ForeignKey(Dealer, models.CASCADE, related_name="phone_calls")
    payload = models.ForeignKey(
        Payload, models.SET_NULL, related_name="phone_calls", null=True, blank=True
    )
    call_id = models.CharField(_("call id"), max_length=200)
    started_at = models.DateTimeField(_("started at"))
    direction = models.CharField(_("direction"), max_length=3)
    remote = models.CharField(_("number as dialled"), max_length=60, blank=True)
    number = models.CharField(_("number"), max_length=40, blank=True)
    extension = models.CharField(_("extension"), max_length=60, blank=True)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, related_name="+", null=True, blank=True
    )
    answered = models.BooleanField(_("answered"), default=False)
    billable_s = models.PositiveIntegerField(_("billable seconds"), null=True, blank=True)
    match = models.CharField(_("match"), max_length=10, choices=CallMatch.choices)
    lead = models.ForeignKey(
        Lead, models.SET_NULL, related_name="phone_calls", null=True, blank=True
    )
    activity = models.ForeignKey(
        "followup.Activity", models.SET_NULL, related_name="phone_calls", null=True, blank=True
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["dealer", "call_id"], name="phone_call_once")
        ]
        indexes = [models.Index(fields=["dealer", "match", "started_at"])]
        verbose_name = _("phone call")
        verbose_name_plural = _("phone calls")

    def __str__(self) -> str:
        return f"{self.dealer} {self.call_id} ({self.match})"
