"""Why a follow-up action was refused; each message names the lead and what to do."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from scoreline.followup.standard import StandardStatus
    from scoreline.leads.models import Lead


class FollowUpError(Exception):
    """A follow-up action that cannot be done as asked."""


class InvalidChange(FollowUpError, ValueError):
    """The change does not fit the lead's state or the input is wrong (e.g. closing a won lead)."""


class OverrideNotAllowed(FollowUpError, PermissionError):
    """Only a sales manager, director or administrator of the lead's dealer may override."""


class FollowUpStandardNotMet(FollowUpError):
    """The guard: closing as lost before the person was contacted or the effort was made."""

    def __init__(self, lead: Lead, status: StandardStatus) -> None:
        self.lead = lead
        self.status = status
        self.missing = status.missing
        # What is missing, without who may override: the page offers the override itself.
        self.needs = _(
            "Lead #%(lead)s cannot be closed as lost yet: the follow-up standard still "
            "needs %(missing)s."
        ) % {"lead": lead.pk, "missing": "; ".join(_effort_words(status))}
        super().__init__(
            " ".join((self.needs, _("A sales manager may override this with a reason.")))
        )


def _effort_words(status: StandardStatus) -> tuple[str, ...]:
    """The missing effort; the first-response clock is not part of the guard."""
    if status.clock == "running":
        return status.missing[1:]
    return status.missing


class MailNotSent(FollowUpError):
    """The mail server refused or could not be reached: nothing was sent, nothing recorded."""
