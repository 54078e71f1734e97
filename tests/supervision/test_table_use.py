"""The rollup skips the tables an agency never used: the marks are right, and so is every area's answer for
them (each `when_unused` equals the computation with those tables emptied in an agency using every area)."""

from datetime import date

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from accounts.roles import Role
from core.indicators import compute_all, groups, watched_tables
from supervision import table_use

pytestmark = pytest.mark.django_db


def _table_has_rows(schema: str, table: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT EXISTS (SELECT 1 FROM "{schema}"."{table}")')
        return cursor.fetchone()[0]


def _unused(agency) -> frozenset[str]:
    return table_use.unused_tables([agency.schema_name])[agency.schema_name]


@pytest.fixture
def busy_agency(agency_a, user_factory):
    """Sở Tư pháp with a QMS in every area, through the real services (the isolation matrix's)."""
    from tests.api.test_isolation_matrix import build_qms

    build_qms(agency_a, secretary=user_factory(agency_a, Role.ISO_SECRETARY, full_name="Trần Thị Bình"),
              approver=user_factory(agency_a, Role.APPROVER, full_name="Lê Văn Cường"),
              reader=user_factory(agency_a, Role.STAFF, full_name="Ngô Văn Em"), marker="bỏ qua")
    return agency_a


def test_the_areas_skip_the_tables_their_figures_come_from():
    skipping = {group.key for group in groups if group.when_unused is not None}
    assert {"documents.document_indicators", "risks.risk_indicators", "audits.audit_indicators",
            "announcement.announcement_indicators", "nonconformities.nonconformity_indicators"} <= skipping
    assert {"documents_document", "risks_risk", "nonconformities_nonconformity"} <= set(watched_tables())


def test_a_new_agency_watches_every_table_and_has_used_none(agency_b):
    assert table_use.schemas_not_watched([agency_b.schema_name]) == []
    with connection.cursor() as cursor:
        cursor.execute("SELECT c.relname, t.tgenabled FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                       "WHERE c.relnamespace = %s::regnamespace AND t.tgname = %s", [agency_b.schema_name,
                                                                                     table_use.TRIGGER])
        triggers = dict(cursor.fetchall())
    assert sorted(triggers) == watched_tables() and set(triggers.values()) == {"A"}  # fires in replica mode too
    assert _unused(agency_b) == {t for t in watched_tables() if not _table_has_rows(agency_b.schema_name, t)}


def _record_risk(agency, owner) -> None:
    from risks import services

    services.record_risk(actor=owner, kind="risk", title="Hồ sơ trả chậm do thiếu cán bộ một cửa", likelihood=4,
                         impact=4, treatment="reduce", owner=owner, review_on=date(2027, 6, 1))


def test_the_first_row_marks_its_table_and_a_rolled_back_one_does_not(agency_b, user_factory):
    owner = user_factory(agency_b, Role.ISO_SECRETARY, full_name="Đỗ Thị Hoa")
    assert "risks_risk" in _unused(agency_b)
    with schema_context(agency_b.schema_name):
        connection.tenant = agency_b
        with pytest.raises(RuntimeError), transaction.atomic():
            _record_risk(agency_b, owner)
            assert "risks_risk" not in _unused(agency_b)
            raise RuntimeError("the request failed after the insert")
        assert "risks_risk" in _unused(agency_b)
        _record_risk(agency_b, owner)
    assert "risks_risk" not in _unused(agency_b)


def test_rows_written_while_a_trigger_was_missing_are_marked_when_it_comes_back(agency_b, user_factory):
    schema = agency_b.schema_name
    owner = user_factory(agency_b, Role.ISO_SECRETARY, full_name="Đỗ Thị Hoa")
    with connection.cursor() as cursor:
        cursor.execute(f'DROP TRIGGER {table_use.TRIGGER} ON "{schema}".risks_risk')
        cursor.execute(f"DELETE FROM {table_use.MARKS} WHERE schema_name = %s AND table_name = %s",
                       [schema, "training_trainingsession"])
    with schema_context(schema):
        connection.tenant = agency_b
        _record_risk(agency_b, owner)  # no trigger to see it
    assert "risks_risk" in _unused(agency_b)  # wrong until the trigger comes back: what install corrects
    assert table_use.schemas_not_watched([schema, "so_tu_phap"]) == [schema]  # what migrate_agencies covers
    assert table_use.install(schema) == ["risks_risk", "training_trainingsession"]
    assert table_use.schemas_not_watched([schema]) == [] and table_use.install(schema) == []
    unused = _unused(agency_b)
    assert "risks_risk" not in unused and "training_trainingsession" in unused


def test_each_area_answers_for_unused_tables_as_its_computation_does_with_them_emptied(busy_agency):
    """In an agency with every area in use, each group's declared tables are emptied (nothing else: the rows
    that referred to them stay) and its computation must give exactly its `when_unused`."""
    schema = busy_agency.schema_name
    checked = []
    with schema_context(schema):
        connection.tenant = busy_agency
        for group in groups:
            if group.when_unused is None:
                continue
            tables = sorted(group.unused_tables)
            assert any(_table_has_rows(schema, t) for t in tables), f"{group.key}: the fixture leaves it empty"
            with transaction.atomic():
                sid = transaction.savepoint()
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL session_replication_role = replica")  # keep what refers to them
                    for table in tables:
                        cursor.execute(f'DELETE FROM "{table}"')
                    cursor.execute("SET LOCAL session_replication_role = origin")
                assert group.compute() == group.when_unused, group.key
                transaction.savepoint_rollback(sid)
            checked.append(group.key)
    assert len(checked) >= 12


def test_the_rollup_equals_each_agencys_computation_and_reads_no_table_it_never_used(busy_agency, agency_b):
    from supervision.models import AgencyStatus
    from supervision.services import refresh_statuses

    assert refresh_statuses([busy_agency.pk, agency_b.pk]) == (2, [])
    for agency in (busy_agency, agency_b):
        with schema_context(agency.schema_name):
            assert AgencyStatus.objects.get(agency=agency).indicators == compute_all()  # every group computed
    assert _unused(busy_agency) < _unused(agency_b) == set(watched_tables())
    quiet, busy = _statements_for(agency_b), _statements_for(busy_agency)
    assert not [sql for sql in quiet for table in watched_tables() if f'FROM "{table}"' in sql], quiet
    assert len(quiet) <= 12 < len(busy), quiet  # 25 (and as many SETs) when every table was read


def _statements_for(agency) -> list[str]:
    """The statements the rollup runs for one agency (search_path changes aside)."""
    from supervision.services import refresh_statuses

    with CaptureQueriesContext(connection) as queries:
        refresh_statuses([agency.pk])
    return [q["sql"] for q in queries.captured_queries if not q["sql"].startswith("SET ")]


def test_a_trigger_installed_in_the_template_without_a_migration_changes_the_script_new_agencies_replay():
    from tenants.provisioning import template_fingerprint, template_schema

    before = template_fingerprint()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP TRIGGER IF EXISTS {table_use.TRIGGER} ON "{template_schema()}".risks_risk')
    dropped = template_fingerprint()
    table_use.install(template_schema())
    assert dropped != before == template_fingerprint()


def test_a_row_is_dated_no_later_than_the_marks_its_skips_relied_on(agency_b, monkeypatch):
    """A first row committed after the marks were read must not hide behind a row claiming to be newer: the
    change's own refresh (started later) wins over a chunk that skipped the table."""
    from django.utils import timezone

    from supervision.models import AgencyStatus
    from supervision.services import refresh_current_agency_status, refresh_statuses

    read_at = []
    real = table_use.unused_tables

    def reading(schemas):
        read_at.append(timezone.now())
        return real(schemas)

    monkeypatch.setattr(table_use, "unused_tables", reading)
    refresh_statuses([agency_b.pk])
    assert AgencyStatus.objects.get(agency=agency_b).refreshed_at <= read_at[-1]
    with schema_context(agency_b.schema_name):
        connection.tenant = agency_b
        row = refresh_current_agency_status()
    assert len(read_at) == 2 and row.refreshed_at <= read_at[-1]
