"""Rows into their tables at bulk-import speed: `bulk_create` without its per-value work.

`bulk_create` sends every value of every row through the field's whole preparation and the
SQL compiler, which is most of a bulk import's time (a lead brings its person, inquiry,
result, clock jobs, event and notification: a dozen rows of ten columns). The rows here are
built by the import itself, so a column needs at most its database adaptation, chosen once
per field: an aware datetime goes to the backend's form, integers, booleans and text go as
they are, and anything else (JSON, a naive datetime) takes the field's own path.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone

AS_THEY_ARE = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "EmailField",
    "IntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallIntegerField",
    "TextField",
}
# Values per INSERT … RETURNING: SQLite's smallest limit, and short enough a statement that
# psycopg parses it once and reuses it for every full batch.
MAX_PARAMS = 999
Adapt = Callable[[Any], Any]


def insert(objs: Sequence[models.Model], *, returning: bool = False) -> None:
    """Insert unsaved objects of one model, as `bulk_create(objs)` would.

    Foreign keys to objects saved since they were set take those objects' keys, `auto_now`
    and `auto_now_add` fields the time of the insert. With `returning`, each object gets its
    primary key (one INSERT … RETURNING per batch, in the objects' order); without, the rows
    go in one `executemany` and the objects keep no key (nothing reads them back).
    """
    if not objs:
        return
    model = type(objs[0])
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    _stamp(objs, fields)
    columns = [(f.attname, _adapter(f)) for f in fields]
    rows = [[_value(obj, name, adapt) for name, adapt in columns] for obj in objs]
    _link_foreign_keys(objs, fields, rows)
    quote = connection.ops.quote_name
    head = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)})"
    )
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    with connection.cursor() as cursor:
        if not returning:
            cursor.executemany(f"{head} VALUES {one}", rows)
            return
        size = max(1, MAX_PARAMS // len(fields))
        for start in range(0, len(rows), size):
            batch, taking = rows[start : start + size], objs[start : start + size]
            values = ", ".join([one] * len(batch))
            params = [value for row in batch for value in row]
            cursor.execute(
                f"{head} VALUES {values} RETURNING {quote(model._meta.pk.column)}", params
            )
            for obj, (key,) in zip(taking, cursor.fetchall(), strict=True):
                obj.pk = key
                obj._state.adding, obj._state.db = False, connection.alias


def _stamp(objs: Sequence[models.Model], fields: list[models.Field]) -> None:
    now = timezone.now()
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            for obj in objs:
                setattr(obj, field.attname, now)


def _adapter(field: models.Field) -> Adapt | None:
    """How a field's values reach the database; None: as they are."""
    kind = field.get_internal_type()
    if kind == "ForeignKey":
        target = field.target_field  # type: ignore[attr-defined]
        return None if target.get_internal_type() in AS_THEY_ARE else _full(field)
    if kind in AS_THEY_ARE:
        return None
    if kind == "DateTimeField":
        return _datetimes(_full(field))
    return _full(field)


def _datetimes(full: Adapt) -> Adapt:
    """Aware datetimes in the backend's form, each distinct instant adapted once (a batch
    repeats a few: its arrival, the insert's own time)."""
    aware = connection.ops.adapt_datetimefield_value
    adapted: dict[Any, Any] = {}

    def adapt(at: Any) -> Any:
        if at is None:
            return None
        if at.tzinfo is None:
            return full(at)
        if at not in adapted:
            adapted[at] = aware(at)
        return adapted[at]

    return adapt


def _full(field: models.Field) -> Adapt:
    return lambda value: field.get_db_prep_save(value, connection)


def _value(obj: models.Model, name: str, adapt: Adapt | None) -> Any:
    value = getattr(obj, name)
    return value if adapt is None else adapt(value)


def _link_foreign_keys(
    objs: Sequence[models.Model], fields: list[models.Field], rows: list[list[Any]]
) -> None:
    """A foreign key set to an object saved later: its key, as `bulk_create` takes it."""
    for index, field in enumerate(fields):
        if not field.is_relation:
            continue
        for obj, row in zip(objs, rows, strict=True):
            if row[index] is not None:
                continue
            related = field.get_cached_value(obj, None)  # type: ignore[attr-defined]
            if related is None:
                continue
            if related.pk is None:
                raise ValueError(f"{obj!r}: {field.name} {related!r} is not saved yet")
            setattr(obj, field.name, related)  # by name: the object stays cached on it
            row[index] = related.pk
