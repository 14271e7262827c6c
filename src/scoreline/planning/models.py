"""Year plans (versioned, with their targets, source assumptions and result) and pace checks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from scoreline.dealers.models import Dealer
from scoreline.leads.models import Source


class TargetOrigin(models.TextChoices):
    MONTHLY = "monthly", _("Monthly targets as given")
    HISTORY = "history", _("Yearly target spread by the dealer's own seasons (its sales)")
    GROUP = "group", _("Yearly target spread by the group's seasons (its dealers' sales)")
    MARKET = (
        "market",
        _(
            "Yearly target spread by the market's seasons (new-car registrations in the "
            "Netherlands 2017–2025, built in)"
        ),
    )
    FLAT = (
        "flat",
        _(
            "Yearly target spread evenly: no two years of sales for the dealer or its group, "
            "and no market figures for its country"
        ),
    )


class PlanQuerySet(models.QuerySet["Plan"]):
    def for_dealer(self, dealer: Dealer) -> PlanQuerySet:
        return self.filter(dealer=dealer)

    def latest_for(self, dealer: Dealer, year: int) -> Plan | None:
        """The newest version of the dealer's plan for the year, or None."""
        return self.filter(dealer=dealer, year=year).order_by("-version").first()


class Plan(models.Model):
    """One version of a dealer's year plan; a new version is saved, never an edit in place."""

    dealer = models.ForeignKey(Dealer, models.CASCADE, related_name="plans")
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    version = models.PositiveSmallIntegerField(_("version"))
    yearly_target = models.PositiveIntegerField(_("yearly target (sales)"), null=True, blank=True)
    target_origin = models.CharField(
        _("targets from"), max_length=10, choices=TargetOrigin.choices, default=TargetOrigin.MONTHLY
    )
    budget_cap = models.DecimalField(
        _("budget cap (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    minimum_budget = models.DecimalField(
        _("cheapest budget reaching the targets (EUR)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )
    marginal_cost_per_sale = models.DecimalField(
        _("marginal cost of one more sale (EUR)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Under a binding budget cap: what one more sale would cost"),
    )
    warn_below = models.DecimalField(
        _("warn when P(target) falls below"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.50"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, related_name="+", null=True, blank=True
    )

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["dealer", "-year", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["dealer", "year", "version"], name="one_plan_version_per_dealer_year"
            )
        ]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        return f"{self.dealer} {self.year} v{self.version}"


class PlanMonth(models.Model):
    """A month of a plan: its sales target, adjustments, and what the plan gives it."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="months")
    month = models.PositiveSmallIntegerField(
        _("month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    target = models.DecimalField(_("target (sales)"), max_digits=8, decimal_places=1)
    sales_factor = models.DecimalField(
        _("sales factor"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1"),
        help_text=_("Reweights the month when a yearly target is spread (a model launch)"),
    )
    conversion_factor = models.DecimalField(
        _("conversion factor"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1"),
        help_text=_("Scales every source's conversion this month (stock, a launch)"),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    planned_sales = models.DecimalField(_("planned sales"), max_digits=9, decimal_places=2)
    marginal_cost_per_sale = models.DecimalField(
        _("marginal cost per sale (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["plan", "month"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "month"], name="one_plan_month"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="month_1_to_12"),
        ]
        verbose_name = _("plan month")
        verbose_name_plural = _("plan months")

    def __str__(self) -> str:
        return f"{self.plan} {self.month:02d}"

    def first_day(self) -> date:
        return date(self.plan.year, self.month, 1)


class PlanSource(models.Model):
    """What the plan assumes of one source (editable), next to what history said."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="sources")
    source = models.ForeignKey(Source, models.PROTECT, related_name="+")
    conversion = models.DecimalField(
        _("expected conversion"),
        max_digits=5,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
    )
    history_conversion = models.DecimalField(
        _("conversion in history (shrunk)"), max_digits=5, decimal_places=4, null=True, blank=True
    )
    cost_per_lead = models.DecimalField(_("cost per lead (EUR)"), max_digits=10, decimal_places=2)
    monthly_cap = models.PositiveIntegerField(_("monthly cap (leads)"), null=True, blank=True)
    minimum_leads = models.PositiveIntegerField(_("monthly minimum (leads)"), default=0)

    class Meta:
        ordering = ["plan", "source__name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "source"], name="one_assumption_per_source")
        ]
        verbose_name = _("source assumption")
        verbose_name_plural = _("source assumptions")

    def __str__(self) -> str:
        return f"{self.plan}: {self.source}"


class PlanLine(models.Model):
    """The plan's result for one source in one month: leads to buy, their cost and sales."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="lines")
    month = models.PositiveSmallIntegerField(_("month"))
    source = models.ForeignKey(Source, models.PROTECT, related_name="+")
    leads = models.DecimalField(_("leads"), max_digits=10, decimal_places=1)
    cost = models.DecimalField(_("cost (EUR)"), max_digits=12, decimal_places=2)
    sales = models.DecimalField(_("expected sales"), max_digits=9, decimal_places=2)
    at_cap = models.BooleanField(_("at its cap"), default=False)
    capacity_value = models.DecimalField(
        _("worth of one more lead of capacity (EUR)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["plan", "month", "source__name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "month", "source"], name="one_line_per_cell")
        ]
        verbose_name = _("plan line")
        verbose_name_plural = _("plan lines")

    def __str__(self) -> str:
        return f"{self.plan} {self.month:02d} {self.source}: {self.leads}"


class PaceCheck(models.Model):
    """A month-end forecast as it was made, kept so a fall below the threshold is seen once."""

    dealer = models.ForeignKey(Dealer, models.CASCADE, related_name="pace_checks")
    month = models.DateField(_("month"), help_text=_("The first day of the month"))
    as_of = models.DateTimeField(_("as of"))
    sales_so_far = models.PositiveIntegerField(_("sales so far"))
    open_leads = models.PositiveIntegerField(_("open leads"))
    expected = models.DecimalField(_("expected at month end"), max_digits=9, decimal_places=2)
    low = models.PositiveIntegerField(_("80 % interval, low"))
    high = models.PositiveIntegerField(_("80 % interval, high"))
    target = models.DecimalField(_("target"), max_digits=8, decimal_places=1, null=True, blank=True)
    p_target = models.DecimalField(
        _("P(reaching target)"), max_digits=4, decimal_places=3, null=True, blank=True
    )
    warned = models.BooleanField(_("warning given"), default=False)

    class Meta:
        ordering = ["dealer", "-as_of"]
        indexes = [models.Index(fields=["dealer", "month", "as_of"])]
        constraints = [
            models.CheckConstraint(condition=Q(month__day=1), name="pace_month_is_first_day")
        ]
        verbose_name = _("pace check")
        verbose_name_plural = _("pace checks")

    def __str__(self) -> str:
        return f"{self.dealer} {self.month:%Y-%m} @ {self.as_of:%Y-%m-%d}: {self.expected}"


class PaceWarning(models.Model):
    """The warning that reaching the month's target became unlikely, to one person."""

    pace_check = models.ForeignKey(PaceCheck, models.CASCADE, related_name="warnings")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("created at"))
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["pace_check", "user"], name="one_pace_warning_per_person"
            )
        ]
        indexes = [models.Index(fields=["user", "read_at", "created_at"])]
        verbose_name = _("pace warning")
        verbose_name_plural = _("pace warnings")

    def __str__(self) -> str:
        return f"{self.user}: {self.text[:60]}"
