"""Every row an import writes, in a form that two imports of the same data can be compared by.

Rows are told without their own primary keys (a rolled-back import leaves PostgreSQL's
sequences moved on) and without `created_at`: persons, leads and jobs are named by the order
they were made in, lost reasons by code, payloads by the order received; a lead's number in a
notification's text and values (its id in nested ones) is replaced by its name too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import models, transaction

from scoreline.followup.models import Activity, Job, Notification
from scoreline.intake.models import AssignmentRule, IntakeResult, Payload
from scoreline.leads.models import (
    Inquiry,
    Lead,
    LeadEvent,
    LostReason,
    Person,
    PersonContact,
    Source,
)

SKIPPED = {"id", "created_at"}


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """The rows of every table an import writes to, named as the module docstring says."""
    names = {
        "person": _ordinal(Person),
        "lead": _ordinal(Lead),
        "job": _ordinal(Job),
        "payload": _ordinal(Payload),
        "inquiry": _ordinal(Inquiry),
        "lost_reason": dict(LostReason.objects.values_list("pk", "code")),
    }
    return {
        model.__name__: sorted(_rows(model, names), key=repr)
        for model in (
            Person,
            PersonContact,
            Lead,
            Inquiry,
            LeadEvent,
            Activity,
            Job,
            Notification,
            IntakeResult,
            AssignmentRule,
            LostReason,
            Source,
        )
    }


@contextmanager
def rolled_back() -> Iterator[None]:
    """Whatever happens inside is undone at the end (the test's own transaction goes on)."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _ordinal(model: type[models.Model]) -> dict[int, str]:
    pks = model.objects.order_by("pk").values_list("pk", flat=True)
    return {pk: f"{model.__name__.lower()} {n}" for n, pk in enumerate(pks)}


def _rows(model: type[models.Model], names: dict[str, dict[int, Any]]) -> list[tuple[Any, ...]]:
    fields = [f for f in model._meta.concrete_fields if f.name not in SKIPPED]
    told: list[tuple[Any, ...]] = []
    for values in model.objects.values(*[f.attname for f in fields]):
        told.append(tuple(_told(f, values[f.attname], names) for f in fields))
    return told


def _told(field: models.Field, value: Any, names: dict[str, dict[int, Any]]) -> Any:
    if field.name in names and value is not None:
        return names[field.name][value]
    if field.name == "text" and isinstance(value, str):
        return _LEAD_NUMBER.sub(_lead_named(names["lead"]), value)
    if field.name == "params" and isinstance(value, dict):  # a notification's values
        return repr(_values(value, names))
    return value


def _values(value: Any, names: dict[str, dict[int, Any]], key: str = "") -> Any:
    """A notification's values, nested ones too; the lead they name by its name, not its id."""
    if not isinstance(value, dict):
        return _told(_TEXT, value, names)
    return {
        k: names["lead"].get(v, v) if (key, k) == ("lead", "id") else _values(v, names, k)
        for k, v in sorted(value.items())
    }


_TEXT = models.TextField(name="text")  # a value is told as a text field is


_LEAD_NUMBER = re.compile(r"#(\d+)")


def _lead_named(leads: dict[int, str]) -> Callable[[re.Match[str]], str]:
    return lambda match: leads.get(int(match.group(1)), match.group(0))
