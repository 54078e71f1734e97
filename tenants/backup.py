"""One agency's export to an archive and its import into a fresh agency of the same installation.

The cluster is backed up as a whole (physical backups, point-in-time recovery: deploy/README.md, "Backup and restore"); this is the
application-level copy of ONE agency, for moving it aside, inspecting it, or restoring it next to the original
after a mistake. `pg_dump -n <schema>` per agency does not scale (docs/SCALE.md) and could not carry the files.

The archive is a tar (gzip, xz or bzip2 by the file name's ending; plain .tar otherwise) holding:

- `manifest.json`: format version, source agency (registry fields, province code), the installation's id (the
  public schema row's uid), the schema's migration fingerprint, per table its columns, row count and sha256,
  per sequence its state, per file its sha256 and size, and the agency's memberships by username;
- `data/<table>.copy`: every table of the agency schema (django_migrations aside: the fingerprint stands for
  it) in COPY text format, ordered by primary key, so the same data always makes the same bytes;
- `files/<path>`: every file under the agency's media folder (`<schema>/…` in the default storage).

Import creates the agency (or takes an existing EMPTY one), checks the archive whole before writing anything
(format, installation, migration state, every checksum), then in one transaction loads every table with the
schema's user triggers disabled (pgtrigger protections and pghistory would refuse or re-record the rows:
history rows are restored as they were), re-enables them, checks the deferred foreign keys, sets every sequence
as it was, points stored file names at the new schema's folder and copies the files. Any failure rolls the
whole import back, the agency row and schema included, and removes files already copied.

What the archive does not carry: rows in `public` (users, the province's catalogue and legal register, audit
trail, supervision rollups, the DOST's inspections and notices, model procedure adoptions). Tenant rows refer
to public rows by plain ids (users, TTHC codes, legal documents), valid only in the installation that made
the archive: an import elsewhere is refused. Memberships travel by username: restored when the user exists,
reported otherwise.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, models, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from core.outbox import send_after_commit

from .models import Agency, Province

log = logging.getLogger(__name__)

FORMAT = 1
MANIFEST = "manifest.json"
SKIPPED_TABLES = {"django_migrations"}  # its rows are the migration fingerprint; the new schema has its own
_CHUNK = 1 << 20
_MODES = {".gz": "gz", ".tgz": "gz", ".xz": "xz", ".txz": "xz", ".bz2": "bz2", ".tbz2": "bz2"}

Progress = Callable[[str, int, int], None]  # (step, done, total)


class BackupError(Exception):
    """Why an archive cannot be made or restored, said so an operator can act on it."""


@dataclass
class ImportReport:
    agency: Agency
    tables: int = 0
    rows: int = 0
    files: int = 0
    memberships: list[str] = field(default_factory=list)  # "username (role)" restored
    missing_users: list[str] = field(default_factory=list)  # usernames with no account here


# --- reading the schema ---------------------------------------------------------------------------------

def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def migration_fingerprint(schema: str) -> str:
    """The schema's applied migrations, as one hash: an archive loads only into the same state."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT app, name FROM {_quote(schema)}.django_migrations ORDER BY app, name")  # nosec B608  # identifiers from the catalogue, quoted by _quote; values are parameters
        rows = cursor.fetchall()
    return hashlib.sha256(json.dumps(rows).encode()).hexdigest()


def installation_id() -> str:
    """This installation's identity: the public schema's registry row, created once per database."""
    public = Agency.objects.filter(kind=Agency.Kind.PUBLIC).values_list("uid", flat=True).first()
    return str(public) if public else ""


def tables_in_order(schema: str) -> list[str]:
    """The schema's tables, referenced before referencing (foreign keys are deferred anyway)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT c.relname FROM pg_class c WHERE c.relnamespace = %s::regnamespace "
                       "AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname", [schema])
        tables = [name for (name,) in cursor.fetchall() if name not in SKIPPED_TABLES]
        cursor.execute("SELECT c.relname, r.relname FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid "
                       "JOIN pg_class r ON r.oid = k.confrelid WHERE k.contype = 'f' "
                       "AND c.relnamespace = %s::regnamespace AND r.relnamespace = %s::regnamespace",
                       [schema, schema])
        needs: dict[str, set[str]] = {name: set() for name in tables}
        for table, referenced in cursor.fetchall():
            if table in needs and referenced in needs and referenced != table:
                needs[table].add(referenced)
    ordered: list[str] = []
    while needs:
        ready = sorted(name for name, before in needs.items() if not before - set(ordered))
        if not ready:  # a cycle: the deferred constraints are checked once everything is in
            ready = sorted(needs)
        for name in ready:
            ordered.append(name)
            del needs[name]
    return ordered


def columns_of(schema: str, table: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 "
                       "AND NOT attisdropped AND attgenerated = '' ORDER BY attnum",
                       [f"{_quote(schema)}.{_quote(table)}"])
        return [name for (name,) in cursor.fetchall()]


def _primary_key(schema: str, table: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
                       "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = %s::regclass AND i.indisprimary "
                       "ORDER BY array_position(i.indkey, a.attnum)", [f"{_quote(schema)}.{_quote(table)}"])
        return [name for (name,) in cursor.fetchall()]


def ordered_select(schema: str, table: str, columns: list[str]) -> str:
    """Every row of the table, in a stable order: by primary key, else by every column."""
    order = _primary_key(schema, table) or columns
    return (f"SELECT {', '.join(map(_quote, columns))} FROM {_quote(schema)}.{_quote(table)} "  # nosec B608  # identifiers from the catalogue, quoted by _quote; values are parameters
            f"ORDER BY {', '.join(map(_quote, order))}")


def sequences_of(schema: str) -> dict[str, tuple[int, bool]]:
    """Each sequence of the schema and its state (last value, called), so ids go on exactly as before."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname FROM pg_class WHERE relnamespace = %s::regnamespace AND relkind = 'S' "
                       "ORDER BY relname", [schema])
        names = [name for (name,) in cursor.fetchall()]
        states = {}
        for name in names:
            cursor.execute(f"SELECT last_value, is_called FROM {_quote(schema)}.{_quote(name)}")  # nosec B608  # identifiers from the catalogue, quoted by _quote; values are parameters
            last_value, is_called = cursor.fetchone()
            states[name] = (last_value, is_called)
    return states


def file_columns() -> dict[str, list[str]]:
    """Table -> columns holding stored file names (FileFields of the agency apps, history events included)."""
    found: dict[str, list[str]] = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label not in _tenant_app_labels():
            continue
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, models.FileField):
                found.setdefault(model._meta.db_table, []).append(model_field.column)
    return found


def _tenant_app_labels() -> set[str]:
    labels = set()
    for name in settings.TENANT_APPS:
        if name in settings.SHARED_APPS:
            continue
        labels.add(apps.get_app_config(name.rsplit(".", 1)[-1]).label)
    return labels


def media_files(schema: str) -> list[str]:
    """Every stored file under the agency's folder, as paths relative to it."""
    found: list[str] = []

    def walk(folder: str) -> None:
        try:  # no exists(): an object store has no folders, only keys under a prefix
            directories, files = default_storage.listdir(folder)
        except FileNotFoundError:
            return
        found.extend(str(PurePosixPath(folder, name).relative_to(schema)) for name in files)
        for directory in directories:
            walk(f"{folder}/{directory}")

    walk(schema)
    return sorted(found)


def _sha256_of(stream) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(_CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def _mode(path: Path, write: bool) -> str:
    compression = _MODES.get(path.suffix.lower(), "")
    return ("w:" if write else "r:") + compression


def _add_bytes(tar: tarfile.TarFile, name: str, stream, size: int) -> None:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(timezone.now().timestamp())
    tar.addfile(info, stream)


# --- export ---------------------------------------------------------------------------------------------

def agency_fields(agency: Agency) -> dict:
    return {"slug": agency.slug, "schema": agency.schema_name, "uid": str(agency.uid), "name": agency.name,
            "short_name": agency.short_name, "code": agency.code, "level": agency.level,
            "province": agency.province.code if agency.province_id else None,
            "valid_from": agency.valid_from.isoformat(), "address": agency.address,
            "obligation_basis": agency.obligation_basis, "field": agency.field}


def export_agency(agency: Agency, archive: str | Path, progress: Progress | None = None) -> dict:
    """Write the agency's tables and files to `archive`; returns the manifest. Reads one snapshot of the
    database (REPEATABLE READ) when called outside a transaction."""
    if agency.kind != Agency.Kind.AGENCY:
        raise BackupError(_("Only an agency can be exported, not the %(kind)s.") % {"kind": agency.get_kind_display()})
    archive = Path(archive)
    partial = archive.with_name(archive.name + ".partial")
    archive.parent.mkdir(parents=True, exist_ok=True)
    connection.set_schema_to_public()
    outermost = not connection.in_atomic_block
    if outermost:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")  # the tenant connection sets its search path now, outside the transaction
    try:
        with transaction.atomic():
            if outermost:
                with connection.cursor() as cursor:  # first statement of the transaction: one snapshot for all
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            with tarfile.open(partial, _mode(archive, write=True)) as tar:
                manifest = _write_contents(agency, tar, progress)
                body = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
                _add_bytes(tar, MANIFEST, io.BytesIO(body), len(body))
        partial.replace(archive)
    finally:
        partial.unlink(missing_ok=True)
        connection.set_schema_to_public()
    log.info("exported agency %s to %s", agency.slug, archive)
    return manifest


def _write_contents(agency: Agency, tar: tarfile.TarFile, progress: Progress | None) -> dict:
    from accounts.models import Membership

    schema = agency.schema_name
    tables = tables_in_order(schema)
    manifest = {
        "format": FORMAT, "created_at": timezone.now().isoformat(), "installation": installation_id(),
        "agency": agency_fields(agency), "migrations": migration_fingerprint(schema),
        "tables": [], "sequences": {name: list(state) for name, state in sequences_of(schema).items()},
        "files": {}, "file_columns": {t: c for t, c in file_columns().items() if t in tables},
        "memberships": [{"username": username, "role": role, "unit": unit} for username, role, unit in
                        Membership.objects.filter(agency=agency).order_by("user__username", "role")
                        .values_list("user__username", "role", "unit")],
    }
    with connection.cursor() as cursor:
        for number, table in enumerate(tables, 1):
            columns = columns_of(schema, table)
            with tempfile.TemporaryFile() as spool:
                cursor.copy_expert(f"COPY ({ordered_select(schema, table, columns)}) TO STDOUT", spool)
                rows = cursor.rowcount
                spool.seek(0)
                checksum, size = _sha256_of(spool)
                spool.seek(0)
                _add_bytes(tar, f"data/{table}.copy", spool, size)
            manifest["tables"].append({"name": table, "columns": columns, "rows": rows, "sha256": checksum})
            if progress:
                progress("tables", number, len(tables))
    paths = media_files(schema)
    for number, relative in enumerate(paths, 1):
        with default_storage.open(f"{schema}/{relative}", "rb") as stream:
            checksum, size = _sha256_of(stream)
            stream.seek(0)
            _add_bytes(tar, f"files/{relative}", stream, size)
        manifest["files"][relative] = {"sha256": checksum, "size": size}
        if progress:
            progress("files", number, len(paths))
    return manifest


# --- import ---------------------------------------------------------------------------------------------

def read_archive(archive: str | Path, into: Path) -> dict:
    """Unpack `archive` into the folder `into` and check it whole; returns its manifest."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(_("No archive at %(path)s.") % {"path": archive})
    try:
        with tarfile.open(archive, "r:*") as tar:
            tar.extractall(into, filter="data")
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(_("The archive cannot be read: %(error)s") % {"error": exc}) from exc
    try:
        manifest = json.loads((into / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(_("The archive has no readable manifest: it is not an agency export.")) from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(_("The archive's format %(found)s is not the one this version reads (%(expected)s).")
                          % {"found": manifest.get("format"), "expected": FORMAT})
    expected = {f"data/{table['name']}.copy": table["sha256"] for table in manifest["tables"]}
    expected.update({f"files/{path}": entry["sha256"] for path, entry in manifest["files"].items()})
    present = {str(path.relative_to(into)) for path in into.rglob("*") if path.is_file()} - {MANIFEST}
    for name in sorted(present - set(expected)):
        raise BackupError(_("The archive holds %(name)s, which its manifest does not list: it was altered.")
                          % {"name": name})
    for name, checksum in sorted(expected.items()):
        if name not in present:
            raise BackupError(_("The archive lacks %(name)s, which its manifest lists.") % {"name": name})
        with open(into / name, "rb") as stream:
            if _sha256_of(stream)[0] != checksum:
                raise BackupError(_("The checksum of %(name)s does not match the manifest: the archive was "
                                    "altered or damaged. Nothing was imported.") % {"name": name})
    return manifest


def _check_installation(manifest: dict) -> None:
    if manifest.get("installation") != installation_id():
        raise BackupError(_(
            "The archive comes from another installation. Its rows name users, TTHC codes and legal documents of "
            "that installation by their ids: it can be imported only where it was made."))


def _target_agency(manifest: dict, slug: str, name: str | None) -> Agency:
    """The existing empty agency `slug`, or a new one made like the source (no official code: the source
    keeps it)."""
    from .provisioning import AgencySpec, create_agency

    existing = Agency.objects.filter(slug=slug).first()
    if existing is not None:
        if existing.kind != Agency.Kind.AGENCY:
            raise BackupError(_("%(slug)s is not an agency.") % {"slug": slug})
        return existing
    source = manifest["agency"]
    province = Province.objects.filter(code=source["province"]).first()
    if province is None:
        raise BackupError(_("The source agency's province %(code)s does not exist here.") % {"code": source["province"]})
    from datetime import date

    return create_agency(AgencySpec(
        name=name or source["name"], level=source["level"], province=province, slug=slug,
        short_name=source["short_name"], valid_from=date.fromisoformat(source["valid_from"]),
        address=source["address"]))


def _refuse_unless_empty(agency: Agency, tables: list[str]) -> None:
    schema = agency.schema_name
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {_quote(schema)}.{_quote(table)})")  # nosec B608  # identifiers from the catalogue, quoted by _quote; values are parameters
            if cursor.fetchone()[0]:
                raise BackupError(_("The agency %(slug)s already holds data (table %(table)s): an archive is "
                                    "imported only into a new or empty agency.") % {"slug": agency.slug, "table": table})
    if media_files(schema):
        raise BackupError(_("The agency %(slug)s already holds files: an archive is imported only into a new or "
                            "empty agency.") % {"slug": agency.slug})


def import_agency(archive: str | Path, slug: str, name: str | None = None,
                  progress: Progress | None = None) -> ImportReport:
    """Restore an export into the new (or empty) agency `slug`: all of it, or nothing."""
    connection.set_schema_to_public()
    with tempfile.TemporaryDirectory(prefix="eiso-import-") as folder:
        unpacked = Path(folder)
        manifest = read_archive(archive, unpacked)
        _check_installation(manifest)
        written: list[str] = []
        try:
            with transaction.atomic():
                agency = _target_agency(manifest, slug, name)
                report = _load(agency, manifest, unpacked, written, progress)
        except BaseException:
            for stored in written:
                default_storage.delete(stored)
            raise
        finally:
            connection.set_schema_to_public()
    log.info("imported agency %s from %s (%s rows, %s files)", slug, archive, report.rows, report.files)
    return report


def _load(agency: Agency, manifest: dict, unpacked: Path, written: list[str], progress: Progress | None) -> ImportReport:
    schema = agency.schema_name
    if migration_fingerprint(schema) != manifest["migrations"]:
        raise BackupError(_("The archive was made at another migration state than this installation's agencies: "
                            "import it with the eISO version that made it, or bring both to the same migrations."))
    tables = tables_in_order(schema)
    archived = {table["name"]: table for table in manifest["tables"]}
    if set(archived) != set(tables):
        raise BackupError(_("The archive's tables differ from this installation's agency tables."))
    _refuse_unless_empty(agency, tables)
    report = ImportReport(agency=agency, tables=len(tables))
    with connection.cursor() as cursor:
        for table in tables:  # DDL inside the transaction: a failure leaves the triggers as they were
            cursor.execute(f"ALTER TABLE {_quote(schema)}.{_quote(table)} DISABLE TRIGGER USER")
        for number, table in enumerate(tables, 1):
            entry = archived[table]
            if columns_of(schema, table) != entry["columns"]:
                raise BackupError(_("The columns of %(table)s differ from the archive's.") % {"table": table})
            columns = ", ".join(map(_quote, entry["columns"]))
            with open(unpacked / "data" / f"{table}.copy", "rb") as stream:
                cursor.copy_expert(f"COPY {_quote(schema)}.{_quote(table)} ({columns}) FROM STDIN", stream)
            report.rows += entry["rows"]
            if progress:
                progress("tables", number, len(tables))
        _move_file_names(cursor, schema, tables, manifest)
        if manifest["agency"]["schema"] != schema:  # the history's file names moved with them: seal them anew
            from history_seal.install import reseal

            reseal(cursor, schema)
        from supervision.table_use import recheck

        recheck(cursor, schema)  # rows came in with triggers off: the tables they filled are marked used
        # Every foreign key checked now, not at commit (and a table with pending checks cannot be altered).
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for table in tables:
            cursor.execute(f"ALTER TABLE {_quote(schema)}.{_quote(table)} ENABLE TRIGGER USER")
        for sequence, (last_value, is_called) in manifest["sequences"].items():
            cursor.execute("SELECT setval(%s::regclass, %s, %s)", [f"{_quote(schema)}.{_quote(sequence)}",
                                                                   last_value, is_called])
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {_quote(schema)}.{_quote(table)}")  # nosec B608  # identifiers from the catalogue, quoted by _quote; values are parameters
            if cursor.fetchone()[0] != archived[table]["rows"]:
                raise BackupError(_("%(table)s did not load all its rows.") % {"table": table})
    _copy_files(schema, manifest, unpacked, written, progress)
    report.files = len(written)
    _restore_memberships(agency, manifest, report)
    from audit_trail.services import record
    from core.indicators import indicators_changed

    with schema_context(schema):
        indicators_changed()  # the supervisor's figures for it, once this commits
    record("agency.restored", agency=agency, target=agency.slug, source=manifest["agency"]["slug"],
           exported_at=manifest["created_at"], rows=report.rows, files=report.files)
    return report


def _move_file_names(cursor, schema: str, tables: list[str], manifest: dict) -> None:
    """Stored file names start with the source's schema folder: point them at the new one (the columns are
    this code's FileFields, the archive being of the same migrations)."""
    old = manifest["agency"]["schema"]
    if old == schema:
        return
    for table, columns in file_columns().items():
        if table not in tables:
            continue
        for column in columns:
            cursor.execute(f"UPDATE {_quote(schema)}.{_quote(table)} SET {_quote(column)} = %s || "  # nosec B608  # identifiers from the catalogue, quoted by _quote; values are parameters
                           f"substr({_quote(column)}, %s) WHERE starts_with({_quote(column)}, %s)",
                           [f"{schema}/", len(old) + 2, f"{old}/"])


def _copy_files(schema: str, manifest: dict, unpacked: Path, written: list[str], progress: Progress | None) -> None:
    paths = sorted(manifest["files"])
    with schema_context(schema):  # the tenant storage keeps names already under this schema's folder
        for number, relative in enumerate(paths, 1):
            name = f"{schema}/{relative}"
            with open(unpacked / "files" / relative, "rb") as stream:
                saved = default_storage.save(name, File(stream))
            written.append(saved)
            if saved != name:
                raise BackupError(_("The file %(name)s already exists in the agency's storage.") % {"name": name})
            if progress:
                progress("files", number, len(paths))


def _restore_memberships(agency: Agency, manifest: dict, report: ImportReport) -> None:
    from accounts.models import Membership, User

    for entry in manifest["memberships"]:
        user = User.objects.filter(username=entry["username"]).first()
        if user is None:
            report.missing_users.append(entry["username"])
            continue
        Membership.objects.get_or_create(user=user, agency=agency, role=entry["role"],
                                         defaults={"unit": entry["unit"]})
        report.memberships.append(f"{entry['username']} ({entry['role']})")



# --- as a Celery job, for the platform operator -----------------------------------------------------------

def export_path(agency: Agency) -> Path:
    return Path(settings.EISO_BACKUP_DIR) / f"{agency.slug}-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz"


def start_backup_job(kind: str, *, archive: str | Path, agency: Agency | None = None, slug: str = "",
                     name: str = "", user=None):
    """Record an export (of `agency`) or an import (into `slug`) and hand it to a worker once committed."""
    from .models import BackupJob

    with transaction.atomic():
        job = BackupJob.objects.create(kind=kind, agency=agency, archive=str(archive), slug=slug, name=name,
                                       language=translation.get_language() or "",
                                       created_by=user if user is not None and user.is_authenticated else None)
        # by the outbox: with Redis down the message waits in core.PendingTask, not lost
        send_after_commit("tenants.run_backup_job", job.pk, in_schema="public")
    return job


# A running job holds this session lock on a connection of its own until it ends: a worker killed mid-job
# loses its connection and with it the lock, so another worker can tell a dead job from a slow one.
JOB_LOCK = 7302
RESEND_AFTER = timedelta(minutes=1)
RUNNING_CHECK_AFTER = timedelta(minutes=5)


def jobs_to_resend(*, now=None) -> list[int]:
    """Jobs whose message may be lost (pending for a minute) or whose worker may have died (running with no
    progress for five): sending one again is safe, run_job takes it only if no live worker holds it."""
    from .models import BackupJob

    now = now or timezone.now()
    lost = Q(state=BackupJob.State.PENDING, updated_at__lt=now - RESEND_AFTER)
    stalled = Q(state=BackupJob.State.RUNNING, updated_at__lt=now - RUNNING_CHECK_AFTER)
    return list(BackupJob.objects.filter(lost | stalled).order_by("pk").values_list("pk", flat=True))


def run_job(job_id: int):
    """Run one job. A job done or failed is left alone, and so is one a live worker is running (it holds the
    job's lock); one left running by a dead worker is run again from the start: an import is all-or-nothing
    (its transaction died with the worker), an export writes its archive anew."""
    from .models import BackupJob

    connection.set_schema_to_public()
    # Progress goes through a connection of its own: the work runs in one long transaction (the export's
    # snapshot, the import's all-or-nothing), whose writes nobody would see before it ends. It also holds
    # the job's lock.
    side = connections.create_connection(DEFAULT_DB_ALIAS)
    with side.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [JOB_LOCK, job_id])
        if not cursor.fetchone()[0]:
            side.close()
            return BackupJob.objects.filter(pk=job_id).first()
    with transaction.atomic():
        job = (BackupJob.objects.select_for_update(skip_locked=True)
               .filter(pk=job_id, state__in=[BackupJob.State.PENDING, BackupJob.State.RUNNING]).first())
        if job is None:
            side.close()
            return BackupJob.objects.filter(pk=job_id).first()
        if job.state == BackupJob.State.RUNNING:
            log.warning("backup job %s: its worker died mid-way; run again from the start", job.pk)
        job.state = BackupJob.State.RUNNING
        job.save(update_fields=["state", "updated_at"])

    def progress(step: str, done: int, total: int) -> None:
        job.step, job.done, job.total = step, done, total
        try:
            with side.cursor() as cursor:
                cursor.execute(f'UPDATE "public"."{BackupJob._meta.db_table}" SET step = %s, done = %s, total = %s, '  # nosec B608  # identifiers from the catalogue, quoted by _quote; values are parameters
                               "updated_at = now() WHERE id = %s", [step, done, total, job.pk])
        except DatabaseError:  # progress is a courtesy: the job goes on
            log.warning("backup job %s: progress not written", job.pk, exc_info=True)

    try:
        with translation.override(job.language or settings.LANGUAGE_CODE):
            _run(job, progress)
        job.state = BackupJob.State.DONE
    except Exception as exc:  # noqa: BLE001 - the job row says why; the operator reads it in the admin
        log.exception("backup job %s failed", job.pk)
        job.state, job.message = BackupJob.State.FAILED, str(exc)
    finally:
        side.close()
    job.finished_at = timezone.now()
    connection.set_schema_to_public()
    job.save(update_fields=["agency", "message", "state", "step", "done", "total", "finished_at"])
    return job


def _run(job, progress: Progress) -> None:
    from .models import BackupJob

    if job.kind == BackupJob.Kind.EXPORT:
        manifest = export_agency(job.agency, job.archive, progress)
        rows = sum(table["rows"] for table in manifest["tables"])
        job.message = _("%(rows)d rows and %(files)d files written to %(archive)s.") % {
            "rows": rows, "files": len(manifest["files"]), "archive": job.archive}
    else:
        report = import_agency(job.archive, job.slug, name=job.name or None, progress=progress)
        job.agency = report.agency
        job.message = _("%(rows)d rows and %(files)d files restored into %(slug)s.") % {
            "rows": report.rows, "files": report.files, "slug": job.slug}
        if report.missing_users:
            job.message += " " + _("Not restored (no such user here): %(users)s.") % {
                "users": ", ".join(sorted(set(report.missing_users)))}
