"""A fingerprint of everything the demo wrote, blind to primary-key values and load time."""

import hashlib

from django.db.models import Model

from scoreline.dealers.models import Dealer, DealerGroup, Membership, OpeningException, User
from scoreline.followup.models import Activity, CallScript, FollowUpStandard, Notification
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
from scoreline.planning.models import PaceCheck, PaceWarning, Plan, PlanLine, PlanMonth, PlanSource

MODELS: list[type[Model]] = [
    DealerGroup, Dealer, OpeningException, User, Membership, Source, Campaign, MonthlyCost,
    LostReason, CallScript, FollowUpStandard, Person, Lead, Inquiry, Activity, LeadEvent, Order,
    Plan, PlanMonth, PlanSource, PlanLine, PaceCheck, PaceWarning, Notification,
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
    ranks = Ranks()
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


class Ranks:
    """Each row's rank in its table by primary key, read once per table when first needed, so
    a key into a table outside MODELS (a notification's job) is blind to key values too."""

    def __init__(self) -> None:
        self.tables: dict[type[Model], dict[object, int]] = {}

    def of(self, model: type[Model], pk: object) -> int:
        if model not in self.tables:
            keys = model._default_manager.order_by("pk").values_list("pk", flat=True)
            self.tables[model] = {key: rank for rank, key in enumerate(keys)}
        return self.tables[model][pk]


def _plain(model: type[Model], field, value, ranks: Ranks) -> object:  # type: ignore[no-untyped-def]
    if value is None:
        return None
    if field.primary_key:
        return ranks.of(model, value)
    if field.is_relation:
        return ranks.of(field.related_model, value)
    return value
