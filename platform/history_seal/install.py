"""The sealing trigger: one function in `public`, one AFTER INSERT trigger on every history event table.

`public.eiso_history_seal()` appends a `Seal` row for each event row inserted, in the schema of the table
that fired it (TG_TABLE_SCHEMA: a static statement when that is the session's current schema, as in every
request and task; a dynamic one naming the schema otherwise, e.g. raw SQL from another search_path), under a
transaction-scoped advisory lock per schema: two writers in one agency queue up instead of both linking to
the same previous row (and if one ever did, the position primary key would refuse it rather than fork the
chain). Its hashes are computed with fixed TimeZone, IntervalStyle and extra_float_digits, so a session's
settings cannot change an event's text; `services.verify` computes them the same way.

The function lives in `public` and is named once (no function in an agency schema, tenants/functions.py);
its body names no table of its own schema. `install(schema)` is idempotent and cheap when nothing is
missing (one catalog query): it runs after every migrate in a schema (post_migrate, so an event table added
by a later migration is covered before the template is dumped for provisioning), and new agencies get the
triggers from the template's DDL. Events that exist when their table first gets the trigger are sealed then,
in (created at, table, id) order.
"""

from __future__ import annotations

import hashlib
import logging

from django.db import DEFAULT_DB_ALIAS, connections, transaction

from tenants import functions

log = logging.getLogger(__name__)

FUNCTION = "eiso_history_seal"
TRIGGER = "eiso_history_seal"
SEAL_TABLE = "history_seal_seal"
GENESIS = "0" * 64
LOCK_CLASS = 0x5EA1  # pg_advisory_xact_lock(LOCK_CLASS, hashtext(schema)): one seal writer per agency
# What a hash is computed under: the trigger's SET clause and the verifier's SET LOCAL.
SETTINGS = {"TimeZone": "UTC", "IntervalStyle": "postgres", "extra_float_digits": "1"}

ROW_HASH_SQL = "encode(sha256(convert_to({table} || ':' || to_jsonb({row})::text, 'UTF8')), 'hex')"
_SET_CLAUSE = " ".join(f'SET "{name}" TO \'{value}\'' for name, value in SETTINGS.items())
_APPEND = ("INSERT INTO {table} (position, event_table, event_id, row_hash, chain_hash, sealed_at) "
           "SELECT coalesce(head.position, 0) + 1, {name}, {event_id}, {digest}, "
           "encode(sha256(convert_to(coalesce(head.chain_hash, {genesis}) || {digest}, {utf8})), {hex}), now() "
           "FROM (SELECT 1) AS one LEFT JOIN (SELECT s.position, s.chain_hash FROM {table} s "
           "ORDER BY s.position DESC LIMIT 1) AS head ON true")
FUNCTION_SQL = f"""CREATE OR REPLACE FUNCTION public.{FUNCTION}() RETURNS trigger LANGUAGE plpgsql {_SET_CLAUSE}
AS $seal$
DECLARE
    event_hash text := {ROW_HASH_SQL.format(table="TG_TABLE_NAME", row="NEW")};
BEGIN
    PERFORM pg_advisory_xact_lock({LOCK_CLASS}, hashtext(TG_TABLE_SCHEMA));
    IF TG_TABLE_SCHEMA = current_schema() THEN
        -- the usual case (the agency's search_path): a static statement, planned once per session
        {_APPEND.format(table=SEAL_TABLE, name="TG_TABLE_NAME", event_id="NEW.pgh_id", digest="event_hash",
                        genesis=f"'{GENESIS}'", utf8="'UTF8'", hex="'hex'")};
    ELSE
        EXECUTE format('{_APPEND.format(table="%1$I." + SEAL_TABLE, name="$1", event_id="$2", digest="$3",
                                        genesis=f"''{GENESIS}''", utf8="''UTF8''", hex="''hex''")}',
                       TG_TABLE_SCHEMA) USING TG_TABLE_NAME, NEW.pgh_id, event_hash;
    END IF;
    RETURN NULL;
END
$seal$"""


def chain(previous: str, row_hash: str) -> str:
    return hashlib.sha256((previous + row_hash).encode()).hexdigest()


def set_hash_settings(cursor) -> None:
    """The session settings the trigger hashes under, for the rest of the current transaction."""
    for name, value in SETTINGS.items():
        cursor.execute("SELECT set_config(%s, %s, true)", [name, value])


def event_tables(cursor, schema: str) -> list[tuple[str, bool]]:
    """(table, has the trigger) for every pghistory event table of the schema, by name."""
    cursor.execute(
        "SELECT c.relname, EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname = %s) "
        "FROM pg_class c WHERE c.relnamespace = %s::regnamespace AND c.relkind IN ('r', 'p') "
        "AND (SELECT count(*) FROM pg_attribute a WHERE a.attrelid = c.oid AND NOT a.attisdropped "
        "     AND a.attname IN ('pgh_id', 'pgh_label', 'pgh_created_at')) = 3 ORDER BY c.relname",
        [TRIGGER, schema])
    return cursor.fetchall()


def _ensure_function(cursor) -> None:
    """(Re)create the shared function when it is missing or its body or settings differ (a new release)."""
    cursor.execute("SELECT p.prosrc, p.proconfig FROM pg_proc p WHERE p.proname = %s "
                   "AND p.pronamespace = 'public'::regnamespace AND p.pronargs = 0", [FUNCTION])
    row = cursor.fetchone()
    body = FUNCTION_SQL.split("$seal$")[1]
    config = sorted(f"{name}={value}".lower() for name, value in SETTINGS.items())
    if row is None or row[0] != body or sorted(item.lower() for item in row[1] or []) != config:
        cursor.execute(FUNCTION_SQL)


def _has_seal_table(cursor, schema: str) -> bool:
    cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [f'"{schema}".{SEAL_TABLE}'])
    return cursor.fetchone()[0]


def seal_existing(cursor, schema: str, tables: list[str]) -> int:
    """Seal the events of `tables` that have no seal row yet, in (created at, table, id) order."""
    if not tables:
        return 0
    cursor.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [LOCK_CLASS, schema])
    set_hash_settings(cursor)
    parts = [f"SELECT e.pgh_created_at, %s AS t, e.pgh_id, {ROW_HASH_SQL.format(table='%s', row='e')} "  # nosec B608  # names from the catalogue
             f'FROM "{schema}"."{table}" e WHERE NOT EXISTS (SELECT 1 FROM "{schema}".{SEAL_TABLE} s '
             f"WHERE s.event_table = %s AND s.event_id = e.pgh_id)" for table in tables]
    params = [value for table in tables for value in (table, table, table)]
    cursor.execute(" UNION ALL ".join(parts) + " ORDER BY 1, 2, 3", params)  # nosec B608  # names from the catalogue
    rows = cursor.fetchall()
    cursor.execute(f'SELECT position, chain_hash FROM "{schema}".{SEAL_TABLE} ORDER BY position DESC LIMIT 1')  # nosec B608  # names from the catalogue
    position, previous = cursor.fetchone() or (0, GENESIS)
    batch = []
    for _at, table, event_id, row_hash in rows:
        position += 1
        previous = chain(previous, row_hash)
        batch.append((position, table, event_id, row_hash, previous))
    for start in range(0, len(batch), 1000):
        chunk = batch[start:start + 1000]
        cursor.execute(
            f'INSERT INTO "{schema}".{SEAL_TABLE} (position, event_table, event_id, row_hash, chain_hash, sealed_at) '  # nosec B608  # names from the catalogue
            "SELECT p, t, i, r, c, now() FROM unnest(%s::bigint[], %s::text[], %s::bigint[], %s::text[], %s::text[]) "
            "AS x(p, t, i, r, c)", [list(column) for column in zip(*chunk, strict=True)])
    return len(batch)


def install(schema: str, using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Give every event table of `schema` the trigger and seal what they hold; return the tables newly covered."""
    if not functions.is_agency_schema(schema):
        return []
    connection = connections[using]
    with connection.cursor() as cursor:
        if not _has_seal_table(cursor, schema):
            return []  # this app not migrated here yet: its own migration's post_migrate comes back
        missing = [table for table, has in event_tables(cursor, schema) if not has]
        cursor.execute("SELECT 1 FROM pg_proc WHERE proname = %s AND pronamespace = 'public'::regnamespace",
                       [FUNCTION])
        if not missing and cursor.fetchone():
            return []
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [functions.LOCK_KEY])  # with function moves, provisioning
        _ensure_function(cursor)
        missing = [table for table, has in event_tables(cursor, schema) if not has]
        for table in missing:
            cursor.execute(f'CREATE TRIGGER {TRIGGER} AFTER INSERT ON "{schema}"."{table}" '
                           f"FOR EACH ROW EXECUTE FUNCTION public.{FUNCTION}()")
        sealed = seal_existing(cursor, schema, missing)
    if missing:
        log.info("history seal: %d table(s) of %s covered, %d existing event(s) sealed", len(missing), schema, sealed)
    return missing


def reseal(cursor, schema: str) -> int:
    """Recompute every seal row from its event, keeping their order: for a restore into another schema
    (tenants/backup.py), which points stored file names, history included, at the new schema's folder after
    the archive (checked by its sha256 sums) is loaded. An event gone keeps its row hash: verify names it."""
    import pgtrigger

    cursor.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [LOCK_CLASS, schema])
    set_hash_settings(cursor)
    hashes: dict[int, str] = {}
    for table, _has in event_tables(cursor, schema):
        cursor.execute(f'SELECT s.position, {ROW_HASH_SQL.format(table="s.event_table", row="e")} '  # nosec B608  # names from the catalogue
                       f'FROM "{schema}".{SEAL_TABLE} s JOIN "{schema}"."{table}" e ON e.pgh_id = s.event_id '
                       "WHERE s.event_table = %s", [table])
        hashes.update(cursor.fetchall())
    cursor.execute(f'SELECT position, row_hash FROM "{schema}".{SEAL_TABLE} ORDER BY position')  # nosec B608  # names from the catalogue
    previous, rows = GENESIS, []
    for position, stored in cursor.fetchall():
        row_hash = hashes.get(position, stored)
        previous = chain(previous, row_hash)
        rows.append((position, row_hash, previous))
    with pgtrigger.ignore("history_seal.Seal:append_only"):
        for start in range(0, len(rows), 5000):
            chunk = rows[start:start + 5000]
            cursor.execute(f'UPDATE "{schema}".{SEAL_TABLE} s SET row_hash = x.r, chain_hash = x.c '  # nosec B608  # names from the catalogue
                           "FROM unnest(%s::bigint[], %s::text[], %s::text[]) AS x(p, r, c) WHERE s.position = x.p",
                           [list(column) for column in zip(*chunk, strict=True)])
    return len(rows)


def history_table_names() -> list[str]:
    """The tables of every pghistory event model the project declares."""
    from django.apps import apps
    from pghistory.models import Event

    return sorted({model._meta.db_table for model in apps.get_models()
                   if issubclass(model, Event) and not model._meta.proxy})


def schemas_missing_triggers(schemas: list[str], using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Those of `schemas` holding an event table without the trigger, in one catalog query. The tables are
    looked up by name (the project's event models) through pg_class's name index: finding them by their
    columns instead read every column of every relation of every schema (161 s at 4,987 agencies, 0.8 s so;
    bench/RESULTS.md)."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT n.nspname FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid "
            "WHERE n.nspname = ANY(%s) AND c.relname = ANY(%s) AND c.relkind IN ('r', 'p') "
            "AND NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname = %s) ORDER BY 1",
            [schemas, history_table_names(), TRIGGER])
        return [row[0] for row in cursor.fetchall()]
