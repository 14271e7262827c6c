"""The user's notifications (reminders, breaches, the month's pace), shown on their first page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from scoreline.followup.models import Notification
from scoreline.followup.notifications import mark_read
from scoreline.web.access import current_user
from scoreline.web.inbox import Notice, inbox


def unread_for(request: HttpRequest) -> list[Notice]:
    """The notifications shown on the user's landing page (see inbox.py)."""
    return inbox(current_user(request))


@require_POST
@login_required
def read(request: HttpRequest, notification_id: int) -> HttpResponseBase:
    """Mark one of the user's own notifications read, then back to the page it was on."""
    try:
        notification = Notification.objects.get(pk=notification_id, user=current_user(request))
    except Notification.DoesNotExist:
        raise Http404(f"No notification {notification_id} of yours.") from None
    mark_read(notification, at=timezone.now())
    back = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()})
    return redirect(back if safe and back else "home")
