"""Freshness of the public directory across processes: a change counter in the database.

``directory_changed()`` moves the counter with one ``UPDATE`` after the caller's transaction commits; the
``post_save``/``post_delete`` signals of every model the directory reads call it (see apps.py),
and services that change such rows with ``QuerySet.update()`` call it themselves.
``state()`` reads the counter with one primary-key ``SELECT``: the search index and the kept
result pages of every process carry the state they were built for and are rebuilt when it moved.
"""

from __future__ import annotations

import functools
import uuid
from typing import Any

from django.db import DEFAULT_DB_ALIAS, IntegrityError, transaction
from django.db.models import F

STATE_PK = 1

# Models whose saved or deleted rows can change the directory's list, facets or result rows:
# what ``index.build`` reads (awards, organisations, measures, cycles, programme versions,
# programmes) and what the result page shows (levels, measure types and categories as facet
# labels and search synonyms). Contacts and practice reports only appear on profiles, which are
# read fresh per request and not kept.
WATCHED_MODELS = (
    "certificates.Award",
    "organisations.Organisation",
    "measures.Measure",
    "measures.MeasureType",
    "measures.MeasureCategory",
    "cycles.Cycle",
    "programmes.Programme",
    "programmes.ProgrammeVersion",
    "programmes.Level",
)


def directory_changed(using: str | None = None) -> None:
    """Something the directory shows changed. This process drops its index and kept pages at
    once; every other process notices with its next request after the caller's transaction has
    committed (the counter moves then, once per transaction; a rolled-back change moves nothing).

    Moving the counter after the commit, in its own short statement, rather than inside the
    caller's transaction keeps the counter row from being locked until every changing
    transaction ends: that would serialise all of them and could deadlock on PostgreSQL."""
    from . import fragments, index

    index.forget()
    fragments.forget()
    connection = transaction.get_connection(using)
    bump = _bumps[connection.alias]
    if not connection.in_atomic_block:
        bump()
        return
    open_savepoints = set(connection.savepoint_ids)
    # Once per transaction, unless the registration sits in a savepoint that may still roll back.
    if not any(func is bump and sids <= open_savepoints for sids, func, _robust in connection.run_on_commit):
        transaction.on_commit(bump, using=connection.alias, robust=True)


def _bump(using: str = DEFAULT_DB_ALIAS) -> None:
    from .models import DirectoryState

    stamp = uuid.uuid4().hex
    states = DirectoryState.objects.using(using)
    if states.filter(pk=STATE_PK).update(version=F("version") + 1, stamp=stamp):
        return
    try:  # the row is made by the migration; after a database flush (tests) it is made again
        with transaction.atomic(using=using):
            states.create(pk=STATE_PK, version=1, stamp=stamp)
    except IntegrityError:
        states.filter(pk=STATE_PK).update(version=F("version") + 1, stamp=stamp)


class _Bumps(dict[str, Any]):
    """One bump function per database alias, the same object each time (so that a transaction
    registers it once: ``directory_changed`` looks for it among the on-commit callbacks)."""

    def __missing__(self, alias: str) -> Any:
        self[alias] = bump = functools.partial(_bump, alias)
        return bump


_bumps = _Bumps()


def changed_on_signal(sender: Any, **kwargs: Any) -> None:
    directory_changed(kwargs.get("using"))


def state() -> tuple[int, str]:
    """The counter and stamp as this database connection sees them: one primary-key read on every
    directory request, on the driver's own cursor (Django's cursor wrapper cost more than the
    read); database errors still become Django's (a database away answers 503)."""
    from django.db import connection

    from .models import DirectoryState

    sql = _STATE_SQL.get(connection.vendor)
    if sql is None:
        table = connection.ops.quote_name(DirectoryState._meta.db_table)
        sql = _STATE_SQL[connection.vendor] = f"SELECT version, stamp FROM {table} WHERE id = {STATE_PK:d}"  # noqa: S608 - constants
    with connection.wrap_database_errors:
        connection.ensure_connection()
        cursor = connection.connection.cursor()
        try:
            cursor.execute(sql)
            row = cursor.fetchone()
        finally:
            cursor.close()
    return (row[0], row[1]) if row else (0, "")


_STATE_SQL: dict[str, str] = {}
