"""A manager answers override requests and marks overrides reviewed, from the board or the
lead's page; each button calls one action of followup/overrides.py and goes back."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from scoreline.dealers.models import User
from scoreline.followup import overrides
from scoreline.followup.errors import FollowUpError
from scoreline.followup.models import OverrideRequest
from scoreline.leads.models import EventKind, LeadEvent
from scoreline.web.access import access_lead, current_user
from scoreline.web.forms import OverrideAnswerForm
from scoreline.web.worklists import forget_worklists


@require_POST
@login_required
def approve(request: HttpRequest, request_id: int) -> HttpResponseBase:
    return _answered(
        request,
        request_id,
        lambda asked, by, text: overrides.approve_override(asked, by=by, note=text),
        _("Override approved: the lead is closed as lost."),
    )


@require_POST
@login_required
def refuse(request: HttpRequest, request_id: int) -> HttpResponseBase:
    return _answered(
        request,
        request_id,
        lambda asked, by, text: overrides.refuse_override(asked, by=by, answer=text),
        _("Override refused: the salesperson is told why."),
    )


def _answered(
    request: HttpRequest,
    request_id: int,
    answer: Callable[[OverrideRequest, User, str], object],
    done: str,
) -> HttpResponseBase:
    """A manager's answer to a request, with the manager's words; the board shows the result."""
    asked = _request(request, request_id)
    form = OverrideAnswerForm(request.POST)
    try:
        answer(asked, current_user(request), form.cleaned_data["answer"] if form.is_valid() else "")
    except FollowUpError as problem:
        messages.error(request, str(problem))
    else:
        forget_worklists(asked.lead.dealer_id)
        messages.success(request, done)
    return _back(request, asked.lead.dealer.slug)


@require_POST
@login_required
def reviewed(request: HttpRequest, event_id: int) -> HttpResponseBase:
    event = LeadEvent.objects.filter(pk=event_id, kind=EventKind.OVERRIDE).first()
    if event is None:
        raise Http404(_("No override %(id)s.") % {"id": event_id})
    lead = access_lead(request.user, event.lead_id, manage=True)  # type: ignore[arg-type]
    try:
        overrides.mark_override_reviewed(event, by=current_user(request))
    except FollowUpError as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, _("Override marked reviewed."))
    return _back(request, lead.dealer.slug)


def _request(request: HttpRequest, request_id: int) -> OverrideRequest:
    """The request, if its lead is one the user manages (else not found / refused)."""
    asked = OverrideRequest.objects.filter(pk=request_id).first()
    if asked is None:
        raise Http404(_("No override request %(id)s.") % {"id": request_id})
    asked.lead = access_lead(request.user, asked.lead_id, manage=True)  # type: ignore[arg-type]
    return asked


def _back(request: HttpRequest, slug: str) -> HttpResponseBase:
    """Back where the button was (the board or the lead), else the dealer's board."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect("board", slug)
