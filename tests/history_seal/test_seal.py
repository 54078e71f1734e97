"""Every history event of an agency is sealed in one hash chain by a database trigger; verify_history
recomputes it and names the first altered, deleted, unsealed or truncated row."""

from __future__ import annotations

import pghistory.models
import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django_tenants.utils import schema_context
from rest_framework.test import APIClient

from audit_trail.models import AuditEvent
from history_seal import install
from history_seal.models import Seal
from history_seal.services import ANCHOR_ACTION, Finding, check_and_anchor, verify
from tenants.models import Agency

pytestmark = pytest.mark.django_db


def _seals():
    return list(Seal.objects.order_by("position").values_list("position", "event_table", "event_id"))


def _raw(sql, params=()):
    """As an operator with SQL access would: the events' append-only triggers are bypassed."""
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        try:
            cursor.execute(sql, params)
        finally:
            cursor.execute("SET session_replication_role = origin")


@pytest.fixture
def history(in_agency_a, make_document):
    """A few documents made through the real service: their events, sealed."""
    for n in range(3):
        make_document(f"QT-NS-{n:02d}", title=f"Quy trình tuyển dụng công chức {n}")
    return _seals()


def test_a_change_through_a_service_is_sealed_in_one_unbroken_chain(history, agency_a):
    assert len(history) >= 6 and [row[0] for row in history] == list(range(1, len(history) + 1))
    assert {"documents_documentevent", "documents_revisionevent"} <= {row[1] for row in history}
    state = verify(agency_a)
    assert state.intact and state.events == len(history)
    assert state.head == Seal.objects.get(position=len(history)).chain_hash
    call_command("verify_history", agency=agency_a.slug)


def test_an_event_altered_by_sql_is_named(history, agency_a):
    position, table, event_id = history[len(history) // 2]
    _raw(f'UPDATE "{table}" SET pgh_label = %s WHERE pgh_id = %s', ["delete", event_id])
    assert verify(agency_a).first_broken == Finding(position, table, event_id, "altered")
    with pytest.raises(CommandError, match="1 agency"):
        call_command("verify_history", agency=agency_a.slug)


def test_a_deleted_event_is_named(history, agency_a):
    position, table, event_id = history[2]
    _raw(f'DELETE FROM "{table}" WHERE pgh_id = %s', [event_id])
    assert verify(agency_a).first_broken == Finding(position, table, event_id, "deleted")


def test_a_removed_seal_row_and_a_rewritten_one_are_named(history, agency_a):
    _raw("DELETE FROM history_seal_seal WHERE position = 3")
    assert verify(agency_a).first_broken == Finding(4, *history[3][1:], "seal_removed")
    _raw("INSERT INTO history_seal_seal SELECT 3, event_table, -1, row_hash, repeat('f', 64), now() "
         "FROM history_seal_seal WHERE position = 4")  # a row forged in the gap
    assert verify(agency_a).first_broken.position == 3
    assert verify(agency_a).first_broken.reason == "seal_altered"


def test_an_event_written_without_its_seal_is_named(history, agency_a, make_document):
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE documents_documentevent DISABLE TRIGGER {install.TRIGGER}")
    document = make_document("QT-NS-99")
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE documents_documentevent ENABLE TRIGGER {install.TRIGGER}")
    event = pghistory.models.Events.objects.filter(pgh_obj_model="documents.Document", pgh_obj_id=document.pk)
    finding = verify(agency_a).first_broken
    assert finding.reason == "unsealed" and finding.table == "documents_documentevent"
    assert finding.event_id == int(event.get().pgh_id)


def test_the_tail_removed_after_an_anchor_and_a_rewritten_chain_are_caught(history, agency_a):
    with schema_context("public"):
        state = check_and_anchor(agency_a)
        anchor = AuditEvent.objects.filter(chain=agency_a.pk, action=ANCHOR_ACTION).latest("id")
    assert anchor.detail["intact"] and anchor.detail["events"] == len(history) == state.events
    assert anchor.detail["head"] == state.head
    # The last two events go together with their seal rows: the chain itself is consistent ...
    for _position, table, event_id in history[-2:]:
        _raw(f'DELETE FROM "{table}" WHERE pgh_id = %s', [event_id])
    _raw("DELETE FROM history_seal_seal WHERE position > %s", [len(history) - 2])
    assert verify(agency_a).first_broken == Finding(len(history) - 1, "", None, "truncated")
    # ... as is one recomputed from an altered event onwards, but neither meets the anchored head.
    _raw("DELETE FROM history_seal_seal")
    with connection.cursor() as cursor:
        install.seal_existing(cursor, agency_a.schema_name, [table for table, _ in install.event_tables(
            cursor, agency_a.schema_name)])
    assert verify(agency_a).first_broken.reason in {"anchor", "truncated"}


def test_the_nightly_check_records_each_agency_and_the_admin_lists_it(history, agency_a, agency_b, client,
                                                                      user_factory, sent_tasks):
    from core.tasks import fan_out_chunk
    from history_seal.tasks import check_agency, check_all

    sent_tasks.run["core.fan_out_chunk"] = fan_out_chunk
    sent_tasks.run["history_seal.check_agency"] = check_agency
    connection.set_schema_to_public()
    _raw(f'UPDATE "{agency_a.schema_name}"."{history[0][1]}" SET pgh_label = %s WHERE pgh_id = %s',
         ["x", history[0][2]])
    check_all()
    sent = AuditEvent.objects.filter(action=ANCHOR_ACTION)
    assert sent.get(chain=agency_b.pk).detail["intact"] is True
    broken = sent.get(chain=agency_a.pk).detail
    assert broken["intact"] is False and broken["first_broken"]["event_id"] == history[0][2]
    assert sent.count() == Agency.objects.agencies().count()
    client.force_login(user_factory(superuser=True))
    page = client.get("/admin/history_seal/historycheck/", HTTP_HOST=settings.EISO_BASE_DOMAIN)
    assert page.status_code == 200
    assert agency_a.name in page.content.decode() and history[0][1] in page.content.decode()
    api = APIClient(HTTP_HOST=settings.EISO_BASE_DOMAIN)
    api.force_authenticate(user_factory(superuser=True))
    rows = {row["slug"]: row["history_check"] for row in api.get("/api/v1/agencies/").json()["results"]}
    assert rows[agency_b.slug]["intact"] and rows[agency_b.slug]["first_broken"] is None
    assert not rows[agency_a.slug]["intact"] and history[0][1] in rows[agency_a.slug]["first_broken"]


def test_two_writers_queue_on_the_agency_lock_and_a_fork_is_refused(history, agency_a):
    with connection.cursor() as cursor:
        # This transaction wrote events: it holds its agency's seal lock until it ends ...
        cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() "
                       "AND classid = %s AND objid = hashtext(%s)::oid", [install.LOCK_CLASS, agency_a.schema_name])
        assert cursor.fetchone()[0] == 1
    # ... and a seal row linking to a head already taken is refused, never a second branch.
    with pytest.raises(IntegrityError), transaction.atomic():
        Seal.objects.create(position=len(history), event_table="x", event_id=1, row_hash="0" * 64,
                            chain_hash="0" * 64, sealed_at=history and Seal.objects.first().sealed_at)


def _event_tables_of_models() -> set[str]:
    tenant_labels = {apps.get_app_config(name.rsplit(".", 1)[-1]).label for name in settings.TENANT_APPS
                     if name not in settings.SHARED_APPS}
    return {model._meta.db_table for model in apps.get_models()
            if issubclass(model, pghistory.models.Event) and not model._meta.proxy
            and model._meta.app_label in tenant_labels}


def test_every_event_table_of_every_agency_has_the_trigger_and_a_new_agency_too(province):
    from tenants.provisioning import AgencySpec, create_agency

    create_agency(AgencySpec(name="UBND xã Tân Hạnh", level="commune", province=province, slug="xa-tan-hanh"))
    expected = _event_tables_of_models()
    assert len(expected) > 20
    schemas = [settings.EISO_TEMPLATE_SCHEMA, *Agency.objects.agencies().values_list("schema_name", flat=True)]
    assert "xa_tan_hanh" in schemas
    with connection.cursor() as cursor:
        for schema in schemas:
            tables = dict(install.event_tables(cursor, schema))
            assert expected <= set(tables), schema  # found by its columns: every tracked model's event table
            assert all(tables.values()), (schema, [table for table, has in tables.items() if not has])
        cursor.execute("SELECT count(*) FROM pg_proc WHERE proname = %s", [install.FUNCTION])
        assert cursor.fetchone()[0] == 1  # one function, in public


def test_a_new_agency_seals_its_first_change(province, user_factory):
    from accounts.roles import Role
    from documents import services
    from tenants.provisioning import AgencySpec, create_agency

    agency = create_agency(AgencySpec(name="UBND xã Tân Hạnh", level="commune", province=province,
                                      slug="xa-tan-hanh"))
    secretary = user_factory(agency, Role.ISO_SECRETARY, full_name="Trần Thị Bình")
    with schema_context(agency.schema_name):
        connection.tenant = agency
        services.create_document(actor=secretary, code="QT-01", title="Quy trình tiếp nhận hồ sơ",
                                 kind="system_procedure", content="Nội dung")
        assert Seal.objects.count() >= 2
    assert verify(agency).intact


def test_an_event_table_a_later_migration_adds_is_covered_on_migrate(agency_a):
    with connection.cursor() as cursor:
        cursor.execute(f'DROP TRIGGER {install.TRIGGER} ON "{agency_a.schema_name}".documents_documentevent')
        cursor.execute(f'CREATE TABLE "{agency_a.schema_name}".later_thingevent (pgh_id bigint PRIMARY KEY, '
                       "pgh_label text, pgh_created_at timestamptz, note text)")
        cursor.execute(f'INSERT INTO "{agency_a.schema_name}".later_thingevent VALUES '
                       "(1, 'insert', '2026-01-01', 'có trước'), (2, 'insert', '2026-01-02', 'có sau')")
    schemas = [agency_a.schema_name, settings.EISO_TEMPLATE_SCHEMA]
    assert install.schemas_missing_triggers(schemas) == [agency_a.schema_name]  # what migrate_agencies covers
    assert sorted(install.install(agency_a.schema_name)) == ["documents_documentevent", "later_thingevent"]
    assert install.schemas_missing_triggers(schemas) == []
    assert install.install(agency_a.schema_name) == []  # idempotent
    with schema_context(agency_a.schema_name):
        assert [(s.event_table, s.event_id) for s in Seal.objects.order_by("position")] == [
            ("later_thingevent", 1), ("later_thingevent", 2)]
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO later_thingevent VALUES (3, 'insert', now(), 'mới')")
        assert Seal.objects.count() == 3
    assert verify(agency_a).intact


def test_two_writers_in_their_own_transactions_do_not_fork_the_chain():
    """Two real connections write history in one agency at once: the second waits for the first to commit,
    then links after it (committed rows, in an agency no other test writes to; removed at the end)."""
    import threading
    import time

    import psycopg2

    params = connection.get_connection_params()
    schema, table = "so_y_te", "race_thingevent"
    admin, first, second = (psycopg2.connect(**params) for _ in range(3))
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(f"CREATE TABLE {schema}.{table} (pgh_id bigint PRIMARY KEY, pgh_label text, "
                           "pgh_created_at timestamptz DEFAULT now())")
            cursor.execute(f"CREATE TRIGGER {install.TRIGGER} AFTER INSERT ON {schema}.{table} "
                           f"FOR EACH ROW EXECUTE FUNCTION public.{install.FUNCTION}()")
        first.cursor().execute(f"INSERT INTO {schema}.{table} (pgh_id, pgh_label) VALUES (1, 'insert')")
        done = threading.Event()

        def write_second():
            second.cursor().execute(f"INSERT INTO {schema}.{table} (pgh_id, pgh_label) VALUES (2, 'insert')")
            second.commit()
            done.set()

        writer = threading.Thread(target=write_second)
        writer.start()
        waiting = False
        for _ in range(100):  # the second writer queues on the agency's seal lock
            with admin.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
                               "AND classid = %s", [install.LOCK_CLASS])
                waiting = cursor.fetchone()[0] == 1
            if waiting:
                break
            time.sleep(0.05)
        assert waiting and not done.is_set()
        first.cursor().execute(f"INSERT INTO {schema}.{table} (pgh_id, pgh_label) VALUES (3, 'insert')")
        first.commit()
        writer.join(10)
        assert done.is_set()
        with admin.cursor() as cursor:  # (not through this test's connection: it would hold the table)
            cursor.execute(f"SELECT position, event_table, event_id, row_hash, chain_hash "
                           f"FROM {schema}.history_seal_seal ORDER BY position")
            rows = cursor.fetchall()
        assert [(row[1], row[2]) for row in rows] == [(table, 1), (table, 3), (table, 2)]
        previous = install.GENESIS
        for number, (position, _table, _id, row_hash, chain_hash) in enumerate(rows, 1):
            assert position == number and chain_hash == install.chain(previous, row_hash)
            previous = chain_hash
    finally:
        for conn in (first, second):
            conn.rollback()
            conn.close()
        with admin.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
            cursor.execute(f"DELETE FROM {schema}.history_seal_seal WHERE event_table = %s", [table])
            cursor.execute(f"DROP TABLE IF EXISTS {schema}.{table}")
        admin.close()
