"""No function lives in an agency schema (tenants/functions.py), and history and protection work as before.

A function created in every schema under one name makes every lookup by that name (each agency creation)
list all of them: creation grew linearly with the agency count (SCALE.md, bench/tenant_creation_scale.py).
"""

from __future__ import annotations

from io import StringIO

import pgtrigger
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import InternalError, connection, transaction
from django_tenants.utils import schema_context, tenant_context

from accounts.roles import Role
from tenants.models import Agency
from tenants.provisioning import AgencySpec, create_agency

pytestmark = pytest.mark.django_db


def _create(province, slug: str) -> Agency:
    return create_agency(AgencySpec(name=f"UBND xã {slug}", level=Agency.Level.COMMUNE, province=province,
                                    slug=slug))


def _tenant_schemas() -> list[str]:
    """Every agency schema and the template (everything but public)."""
    return list(Agency.objects.exclude(kind=Agency.Kind.PUBLIC).values_list("schema_name", flat=True))


def _functions_in(schema: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT proname FROM pg_proc WHERE pronamespace = %s::regnamespace ORDER BY 1", [schema])
        return [row[0] for row in cursor.fetchall()]


def _trigger_functions(schema: str) -> dict[str, str]:
    """trigger name (table-qualified) -> the schema of the function it calls."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname || '.' || t.tgname, p.pronamespace::regnamespace::text FROM pg_trigger t "
            "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid "
            "WHERE c.relnamespace = %s::regnamespace AND NOT t.tgisinternal", [schema])
        return dict(cursor.fetchall())


def test_no_function_name_is_repeated_across_agency_schemas(province):
    for slug in ("xa-mot", "xa-hai", "xa-ba"):
        _create(province, slug)
    schemas = _tenant_schemas()
    assert settings.EISO_TEMPLATE_SCHEMA in schemas and "xa_ba" in schemas and len(schemas) >= 8
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.proname, count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname = ANY(%s) GROUP BY p.proname HAVING count(*) > 1", [schemas])
        assert cursor.fetchall() == []
        # stronger: agency schemas hold no function at all, so none shares a name with public's either
        cursor.execute("SELECT n.nspname, p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                       "WHERE n.nspname = ANY(%s)", [schemas])
        assert cursor.fetchall() == []
        cursor.execute("SELECT count(*) FROM pg_proc WHERE proname = '_pgh_attach_context'")
        assert cursor.fetchone()[0] == 1
    # every trigger is still there, and calls a function in public
    template = _trigger_functions(settings.EISO_TEMPLATE_SCHEMA)
    assert len(template) >= 30 and set(template.values()) == {"public"}
    assert _trigger_functions("xa_ba") == template


def _history_and_protection_work(agency: Agency, user_factory) -> None:
    """A history row gets its context (who, what), and protected rows refuse change, in this agency."""
    from documents import services
    from documents.models import DocumentEvent, Revision

    secretary = user_factory(agency, Role.ISO_SECRETARY, full_name="Trần Thị Bình")
    reviewer = user_factory(agency, Role.ISO_SECRETARY, full_name="Phạm Minh Dũng")
    approver = user_factory(agency, Role.APPROVER, full_name="Lê Văn Cường")
    with tenant_context(agency):
        document = services.create_document(actor=secretary, code="QT-HT-01", title="Quy trình kiểm soát tài liệu",
                                            kind="system_procedure", content="<p>Bước 1: soạn thảo.</p>")
        event = DocumentEvent.objects.get(pgh_obj_id=document.pk, pgh_label="insert")
        assert event.pgh_context is not None
        assert event.pgh_context.metadata["user"] == secretary.pk
        assert event.pgh_context.metadata["user_name"] == "Trần Thị Bình"
        assert event.pgh_context.metadata["action"].startswith("documents.")
        with pytest.raises(InternalError, match="Cannot update or delete"), transaction.atomic():
            DocumentEvent.objects.update(title="xoá dấu vết")

        revision = document.revisions.get()
        services.submit_for_review(revision, actor=secretary, reviewers=[reviewer], approvers=[approver])
        services.decide(revision, actor=reviewer, decision="agreed", comment="Đồng ý")
        approved = services.decide(revision, actor=approver, decision="agreed", comment="Duyệt")
        with pytest.raises(InternalError, match="Cannot update"), transaction.atomic():
            Revision.objects.filter(pk=approved.pk).update(content="<p>đã sửa</p>")
        with pytest.raises(InternalError, match="Cannot delete"), transaction.atomic(), \
                connection.cursor() as cursor:
            cursor.execute("DELETE FROM documents_revision WHERE id = %s", [approved.pk])
        # pgtrigger.ignore still finds the trigger by its name
        with pgtrigger.ignore("documents.Revision:frozen_revision_content"):
            Revision.objects.filter(pk=approved.pk).update(change_summary="sửa có phép")


def test_history_context_and_protection_in_a_freshly_created_agency(province, user_factory):
    agency = _create(province, "xa-moi-tao")
    assert _functions_in(agency.schema_name) == []
    _history_and_protection_work(agency, user_factory)


def test_a_migration_that_reinstalls_triggers_in_an_existing_agency_leaves_no_function_there(province,
                                                                                            user_factory):
    """What a future migration that changes a trigger does in agencies that already exist."""
    from django.db.migrations.executor import MigrationExecutor

    agency = _create(province, "xa-cu")
    with schema_context(agency.schema_name):
        # back before documents.0003 (which re-installs every history trigger), as a deploy finds a schema
        MigrationExecutor(connection).migrate([("documents", "0002_search_vector_storage_main")])
    # pgtrigger installs by an unqualified CREATE FUNCTION: the functions land in the agency schema
    assert any(name.startswith("pgtrigger_") for name in _functions_in(agency.schema_name))
    connection.set_schema_to_public()

    call_command("migrate_schemas", schema_name=agency.schema_name, interactive=False, verbosity=0)
    connection.set_schema_to_public()
    assert _functions_in(agency.schema_name) == []
    assert _trigger_functions(agency.schema_name) == _trigger_functions(settings.EISO_TEMPLATE_SCHEMA)
    _history_and_protection_work(agency, user_factory)


def test_migrate_agencies_moves_functions_left_in_older_schemas(agency_b, user_factory):
    """An agency created before the rule holds its own copies; migrate_agencies moves them out."""
    from pghistory.models import Context

    from documents.models import Revision

    with schema_context(agency_b.schema_name):
        Context.install_pgh_attach_context_func()  # what pghistory's migrations did in every schema
        for trigger in Revision._meta.triggers:  # what pgtrigger's AddTrigger does
            with connection.cursor() as cursor:
                cursor.execute(trigger.compile(Revision).install_sql)
    assert "_pgh_attach_context" in _functions_in(agency_b.schema_name)
    out = StringIO()
    call_command("migrate_agencies", "--check", stdout=out)
    assert "Holding functions of their own" in out.getvalue() and "xa_long_duc" in out.getvalue()
    assert "_pgh_attach_context" in _functions_in(agency_b.schema_name)

    out = StringIO()
    call_command("migrate_agencies", stdout=out)
    assert "Moved functions to public out of 1 schema(s): xa_long_duc" in out.getvalue()
    assert _functions_in(agency_b.schema_name) == []
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_proc WHERE proname = '_pgh_attach_context'")
        assert cursor.fetchone()[0] == 1
    _history_and_protection_work(agency_b, user_factory)
