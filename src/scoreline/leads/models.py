"""Where leads come from, who they are, and what became of them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from scoreline.dealers.models import Dealer
from scoreline.leads.audit import shown_reason
from scoreline.leads.names import lost_reason_label, source_name

if TYPE_CHECKING:
    from scoreline.dealers.models import User


class CostModel(models.TextChoices):
    PER_LEAD = "per_lead", _("Per lead")
    PER_MONTH = "per_month", _("Per month")
    PER_CAMPAIGN = "per_campaign", _("Per campaign")
    FREE = "free", _("No cost")


class Source(models.Model):
    """A lead channel shared by the group's dealers: website, importer, a portal, phone, walk-in."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    cost_model = models.CharField(
        _("cost model"), max_length=20, choices=CostModel.choices, default=CostModel.PER_MONTH
    )
    cost_per_lead = models.DecimalField(
        _("cost per lead (EUR)"), max_digits=10, decimal_places=2, default=Decimal("0")
    )
    target_conversion = models.DecimalField(
        _("target conversion"),
        max_digits=4,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=_("Empty: the dealer's target"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return source_name(self.name, self.slug)


class Campaign(models.Model):
    dealer = models.ForeignKey(
        Dealer,
        models.CASCADE,
        related_name="campaigns",
        null=True,
        blank=True,
        help_text=_("Empty: a group-wide campaign"),
    )
    source = models.ForeignKey(Source, models.PROTECT, related_name="campaigns")
    name = models.CharField(_("name"), max_length=120)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    budget = models.DecimalField(_("budget (EUR)"), max_digits=12, decimal_places=2, default=0)
    goal_leads = models.PositiveIntegerField(_("goal (leads)"), null=True, blank=True)

    class Meta:
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="campaign_ends_after_start"
            ),
            models.UniqueConstraint(fields=["dealer", "name"], name="one_campaign_name_per_dealer"),
        ]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self) -> str:
        return self.name


class MonthlyCost(models.Model):
    """What a source cost in a month; without a dealer it is shared by the dealers' leads."""

    dealer = models.ForeignKey(Dealer, models.CASCADE, related_name="costs", null=True, blank=True)
    source = models.ForeignKey(Source, models.PROTECT, related_name="costs")
    month = models.DateField(_("month"), help_text=_("The first day of the month"))
    amount = models.DecimalField(_("amount (EUR)"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["dealer", "source", "month"], name="one_cost_per_dealer_source_month"
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="cost_month_is_first_day"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="cost_not_negative"),
        ]
        verbose_name = _("monthly cost")
        verbose_name_plural = _("monthly costs")

    def __str__(self) -> str:
        return f"{self.source} {self.month:%Y-%m}: {self.amount}"


class Person(models.Model):
    """A prospective buyer at one dealer, found again by normalised phone or e-mail."""

    dealer = models.ForeignKey(Dealer, models.CASCADE, related_name="persons")
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True, help_text=_("Lower-cased"))
    phone = models.CharField(
        _("phone"),
        max_length=40,
        blank=True,
        help_text=_("E.164; as written when it is not a valid number (phone not verified)"),
    )
    phone_valid = models.BooleanField(
        _("phone verified"),
        default=True,
        db_default=True,  # rows written in bulk by column list (the demo) are verified
        help_text=_(
            "Off when the number is not valid in the customer's country (or else the "
            "dealer's): it is kept as written, not turned into a wrong international number"
        ),
    )
    street = models.CharField(_("street"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["dealer", "phone"]),
            models.Index(fields=["dealer", "email"]),
        ]
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self) -> str:
        return self.full_name or self.email or self.phone or f"#{self.pk}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class PersonContact(models.Model):
    """A further phone or e-mail a person is found again by, beyond the `phone` and `email`
    kept on the person: a second number, an address given later, the keys of a person found
    to be the same one."""

    person = models.ForeignKey(Person, models.CASCADE, related_name="contacts")
    value = models.CharField(
        _("phone or e-mail"), max_length=254, help_text=_("E.164 (or as written), or lower-cased")
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "value"], name="person_contact_once")
        ]
        indexes = [models.Index(fields=["value"])]
        verbose_name = _("person's contact")
        verbose_name_plural = _("persons' contacts")

    def __str__(self) -> str:
        return self.value


class LostReason(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    label = models.CharField(_("label"), max_length=120)
    needs_follow_up_standard = models.BooleanField(
        _("needs the follow-up standard"),
        default=True,
        help_text=_("Closing with this reason is guarded by the follow-up standard"),
    )

    class Meta:
        ordering = ["label"]
        verbose_name = _("lost reason")
        verbose_name_plural = _("lost reasons")

    def __str__(self) -> str:
        return lost_reason_label(self.label, self.code)


class LeadStatus(models.TextChoices):
    OPEN = "open", _("Open")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")
    SPAM = "spam", _("Spam")


class VehicleCondition(models.TextChoices):
    NEW = "new", _("New")
    USED = "used", _("Used")
    UNKNOWN = "", _("Unknown")


class LeadQuerySet(models.QuerySet["Lead"]):
    def for_dealer(self, dealer: Dealer) -> LeadQuerySet:
        return self.filter(dealer=dealer)

    def visible_to(self, user: User) -> LeadQuerySet:
        """Leads of the dealers where the user holds any role; superusers see every dealer."""
        if user.is_superuser:
            return self.all()
        return self.filter(dealer__memberships__user=user).distinct()

    def open(self) -> LeadQuerySet:
        return self.filter(status=LeadStatus.OPEN)

    def untouched(self) -> LeadQuerySet:
        return self.open().filter(first_response_at__isnull=True)

    def received_between(self, start: datetime, end: datetime) -> LeadQuerySet:
        return self.filter(received_at__gte=start, received_at__lt=end)


class Lead(models.Model):
    """One person's expressed interest, counted once; repeats are inquiries on it.

    first_response_at, contacted_at and last_activity_at are kept by the follow-up actions so
    the board can sort and filter without reading every activity.
    """

    dealer = models.ForeignKey(Dealer, models.PROTECT, related_name="leads")
    person = models.ForeignKey(Person, models.PROTECT, related_name="leads")
    source = models.ForeignKey(Source, models.PROTECT, related_name="leads")
    campaign = models.ForeignKey(
        Campaign, models.SET_NULL, related_name="leads", null=True, blank=True
    )
    received_at = models.DateTimeField(_("received at"), db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=LeadStatus.choices, default=LeadStatus.OPEN
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        related_name="assigned_leads",
        null=True,
        blank=True,
        verbose_name=_("salesperson"),
    )
    vehicle_make = models.CharField(_("make"), max_length=60, blank=True)
    vehicle_model = models.CharField(_("model"), max_length=80, blank=True)
    vehicle_condition = models.CharField(
        _("new or used"), max_length=4, choices=VehicleCondition.choices, blank=True
    )
    vehicle = models.JSONField(_("vehicle details"), default=dict, blank=True)
    message = models.TextField(_("message"), blank=True)
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    contacted_at = models.DateTimeField(_("contacted"), null=True, blank=True)
    last_activity_at = models.DateTimeField(_("last activity"), null=True, blank=True)
    next_follow_up_at = models.DateTimeField(_("next follow-up"), null=True, blank=True)
    response_due_at = models.DateTimeField(_("response due"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    lost_reason = models.ForeignKey(
        LostReason, models.PROTECT, related_name="leads", null=True, blank=True
    )
    closed_without_standard = models.BooleanField(
        _("closed without the standard"),
        default=False,
        help_text=_("Closed lost before the follow-up standard was met (imported or overridden)"),
    )
    is_imported = models.BooleanField(_("imported history"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = LeadQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=LeadStatus.values), name="lead_status_known"
            ),
            models.CheckConstraint(
                condition=Q(status="open") | Q(status="spam") | Q(closed_at__isnull=False),
                name="closed_lead_has_closed_at",
            ),
            models.CheckConstraint(
                condition=~Q(status="lost") | Q(lost_reason__isnull=False),
                name="lost_lead_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(first_response_at__isnull=True)
                | Q(first_response_at__gte=models.F("received_at")),
                name="first_response_after_receipt",
            ),
        ]
        indexes = [
            models.Index(fields=["dealer", "received_at"]),
            models.Index(fields=["dealer", "status", "received_at"]),
            models.Index(fields=["dealer", "source", "received_at"]),
            models.Index(fields=["assigned_to", "status"]),
            models.Index(fields=["dealer", "status", "response_due_at"]),
        ]
        verbose_name = _("lead")
        verbose_name_plural = _("leads")

    def __str__(self) -> str:
        return f"{self.person} — {self.source} {self.received_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.status == LeadStatus.OPEN


class Channel(models.TextChoices):
    ADF = "adf", _("ADF/XML")
    WEBHOOK = "webhook", _("Webhook")
    API = "api", _("API")
    EMAIL = "email", _("E-mail")
    SPREADSHEET = "spreadsheet", _("Spreadsheet")
    PHONE = "phone", _("Phone")
    WALK_IN = "walk_in", _("Walk-in")
    MANUAL = "manual", _("Entered by hand")


class Inquiry(models.Model):
    """Each arrival of a lead, the first and every repeat, with the provider's id if any."""

    lead = models.ForeignKey(Lead, models.CASCADE, related_name="inquiries")
    source = models.ForeignKey(Source, models.PROTECT, related_name="inquiries")
    received_at = models.DateTimeField(_("received at"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    provider_id = models.CharField(_("provider's lead id"), max_length=120, blank=True)
    message = models.TextField(_("message"), blank=True)
    is_repeat = models.BooleanField(_("repeat"), default=False)

    class Meta:
        ordering = ["received_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "provider_id"],
                condition=~Q(provider_id=""),
                name="provider_id_counted_once",
            )
        ]
        # provider_id alone: an import's activities find their lead by it (the unique
        # constraint's index leads with the source, so without this each lookup scans).
        indexes = [
            models.Index(fields=["lead", "received_at"]),
            models.Index(fields=["provider_id"]),
        ]
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")

    def __str__(self) -> str:
        return f"{self.source} {self.received_at:%Y-%m-%d %H:%M}"


class Order(models.Model):
    """A sale from the dealer management system, matched to a lead by person."""

    dealer = models.ForeignKey(Dealer, models.PROTECT, related_name="orders")
    order_id = models.CharField(_("order number"), max_length=60)
    ordered_at = models.DateTimeField(_("ordered at"))
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    vehicle_make = models.CharField(_("make"), max_length=60, blank=True)
    vehicle_model = models.CharField(_("model"), max_length=80, blank=True)
    vin = models.CharField(_("VIN"), max_length=17, blank=True)
    lead = models.ForeignKey(Lead, models.SET_NULL, related_name="orders", null=True, blank=True)

    class Meta:
        ordering = ["-ordered_at"]
        constraints = [
            models.UniqueConstraint(fields=["dealer", "order_id"], name="order_id_once_per_dealer")
        ]
        verbose_name = _("order")
        verbose_name_plural = _("orders")

    def __str__(self) -> str:
        return f"{self.order_id} ({self.ordered_at:%Y-%m-%d})"


class EventKind(models.TextChoices):
    STATUS = "status", _("Status change")
    ASSIGNMENT = "assignment", _("Assignment")
    OVERRIDE = "override", _("Manager override")
    IMPORT = "import", _("Imported")
    CONTACT = "contact", _("Contact details changed")
    BOUNCE = "bounce", _("Message bounced")
    REQUEST = "request", _("Override requested")
    REFUSED = "refused", _("Override refused")
    REVIEWED = "reviewed", _("Override reviewed")


class LeadEvent(models.Model):
    """The audit trail: every status change and assignment, who did it, when and why."""

    lead = models.ForeignKey(Lead, models.CASCADE, related_name="events")
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, related_name="+", null=True, blank=True
    )
    kind = models.CharField(_("kind"), max_length=12, choices=EventKind.choices)
    from_status = models.CharField(max_length=10, choices=LeadStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=LeadStatus.choices, blank=True)
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, related_name="+", null=True, blank=True
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, related_name="+", null=True, blank=True
    )
    reason = models.TextField(_("reason"), blank=True)  # as first written
    # The reason to say again in the reader's language: typed text and the product's own
    # words as keys with values (leads/audit.py).
    reason_parts = models.JSONField(_("reason, said when read"), default=list, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="override") | ~Q(reason=""), name="override_has_reason"
            )
        ]
        indexes = [models.Index(fields=["lead", "at"]), models.Index(fields=["kind", "at"])]
        verbose_name = _("lead event")
        verbose_name_plural = _("lead events")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"

    @property
    def shown_reason(self) -> str:
        """The reason in the active language (leads/audit.py)."""
        return shown_reason(self.reason, self.reason_parts)
