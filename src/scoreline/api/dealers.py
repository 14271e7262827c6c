"""/api/v1/dealers: the dealers this credential may see."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from scoreline.api.auth import caller_of
from scoreline.api.schemas import DealerOut, Problem
from scoreline.dealers.models import Dealer

router = Router(tags=["dealers"])


@router.get("/dealers", response={200: list[DealerOut], 401: Problem}, summary="Your dealers")
def list_dealers(request: HttpRequest) -> list[Dealer]:
    return list(Dealer.objects.filter(pk__in=caller_of(request).dealer_ids).order_by("name"))
