"""What was done with a lead, the scripts used, and the standard it is held to."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from scoreline.analytics.standard import FollowUpStandard as StandardRule
from scoreline.dealers.models import Dealer
from scoreline.leads.models import Lead, LeadEvent, LostReason, Source

DEFAULT = StandardRule()  # the product's standard (DESIGN.md): one home for its numbers


class ActivityKind(models.TextChoices):
    CALL = "call", _("Call")
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")
    APPOINTMENT = "appointment", _("Appointment")
    VISIT = "visit", _("Showroom visit")
    TEST_DRIVE = "test_drive", _("Test drive")
    QUOTE = "quote", _("Quote")
    ORDER = "order", _("Order")
    LOST = "lost", _("Lost")
    NOTE = "note", _("Note")


# Written messages count for the standard's written follow-up.
WRITTEN_KINDS = (ActivityKind.EMAIL, ActivityKind.SMS, ActivityKind.WHATSAPP)
# The first response is the first outbound human action of one of these kinds.
RESPONSE_KINDS = (ActivityKind.CALL, *WRITTEN_KINDS)


class CallOutcome(models.TextChoices):
    REACHED = "reached", _("Reached")
    NO_ANSWER = "no_answer", _("No answer")
    VOICEMAIL = "voicemail", _("Voicemail")
    BUSY = "busy", _("Busy")
    WRONG_NUMBER = "wrong_number", _("Wrong number")


class Direction(models.TextChoices):
    OUTBOUND = "out", _("Outbound")
    INBOUND = "in", _("Inbound")


class Evidence(models.TextChoices):
    """Where an activity's record came from (DESIGN.md, "evidence")."""

    PHONE_SYSTEM = "phone_system", _("Phone system")
    SCORELINE_MAIL = "scoreline_mail", _("Sent by Scoreline")
    IMPORT = "import", _("Import")
    HAND = "hand", _("Entered by hand")


class CallScript(models.Model):
    """A versioned script; a call records the version followed so scripts can be compared."""

    dealer = models.ForeignKey(Dealer, models.CASCADE, related_name="call_scripts")
    source = models.ForeignKey(
        Source,
        models.CASCADE,
        related_name="call_scripts",
        null=True,
        blank=True,
        help_text=_("Empty: for every source"),
    )
    name = models.CharField(_("name"), max_length=120)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    body = models.TextField(_("script"))
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["dealer", "name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["dealer", "name", "version"], name="script_version_once"
            )
        ]
        verbose_name = _("call script")
        verbose_name_plural = _("call scripts")

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class Activity(models.Model):
    lead = models.ForeignKey(Lead, models.CASCADE, related_name="activities")
    kind = models.CharField(_("kind"), max_length=12, choices=ActivityKind.choices)
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        related_name="activities",
        null=True,
        blank=True,
    )
    direction = models.CharField(
        _("direction"), max_length=3, choices=Direction.choices, default=Direction.OUTBOUND
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=CallOutcome.choices, blank=True)
    duration_s = models.PositiveIntegerField(_("duration (s)"), null=True, blank=True)
    script = models.ForeignKey(
        CallScript, models.SET_NULL, related_name="activities", null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    is_automatic = models.BooleanField(
        _("automatic"), default=False, help_text=_("Automatic acknowledgements are no response")
    )
    external_id = models.CharField(_("external id"), max_length=120, blank=True)
    evidence = models.CharField(
        _("evidence"),
        max_length=16,
        choices=Evidence.choices,
        default=Evidence.HAND,
        db_default=Evidence.HAND,  # rows written in bulk by column list (the demo): by hand
    )
    merged_at = models.DateTimeField(
        _("merged at"),
        null=True,
        blank=True,
        help_text=_("When a call logged by hand and the phone system's record became one"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ActivityKind.values), name="activity_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(kind="call"), name="only_calls_have_outcome"
            ),
        ]
        indexes = [
            models.Index(fields=["lead", "at"]),
            models.Index(fields=["by", "at"]),
            models.Index(fields=["kind", "at"]),
        ]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"


class FollowUpStandard(models.Model):
    """What taking a lead seriously means at one dealer (defaults from DESIGN.md)."""

    dealer = models.OneToOneField(Dealer, models.CASCADE, related_name="standard")
    first_response_minutes = models.PositiveIntegerField(
        _("first response within (business minutes)"), default=int(DEFAULT.first_response_minutes)
    )
    call_attempts = models.PositiveSmallIntegerField(
        _("call attempts before closing"), default=DEFAULT.call_attempts
    )
    distinct_days = models.PositiveSmallIntegerField(
        _("spread over distinct days"), default=DEFAULT.call_days
    )
    written_message_required = models.BooleanField(
        _("one written message required"), default=DEFAULT.written_messages > 0
    )
    stale_business_days = models.PositiveSmallIntegerField(
        _("stale after (business days without activity)"), default=DEFAULT.stale_business_days
    )
    reminder_minutes_before = models.PositiveIntegerField(
        _("remind salesperson (minutes before the limit)"), default=5
    )
    reached_seconds = models.PositiveSmallIntegerField(
        _("a phone system's call reached the person after (seconds)"),
        default=20,
        help_text=_("Answered calls shorter than this were a voicemail greeting or a hang-up"),
    )
    confirmed_calls_only = models.BooleanField(
        _("count only calls the phone system confirmed"),
        default=False,
        help_text=_("The guard counts a call attempt only when the phone system recorded it"),
    )

    class Meta:
        verbose_name = _("follow-up standard")
        verbose_name_plural = _("follow-up standards")
        constraints = [
            models.CheckConstraint(
                condition=Q(first_response_minutes__gt=0), name="response_limit_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dealer}: {self.call_attempts} calls / {self.distinct_days} days"

    def rule(self) -> StandardRule:
        """This dealer's standard as the analytics core and the demo read it."""
        return StandardRule(
            first_response_minutes=float(self.first_response_minutes),
            call_attempts=self.call_attempts,
            call_days=self.distinct_days,
            written_messages=1 if self.written_message_required else 0,
            stale_business_days=self.stale_business_days,
        )


class JobKind(models.TextChoices):
    REMINDER = "reminder", _("Response reminder")
    BREACH = "breach", _("Response clock breached")
    ESCALATION = "escalation", _("Second breach: reassign")
    FOLLOW_UP_DUE = "follow_up_due", _("Planned follow-up due")


class JobResult(models.TextChoices):
    DONE = "done", _("Done")
    MOOT = "moot", _("Nothing left to do")
    FAILED = "failed", _("Failed")


class DueWork(models.Model):
    """Work due at a moment, kept as a row so a stopped worker loses nothing.

    A worker claims a row with a conditional update; a claim older than the lease is taken to
    be a crashed worker's and is claimed again (`worker.loop`).
    """

    due_at = models.DateTimeField(_("due at"))
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    claimed_by = models.CharField(_("claimed by"), max_length=100, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=10, choices=JobResult.choices, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        abstract = True


class Job(DueWork):
    """Work due on a lead at a moment.

    One row per (lead, kind, sequence): a repeated call, a second worker or a restart cannot
    create the same work twice.
    """

    lead = models.ForeignKey(Lead, models.CASCADE, related_name="jobs")
    kind = models.CharField(_("kind"), max_length=20, choices=JobKind.choices)
    sequence = models.PositiveIntegerField(_("sequence"), default=1)

    class Meta:
        ordering = ["due_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["lead", "kind", "sequence"], name="job_once_per_lead_kind_sequence"
            ),
            models.CheckConstraint(
                condition=Q(done_at__isnull=True) | ~Q(result=""), name="done_job_has_result"
            ),
        ]
        indexes = [
            models.Index(fields=["due_at"], condition=Q(done_at__isnull=True), name="job_pending"),
        ]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.sequence} for lead {self.lead_id}"


class DailyKind(models.TextChoices):
    PACE_CHECK = "pace_check", _("Month's pace check")
    RETENTION = "retention", _("Retention rule")


class DailyJob(DueWork):
    """Work done once a day: a dealer's pace check, or the retention rule for every dealer.

    One row per (dealer, kind, day), or per (kind, day) when it concerns every dealer (no
    dealer): however many workers add today's rows, and however often, each runs once.
    `day` is the local date of the dealer (or of the site's TIME_ZONE without a dealer).
    """

    dealer = models.ForeignKey(
        Dealer,
        models.CASCADE,
        related_name="daily_jobs",
        null=True,
        blank=True,
        help_text=_("Empty: every dealer"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DailyKind.choices)
    day = models.DateField(_("day"))

    class Meta:
        ordering = ["due_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["dealer", "kind", "day"],
                condition=Q(dealer__isnull=False),
                name="daily_job_once_per_dealer_kind_day",
            ),
            models.UniqueConstraint(
                fields=["kind", "day"],
                condition=Q(dealer__isnull=True),
                name="daily_job_once_per_kind_day",
            ),
            models.CheckConstraint(
                condition=Q(done_at__isnull=True) | ~Q(result=""),
                name="done_daily_job_has_result",
            ),
        ]
        indexes = [
            models.Index(
                fields=["due_at"], condition=Q(done_at__isnull=True), name="daily_job_pending"
            ),
        ]
        verbose_name = _("daily job")
        verbose_name_plural = _("daily jobs")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.day} for {self.dealer or _('every dealer')}"


class NotificationKind(models.TextChoices):
    REMINDER = "reminder", _("Respond soon")
    BREACH = "breach", _("Response clock breached")
    ESCALATION = "escalation", _("Lead escalated")
    FOLLOW_UP_DUE = "follow_up_due", _("Follow-up due")
    ASSIGNED = "assigned", _("Lead assigned to you")
    PACE = "pace", _("Month target at risk")
    OVERRIDE = "override", _("Override of the follow-up standard")
    REPLY = "reply", _("Customer replied")


class EmailState(models.TextChoices):
    NONE = "none", _("No e-mail")
    PENDING = "pending", _("To send")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Notification(models.Model):
    """A message to one person, shown in the product and sent by e-mail.

    Most are about one lead; a few are about the dealer as a whole (the month's pace) and
    have no lead.

    The e-mail is claimed (pending → sending) before it is sent, so a crash mid-send leaves
    it marked sending rather than sending it twice: at most once, by design.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="notifications")
    lead = models.ForeignKey(
        Lead, models.CASCADE, related_name="notifications", null=True, blank=True
    )
    job = models.ForeignKey(
        Job, models.SET_NULL, related_name="notifications", null=True, blank=True
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    text = models.TextField(_("text"))  # as written for the user, in their language then
    # The message and its values, so it is said again in whatever language it is read in.
    text_key = models.CharField(_("message"), max_length=40, blank=True)
    params = models.JSONField(_("values"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"))
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    email_state = models.CharField(
        _("e-mail"), max_length=10, choices=EmailState.choices, default=EmailState.PENDING
    )
    email_attempts = models.PositiveSmallIntegerField(_("e-mail attempts"), default=0)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["job", "user"],
                condition=Q(job__isnull=False),
                name="one_notification_per_job_and_user",
            )
        ]
        indexes = [
            models.Index(fields=["user", "read_at", "created_at"]),
            models.Index(
                fields=["created_at"],
                condition=Q(email_state="pending"),
                name="notification_email_pending",
            ),
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.user}"


class OverrideState(models.TextChoices):
    PENDING = "pending", _("Waiting for a manager")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class OverrideRequest(models.Model):
    """A salesperson's request to close a lead as lost before the follow-up standard is met.

    The guard refused the close; the salesperson asks a manager with a reason, and the manager
    approves (the lead is closed with the manager's override on record) or refuses with a
    reason of their own. Each step is also in the lead's audit trail.
    """

    lead = models.ForeignKey(Lead, models.CASCADE, related_name="override_requests")
    lost_reason = models.ForeignKey(LostReason, models.PROTECT, related_name="+")
    reason = models.TextField(_("why close now"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, related_name="+", null=True, blank=True
    )
    requested_at = models.DateTimeField(_("requested at"))
    state = models.CharField(
        _("state"), max_length=10, choices=OverrideState.choices, default=OverrideState.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    answer = models.TextField(_("manager's answer"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["lead"],
                condition=Q(state="pending"),
                name="one_pending_override_request_per_lead",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="override_request_has_reason"),
        ]
        verbose_name = _("override request")
        verbose_name_plural = _("override requests")

    def __str__(self) -> str:
        return f"{self.get_state_display()}: #{self.lead_id}"


class OverrideReview(models.Model):
    """A manager's override, looked at by a manager: it leaves the board's list to review."""

    event = models.OneToOneField(LeadEvent, models.CASCADE, related_name="review")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, related_name="+", null=True, blank=True
    )
    at = models.DateTimeField(_("reviewed at"))

    class Meta:
        verbose_name = _("override review")
        verbose_name_plural = _("override reviews")

    def __str__(self) -> str:
        return f"review of event {self.event_id}"
