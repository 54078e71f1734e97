"""Migrate the public schema, the template, and only those agency schemas that are behind.

`migrate_schemas` visits every schema and builds a migration plan in each even when nothing is to apply
(docs/SCALE.md: 12 minutes for ~900 tenants). Here each agency schema's set of applied migrations is compared
with the template's, a hundred schemas per query, and only schemas that differ are handed to
django-tenants' migration executor. The template itself is brought up to date first by `ensure_template`.

Last, no schema may keep a function of its own (tenants/functions.py): each migrated schema is normalised by
the post_migrate hook; schemas created before that rule, or touched by hand, are found here by one scan of
pg_proc and normalised, and shared trigger functions no trigger calls any more are dropped.
"""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django_tenants.management.commands.migrate_schemas import MigrateSchemasCommand
from django_tenants.migration_executors import get_executor
from django_tenants.postgresql_backend.base import _check_schema_name

from tenants.functions import drop_unused_shared_functions, normalise_schema_functions, schemas_with_functions
from tenants.models import Agency
from tenants.provisioning import ensure_public_tenant, ensure_template, template_schema

CHUNK = 100  # schemas per comparison query: few queries, and few locks held by any one of them


def _fingerprint_sql(schema: str) -> str:
    """One schema's row of the comparison query; its name goes in as a parameter (%s) and, as an identifier,
    only once django-tenants' own check has passed it (letters, digits and _, not pg_*: nothing to quote)."""
    _check_schema_name(schema)
    return ("SELECT %s, (SELECT md5(coalesce(string_agg(app || '.' || name, ',' ORDER BY app, name), '')) "
            f'FROM "{schema}".django_migrations)')  # nosec B608  # name checked just above


def migration_fingerprints(schemas: list[str]) -> dict[str, str | None]:
    """schema -> md5 of its applied migrations; None where the schema or its django_migrations is missing."""
    result: dict[str, str | None] = dict.fromkeys(schemas)
    with connection.cursor() as cursor:
        cursor.execute("SELECT n.nspname FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid "
                       "WHERE c.relname = 'django_migrations' AND c.relkind = 'r' AND n.nspname = ANY(%s)",
                       [schemas])
        present = sorted(row[0] for row in cursor.fetchall())
        for start in range(0, len(present), CHUNK):
            chunk = present[start:start + CHUNK]
            cursor.execute(" UNION ALL ".join(_fingerprint_sql(schema) for schema in chunk), chunk)
            result.update(dict(cursor.fetchall()))
    return result


def stale_agency_schemas() -> tuple[list[str], list[str], list[str]]:
    """(behind the template, up to date, without a schema) agency schema names."""
    names = list(Agency.objects.agencies().order_by("schema_name").values_list("schema_name", flat=True))
    template = template_schema()
    prints = migration_fingerprints([template, *names])
    behind, current, missing = [], [], []
    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace WHERE nspname = ANY(%s)", [names])
        existing = {row[0] for row in cursor.fetchall()}
    for name in names:
        if name not in existing:
            missing.append(name)
        elif prints[name] == prints[template]:
            current.append(name)
        else:
            behind.append(name)
    return behind, current, missing


def _listing(names: list[str], limit: int = 12) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" … (+{len(names) - limit})" if len(names) > limit else "")


class Command(BaseCommand):
    help = "Migrate the public schema and the template, then only the agency schemas that are behind."

    def add_arguments(self, parser):
        parser.add_argument("--executor", default="standard", choices=["standard", "multiprocessing", "subprocess"],
                            help="django-tenants executor for the schemas that are behind (subprocess: a fresh "
                                 "process per schema; needs manage.py)")
        parser.add_argument("--check", action="store_true", help="only report which schemas are behind")

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        if not options["check"]:
            call_command("migrate_schemas", shared=True, interactive=False, verbosity=max(verbosity - 1, 0))
            ensure_public_tenant()
            ensure_template(verbosity=max(verbosity - 1, 0))
        behind, current, missing = stale_agency_schemas()
        self.stdout.write(f"Up to date, skipped: {len(current)} agency schema(s)"
                          + (f": {_listing(current)}" if current else ""))
        if missing:
            self.stderr.write(self.style.WARNING(f"Agencies without a schema (not created here): {_listing(missing)}"))
        if not behind:
            self.stdout.write(self.style.SUCCESS("No agency schema needs migrating."))
        else:
            self.stdout.write(f"Behind the template: {len(behind)} agency schema(s): {_listing(behind)}")
            if not options["check"]:
                executor = get_executor(codename=options["executor"])(
                    (), self._migrate_options(verbosity, options["executor"]))
                executor.run_migrations(tenants=list(behind))
                connection.set_schema_to_public()
                self.stdout.write(self.style.SUCCESS(f"Migrated {len(behind)} agency schema(s)."))
        self._share_functions([template_schema(), *behind, *current], check=options["check"])
        self._seal_history([template_schema(), *behind, *current], check=options["check"])
        self._watch_table_use([template_schema(), *behind, *current], check=options["check"])

    def _seal_history(self, schemas: list[str], check: bool) -> None:
        """Schemas with a history table the sealing trigger misses (dropped by hand?): reported, else covered."""
        from history_seal.install import install, schemas_missing_triggers

        self._cover(schemas_missing_triggers(schemas), install, check,
                    "History tables without their seal trigger", "now sealed")

    def _watch_table_use(self, schemas: list[str], check: bool) -> None:
        """Schemas where a table the indicators may skip lacks its use trigger or row (a table newly watched by
        a code change, no migration): reported, else watched (supervision/table_use.py)."""
        from supervision.table_use import install, schemas_not_watched

        self._cover(schemas_not_watched(schemas), install, check, "Tables the rollup may skip, not watched",
                    "now watched")

    def _cover(self, missing: list[str], install, check: bool, what: str, done: str) -> None:
        """Run a trigger's `install` in each schema that misses it (unless --check) and say which they were."""
        if missing and not check:
            for schema in missing:
                install(schema)
        if missing:
            self.stdout.write(f"{what}{'' if check else f' ({done})'}: {len(missing)} schema(s): {_listing(missing)}")

    def _share_functions(self, schemas: list[str], check: bool) -> None:
        """Schemas that still hold functions of their own: reported by --check, else moved to public."""
        holding = schemas_with_functions(schemas)
        if holding and check:
            self.stdout.write(f"Holding functions of their own (moved to public when run without --check): "
                              f"{len(holding)} schema(s): {_listing(holding)}")
        elif holding:
            for schema in holding:
                normalise_schema_functions(schema)
            self.stdout.write(f"Moved functions to public out of {len(holding)} schema(s): {_listing(holding)}")
        if not check:
            dropped = drop_unused_shared_functions()
            if dropped:
                self.stdout.write(f"Dropped {dropped} shared trigger function(s) no trigger calls any more.")

    @staticmethod
    def _migrate_options(verbosity: int, executor: str) -> dict:
        """Every option migrate_schemas would pass to the executor, with its defaults."""
        parser = MigrateSchemasCommand().create_parser("manage.py", "migrate_schemas")
        options = vars(parser.parse_args(["--noinput", "--tenant", f"--executor={executor}",
                                          f"--verbosity={verbosity}"]))
        return options
