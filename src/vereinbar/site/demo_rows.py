"""Writing many rows of the made-up examples at once, as ``bulk_update`` and ``bulk_create``
do but cheaper where the demo writes thousands: one prepared statement run for every row
(``executemany``), each value prepared by its field as the ORM prepares it for the database
(dates, JSON, keys), so the rows are the same on SQLite and PostgreSQL. ``bulk_update`` writes
a CASE over every object for every field, and ``bulk_create`` builds its statement value by
value: for the thousand example cycles and their history that was seconds of the demo's load,
which CI runs several times. No signals are sent (``bulk_*`` send none either), and nothing
is read back: for rows nothing else refers to by key yet."""

from __future__ import annotations

from typing import Any

from django.db import connection


def rows_update(objects: list[Any], fields: list[str]) -> None:
    """Save ``fields`` of ``objects`` (stored instances of one model), as ``bulk_update``."""
    if not objects:
        return
    meta = type(objects[0])._meta
    columns = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(  # noqa: S608 (the model's own names, quoted; values as parameters)
        quote(meta.db_table),
        ", ".join(f"{quote(field.column)} = %s" for field in columns),
        quote(meta.pk.column),
    )
    rows = [
        [field.get_db_prep_save(getattr(item, field.attname), connection) for field in columns] + [item.pk]
        for item in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def rows_insert(objects: list[Any]) -> None:
    """Store ``objects`` (new instances of one model, primary key left to the database), as
    ``bulk_create`` without reading their keys back."""
    if not objects:
        return
    meta = type(objects[0])._meta
    columns = [field for field in meta.concrete_fields if not field.primary_key]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (the model's own names, quoted; values as parameters)
        quote(meta.db_table),
        ", ".join(quote(field.column) for field in columns),
        ", ".join(["%s"] * len(columns)),
    )
    rows = [[field.get_db_prep_save(field.pre_save(item, True), connection) for field in columns] for item in objects]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
