"""A fingerprint of everything the demo wrote, blind to primary-key values and load time."""

import hashlib

from django.db.models import Model

from scoreline.dealers.models import Dealer, DealerGroup, Membership, OpeningException, User
from scoreline.followup.models import Activity, CallScript, FollowUpStandard
from scoreline.leads.models import (
    Campaign,
    Inquiry,
    Lead,
    LeadEvent,
    LostReason,
    MonthlyCost,
    Order,
    Person,
    Source,
)

MODELS: list[type[Model]] = [
    DealerGroup, Dealer, OpeningException, User, Membership, Source, Campaign, MonthlyCost,
    LostReason, CallScript, FollowUpStandard, Person, Lead, Inquiry, Activity, LeadEvent, Order,
]  # fmt: skip
# Salted password hashes and moments of the load itself differ between two loads.
SKIPPED = {
    (User, "password"),
    (User, "last_login"),
    (User, "date_joined"),
    (CallScript, "created_at"),
}


def database_digest() -> str:
    """SHA-256 over every row of the demo's tables, keys replaced by their rank in the table."""
    ranks = {
        model: {
            pk: rank
            for rank, pk in enumerate(
                model._default_manager.order_by("pk").values_list("pk", flat=True)
            )
        }
        for model in MODELS
    }
    digest = hashlib.sha256()
    for model in MODELS:
        fields = [f for f in model._meta.concrete_fields if (model, f.name) not in SKIPPED]
        for row in model._default_manager.order_by("pk").values_list(*[f.attname for f in fields]):
            digest.update(
                repr(
                    [_plain(model, f, v, ranks) for f, v in zip(fields, row, strict=True)]
                ).encode()
            )
    return digest.hexdigest()


def _plain(model: type[Model], field, value, ranks: dict) -> object:  # type: ignore[no-untyped-def]
    if value is None:
        return None
    if field.primary_key:
        return ranks[model][value]
    if field.is_relation:
        return ranks[field.related_model][value]
    return value
