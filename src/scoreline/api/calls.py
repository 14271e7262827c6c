"""`POST /api/v1/calls/{token}`: Scoreline's own signed JSON call event, for any PBX or cloud
telephony that can call a webhook.

The same intake as `/intake/<token>/` (`intake.receiving.accept`): the body is stored before
it is read, the signature checked against the endpoint's secret, the call processed by the
worker once per call id. The route is here to document the event in the OpenAPI schema; the
endpoint (format "JSON call event") is made on the settings page or with
`scoreline intake endpoint`.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from ninja import Router

from scoreline.api.schemas import CallEvent, CallReceived
from scoreline.intake import receiving
from scoreline.intake.formats import callevent
from scoreline.intake.models import Format, IntakeEndpoint, token_digest

router = Router(tags=["calls"])


@router.post(
    "/calls/{token}",
    auth=None,
    response={202: CallReceived, 200: CallReceived},
    summary="Receive a signed call event",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": CallEvent.model_json_schema()}},
        },
        "parameters": [
            {
                "name": callevent.SIGNATURE_HEADER,
                "in": "header",
                "required": True,
                "schema": {"type": "string", "example": "t=1741939500,v1=5f2b…"},
                "description": "t=<unix seconds>,v1=<hex HMAC-SHA256 of '<t>.' + body>",
            }
        ],
    },
)
def receive_call(request: HttpRequest, token: str) -> JsonResponse:
    """A call from the phone system, matched to the open lead of its number by the worker;
    an unknown caller becomes a phone lead. 202 accepted, 200 a call id already received;
    refusals answer in the same shape, with `errors` naming the problem and its place:
    400 a bad event, 401 a signature that does not match or is more than five minutes old,
    404 a token of no active call-event endpoint."""
    endpoint = (
        IntakeEndpoint.objects.select_related("dealer", "source")
        .filter(token_hash=token_digest(token), is_active=True, format=Format.CALL_EVENT)
        .first()
    )
    if endpoint is None:
        reply = receiving.unknown_endpoint()
    else:
        signature = request.headers.get(callevent.SIGNATURE_HEADER, "")
        reply = receiving.accept(endpoint, request.body, signature=signature)
    return JsonResponse(reply.as_dict(), status=reply.status)
