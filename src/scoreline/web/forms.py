"""The forms behind the pages' buttons; each validates what one action needs, nothing more."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from scoreline.dealers.models import Dealer, Role, User
from scoreline.followup.models import CallOutcome, CallScript
from scoreline.leads.models import LostReason, Source

MESSAGE_KINDS = [("email", _("E-mail")), ("sms", _("SMS")), ("whatsapp", _("WhatsApp"))]


class LogCallForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=CallOutcome.choices, widget=forms.RadioSelect
    )
    duration_s = forms.IntegerField(label=_("Duration (seconds)"), min_value=0, required=False)
    script = forms.ModelChoiceField(
        label=_("Script"), queryset=CallScript.objects.none(), required=False
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: object, dealer: Dealer, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["script"].queryset = CallScript.objects.filter(  # type: ignore[attr-defined]
            dealer=dealer, is_active=True
        )


class MessageForm(forms.Form):
    kind = forms.ChoiceField(label=_("Message"), choices=MESSAGE_KINDS, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("What was sent"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class EmailForm(forms.Form):
    """The e-mail a salesperson sends from the lead page, started from the filled script."""

    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 6}))


class PlanForm(forms.Form):
    at = forms.DateTimeField(
        label=_("Next follow-up"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


STEP_KINDS = [
    ("appointment", _("Appointment")),
    ("visit", _("Showroom visit")),
    ("test_drive", _("Test drive")),
    ("quote", _("Quote")),
]
WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
WHEN_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class StepForm(forms.Form):
    """One step of the funnel: an appointment (with its time), a visit, a test drive, a quote."""

    kind = forms.ChoiceField(label=_("What happened"), choices=STEP_KINDS)
    when = forms.DateTimeField(
        label=_("Appointment at"), required=False, widget=WHEN, input_formats=WHEN_FORMATS
    )
    car = forms.CharField(label=_("Car"), required=False, max_length=140)
    amount = forms.DecimalField(
        label=_("Amount (EUR)"), required=False, min_value=0, max_digits=10, decimal_places=2
    )
    note = forms.CharField(label=_("Note"), required=False)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("kind") == "appointment" and not data.get("when"):
            self.add_error("when", _("An appointment needs its date and time."))
        if data.get("kind") == "quote" and data.get("amount") is None:
            self.add_error("amount", _("A quote needs its amount."))
        return data


class SaleForm(forms.Form):
    order_id = forms.CharField(label=_("Order number"), max_length=60)
    car = forms.CharField(label=_("Car"), required=False, max_length=140)
    amount = forms.DecimalField(
        label=_("Amount (EUR)"), required=False, min_value=0, max_digits=10, decimal_places=2
    )


class PhoneForm(forms.Form):
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)


class PersonForm(forms.Form):
    """The person's name, phone and e-mail as corrected on the lead page; the e-mail is
    checked by the action, so the page and the API refuse the same addresses."""

    first_name = forms.CharField(label=_("First name"), required=False, max_length=100)
    last_name = forms.CharField(label=_("Last name"), required=False, max_length=150)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    email = forms.CharField(label=_("E-mail"), required=False, max_length=254)


TEL = {"type": "tel", "inputmode": "tel", "autocomplete": "off"}
HOW = [("walk_in", _("Walk-in")), ("phone", _("Phone call"))]


class NewLeadForm(forms.Form):
    """A walk-in or a caller, entered on a phone in seconds: who, how to reach them, what car."""

    how = forms.ChoiceField(label=_("How"), choices=HOW, widget=forms.RadioSelect)
    first_name = forms.CharField(label=_("First name"), required=False, max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    phone = forms.CharField(
        label=_("Phone"), required=False, max_length=40, widget=forms.TextInput(TEL)
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    vehicle_make = forms.CharField(label=_("Make"), required=False, max_length=60)
    vehicle_model = forms.CharField(label=_("Model"), required=False, max_length=80)
    comments = forms.CharField(label=_("Note"), required=False, max_length=5000)
    source = forms.ModelChoiceField(label=_("Source"), queryset=Source.objects.all())

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("phone") and not data.get("email"):
            self.add_error("phone", _("A phone number or an e-mail address, to follow up."))
        return data


class CloseForm(forms.Form):
    reason = forms.ModelChoiceField(label=_("Reason"), queryset=LostReason.objects.all())
    override_reason = forms.CharField(
        label=_("Override: why close before the standard is met"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    duplicate_of = forms.IntegerField(
        label=_("Duplicate of lead number"), required=False, min_value=1
    )


class OverrideRequestForm(forms.Form):
    """A salesperson refused by the guard asks a manager to close the lead anyway."""

    reason = forms.ModelChoiceField(label=_("Reason"), queryset=LostReason.objects.all())
    why = forms.CharField(
        label=_("Why close before the standard is met"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class OverrideAnswerForm(forms.Form):
    """A manager's answer to a request: a note to an approval, the reason of a refusal."""

    answer = forms.CharField(label=_("Answer"), required=False, max_length=2000)


class ReassignForm(forms.Form):
    to = forms.ModelChoiceField(label=_("Salesperson"), queryset=User.objects.none())
    reason = forms.CharField(label=_("Reason"), required=False)

    def __init__(self, *args: object, dealer: Dealer, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["to"].queryset = salespeople(dealer)  # type: ignore[attr-defined]


def salespeople(dealer: Dealer):  # noqa: ANN201 - a queryset of users
    """The dealer's salespeople on duty: who can take a lead now."""
    return User.objects.filter(
        memberships__dealer=dealer, memberships__role=Role.SALESPERSON, memberships__on_duty=True
    ).order_by("first_name", "username")
