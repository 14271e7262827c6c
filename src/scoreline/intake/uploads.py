"""A leads file uploaded on the imports page: held until its columns are confirmed.

1. `hold` stores the file raw at once (nothing received is lost), held from the worker.
2. `preview` guesses its columns (`guessing.guess`), starting from the dealer's last confirmed
   mapping, and reads its first rows.
3. `confirm` takes the columns as the dealer set them, remembers them for the dealer's next
   upload and lets the worker import the file with them.
"""

from __future__ import annotations

from django.db import transaction

from scoreline.dealers.models import Dealer
from scoreline.intake import guessing, processing
from scoreline.intake.headers import RECEIVED_TIME
from scoreline.intake.models import ColumnMapping, Format, Payload, PayloadStatus
from scoreline.intake.rows import Options
from scoreline.leads.models import Channel

GUESSED_KINDS = ("leads",)


def hold(dealer: Dealer, kind: str, name: str, body: bytes) -> Payload:
    """Store an upload; a kind whose columns are guessed waits for `confirm`."""
    options = Options(dealer=dealer.name, create_sources=True)
    return processing.receive(
        body,
        channel=Channel.SPREADSHEET,
        format=Format.EXCHANGE,
        dealer=dealer,
        external_id=name,
        whole_duplicates=False,
        meta={"file": name, "kind": kind, "options": options.as_meta()},
        held=kind in GUESSED_KINDS,
    )


def preview(payload: Payload, chosen: dict[str, str] | None = None) -> guessing.Guess:
    """The guess for a held file: the dealer's choice, else its remembered mapping, else guessed."""
    assert payload.dealer is not None
    kind = payload.meta["kind"]
    if chosen is None:
        chosen = _remembered(payload.dealer, kind)
    return guessing.guess(
        bytes(payload.body), payload.meta["file"], kind, country=payload.dealer.country,
        chosen=chosen,
    )  # fmt: skip


def confirm(payload: Payload, chosen: dict[str, str]) -> bool:
    """Import a held file with the columns chosen (header → field, "" to leave one out).

    False when the file is no longer held (confirmed twice, in two tabs).
    """
    assert payload.dealer is not None
    guess = preview(payload, chosen)
    kind = payload.meta["kind"]
    options = Options.from_meta(payload.meta)
    options.columns = {kind: guess.mapping()}
    options.date_formats = guess.date_formats
    with transaction.atomic():
        released = Payload.objects.filter(pk=payload.pk, status=PayloadStatus.HELD).update(
            status=PayloadStatus.PENDING, meta={**payload.meta, "options": options.as_meta()}
        )
        if released:
            ColumnMapping.objects.update_or_create(
                dealer=payload.dealer,
                kind=kind,
                defaults={"columns": guess.mapping(), "date_formats": guess.date_formats},
            )
    return bool(released)


def _remembered(dealer: Dealer, kind: str) -> dict[str, str]:
    """The dealer's confirmed mapping as header → field, the form `guess` takes a choice in."""
    mapping = ColumnMapping.objects.filter(dealer=dealer, kind=kind).first()
    if mapping is None:
        return {}
    chosen: dict[str, str] = {}
    for field, headers in mapping.columns.items():
        if isinstance(headers, list):
            chosen[headers[0]] = field
            chosen.update({h: RECEIVED_TIME for h in headers[1:]})
        else:
            chosen[headers] = field
    return chosen
