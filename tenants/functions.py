"""No function lives in an agency schema: trigger functions are shared in `public`, named by their content.

django-pgtrigger and django-pghistory create one plpgsql function per trigger (`pgtrigger_<name>_<hash>`)
and pghistory's `_pgh_attach_context`, unqualified, so in whichever schema a migration runs: every agency
schema got the same ~38 names. PostgreSQL resolves a function by name (CREATE TRIGGER ... EXECUTE FUNCTION,
or a call inside a body) by listing *every* function of that name in every schema, then filtering by schema,
and it re-lists after each change to pg_proc: creating an agency grew linearly with the number of agencies
(0.12 s at 1,000, 0.50 s at 5,000) and the creating backend's catalog cache reached 1.2 GB (SCALE.md).

The rule, kept after every migration and before the template is dumped for provisioning:
- a trigger function (returns `trigger`) of an agency schema or the template becomes one function in
  `public` named `eiso_tg_<sha1 of its definition>`, and the schema's triggers are re-pointed to it. Same
  body, same name: one function serves every schema. A changed body (a future migration) gets a new name, so
  schemas not yet migrated keep running the old body until they are;
- any other function (pghistory's `_pgh_attach_context`, called by name) exists once, in `public`: the
  schema's copy is dropped when public holds the same definition, moved there when public has none, and
  refused loudly when public holds a different one.

Behaviour does not change: these bodies name their tables unqualified, so they always resolved them (and
`_pgh_attach_context`) through the session's search_path (`<agency>, public`), never through the schema the
function lived in. Triggers keep their names, conditions, comments and enabled state, so pgtrigger's
`ignore()` (by trigger name) and pghistory's context work as before.
"""

from __future__ import annotations

import hashlib
import logging
import re

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction

log = logging.getLogger(__name__)

SHARED_SCHEMA = "public"
SHARED_PREFIX = "eiso_tg_"
# Taken by provisioning too (tenants.provisioning._LOCK_KEY): two processes normalising schemas, or one
# normalising while another replays the template's DDL, must not race to create or drop the same function.
LOCK_KEY = 0x0E150001
# Only bench/tenant_creation_scale.py turns this off, to measure creation as it was (functions per schema).
ENABLED = True
# The last " EXECUTE FUNCTION <name>(<args>)" of pg_get_triggerdef (greedy head: a WHEN clause comes before it).
_EXECUTE_RE = re.compile(r"^(.* EXECUTE FUNCTION )\S+?\((.*)\)$", re.DOTALL)


class FunctionLayoutError(Exception):
    """An agency schema holds a function that cannot be shared without changing behaviour."""


def _definition_body(definition: str) -> str:
    # pg_get_functiondef: "CREATE OR REPLACE FUNCTION <schema>.<name>(<args>)\n RETURNS ...": everything
    # after the first line is what the function is, independent of where it lives and what it is called.
    return definition.split("\n", 1)[1]


def shared_name(arguments: str, body: str) -> str:
    return SHARED_PREFIX + hashlib.sha1(f"{arguments}\n{body}".encode(), usedforsecurity=False).hexdigest()[:24]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _functions_in(cursor, schema: str) -> list[tuple]:
    """(oid, name, arguments, identity arguments, returns trigger, definition) of the schema's own functions."""
    cursor.execute(
        "SELECT p.oid, p.proname, pg_get_function_arguments(p.oid), pg_get_function_identity_arguments(p.oid), "
        "p.prorettype = 'trigger'::regtype, pg_get_functiondef(p.oid) "
        "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
        "WHERE n.nspname = %s AND p.prokind = 'f' "
        # functions that belong to an extension are the extension's business
        "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid "
        "AND d.deptype = 'e') ORDER BY p.proname, p.oid",
        [schema])
    return cursor.fetchall()


def _public_definition(cursor, name: str, identity_args: str) -> str | None:
    cursor.execute(
        "SELECT pg_get_functiondef(p.oid) FROM pg_proc p WHERE p.proname = %s "
        "AND p.pronamespace = %s::regnamespace AND pg_get_function_identity_arguments(p.oid) = %s",
        [name, SHARED_SCHEMA, identity_args])
    row = cursor.fetchone()
    return row[0] if row else None


def _repoint_triggers(cursor, function_oid: int, target: str) -> int:
    """Re-create every trigger that calls function_oid so it calls public.<target>, otherwise identical."""
    cursor.execute(
        "SELECT t.tgname, t.tgrelid::regclass::text, pg_get_triggerdef(t.oid), t.tgenabled, "
        "obj_description(t.oid, 'pg_trigger') FROM pg_trigger t WHERE t.tgfoid = %s AND NOT t.tgisinternal",
        [function_oid])
    triggers = cursor.fetchall()
    for name, table, definition, enabled, comment in triggers:
        new_definition, found = _EXECUTE_RE.subn(
            lambda m: f"{m.group(1)}{SHARED_SCHEMA}.{target}({m.group(2)})", definition)
        if found != 1:
            raise FunctionLayoutError(f"cannot read the function call of trigger {name} on {table}: {definition}")
        # Dropped and re-created in one transaction: no write to the table can pass between the two.
        cursor.execute(f"DROP TRIGGER {_quote(name)} ON {table}")
        cursor.execute(new_definition)
        if comment is not None:
            cursor.execute(f"COMMENT ON TRIGGER {_quote(name)} ON {table} IS %s", [comment])
        state = {"D": "DISABLE TRIGGER", "R": "ENABLE REPLICA TRIGGER", "A": "ENABLE ALWAYS TRIGGER"}.get(enabled)
        if state:
            cursor.execute(f"ALTER TABLE {table} {state} {_quote(name)}")
    return len(triggers)


def normalise_schema_functions(schema: str, using: str = DEFAULT_DB_ALIAS) -> int:
    """Move every function out of an agency (or the template) schema; return how many were there.

    One transaction; cheap when there is nothing to do (one catalog query).
    """
    if not ENABLED or not is_agency_schema(schema):
        return 0
    connection = connections[using]
    with connection.cursor() as cursor:
        if not _functions_in(cursor, schema):
            return 0
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
        functions = _functions_in(cursor, schema)  # again, under the lock
        for oid, name, arguments, identity_args, is_trigger, definition in functions:
            body = _definition_body(definition)
            qualified = f"{_quote(schema)}.{_quote(name)}({identity_args})"
            if is_trigger:
                target = shared_name(arguments, body)
                if _public_definition(cursor, target, identity_args) is None:
                    cursor.execute(f"CREATE FUNCTION {SHARED_SCHEMA}.{target}({arguments})\n{body}")
                _repoint_triggers(cursor, oid, target)
                # No CASCADE: anything still depending on the old function stops the move.
                cursor.execute(f"DROP FUNCTION {qualified}")
                continue
            shared = _public_definition(cursor, name, identity_args)
            if shared is None:
                cursor.execute(f"ALTER FUNCTION {qualified} SET SCHEMA {SHARED_SCHEMA}")
            elif _definition_body(shared) == body:
                cursor.execute(f"DROP FUNCTION {qualified}")
            else:
                raise FunctionLayoutError(
                    f"{schema}.{name}({identity_args}) differs from {SHARED_SCHEMA}.{name}: an agency schema "
                    f"may not hold a function of its own under a shared name (tenants/functions.py)")
    log.info("moved %d function(s) out of schema %s", len(functions), schema)
    return len(functions)


def schemas_with_functions(schemas: list[str], using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Those of `schemas` that hold any function (one scan of pg_proc, whatever the number of schemas)."""
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT DISTINCT n.nspname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                       "WHERE n.nspname = ANY(%s) ORDER BY 1", [schemas])
        return [row[0] for row in cursor.fetchall()]


def drop_unused_shared_functions(using: str = DEFAULT_DB_ALIAS) -> int:
    """Drop shared trigger functions no trigger calls any more (old bodies, once every schema is migrated)."""
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
        cursor.execute(
            "SELECT p.oid::regprocedure::text FROM pg_proc p WHERE p.pronamespace = %s::regnamespace "
            "AND p.proname LIKE %s AND NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgfoid = p.oid)",
            [SHARED_SCHEMA, SHARED_PREFIX.replace("_", r"\_") + "%"])
        unused = [row[0] for row in cursor.fetchall()]
        for signature in unused:
            cursor.execute(f"DROP FUNCTION {signature}")
    return len(unused)


def is_agency_schema(schema: str) -> bool:
    """An agency's or the template's schema: not public, nor one of PostgreSQL's own."""
    return schema not in (SHARED_SCHEMA, "information_schema") and not schema.startswith("pg_")


def after_migrate_in_schema(install):
    """A post_migrate receiver running `install(schema, using=...)` in the agency or template schema just
    migrated (the history seal's and the table-use triggers); connect it with weak=False."""

    def receiver(sender, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
        schema = getattr(connections[using], "schema_name", None)
        if schema:
            install(schema, using=using)

    return receiver


def normalise_after_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    """post_migrate: whatever the migrations just installed in this schema moves to `public`.

    Covers every way migrations reach a schema: migrate_agencies (any executor), migrate_schemas, the
    template's own migrations, and creation by migration. pgtrigger re-installs a changed trigger with an
    unqualified CREATE FUNCTION, which lands in the schema being migrated; this puts it back under the rule.
    """
    schema = getattr(connections[using], "schema_name", None)
    if schema and schema != getattr(settings, "PUBLIC_SCHEMA_NAME", SHARED_SCHEMA):
        normalise_schema_functions(schema, using=using)
