"""The salesperson's pages: My leads and the lead page, and the buttons that work a lead.

Each POST fetches the lead through access_lead, calls one follow-up action and answers with
the part of the page that changed (htmx) or a redirect back (plain form post).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from scoreline.dealers.models import User
from scoreline.followup import actions
from scoreline.followup import messages as outgoing
from scoreline.followup.calendars import calendar_for
from scoreline.followup.errors import FollowUpError, FollowUpStandardNotMet
from scoreline.followup.next_step import quick_plans
from scoreline.followup.overrides import pending_for, request_override
from scoreline.followup.scripts import active_script, filled_script
from scoreline.intake.by_hand import add_by_hand, hand_source
from scoreline.leads.models import Lead
from scoreline.web.access import (
    access_dealer,
    access_lead,
    can_manage_lead,
    can_write_lead,
    current_user,
    dealers_for_page,
    leads_for,
)
from scoreline.web.clocks import lead_clock
from scoreline.web.forms import (
    CloseForm,
    EmailForm,
    LogCallForm,
    MessageForm,
    NewLeadForm,
    OverrideAnswerForm,
    OverrideRequestForm,
    PersonForm,
    PhoneForm,
    PlanForm,
    ReassignForm,
    SaleForm,
    StepForm,
)
from scoreline.web.queue import FILTERS, my_open_leads, search
from scoreline.web.standard_panel import standard_panel
from scoreline.web.timeline import lead_timeline
from scoreline.web.vehicle import vehicle_facts
from scoreline.web.views.notifications import unread_for

PLAN_LABELS = {
    "later": gettext_lazy("In 2 hours"),
    "next_day": gettext_lazy("Next opening day"),
    "two_days": gettext_lazy("In 2 days"),
}


def _plan_choices(lead: Lead, now: datetime) -> list[tuple[str, datetime]]:
    """One-tap follow-up times, each in the dealer's opening hours."""
    plans = quick_plans(calendar_for(lead.dealer), now)
    return [(str(PLAN_LABELS[key]), timezone.localtime(at)) for key, at in plans]


def _work_context(request: HttpRequest, lead: Lead, **extra: object) -> dict[str, object]:
    """What the lead's work panel needs: clock, standard status, forms, rights."""
    now = timezone.now()
    user = request.user
    script = active_script(lead)
    return {
        "lead": lead,
        "dealer": lead.dealer,
        "clock": lead_clock(lead, now),
        "status": standard_panel(lead, now),
        "script": script,
        "script_text": filled_script(script, lead) if script else "",
        "email_draft": outgoing.script_email(lead, script) if lead.person.email else None,
        "call_form": LogCallForm(dealer=lead.dealer),
        "message_form": MessageForm(),
        "plan_form": PlanForm(),
        "plan_choices": _plan_choices(lead, now),
        "close_form": CloseForm(),
        "step_form": StepForm(),
        "reassign_form": ReassignForm(dealer=lead.dealer),
        "can_write": can_write_lead(user, lead),  # type: ignore[arg-type]
        "can_manage": can_manage_lead(user, lead),  # type: ignore[arg-type]
        "pending_override": pending_for(lead) if lead.is_open else None,
        "answer_form": OverrideAnswerForm(),
        "target": "#lead-body",
        **extra,
    }


def _page_context(request: HttpRequest, lead: Lead, **extra: object) -> dict[str, object]:
    """The whole lead page: the work panel, the timeline, the audit trail, the vehicle."""
    timeline = lead_timeline(lead)
    return _work_context(
        request,
        lead,
        page="lead",
        timeline=timeline,
        audit=[entry for entry in reversed(timeline) if entry.kind == "event"],
        other_contacts=_other_contacts(lead),
        vehicle_facts=vehicle_facts(lead.vehicle),
        **extra,
    )


def _other_contacts(lead: Lead) -> list[str]:
    """The person's further numbers and addresses, kept when the ones on record change."""
    person = lead.person
    shown = {person.phone, person.email}
    return [
        value for value in person.contacts.values_list("value", flat=True) if value not in shown
    ]


PAGE_SIZE = 25
SHOW = {
    "open": gettext_lazy("All open"),
    "overdue": gettext_lazy("Overdue"),
    "today": gettext_lazy("Due today"),
    "untouched": gettext_lazy("Untouched"),
}


@login_required
def my_leads(request: HttpRequest) -> HttpResponse:
    """The salesperson's open leads, most urgent first, 25 a page; each card's work panel is
    fetched when opened, so the list carries no forms."""
    now = timezone.now()
    dealer = access_dealer(request.user, None, "my_leads")  # type: ignore[arg-type]
    seller = _seller(request)
    whose = seller or current_user(request)
    mine = my_open_leads(leads_for(request.user), whose, now)  # type: ignore[arg-type]
    show = request.GET.get("show", "open")
    show = show if show in SHOW else "open"
    text = request.GET.get("q", "").strip()[:100]
    chosen = search(mine.filter(FILTERS[show]), text) if text else mine.filter(FILTERS[show])
    page = Paginator(chosen, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "cards": [{"lead": lead, "clock": lead_clock(lead, now)} for lead in page],
        "page": page,
        "show": show,
        "filters": [(key, label, _count(mine, key)) for key, label in SHOW.items()],
        "q": text,
        "seller": seller,
        "dealer": dealer,
        "notifications": unread_for(request),
    }
    return render(request, "web/my_leads.html", context)


def _seller(request: HttpRequest) -> User | None:
    """`?who=`: the salesperson whose leads a manager looks at, as that salesperson sees them.

    Only someone working at a dealer whose board the user opens; anyone else is not found,
    and a user who opens no board is refused.
    """
    who = request.GET.get("who", "")
    if not who:
        return None
    boards = dealers_for_page(request.user, "board")  # type: ignore[arg-type]
    if not boards.exists():
        raise PermissionDenied(_("Only a sales manager sees another salesperson's leads."))
    found = (
        User.objects.filter(pk=who, memberships__dealer__in=boards).first()
        if who.isdigit()
        else None
    )
    if found is None:
        raise Http404(_("No salesperson %(id)s among your dealers.") % {"id": who})
    return found


def _count(mine: QuerySet[Lead], key: str) -> int:
    return mine.filter(FILTERS[key]).order_by().count()


@login_required
def lead_work(request: HttpRequest, lead_id: int) -> HttpResponse:
    """A card's work panel, fetched by htmx when the salesperson opens the card."""
    lead = access_lead(request.user, lead_id)  # type: ignore[arg-type]
    card = _card_context(request, lead)
    return render(request, "web/my_leads.html#card", {"card": card})


@login_required
def lead_page(request: HttpRequest, lead_id: int) -> HttpResponse:
    lead = access_lead(request.user, lead_id)  # type: ignore[arg-type]
    return render(request, "web/lead.html", _page_context(request, lead))


def _card_context(request: HttpRequest, lead: Lead, **extra: object) -> dict[str, object]:
    return _work_context(request, lead, target=f"#lead-{lead.pk}", opened=True, **extra)


def _answer(
    request: HttpRequest, lead: Lead, notice: str = "", status: int = 200, **extra: object
) -> HttpResponseBase:
    """The changed part of the page for htmx; otherwise back to the lead page.

    A refusal or a form error on a plain post renders the lead page with it, so the reason
    is on screen whichever way the form was sent.
    """
    lead.refresh_from_db()
    if request.htmx:  # type: ignore[attr-defined]
        if request.POST.get("part") == "card":
            card = _card_context(request, lead, notice=notice, **extra)
            return render(request, "web/my_leads.html#card", {"card": card}, status=status)
        # The header's clock sits outside the body: it comes along out of band.
        context = _page_context(request, lead, notice=notice, clock_oob=True, **extra)
        return render(request, "web/lead.html#body", context, status=status)
    if extra:
        return render(
            request, "web/lead.html", _page_context(request, lead, **extra), status=status
        )
    messages.success(request, notice)
    return redirect("lead", lead.pk)


def _act(
    request: HttpRequest,
    lead: Lead,
    form: forms.Form,
    act: Callable[[dict[str, Any]], object],
    done: str,
    refused: str = "",
) -> HttpResponseBase:
    """The shape of every write on the lead page: check the form, call the one action,
    answer with what was done or why it was refused (422), under the heading `refused`."""
    if not form.is_valid():
        return _answer(request, lead, status=422, errors=form.errors)
    try:
        act(form.cleaned_data)
    except FollowUpError as problem:
        heading = {"refusal_title": refused} if refused else {}
        return _answer(request, lead, status=422, refusal=str(problem), **heading)
    return _answer(request, lead, done)


@require_POST
@login_required
def log_call(request: HttpRequest, lead_id: int) -> HttpResponseBase:
    lead = access_lead(request.user, lead_id, write=True)  # type: ignore[arg-type]
    form = LogCallForm(request.POST, dealer=lead.dealer)
    if not form.is_valid():
        return _answer(request, lead, status=422, errors=form.errors)
    data = form.cleaned_data
    try:
        actions.log_activity(
            lead,
            "call",
            by=current_user(request),
            outcome=data["outcome"],
            duration_s=data["duration_s"],
            script=data["script"],
            note=data["note"],
        )
    except FollowUpError as problem:
        return _answer(request, lead, status=422, refusal=str(problem))
    lead.refresh_from_db()
    notice = _("Call logged.")
    if lead.next_follow_up_at is not None and lead.next_follow_up_at > timezone.now():
        when = date_format(timezone.localtime(lead.next_follow_up_at), "DATETIME_FORMAT")
        notice = _("Call logged. Next attempt: %(when)s.") % {"when": when}
    return _answer(request, lead, notice)


@require_POST
@login_required
def record_message(request: HttpRequest, lead_id: int) -> HttpResponseBase:
    lead = access_lead(request.user, lead_id, write=True)  # type: ignore[arg-type]
    by = current_user(request)
    return _act(
        request,
        lead,
        MessageForm(request.POST),
        lambda data: actions.log_activity(lead, data["kind"], by=by, note=data["note"]),
        _("Message recorded."),
    )


@require_POST
@login_required
def send_email(request: HttpRequest, lead_id: int) -> HttpResponseBase:
    """Send the person an e-mail (the script's, as edited) through the dealer's mail server;
    a server that fails is said on the page and nothing is logged."""
    lead = access_lead(request.user, lead_id, write=True)  # type: ignore[arg-type]
    by = current_user(request)
    return _act(
        request,
        lead,
        EmailForm(request.POST),
        lambda data: outgoing.send_email(lead, by=by, subject=data["subject"], body=data["body"]),
        _("E-mail sent to %(address)s.") % {"address": lead.person.email},
        refused=_("Not sent."),
    )


@require_POST
@login_required
def plan_follow_up(request: HttpRequest, lead_id: int) -> HttpResponseBase:
    lead = access_lead(request.user, lead_id, write=True)  # type: ignore[arg-type]
    by = current_user(request)
    return _act(
        request,
        lead,
        PlanForm(request.POST),
        lambda data: actions.plan_follow_up(lead, data["at"], by=by),
        _("Follow-up planned."),
    )


@require_POST
@login_required
def close_lost(request: HttpRequest, lead_id: int) -> HttpResponseBase:
    """Close as lost; the follow-up standard's guard may refuse, and the page says why."""
    lead = access_lead(request.user, lead_id, write=True)  # type: ignore[arg-type]
    form = CloseForm(request.POST)
    if not form.is_valid():
        return _answer(request, lead, status=422, errors=form.errors)
    override = form.cleaned_data["override_reason"].strip() or None
    if override and not can_manage_lead(request.user, lead):  # type: ignore[arg-type]
        refusal = _("Only a sales manager may override the standard.")
        return _answer(request, lead, status=403, refusal=refusal)
    number = form.cleaned_data["duplicate_of"]
    original = access_lead(request.user, number) if number else None  # type: ignore[arg-type]
    try:
        actions.close_lead_lost(
            lead,
            form.cleaned_data["reason"],
            by=current_user(request),
            override_reason=override,
            duplicate_of=original,
        )
    except FollowUpStandardNotMet as refusal:
        return _guard_refusal(request, lead, refusal, form.cleaned_data["reason"].pk)
    except FollowUpError as problem:
        return _answer(request, lead, status=422, refusal=str(problem))
    return _answer(request, lead, _("Lead closed as lost."))


def _guard_refusal(
    request: HttpRequest, lead: Lead, refusal: FollowUpStandardNotMet, reason_id: int
) -> HttpResponseBase:
    """The guard's refusal, with the way on right there: a manager may close anyway with a
    reason; a salesperson may ask a manager for that override."""
    manager = can_manage_lead(request.user, lead)  # type: ignore[arg-type]
    if manager:
        offer = _(
            "You may close it anyway: say why below; the override is kept in the audit trail."
        )
    else:
        offer = _("You may ask a sales manager for an override: say why below.")
    guard = {"reason": reason_id, "manager": manager}
    return _answer(request, lead, status=409, refusal=f"{refusal.needs} {offer}", guard=guard)


@require_POST
@login_required
def ask_override(request: HttpRequest, lead_id: int) -> HttpResponseBase:
    """A salesperson refused by the guard asks the managers to close the lead anyway."""
    lead = access_lead(request.user, lead_id, write=True)  # type: ignore[arg-type]
    by = current_user(request)
    return _act(
        request,
        lead,
        OverrideRequestForm(request.POST),
        lambda data: request_override(lead, data["reason"], data["why"], by=by),
        _("Override asked: a sales manager will decide."),
    )


@require_POST
@login_required
def reassign(request: HttpRequest, lead_id: int) -> HttpResponseBase:
    lead = access_lead(request.user, lead_id, manage=True)  # type: ignore[arg-type]
    form = ReassignForm(request.POST, dealer=lead.dealer)
    if not form.is_valid():
        return _answer(request, lead, status=422, errors=form.errors)
    to = form.cleaned_data["to"]
    try:
        actions.reassign(lead, to, by=current_user(request), reason=form.cleaned_data["reason"])
    except FollowUpError as problem:
        return _answer(request, lead, status=422, refusal=str(problem))
    return _answer(request, lead, _("Lead reassigned to %(user)s.") % {"user": to})


@require_POST
@login_required
def record_step(request: HttpRequest, lead_id: int) -> HttpResponseBase:
    """An appointment, a showroom visit, a test drive or a quote, in one form."""
    lead = access_lead(request.user, lead_id, write=True)  # type: ignore[arg-type]
    by = current_user(request)

    def record(data: dict[str, Any]) -> object:
        if data["kind"] == "appointment":
            note = " · ".join(filter(None, [data["car"], data["note"]]))
            return actions.book_appointment(lead, data["when"], by=by, note=note)
        return actions.record_step(
            lead, data["kind"], by=by, car=data["car"], amount=data["amount"], note=data["note"]
        )

    return _act(request, lead, StepForm(request.POST), record, _("Recorded."))


@require_POST
@login_required
def record_sale(request: HttpRequest, lead_id: int) -> HttpResponseBase:
    lead = access_lead(request.user, lead_id, write=True)  # type: ignore[arg-type]
    by = current_user(request)
    return _act(
        request,
        lead,
        SaleForm(request.POST),
        lambda data: actions.record_sale(
            lead, by=by, order_id=data["order_id"], car=data["car"], amount=data["amount"]
        ),
        _("Sale recorded: the lead is won."),
    )


@require_POST
@login_required
def change_phone(request: HttpRequest, lead_id: int) -> HttpResponseBase:
    lead = access_lead(request.user, lead_id, write=True)  # type: ignore[arg-type]
    by = current_user(request)
    return _act(
        request,
        lead,
        PhoneForm(request.POST),
        lambda data: actions.change_phone(lead, data["phone"], by=by),
        _("Phone number changed."),
    )


@require_POST
@login_required
def change_person(request: HttpRequest, lead_id: int) -> HttpResponseBase:
    """The person's name, phone and e-mail put right, in one audited change."""
    lead = access_lead(request.user, lead_id, write=True)  # type: ignore[arg-type]
    by = current_user(request)
    return _act(
        request,
        lead,
        PersonForm(request.POST),
        lambda data: actions.change_person(lead, by=by, **data),
        _("Person's details saved."),
    )


@login_required
def add_lead(request: HttpRequest) -> HttpResponse:
    """A walk-in or a caller, entered in seconds; then straight to the lead's page."""
    dealer = access_dealer(request.user, request.GET.get("dealer"), "my_leads")  # type: ignore[arg-type]
    initial = {"how": "walk_in", "source": hand_source()}
    form = NewLeadForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            lead = add_by_hand(
                dealer, data, how=data["how"], source=data["source"], by=current_user(request)
            )
        except FollowUpError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, _("Lead added."))
            return redirect("lead", lead.pk)
    status = 422 if form.errors else 200
    return render(request, "web/add_lead.html", {"form": form, "dealer": dealer}, status=status)
