"""Which of an agency's tables ever held a row, kept by a trigger, so the nightly recompute can skip the rest.

Opening a table in a schema a connection has not visited yet costs catalogue reads: its columns, indexes,
constraints and triggers, and the planner opens every index. At national scale the catalogue (~9 GB for
5,000 agencies) no longer fits in memory and those reads go to disk: 30–50 ms per agency for the ~20 tables
the indicators read, most of a recompute (bench/RESULTS.md). An agency that never recorded a risk needs no
look at its risk register to know it has no high risk: the areas say so next to their indicators
(core.indicators, `unused=`/`when_unused=`), and this module says which tables were never used.

For each table some indicator group watches (core.indicators.watched_tables), in every agency schema:
- a row in `public.supervision_tableuse` (schema, table, first_row_at), written when the table starts being
  watched: first_row_at is set then if the table already holds a row;
- a statement-level AFTER INSERT trigger, `ENABLE ALWAYS` (it fires under session_replication_role=replica
  too), calling `public.eiso_table_used()`, which sets first_row_at once. A rolled-back insert rolls the mark
  back with it; a table emptied again stays "used" (a skip is only ever taken for a table that never held a
  row, so a mark too many costs a read, never a wrong figure).

A table counts as unused only when its row says so, so a table without a row (not watched yet) is always
read. The row and the trigger are made under a lock that keeps inserts out between the look at the table
and the mark. `install(schema)` runs after every migrate in a schema (post_migrate), for every new agency
(supervision.services.on_agency_created: the template's DDL brings the triggers, not the rows), and from
`migrate_agencies` for schemas missing a trigger or a row (a table newly watched by a code change). A
restore loads rows with triggers disabled (tenants/backup.py): `recheck` marks what it brought.
"""

from __future__ import annotations

import logging

from django.db import DEFAULT_DB_ALIAS, connections, transaction

from tenants import functions

log = logging.getLogger(__name__)

FUNCTION = "eiso_table_used"
TRIGGER = "eiso_table_used"
MARKS = "public.supervision_tableuse"
FUNCTION_BODY = """
BEGIN
    UPDATE public.supervision_tableuse SET first_row_at = now()
     WHERE schema_name = TG_TABLE_SCHEMA AND table_name = TG_TABLE_NAME AND first_row_at IS NULL;
    RETURN NULL;
END
"""
FUNCTION_SQL = (f"CREATE OR REPLACE FUNCTION public.{FUNCTION}() RETURNS trigger LANGUAGE plpgsql "
                f"AS $used${FUNCTION_BODY}$used$")


def _watched() -> list[str]:
    from core.indicators import watched_tables

    return watched_tables()


def _coverage(cursor, schemas: list[str], tables: list[str]) -> list[tuple[str, str, bool, bool]]:
    """(schema, table, has the trigger, has its row) for every watched table present in `schemas`: the
    tables by name through pg_class's index, the rows through the marks' unique index (a join, not EXISTS:
    the planner hashed the whole marks table for that, a cost growing with the country at every creation)."""
    cursor.execute(
        "SELECT n.nspname, c.relname, "
        "EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname = %s), u.table_name IS NOT NULL "
        "FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid "
        f"LEFT JOIN {MARKS} u ON u.schema_name = ANY(%s) "  # nosec B608  # a constant
        "AND u.schema_name = n.nspname::text AND u.table_name = c.relname::text "
        "WHERE n.nspname = ANY(%s) AND c.relname = ANY(%s) AND c.relkind IN ('r', 'p') ORDER BY 1, 2",
        [TRIGGER, schemas, schemas, tables])
    return cursor.fetchall()


def _function_current(cursor) -> bool:
    cursor.execute("SELECT prosrc FROM pg_proc WHERE proname = %s AND pronamespace = 'public'::regnamespace "
                   "AND pronargs = 0", [FUNCTION])
    row = cursor.fetchone()
    return row is not None and row[0] == FUNCTION_BODY


def _quoted(schema: str, table: str) -> str:
    return f'"{schema}"."{table}"'  # names from the catalogue (django-tenants checked the schema's)


def _mark(cursor, schema: str, tables: list[str]) -> None:
    """Write or correct the rows of `tables`: used if they hold a row now (a mark already set stays)."""
    if not tables:
        return
    checks = ", ".join(f"(%s, EXISTS (SELECT 1 FROM {_quoted(schema, table)}))" for table in tables)  # nosec B608  # names from the catalogue
    cursor.execute(
        f"INSERT INTO {MARKS} AS mark (schema_name, table_name, watched_since, first_row_at) "  # nosec B608  # names from the catalogue
        f"SELECT %s, t.name, now(), CASE WHEN t.used THEN now() END FROM (VALUES {checks}) AS t(name, used) "
        "ON CONFLICT (schema_name, table_name) DO UPDATE "
        "SET first_row_at = coalesce(mark.first_row_at, EXCLUDED.first_row_at)",
        [schema, *tables])


def install(schema: str, using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Watch every watched table of `schema` (trigger and row); return the tables that were not. Cheap when
    nothing is missing: two catalogue queries."""
    if not functions.is_agency_schema(schema):
        return []
    tables = _watched()
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        if not _function_current(cursor):
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [functions.LOCK_KEY])  # with function moves
            cursor.execute(FUNCTION_SQL)
        state = _coverage(cursor, [schema], tables)
        missing = [table for _s, table, trigger, row in state if not (trigger and row)]
        if missing:
            # No insert between the look at a table and its mark (an insert in flight finishes first).
            cursor.execute(f"LOCK TABLE {', '.join(_quoted(schema, t) for t in missing)} IN SHARE ROW EXCLUSIVE MODE")
        for _s, table, trigger, _row in state:
            if table in missing and not trigger:
                cursor.execute(f"CREATE TRIGGER {TRIGGER} AFTER INSERT ON {_quoted(schema, table)} "
                               f"FOR EACH STATEMENT EXECUTE FUNCTION public.{FUNCTION}()")
                cursor.execute(f"ALTER TABLE {_quoted(schema, table)} ENABLE ALWAYS TRIGGER {TRIGGER}")
        _mark(cursor, schema, missing)
    if missing:
        log.info("table use: %d table(s) of %s watched", len(missing), schema)
    return missing


def recheck(cursor, schema: str) -> None:
    """Mark every watched table of `schema` that holds a row: after rows came in with triggers disabled (a
    restore). Call it inside the transaction that loaded them."""
    present = [table for _s, table, _trigger, _row in _coverage(cursor, [schema], _watched())]
    _mark(cursor, schema, present)


def schemas_not_watched(schemas: list[str], using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Those of `schemas` where a watched table lacks its trigger or its row (two index lookups per table)."""
    with connections[using].cursor() as cursor:
        rows = _coverage(cursor, schemas, _watched())
    return sorted({schema for schema, _table, trigger, row in rows if not (trigger and row)})


def unused_tables(schemas: list[str]) -> dict[str, frozenset[str]]:
    """schema -> its watched tables that never held a row, for many agencies in one query (public schema)."""
    from .models import TableUse

    found: dict[str, set[str]] = {schema: set() for schema in schemas}
    for schema, table in TableUse.objects.filter(agency_id__in=schemas, first_row_at__isnull=True).values_list(
            "agency_id", "table_name"):
        found[schema].add(table)
    return {schema: frozenset(tables) for schema, tables in found.items()}
