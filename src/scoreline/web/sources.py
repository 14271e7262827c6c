"""Which sources a dealer's settings show, and who may change what a source costs.

A source (website, a portal) is one row shared by every dealer that receives leads from it,
so its cost model and cost per lead are the same for all of them. A dealer's settings list
the sources the dealer uses; a manager may change a source's costs only when every dealer
using it is one whose settings they manage. What a source cost one dealer in a month is that
dealer's own row (MonthlyCost), which its managers always edit.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from scoreline.dealers.models import Dealer, User
from scoreline.intake.models import IntakeEndpoint
from scoreline.leads.models import Campaign, Lead, MonthlyCost, Source
from scoreline.web.access import dealers_for_page

# Every row that ties a source to a dealer. A cost or campaign without a dealer is shared by
# all dealers, so it ties the source to dealers beyond anyone's settings but a superuser's.
USES: tuple[type[Lead] | type[IntakeEndpoint] | type[MonthlyCost] | type[Campaign], ...] = (
    Lead,
    IntakeEndpoint,
    MonthlyCost,
    Campaign,
)


def dealer_sources(dealer: Dealer) -> QuerySet[Source]:
    """The sources the dealer uses: its leads', intake endpoints', costs' and campaigns'."""
    used = Q(pk__in=[])
    for model in USES:
        used |= Q(pk__in=model.objects.filter(dealer=dealer).values("source_id"))
    return Source.objects.filter(used)


def shared_beyond(user: User, sources: list[Source]) -> set[int]:
    """Ids of those sources that a dealer outside the user's settings also uses.

    One small query per source for the leads (it stops at the first lead elsewhere) and one
    per kind of setting row for all the sources together.
    """
    if user.is_superuser:
        return set()
    scope = dealers_for_page(user, "settings").values("pk")
    ids = [source.pk for source in sources]
    shared = {
        pk for pk in ids if Lead.objects.filter(source_id=pk).exclude(dealer__in=scope).exists()
    }
    for model in USES[1:]:
        elsewhere = model.objects.filter(source_id__in=ids).exclude(dealer__in=scope)
        shared |= set(elsewhere.values_list("source_id", flat=True))
    return shared


def access_source(user: User, dealer: Dealer, source_id: int) -> Source:
    """A source of the dealer whose costs the user may change.

    Raises Http404 for a source the dealer does not use and PermissionDenied for one that
    dealers outside the user's settings use too.
    """
    try:
        source = dealer_sources(dealer).get(pk=source_id)
    except Source.DoesNotExist:
        raise Http404(
            _("No source %(id)s among %(dealer)s's sources.") % {"id": source_id, "dealer": dealer}
        ) from None
    if shared_beyond(user, [source]):
        raise PermissionDenied(
            _("%(source)s is shared with dealers whose settings you do not manage.")
            % {"source": source}
        )
    return source
