"""The forms behind the pages' buttons; each validates what one action needs, nothing more."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from scoreline.dealers.models import Dealer, Role, User
from scoreline.followup.models import CallOutcome, CallScript
from scoreline.leads.models import LostReason

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


class PlanForm(forms.Form):
    at = forms.DateTimeField(
        label=_("Next follow-up"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


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
