"""Intake endpoints: `POST /intake/<token>/`, one per source and dealer (IntakeEndpoint)."""

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from scoreline.intake import receiving
from scoreline.intake.formats import doorlinken
from scoreline.intake.formats.xmldoc import MAX_XML_BYTES
from scoreline.intake.models import Format, IntakeEndpoint, token_digest
from scoreline.ops.limits import guard_intake

# A portal pushing a backlog may burst; beyond this a sender gets 429 with Retry-After.
PER_MINUTE = 600


def _source_key(request: HttpRequest, token: str) -> str:
    return token_digest(token)[:32]  # the token itself never goes into cache keys


@csrf_exempt
@require_POST
@guard_intake(max_bytes=MAX_XML_BYTES, per_minute=PER_MINUTE, key=_source_key)
def receive(request: HttpRequest, token: str) -> HttpResponse:
    """Authenticate the source by its token, store the body, answer at once."""
    endpoint = (
        IntakeEndpoint.objects.select_related("dealer", "source")
        .filter(token_hash=token_digest(token), is_active=True)
        .first()
    )
    if endpoint is None:
        return JsonResponse(receiving.unknown_endpoint().as_dict(), status=404)
    declared = _declared_length(request)
    if declared > receiving.size_limit(endpoint):
        return _answer(endpoint, receiving.too_large(endpoint, declared))
    try:
        body = request.body
    except RequestDataTooBig:
        return _answer(endpoint, receiving.too_large(endpoint, declared))
    signature = request.headers.get(receiving.signature_header(endpoint), "")
    url = request.build_absolute_uri()
    return _answer(endpoint, receiving.accept(endpoint, body, signature=signature, url=url))


def _answer(endpoint: IntakeEndpoint, reply: receiving.Reply) -> HttpResponse:
    """JSON for most senders; doorlinkenvoorraad expects its own XML success document."""
    if endpoint.format == Format.DOORLINKEN:
        ok = reply.status < 300
        message = "; ".join(str(e) for e in reply.errors)
        return HttpResponse(
            doorlinken.response(ok, message),
            status=reply.status,
            content_type=doorlinken.CONTENT_TYPE,
        )
    return JsonResponse(reply.as_dict(), status=reply.status)


def _declared_length(request: HttpRequest) -> int:
    length = request.headers.get("Content-Length") or "0"
    return int(length) if length.isdigit() else 0
