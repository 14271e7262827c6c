"""`scoreline token create|list|revoke`: integration tokens for the API."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from scoreline.api.models import ApiToken
from scoreline.api.tokens import issue_token, revoke_token
from scoreline.dealers.models import Dealer


class Command(BaseCommand):
    help = "Create, list or revoke API tokens (scoped to dealers, read-only unless --write)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Print a new token once")
        create.add_argument("name")
        create.add_argument("--dealer", action="append", required=True, help="A dealer's slug")
        create.add_argument("--write", action="store_true", help="May create and change leads")
        sub.add_parser("list", help="Tokens and their dealers")
        revoke = sub.add_parser("revoke", help="Stop a token working")
        revoke.add_argument("id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            self._create(options["name"], options["dealer"], options["write"])
        elif action == "list":
            self._list()
        else:
            self._revoke(options["id"])

    def _create(self, name: str, slugs: list[str], write: bool) -> None:
        dealers = list(Dealer.objects.filter(slug__in=slugs))
        missing = sorted(set(slugs) - {d.slug for d in dealers})
        if missing:
            raise CommandError(f"--dealer: no dealer with slug {', '.join(missing)}")
        _, raw = issue_token(name, dealers, can_write=write)
        self.stdout.write(raw)

    def _list(self) -> None:
        for token in ApiToken.objects.prefetch_related("dealers"):
            slugs = ",".join(d.slug for d in token.dealers.all())
            state = "revoked" if token.revoked_at else ("write" if token.can_write else "read")
            self.stdout.write(f"{token.pk}\t{token.hint}…\t{token.name}\t{state}\t{slugs}")

    def _revoke(self, pk: int) -> None:
        token = ApiToken.objects.filter(pk=pk).first()
        if token is None:
            raise CommandError(f"id: no token {pk}")
        revoke_token(token)
        self.stdout.write(f"revoked {token}")
