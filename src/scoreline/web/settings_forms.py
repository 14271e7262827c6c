"""The forms of the settings page: each checks one kind of setting of one dealer.

Settings rows are plain create/update, so model forms save them; what a form may choose from
(salespeople, sources) is narrowed to what the dealer may use.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from scoreline.dealers.models import Dealer, MailSettings, User
from scoreline.followup.models import FollowUpStandard
from scoreline.hours.opening import OpeningHoursError, parse_opening_hours
from scoreline.intake.models import AssignmentRule, Extension, Format, IntakeEndpoint
from scoreline.leads.models import MonthlyCost, Source
from scoreline.web.forms import salespeople

MONTH = re.compile(r"^(\d{4})-(\d{2})$")

# The formats a sender can deliver over HTTP, as `scoreline intake endpoint --type` offers them.
ENDPOINT_FORMATS = (
    Format.ADF,
    Format.DOORLINKEN,
    Format.MARKTPLAATS,
    Format.JSON,
    Format.CALLS,
    Format.SALES,
    Format.ASTERISK,
    Format.TWILIO,
    Format.CALL_EVENT,
)
# Endpoints whose sender signs every request with the endpoint's secret.
SIGNED = {
    Format.MARKTPLAATS: _("A Marktplaats webhook needs the signing secret it signs with."),
    Format.TWILIO: _("A Twilio-style callback needs the account's auth token to check it."),
    Format.CALL_EVENT: _("A JSON call event needs the secret its sender signs with."),
}


class IdsOfItsOwn:
    """Several forms share one page: each form's field ids start with its own name."""

    auto_id_prefix = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.auto_id_prefix}_%s")
        super().__init__(*args, **kwargs)


class DealerForm(IdsOfItsOwn, forms.ModelForm):
    auto_id_prefix = "dealer"

    class Meta:
        model = Dealer
        fields = [
            "opening_hours",
            "time_zone",
            "country",
            "language",
            "target_conversion",
            "margin_per_sale",
        ]
        localized_fields = ["target_conversion", "margin_per_sale"]

    def clean_opening_hours(self) -> str:
        text = self.cleaned_data["opening_hours"]
        try:
            parse_opening_hours(text)
        except OpeningHoursError as error:
            raise forms.ValidationError(str(error)) from None
        return text


class StandardForm(IdsOfItsOwn, forms.ModelForm):
    auto_id_prefix = "standard"

    class Meta:
        model = FollowUpStandard
        fields = [
            "first_response_minutes",
            "call_attempts",
            "distinct_days",
            "written_message_required",
            "stale_business_days",
            "reminder_minutes_before",
            "reached_seconds",
            "confirmed_calls_only",
        ]


class MailSettingsForm(IdsOfItsOwn, forms.ModelForm):
    """The dealer's SMTP server for the e-mails salespeople send from Scoreline.

    The password is never shown again; left empty, the one saved stays.
    """

    auto_id_prefix = "mail"

    class Meta:
        model = MailSettings
        fields = ["host", "port", "security", "username", "password", "from_address"]
        widgets = {"password": forms.PasswordInput(render_value=False)}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._saved_password = self.instance.password
        if self._saved_password:
            self.fields["password"].help_text = _("Saved; leave empty to keep it.")

    def clean_password(self) -> str:
        return self.cleaned_data["password"] or self._saved_password


class RuleForm(IdsOfItsOwn, forms.ModelForm):
    """A new assignment rule: round robin among these salespeople for this make or condition."""

    auto_id_prefix = "rule"

    class Meta:
        model = AssignmentRule
        fields = ["name", "make", "condition", "salespeople", "priority"]
        widgets = {"salespeople": forms.CheckboxSelectMultiple}
        labels = {"salespeople": _("Salespeople")}

    def __init__(self, *args: Any, dealer: Dealer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.dealer = dealer
        self.fields["salespeople"].queryset = salespeople(dealer)  # type: ignore[attr-defined]


class ScriptForm(IdsOfItsOwn, forms.Form):
    auto_id_prefix = "script"
    name = forms.CharField(label=_("Name"), max_length=120)
    body = forms.CharField(label=_("Script"), widget=forms.Textarea(attrs={"rows": 5}))


def _money(label: Any) -> forms.DecimalField:
    """An amount in euros, typed the reader's way (12,50 in Dutch and French), never negative."""
    return forms.DecimalField(
        label=label,
        max_digits=12,
        decimal_places=2,
        localize=True,
        validators=[MinValueValidator(Decimal("0"))],
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 9}),
    )


class SourceCostForm(forms.ModelForm):
    """How a source charges: its cost model and, for the plan, its cost per lead."""

    cost_per_lead = _money(_("Cost per lead (EUR)"))

    class Meta:
        model = Source
        fields = ["cost_model", "cost_per_lead"]


class MonthlyCostForm(IdsOfItsOwn, forms.Form):
    """What a source cost the dealer in a month; a second entry for the month replaces it."""

    auto_id_prefix = "cost"

    month = forms.CharField(
        label=_("Month"), widget=forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"})
    )
    source = forms.ModelChoiceField(label=_("Source"), queryset=Source.objects.all())
    amount = _money(_("Amount (EUR)"))

    def clean_month(self) -> date:
        found = MONTH.match(self.cleaned_data["month"].strip())
        if found is None or not 1 <= int(found[2]) <= 12:
            raise forms.ValidationError(_("Give the month as YYYY-MM, e.g. 2025-03."))
        return date(int(found[1]), int(found[2]), 1)

    def save(self, dealer: Dealer) -> MonthlyCost:
        data = self.cleaned_data
        cost, _created = MonthlyCost.objects.update_or_create(
            dealer=dealer,
            source=data["source"],
            month=data["month"],
            defaults={"amount": data["amount"]},
        )
        return cost


class CostAmountForm(forms.ModelForm):
    """A correction of one month's cost."""

    amount = _money(_("Amount (EUR)"))

    class Meta:
        model = MonthlyCost
        fields = ["amount"]


class EndpointForm(IdsOfItsOwn, forms.ModelForm):
    """A new HTTP intake endpoint of the dealer; its token is made when it is saved."""

    auto_id_prefix = "endpoint"

    class Meta:
        model = IntakeEndpoint
        fields = ["name", "source", "format", "signing_secret"]
        widgets = {"signing_secret": forms.PasswordInput(render_value=False)}
        labels = {"source": _("Source")}

    def __init__(self, *args: Any, dealer: Dealer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.dealer = dealer
        self.fields["format"].choices = [  # type: ignore[attr-defined]
            (kind.value, kind.label) for kind in ENDPOINT_FORMATS
        ]

    def create(self) -> tuple[IntakeEndpoint, str]:
        """Save with a new token, of which set_token keeps only the hash; the token to show once."""
        endpoint = self.save(commit=False)
        token = endpoint.set_token()
        endpoint.save()
        return endpoint, token

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        needs = SIGNED.get(data.get("format", ""))
        if needs and not data.get("signing_secret"):
            self.add_error("signing_secret", needs)
        return data


class ExtensionForm(IdsOfItsOwn, forms.Form):
    """An extension (or an agent's number) of the phone system and who answers it; saving an
    extension already listed gives it to the person chosen (nobody: the call keeps no one)."""

    auto_id_prefix = "extension"
    number = forms.CharField(label=_("Extension or number"), max_length=40)
    person = forms.ModelChoiceField(
        label=_("Salesperson"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args: Any, dealer: Dealer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.dealer = dealer
        self.fields["person"].queryset = salespeople(dealer)  # type: ignore[attr-defined]

    def save(self) -> Extension:
        extension, _created = Extension.objects.update_or_create(
            dealer=self.dealer,
            number=self.cleaned_data["number"].strip(),
            defaults={"person": self.cleaned_data["person"]},
        )
        return extension
