"""Reading command-line values into domain objects, with errors that name the option."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from scoreline.dealers.models import Dealer, User
from scoreline.leads.models import Lead


def moment(text: str | None, option: str, zone: str | None = None) -> datetime:
    """An ISO 8601 moment; without an offset it is read in `zone` (else the site's zone)."""
    if not text:
        return timezone.now()
    parsed = parse_datetime(text)
    if parsed is None:
        raise CommandError(f"{option} {text!r} is not an ISO 8601 date and time")
    if timezone.is_aware(parsed):
        return parsed
    return timezone.make_aware(parsed, ZoneInfo(zone) if zone else None)


def user_named(username: str, option: str) -> User:
    try:
        return User.objects.get(username=username)
    except User.DoesNotExist:
        raise CommandError(f"{option}: no user {username!r}") from None


def lead_numbered(pk: int) -> Lead:
    try:
        return Lead.objects.select_related("dealer").get(pk=pk)
    except Lead.DoesNotExist:
        raise CommandError(f"no lead #{pk}") from None


def dealers_with_slugs(slugs: list[str], option: str) -> list[Dealer]:
    dealers = list(Dealer.objects.filter(slug__in=slugs))
    unknown = set(slugs) - {dealer.slug for dealer in dealers}
    if unknown:
        raise CommandError(f"{option}: no dealer with slug {', '.join(sorted(unknown))}")
    return dealers
