"""Records moved out of documents without moving data: same tables, history kept, triggers under records'
names, and the move reverses cleanly (documents.0006 / records.0001)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django_tenants.utils import schema_context, tenant_context

from records import services as record_services
from records.models import Record, RecordRequirement


def _triggers(schema: str) -> dict[str, set[str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                       "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s AND NOT t.tgisinternal "
                       "AND c.relname LIKE 'documents_record%%' "
                       "AND t.tgname NOT IN ('eiso_history_seal', 'eiso_table_used')", [schema])  # not the models'
        found: dict[str, set[str]] = {}
        for table, name in cursor.fetchall():
            found.setdefault(table, set()).add(name)
    return found


def _expected() -> dict[str, set[str]]:
    from django.apps import apps

    expected: dict[str, set[str]] = {}
    for label in ("records.Record", "records.RecordRequirement", "records.RecordEvent",
                  "records.RecordRequirementEvent"):
        model = apps.get_model(label)
        expected.setdefault(model._meta.db_table, set()).update(t.get_pgid(model) for t in model._meta.triggers)
    return expected


@pytest.mark.django_db
def test_the_tables_keep_their_names_and_their_triggers_carry_records_names(agency_a):
    assert (Record._meta.db_table, RecordRequirement._meta.db_table) == ("documents_record",
                                                                        "documents_recordrequirement")
    assert _triggers(agency_a.schema_name) == _expected()


@pytest.mark.django_db
def test_filing_writes_history_with_who_and_the_history_cannot_be_rewritten(agency_a, people, publish_new):
    from django.db import IntegrityError, InternalError, transaction

    from records.history import record_history

    with tenant_context(agency_a):
        procedure = publish_new("QT-HT-04")
        record = record_services.file_record(actor=people.staff, document=procedure, year=2025,
                                             title="Phiếu khắc phục số 3", reference="Tủ hồ sơ ISO")
        (event,) = record_history(record)
        assert (event.event, event.user_name, event.action) == ("insert", people.staff.display_name,
                                                                "records.file_record")
        events = Record.pgh_event_model.objects.filter(pgh_obj_id=record.pk)
        with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
            events.update(title="sửa lịch sử")


@pytest.mark.django_db
def test_the_move_reverses_and_replays(province):
    from tenants.provisioning import AgencySpec, create_agency

    agency = create_agency(AgencySpec(name="UBND xã Thử Chuyển", level="commune", province=province,
                                      slug="xa-thu-chuyen"))
    with schema_context(agency.schema_name):
        executor = MigrationExecutor(connection)
        executor.migrate([("documents", "0005_bigint_history_keys"), ("records", None)])
        back = _triggers(agency.schema_name)
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert back["documents_record"] == {"pgtrigger_insert_insert_ecfdc", "pgtrigger_update_update_767e6",
                                        "pgtrigger_delete_delete_d3045"}
    assert _triggers(agency.schema_name) == _expected()
