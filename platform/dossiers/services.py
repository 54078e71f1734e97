"""Every change to dossiers: an import is queued, then run by Celery (dossiers.tasks) from any source.

1. `start_import` (web page, API) checks the permission and the file, stores it and queues the job.
2. `run_import` (the task) reads the whole source through `dossiers.sources`, with progress on the job row.
   One bad row: the job fails with every error by line and nothing is applied.
3. Otherwise every dossier is applied in one transaction: INSERT … ON CONFLICT (source, external_id)
   DO UPDATE … WHERE the content hash differs, so a dossier exported again unchanged is not written at all
   (the counts say "unchanged") and importing the same file twice changes nothing; a changed dossier's steps
   are replaced. The job's final counts are saved in the same transaction, so a retried task (a worker that
   died) either finds the job done or applies it again with the same result.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.roles import Perm
from core.changes import after_commit, change, require
from core.errors import DomainError
from core.indicators import indicators_changed

from .models import Dossier, DossierImport
from .sources import DEFAULT_SOURCE, DossierRecord, DossierSource, RowError, SourceRejected, source_for

log = logging.getLogger(__name__)

IMPORT_PERM = Perm.EDIT_DOCUMENTS  # the ISO secretary and the agency administrator hold it
MAX_FILE_BYTES = 100 * 1024 * 1024  # a province department's year of dossiers is a few hundred thousand rows
CHUNK = 1000  # dossiers per INSERT statement
PROGRESS_EVERY = 5000  # rows checked between two progress saves
MAX_ERRORS = 1000  # errors kept on the job row (the count says how many there were)


def start_import(*, actor, upload, source: str = DEFAULT_SOURCE, queue: bool = True) -> DossierImport:
    """Store an uploaded CSV/JSON export and queue its import; the job row tells how it goes.

    `queue=False` leaves the job for the caller to run (the demo runs it at once, with no worker)."""
    require(actor, IMPORT_PERM)
    name = PurePath(getattr(upload, "name", "") or "").name[:255] or "dossiers.csv"
    suffix = PurePath(name).suffix.lower()
    if suffix not in (".csv", ".json"):
        raise DomainError("dossier_file_type", _("Send a CSV (.csv) or JSON (.json) file."))
    if not upload.size:
        raise DomainError("empty_file", _("The file is empty."))
    if upload.size > MAX_FILE_BYTES:
        raise DomainError("dossier_file_too_large", _("The file is larger than %(mb)d MB.")
                          % {"mb": MAX_FILE_BYTES // (1024 * 1024)})
    data = upload.read()
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError("dossier_file_encoding", _("The file is not UTF-8 text: save it as “CSV UTF-8”.")) from None
    job = DossierImport(file_name=name, sha256=hashlib.sha256(data).hexdigest(), format=suffix[1:],
                        source=(source or DEFAULT_SOURCE)[:32], started_by=actor,
                        language=translation.get_language() or "")
    with change(actor, "dossiers.start_import", file=name):
        job.file.save(name, ContentFile(data), save=False)
        job.save()
        if queue:
            after_commit(lambda: _send(job.pk))
    return job


def _send(job_id: int) -> None:
    from core import outbox

    outbox.send("dossiers.run_dossier_import", [job_id])


def run_import(job_id: int, on_progress: Callable[[DossierImport], None] | None = None) -> DossierImport:
    """Run a queued job (or one whose worker died); a finished job is left as it is."""
    with transaction.atomic():
        job = DossierImport.objects.select_for_update().get(pk=job_id)
        if job.finished:
            return job
        job.status, job.started_at, job.rows_done = DossierImport.Status.RUNNING, timezone.now(), 0
        job.save(update_fields=["status", "started_at", "rows_done", "updated_at"])
    with translation.override(job.language or None):
        try:
            with job.file.open("rb") as handle:
                text = handle.read().decode("utf-8-sig")
            return import_from_source(job, source_for(job.format, text, job.source), on_progress=on_progress)
        except Exception as exc:  # the job row must say it stopped, whatever stopped it
            log.exception("dossier import %s failed", job.pk)
            _fail(job, [RowError(0, None, _("The import stopped: %(reason)s") % {"reason": exc})])
            raise


def import_from_source(job: DossierImport, source: DossierSource,
                       on_progress: Callable[[DossierImport], None] | None = None) -> DossierImport:
    """Check everything `source` yields, then apply it all or nothing (see the module docstring)."""
    on_progress = on_progress or (lambda job: None)
    records: dict[str, DossierRecord] = {}
    errors: list[RowError] = []
    error_count = 0
    rows = set()
    try:
        for item in source.records():
            rows.add(item.line)
            if isinstance(item, RowError):
                error_count += 1
                if len(errors) < MAX_ERRORS:
                    errors.append(item)
            elif item.external_id in records:
                error_count += 1
                errors.append(RowError(item.line, "dossier_id", _("The dossier %(id)s is also on line %(line)d.")
                                       % {"id": item.external_id, "line": records[item.external_id].line}))
            else:
                records[item.external_id] = item
            if len(rows) % PROGRESS_EVERY == 0 and len(rows) != job.rows_done:
                job.rows_done = len(rows)
                job.save(update_fields=["rows_done", "updated_at"])
                on_progress(job)
    except SourceRejected as rejected:
        errors, error_count = rejected.errors, len(rejected.errors)
    job.rows_total = len(rows)
    if errors:
        if error_count > len(errors):
            errors.append(RowError(0, None, _("%(count)d more errors are not listed.") % {
                "count": error_count - len(errors)}))
        _fail(job, errors)
        on_progress(job)
        return job
    job.rows_done = job.rows_total  # every row checked; what follows is one transaction
    job.save(update_fields=["rows_total", "rows_done", "updated_at"])
    on_progress(job)
    with change(job.started_by, "dossiers.import_dossiers", job=job.pk):
        created, updated = _upsert(source.name, records.values())
        job.created_count, job.updated_count = created, updated
        job.unchanged_count = len(records) - created - updated
        job.rows_done, job.status, job.finished_at = job.rows_total, DossierImport.Status.DONE, timezone.now()
        job.errors = []
        job.save()
        if created or updated:
            indicators_changed()
    on_progress(job)
    return job


def _fail(job: DossierImport, errors: list[RowError]) -> None:
    job.errors = sorted((e.as_dict() for e in errors), key=lambda e: e["line"])
    job.status, job.finished_at = DossierImport.Status.FAILED, timezone.now()
    job.save()


_COLUMNS = ["source", "external_id", "tthc_code", "tthc_name", "agency_name", "handler", "received_at", "due_at",
            "resolved_at", "returned_at", "status", "content_hash", "created_at", "updated_at"]
_UPDATED = [c for c in _COLUMNS if c not in ("source", "external_id", "created_at")]


def _upsert(source_name: str, records: Iterable[DossierRecord]) -> tuple[int, int]:
    """Insert new dossiers, update changed ones, leave the rest; replace the steps of those written."""
    table = Dossier._meta.db_table
    placeholders = "(" + ", ".join(["%s"] * len(_COLUMNS)) + ")"
    sql_head = (f"INSERT INTO {table} ({', '.join(_COLUMNS)}) VALUES ")  # nosec B608  # names are constants
    sql_tail = (" ON CONFLICT (source, external_id) DO UPDATE SET "  # nosec B608  # names are constants
                + ", ".join(f"{c} = EXCLUDED.{c}" for c in _UPDATED)
                + f" WHERE {table}.content_hash IS DISTINCT FROM EXCLUDED.content_hash"
                " RETURNING id, external_id, (xmax = 0) AS inserted")
    now = timezone.now()
    records = list(records)
    created = updated = 0
    written: dict[int, DossierRecord] = {}
    replaced: list[int] = []
    by_id = {r.external_id: r for r in records}
    with connection.cursor() as cursor:
        for start in range(0, len(records), CHUNK):
            chunk = records[start:start + CHUNK]
            params = []
            for r in chunk:
                params += [source_name, r.external_id, r.tthc_code, r.tthc_name, r.agency_name, r.handler,
                           r.received_at, r.due_at, r.resolved_at, r.returned_at, r.status, r.content_hash, now, now]
            cursor.execute(sql_head + ", ".join([placeholders] * len(chunk)) + sql_tail, params)
            for pk, external_id, inserted in cursor.fetchall():
                written[pk] = by_id[external_id]
                if inserted:
                    created += 1
                else:
                    updated += 1
                    replaced.append(pk)
        if replaced:
            cursor.execute("DELETE FROM dossiers_dossierstep WHERE dossier_id = ANY(%s)", [replaced])
        steps = [(pk, step) for pk, record in written.items() for step in record.steps]
        step_columns = "(dossier_id, number, name, handler, started_at, finished_at, due_at)"
        for start in range(0, len(steps), CHUNK):
            chunk = steps[start:start + CHUNK]
            params = []
            for pk, s in chunk:
                params += [pk, s.number, s.name, s.handler, s.started_at, s.finished_at, s.due_at]
            # Straight to the driver: steps keep no history, and pghistory's context wrapper rewrites every
            # statement it sees (~40 ms for one of these); the dossiers' statements above set the context.
            cursor.cursor.execute(f"INSERT INTO dossiers_dossierstep {step_columns} VALUES "  # nosec B608  # constants
                                  + ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(chunk)), params)
    return created, updated
