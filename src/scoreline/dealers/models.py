"""Dealers (sites of a group), their hours, and the people who work there with their roles."""

from decimal import Decimal

from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

DEFAULT_OPENING_HOURS = "Mo-Fr 09:00-18:00; Sa 09:00-17:00"


class Role(models.TextChoices):
    SALESPERSON = "salesperson", _("Salesperson")
    SALES_MANAGER = "sales_manager", _("Sales manager")
    MARKETING = "marketing", _("Marketing manager")
    DIRECTOR = "director", _("Director")
    ADMIN = "admin", _("Administrator")


LANGUAGES = [("nl", "Nederlands"), ("fr", "Français"), ("en", "English")]
COUNTRY_LANGUAGES = {"NL": "nl", "BE": "nl", "FR": "fr", "LU": "fr"}


class DealerGroup(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)

    class Meta:
        verbose_name = _("dealer group")
        verbose_name_plural = _("dealer groups")

    def __str__(self) -> str:
        return self.name


class Dealer(models.Model):
    """One site (vestiging) of a dealer group; every lead belongs to exactly one."""

    group = models.ForeignKey(
        DealerGroup, models.PROTECT, related_name="dealers", null=True, blank=True
    )
    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Amsterdam")
    country = models.CharField(
        _("country"), max_length=2, default="NL", help_text=_("ISO code, for public holidays")
    )
    opening_hours = models.CharField(
        _("opening hours"),
        max_length=400,
        default=DEFAULT_OPENING_HOURS,
        help_text=_("OpenStreetMap notation, e.g. Mo-Fr 09:00-18:00; Sa 09:00-17:00"),
    )
    target_conversion = models.DecimalField(
        _("target conversion"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.130"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
    )
    attribution_days = models.PositiveSmallIntegerField(_("attribution window (days)"), default=90)
    margin_per_sale = models.DecimalField(
        _("margin per sale (EUR)"), max_digits=10, decimal_places=2, default=Decimal("1500.00")
    )
    language = models.CharField(
        _("language of e-mails to customers"),
        max_length=5,
        blank=True,
        choices=[("", _("The country's language")), *LANGUAGES],
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("dealer")
        verbose_name_plural = _("dealers")

    def __str__(self) -> str:
        return self.name

    @property
    def customer_language(self) -> str:
        """The language a customer is written to in: the dealer's choice, else its
        country's (Dutch in Belgium, where a Walloon site sets French), else English."""
        return self.language or COUNTRY_LANGUAGES.get(self.country.upper(), "en")


class OpeningException(models.Model):
    """A dated change to the week schedule: closed, or other hours (e.g. 24 Dec 09:00-14:00)."""

    dealer = models.ForeignKey(Dealer, models.CASCADE, related_name="opening_exceptions")
    date = models.DateField(_("date"))
    hours = models.CharField(
        _("hours"), max_length=100, default="off", help_text=_("'off' or e.g. 10:00-16:00")
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["dealer", "date"]
        constraints = [
            models.UniqueConstraint(fields=["dealer", "date"], name="one_exception_per_dealer_day")
        ]
        verbose_name = _("opening exception")
        verbose_name_plural = _("opening exceptions")

    def __str__(self) -> str:
        return f"{self.dealer} {self.date}: {self.hours}"


class User(AbstractUser):
    """A person who logs in; what they may see follows from their memberships."""

    language = models.CharField(
        _("language"),
        max_length=5,
        blank=True,
        choices=LANGUAGES,
    )
    phone = models.CharField(_("phone"), max_length=32, blank=True)

    def __str__(self) -> str:
        """How a person is named on every screen, in every message and in the report: first
        and last name, else the username (reports/extract.py names salespeople the same way)."""
        return self.get_full_name() or self.username

    def roles_at(self, dealer: Dealer) -> set[str]:
        return {m.role for m in self.memberships.all() if m.dealer_id == dealer.pk}


class Membership(models.Model):
    """A person's role at one dealer; a person may hold roles at several dealers."""

    user = models.ForeignKey(User, models.CASCADE, related_name="memberships")
    dealer = models.ForeignKey(Dealer, models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    on_duty = models.BooleanField(
        _("on duty"), default=True, help_text=_("Off duty (absent) people get no new leads")
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "dealer", "role"], name="one_role_once_per_dealer"
            )
        ]
        indexes = [models.Index(fields=["dealer", "role"])]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} @ {self.dealer}"


class MailSecurity(models.TextChoices):
    STARTTLS = "starttls", _("STARTTLS (usually port 587)")
    SSL = "ssl", _("TLS from the start (usually port 465)")
    NONE = "none", _("None (only on a trusted network)")


class MailSettings(models.Model):
    """The SMTP server a dealer's own messages go out through, and the address they come from.

    A dealer without one sends through the site's EMAIL_* settings (`followup.messages`).
    The password is kept as entered: the SMTP server asks for it in clear.
    """

    dealer = models.OneToOneField(Dealer, models.CASCADE, related_name="mail_settings")
    host = models.CharField(_("SMTP server"), max_length=200)
    port = models.PositiveIntegerField(
        _("port"), default=587, validators=[MinValueValidator(1), MaxValueValidator(65535)]
    )
    username = models.CharField(_("user name"), max_length=200, blank=True)
    password = models.CharField(_("password"), max_length=200, blank=True)
    security = models.CharField(
        _("TLS"), max_length=10, choices=MailSecurity.choices, default=MailSecurity.STARTTLS
    )
    from_address = models.EmailField(
        _("from address"), help_text=_("Replies come back to this address")
    )

    class Meta:
        verbose_name = _("mail settings")
        verbose_name_plural = _("mail settings")

    def __str__(self) -> str:
        return f"{self.dealer}: {self.host}:{self.port}"
