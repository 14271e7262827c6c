"""Tokens are shown once, stored hashed, scoped to dealers, and stop working when revoked."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from security.seeded import SeededCast as Cast

from scoreline.api.models import ApiToken, hash_token


def test_the_command_prints_a_token_that_works_for_its_dealer_only(cast: Cast) -> None:
    out = StringIO()
    call_command("token", "create", "DMS", "--dealer", "zuid", stdout=out)
    raw = out.getvalue().strip()

    token = ApiToken.objects.get(name="DMS")
    assert token.key_hash == hash_token(raw) and raw not in token.key_hash
    body = Client().get("/api/v1/leads", HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    assert {item["dealer"] for item in body["items"]} == {"zuid"}
    assert token.can_write is False


def test_an_unknown_dealer_is_named(cast: Cast) -> None:
    with pytest.raises(CommandError, match="no dealer with slug nowhere"):
        call_command("token", "create", "X", "--dealer", "nowhere")


def test_a_revoked_token_is_listed_as_such_and_refused(cast: Cast) -> None:
    row = cast.token_rows["noord_read"]
    call_command("token", "revoke", str(row.pk), stdout=StringIO())
    out = StringIO()
    call_command("token", "list", stdout=out)

    assert f"{row.pk}\t{row.hint}…\tnoord_read\trevoked" in out.getvalue()
    assert Client().get("/api/v1/leads", **cast.bearer("noord_read")).status_code == 401
