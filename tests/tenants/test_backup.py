"""Per-agency export and import (tenants/backup.py): the round trip is exact, a damaged or foreign archive is
refused whole, and the restored agency works."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django_tenants.utils import tenant_context

from accounts.roles import Role
from tenants.backup import BackupError, export_agency, import_agency
from tenants.models import Agency
from tests.documents.conftest import docx_bytes, upload
from tests.factories import PASSWORD
from tests.tenants.conftest import COMMITTING

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    """Messages matched in English here; one test reads the Vietnamese an operator sees by default."""
    from django.utils import translation

    with translation.override("en"):
        yield


# --- what the comparison reads, independently of the module under test -----------------------------------

def table_rows(schema: str) -> dict[str, list[tuple]]:
    """Every row of every table of the schema (django_migrations aside), all columns, in a stable order."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = %s "
                       "AND table_type = 'BASE TABLE' AND table_name <> 'django_migrations'", [schema])
        tables = sorted(name for (name,) in cursor.fetchall())
        rows = {}
        for table in tables:
            cursor.execute(f'SELECT * FROM "{schema}"."{table}"')
            rows[table] = sorted(cursor.fetchall(), key=repr)
    return rows


def sequence_states(schema: str) -> dict[str, tuple]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = %s", [schema])
        states = {}
        for (name,) in cursor.fetchall():
            cursor.execute(f'SELECT last_value, is_called FROM "{schema}"."{name}"')
            states[name] = cursor.fetchone()
    return states


def stored_files(schema: str) -> dict[str, bytes]:
    root = Path(settings.MEDIA_ROOT) / schema
    return {str(path.relative_to(root)): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def moved(rows: dict[str, list[tuple]], old: str, new: str) -> dict[str, list[tuple]]:
    """The source's rows as the restored agency must hold them: stored file names under the new folder."""
    def value(item):
        return new + item[len(old):] if isinstance(item, str) and item.startswith(old) else item

    return {table: sorted((tuple(value(item) for item in row) for row in table_rows_), key=repr)
            for table, table_rows_ in rows.items()}


def mentions(schema: str, text: str) -> list[str]:
    """Tables of `schema` with a row whose text (JSON included) contains `text`."""
    found = []
    with connection.cursor() as cursor:
        for table in table_rows(schema):
            cursor.execute(f'SELECT EXISTS (SELECT 1 FROM "{schema}"."{table}" t WHERE t::text LIKE %s)', [f"%{text}%"])
            if cursor.fetchone()[0]:
                found.append(table)
    return found


# --- agencies to export ----------------------------------------------------------------------------------

@pytest.fixture
def people(agency_a, user_factory):
    return {"secretary": user_factory(agency_a, Role.ISO_SECRETARY, full_name="Trần Thị Bình"),
            "approver": user_factory(agency_a, Role.APPROVER, full_name="Lê Văn Cường"),
            "reader": user_factory(agency_a, Role.STAFF, full_name="Ngô Văn Em")}


@pytest.fixture
def full_agency(agency_a, people):
    """Sở Tư pháp with a QMS in every area (the isolation matrix's: documents with files, records, procedures,
    dossiers, committee, objectives, risks, training, NCs, audits, reviews, announcement), history rows
    included."""
    from tests.api.test_isolation_matrix import build_qms

    build_qms(agency_a, secretary=people["secretary"], approver=people["approver"], reader=people["reader"],
              marker="sao lưu")
    return agency_a


@pytest.fixture
def small_agency(agency_a, people):
    """One document with one attached file."""
    from documents import services

    with tenant_context(agency_a):
        document = services.create_document(actor=people["secretary"], code="QT-01", kind="internal_procedure",
                                            title="Quy trình kiểm soát tài liệu", content="<p>Nội dung</p>")
        services.add_attachment(document.revisions.get(), actor=people["secretary"],
                                uploaded_file=upload("tai-lieu.docx", docx_bytes("Tệp đính kèm")))
    return agency_a


def rewrite(archive: Path, change) -> None:
    """Rewrite the archive with `change(name, bytes) -> bytes` applied to every member."""
    with tarfile.open(archive, "r:*") as tar:
        members = [(member, tar.extractfile(member).read()) for member in tar.getmembers() if member.isfile()]
    with tarfile.open(archive, "w:gz") as tar:
        for member, data in members:
            data = change(member.name, data)
            member.size = len(data)
            tar.addfile(member, io.BytesIO(data))


def change_manifest(archive: Path, **changes) -> None:
    def change(name, data):
        return json.dumps({**json.loads(data), **changes}).encode() if name == "manifest.json" else data

    rewrite(archive, change)


# --- the round trip --------------------------------------------------------------------------------------

def test_round_trip_is_exact_tables_sequences_and_files(full_agency, tmp_path, client):
    from audit_trail.services import verify

    source = full_agency.schema_name
    before = table_rows(source)
    assert sum(len(rows) for rows in before.values()) > 100
    history = [table for table, rows in before.items() if table.endswith("event") and rows]
    assert len(history) >= 10, history  # pghistory rows of many areas travel too
    files = stored_files(source)
    assert len(files) >= 3

    manifest = export_agency(full_agency, tmp_path / "so-tu-phap.tar.gz")
    assert manifest["agency"]["slug"] == "so-tu-phap"
    assert len(manifest["files"]) == len(files)
    report = import_agency(tmp_path / "so-tu-phap.tar.gz", "so-tu-phap-khoi-phuc", name="Sở Tư pháp (khôi phục)")

    restored = Agency.objects.get(slug="so-tu-phap-khoi-phuc")
    assert (restored.name, restored.level, restored.province) == ("Sở Tư pháp (khôi phục)", full_agency.level,
                                                                   full_agency.province)
    assert report.rows == sum(len(rows) for rows in before.values())
    after = table_rows(restored.schema_name)
    assert after.keys() == before.keys()
    expected = moved(before, f"{source}/", f"{restored.schema_name}/")
    for table in before:
        if table == "history_seal_seal":  # sealed anew: history's stored file names moved; same events, order
            assert [row[:3] for row in after[table]] == [row[:3] for row in before[table]]
            continue
        assert after[table] == expected[table], table
    assert sequence_states(restored.schema_name) == sequence_states(source)
    from supervision.table_use import unused_tables  # rows came in with triggers off: marked after the load

    assert unused_tables([restored.schema_name])[restored.schema_name] == unused_tables([source])[source]
    assert {"documents_document", "risks_risk"}.isdisjoint(unused_tables([restored.schema_name])[restored.schema_name])
    assert stored_files(restored.schema_name) == files
    assert mentions(restored.schema_name, f"{source}/") == []  # no row still points into the source's folder
    assert table_rows(source) == before  # the source is untouched

    # People come back by username; the restored agency works: log-in, a document's page, its file.
    usernames = {entry["username"] for entry in manifest["memberships"]}
    assert {name.split(" ")[0] for name in report.memberships} == usernames and not report.missing_users
    secretary = restored.memberships.get(role=Role.ISO_SECRETARY).user
    client.defaults["HTTP_HOST"] = f"{restored.slug}.{settings.EISO_BASE_DOMAIN}"
    assert client.post("/login/", {"username": secretary.username, "password": PASSWORD}).status_code == 302
    with tenant_context(restored):
        from documents.models import Attachment, Document

        document = Document.objects.get(code="QT-MX-01")
        attachment = Attachment.objects.filter(revision__document=document).first()
        assert attachment.file.name.startswith(f"{restored.schema_name}/")
    page = client.get(f"/documents/{document.pk}/")
    assert page.status_code == 200 and "Quy trình đăng ký khai tử sao lưu" in page.content.decode()
    download = client.get(f"/documents/attachments/{attachment.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == files[attachment.file.name.split("/", 1)[1]]
    # New rows get new ids after the restored ones, and history goes on being recorded.
    with tenant_context(restored):
        from documents import services

        created = services.create_document(actor=secretary, code="QT-MOI", kind="internal_procedure",
                                           title="Quy trình mới", content="<p>Mới</p>")
        assert created.pk > max(row[0] for row in before["documents_document"])
    events = {table: len(rows) for table, rows in table_rows(restored.schema_name).items() if table.endswith("event")}
    assert any(count > len(after[table]) for table, count in events.items())  # the triggers are back on
    assert verify(restored.pk) == [] and verify(full_agency.pk) == []
    from history_seal.services import verify as verify_history

    assert verify_history(restored).intact and verify_history(full_agency).intact


def test_commands_export_and_import(small_agency, tmp_path):
    archive = tmp_path / "so-tu-phap.tar.xz"
    out = io.StringIO()
    call_command("export_agency", "so-tu-phap", str(archive), stdout=out)
    assert "Exported Sở Tư pháp" in out.getvalue() and archive.exists()
    call_command("import_agency", str(archive), "--into", "so-tu-phap-2", stdout=out)
    assert "Imported into Sở Tư pháp" in out.getvalue()
    assert stored_files("so_tu_phap_2") == stored_files("so_tu_phap")
    with pytest.raises(CommandError, match="No agency"):
        call_command("export_agency", "khong-co", str(tmp_path / "x.tar.gz"))


# --- refusals: nothing is created --------------------------------------------------------------------------

def _refused(archive, slug="so-tu-phap-2", match=None):
    with pytest.raises(BackupError, match=match):
        import_agency(archive, slug)
    assert not Agency.objects.filter(slug="so-tu-phap-2").exists()
    assert not (Path(settings.MEDIA_ROOT) / "so_tu_phap_2").exists()


def test_an_altered_table_or_file_is_refused(small_agency, tmp_path):
    archive = tmp_path / "a.tar.gz"
    export_agency(small_agency, archive)
    rewrite(archive, lambda name, data: data.replace("Quy trình".encode(), b"Quy trinh")
            if name == "data/documents_document.copy" else data)
    _refused(archive, match="checksum of data/documents_document.copy")
    from django.utils import translation

    with translation.override("vi"):
        _refused(archive, match="Mã kiểm tra của data/documents_document.copy không khớp")

    export_agency(small_agency, archive)
    rewrite(archive, lambda name, data: data + b"x" if name.startswith("files/") else data)
    _refused(archive, match="checksum of files/")

    export_agency(small_agency, archive)
    rewrite(archive, lambda name, data: b"" if name == "data/documents_attachment.copy" else data)
    _refused(archive, match="checksum")


def test_another_migration_state_or_installation_is_refused(small_agency, tmp_path):
    archive = tmp_path / "a.tar.gz"
    export_agency(small_agency, archive)
    change_manifest(archive, migrations="0" * 64)
    _refused(archive, match="migration state")

    export_agency(small_agency, archive)
    change_manifest(archive, installation="another")
    _refused(archive, match="another installation")

    (tmp_path / "junk.tar.gz").write_bytes(b"not an archive")
    _refused(tmp_path / "junk.tar.gz", match="cannot be read")


def test_import_into_an_agency_holding_data_is_refused(small_agency, tmp_path, user_factory):
    from documents import services

    archive = tmp_path / "a.tar.gz"
    export_agency(small_agency, archive)
    other = Agency.objects.get(slug="so-y-te")
    before = table_rows(other.schema_name)
    with tenant_context(other):
        services.create_document(actor=user_factory(other, Role.ISO_SECRETARY), code="QT-YT", kind="internal_procedure",
                                 title="Quy trình của Sở Y tế", content="<p>Y tế</p>")
    holding = table_rows(other.schema_name)
    with pytest.raises(BackupError, match="already holds data"):
        import_agency(archive, "so-y-te")
    assert table_rows(other.schema_name) == holding != before
    with pytest.raises(BackupError, match="not an agency"):
        import_agency(archive, "eiso-template")


def test_import_into_an_existing_empty_agency_and_users_missing_here(small_agency, tmp_path):
    archive = tmp_path / "a.tar"
    manifest = export_agency(small_agency, archive)
    # a member with no account here (users live in public: never in the archive)
    change_manifest(archive, memberships=[*manifest["memberships"],
                                          {"username": "nguoi-da-roi-di", "role": Role.STAFF, "unit": ""}])
    empty = Agency.objects.get(slug="so-y-te")
    report = import_agency(archive, "so-y-te")
    assert report.agency == empty and report.missing_users == ["nguoi-da-roi-di"]
    assert stored_files("so_y_te") == stored_files("so_tu_phap")
    assert not empty.memberships.filter(user__username="nguoi-da-roi-di").exists()
    assert empty.memberships.filter(role=Role.ISO_SECRETARY).exists()


# --- the operator's jobs -----------------------------------------------------------------------------------

def test_jobs_export_then_import_with_progress_and_failures_said(small_agency, tmp_path, settings,
                                                                 django_capture_on_commit_callbacks):
    from django.test import Client

    from tenants.backup import run_job
    from tenants.models import BackupJob
    from tests.factories import make_user

    settings.EISO_BACKUP_DIR = str(tmp_path / "backups")
    operator = make_user(superuser=True)
    admin = Client(HTTP_HOST="localhost")
    admin.force_login(operator)
    with django_capture_on_commit_callbacks() as sent:
        response = admin.post("/admin/tenants/agency/", {"action": "export_agencies",
                                                         "_selected_action": [small_agency.pk]})
    assert response.status_code == 302 and len(sent) == 1  # the task is sent once the job row commits
    export = BackupJob.objects.get(kind=BackupJob.Kind.EXPORT)
    assert (export.agency, export.state, export.created_by) == (small_agency, BackupJob.State.PENDING, operator)
    export = run_job(export.pk)
    assert export.state == BackupJob.State.DONE and Path(export.archive).is_file()
    assert export.total == export.done > 0 and export.finished_at
    assert run_job(export.pk).finished_at == export.finished_at  # run again (a retry): left alone

    response = admin.post("/admin/tenants/backupjob/add/", {"archive": export.archive, "slug": "so-tu-phap-2",
                                                           "name": "Sở Tư pháp (khôi phục)"})
    assert response.status_code == 302, response.content.decode()[:2000]
    restore = run_job(BackupJob.objects.get(kind=BackupJob.Kind.IMPORT).pk)
    assert restore.state == BackupJob.State.DONE, restore.message
    assert restore.agency.slug == "so-tu-phap-2" and restore.agency.name == "Sở Tư pháp (khôi phục)"
    assert stored_files("so_tu_phap_2") == stored_files("so_tu_phap")
    assert admin.get(f"/admin/tenants/backupjob/{restore.pk}/change/").status_code == 200

    again = run_job(BackupJob.objects.create(kind=BackupJob.Kind.IMPORT, archive=export.archive,
                                             slug="so-tu-phap-2").pk)
    # the job's language, else the site's (Vietnamese): an operator reads why in the admin
    assert again.state == BackupJob.State.FAILED and "so-tu-phap-2 đã có dữ liệu" in again.message

    staff = Client(HTTP_HOST="localhost")
    staff.force_login(make_user(small_agency, Role.AGENCY_ADMIN))
    assert staff.get("/admin/tenants/backupjob/add/").status_code in (302, 403)


def test_a_job_left_running_by_a_dead_worker_runs_again_and_a_live_one_is_left_alone(small_agency, tmp_path,
                                                                                    settings):
    from datetime import timedelta

    from django.db import DEFAULT_DB_ALIAS, connections
    from django.utils import timezone

    from tenants.backup import JOB_LOCK, export_path, jobs_to_resend, run_job
    from tenants.models import BackupJob

    settings.EISO_BACKUP_DIR = str(tmp_path / "backups")
    orphan = BackupJob.objects.create(kind=BackupJob.Kind.EXPORT, agency=small_agency,
                                      archive=str(export_path(small_agency)), state=BackupJob.State.RUNNING)
    lost = BackupJob.objects.create(kind=BackupJob.Kind.EXPORT, agency=small_agency,
                                    archive=str(tmp_path / "backups" / "lost.tar.gz"))
    fresh = BackupJob.objects.create(kind=BackupJob.Kind.EXPORT, agency=small_agency,
                                     archive=str(tmp_path / "backups" / "fresh.tar.gz"))
    long_ago = timezone.now() - timedelta(minutes=10)
    BackupJob.objects.filter(pk__in=[orphan.pk, lost.pk]).update(updated_at=long_ago)
    assert jobs_to_resend() == [orphan.pk, lost.pk]  # not the one just made: its message is on its way

    live = connections.create_connection(DEFAULT_DB_ALIAS)  # a worker still running the job holds its lock
    try:
        with live.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [JOB_LOCK, orphan.pk])
        assert run_job(orphan.pk).state == BackupJob.State.RUNNING  # left alone
    finally:
        live.close()  # the worker died: its connection, and with it the lock, are gone
    done = run_job(orphan.pk)
    assert done.state == BackupJob.State.DONE and Path(done.archive).is_file(), done.message
    assert run_job(fresh.pk).state == BackupJob.State.DONE


def test_a_backup_job_sent_while_redis_is_down_waits_in_the_outbox(small_agency, tmp_path, settings, monkeypatch,
                                                                   django_capture_on_commit_callbacks):
    from core.models import PendingTask
    from eiso.celery import app
    from tenants.backup import export_path, start_backup_job
    from tenants.models import BackupJob

    def refused(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(app, "send_task", refused)
    with django_capture_on_commit_callbacks(execute=True):
        job = start_backup_job(BackupJob.Kind.EXPORT, agency=small_agency, archive=export_path(small_agency))
    kept = PendingTask.objects.get(task="tenants.run_backup_job")
    assert (kept.args, kept.schema_name) == ([job.pk], "public")


@pytest.fixture
def media_for_worker(monkeypatch, settings, tmp_path):
    """The worker process reads the same media folder, and writes archives where the test looks."""
    settings.EISO_BACKUP_DIR = str(tmp_path / "backups")
    monkeypatch.setenv("MEDIA_ROOT", str(settings.MEDIA_ROOT))
    monkeypatch.setenv("EISO_BACKUP_DIR", settings.EISO_BACKUP_DIR)


@COMMITTING
def test_a_celery_worker_exports_and_imports_outside_any_test_transaction(
        rebuild_base_province_after, media_for_worker, celery_worker_process, people):
    """Committed for real: the export's read-only snapshot, the progress on its own connection, the import's
    one transaction, in the worker's process. The base province is rebuilt afterwards."""
    import time

    from tenants.backup import export_path, start_backup_job
    from tenants.models import BackupJob

    agency = Agency.objects.get(slug="so-tu-phap")
    from documents import services

    with tenant_context(agency):
        document = services.create_document(actor=people["secretary"], code="QT-01", kind="internal_procedure",
                                            title="Quy trình kiểm soát tài liệu", content="<p>Nội dung</p>")
        services.add_attachment(document.revisions.get(), actor=people["secretary"],
                                uploaded_file=upload("tai-lieu.docx", docx_bytes("Tệp đính kèm")))

    def finished(job):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.state in (BackupJob.State.DONE, BackupJob.State.FAILED):
                return job
            time.sleep(0.2)
        pytest.fail(f"job {job.pk} still {job.state}")

    export = finished(start_backup_job(BackupJob.Kind.EXPORT, agency=agency, archive=export_path(agency)))
    assert export.state == BackupJob.State.DONE, export.message
    assert export.step == "files" and export.done == export.total == 1
    restore = finished(start_backup_job(BackupJob.Kind.IMPORT, archive=export.archive, slug="so-tu-phap-2"))
    assert restore.state == BackupJob.State.DONE, restore.message
    assert stored_files("so_tu_phap_2") == stored_files("so_tu_phap") != {}
    assert table_rows("so_tu_phap_2")["documents_document"] == table_rows("so_tu_phap")["documents_document"]
