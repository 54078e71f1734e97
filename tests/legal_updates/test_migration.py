"""The legal references documents carried move into the province's register without loss
(legal_updates.0002, then documents.0007 drops the old table; its history table stays)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django_tenants.utils import schema_context, tenant_context

pytestmark = pytest.mark.django_db

BEFORE = [("legal_updates", "0001_initial")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor


def test_references_become_register_entries_and_links_and_come_back(province, supervisor, user_factory):
    from accounts.roles import Role
    from documents import services
    from legal import services as register_services
    from legal.models import LegalDocument
    from tenants.provisioning import AgencySpec, create_agency

    keeper = user_factory(supervisor, Role.SUPERVISOR_ADMIN)
    with tenant_context(supervisor):  # the DOST already keeps one of the numbers, without its title
        kept = register_services.create_legal_document(actor=keeper, number="19/2014/QĐ-TTg", kind="decision")
    agency = create_agency(AgencySpec(name="UBND xã Thử Chuyển", level="commune", province=province,
                                      slug="xa-thu-chuyen-luat"))
    secretary = user_factory(agency, Role.ISO_SECRETARY)
    with tenant_context(agency):
        first = services.create_document(actor=secretary, code="QT-01", title="Quy trình một", kind="system_procedure")
        second = services.create_document(actor=secretary, code="QT-02", title="Quy trình hai", kind="guidance")
    with schema_context(agency.schema_name):
        executor = _migrate(BEFORE)
        old = executor.loader.project_state(BEFORE).apps.get_model("documents", "LegalReference")
        old.objects.create(document_id=first.pk, number="26/2014/TT-BKHCN", title="Thông tư 26",
                           issuer="Bộ Khoa học và Công nghệ", issued_on=date(2014, 10, 8),
                           effective_on=date(2014, 12, 1), articles="Điều 4")
        old.objects.create(document_id=first.pk, number="19/2014/qđ-ttg", title="Quyết định áp dụng TCVN ISO 9001",
                           issuer="Thủ tướng Chính phủ", issued_on=date(2014, 3, 5), effective_on=date(2014, 6, 1))
        old.objects.create(document_id=second.pk, number="26/2014/TT-BKHCN", articles="Điều 5")
        old.objects.create(document_id=second.pk, number="26/2014/TT-BKHCN", articles="Điều 7")
        with connection.cursor() as cursor:  # as if committed: documents.0007 drops the table they are in
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        executor = _migrate(executor.loader.graph.leaf_nodes())
    with tenant_context(agency):
        from documents.legal_basis import citations
        from legal_updates.models import LegalLink

        new = LegalDocument.objects.get(number="26/2014/TT-BKHCN")
        assert (new.province, new.added_by_agency, new.kind, new.title, new.issuer, new.signed_on,
                new.effective_on) == (province, agency, "circular", "Thông tư 26", "Bộ Khoa học và Công nghệ",
                                      date(2014, 10, 8), date(2014, 12, 1))
        kept.refresh_from_db()  # the DOST's entry is reused, its blanks filled, nothing duplicated
        assert (kept.added_by_agency, kept.title, kept.effective_on) == (None, "Quyết định áp dụng TCVN ISO 9001",
                                                                         date(2014, 6, 1))
        assert LegalDocument.objects.filter(number__iexact="19/2014/QĐ-TTg").count() == 1
        assert sorted((c.number, c.articles) for c in citations(first)) == [
            ("19/2014/QĐ-TTg", ""), ("26/2014/TT-BKHCN", "Điều 4")]
        assert [(c.number, c.articles) for c in citations(second)] == [("26/2014/TT-BKHCN", "Điều 5; Điều 7")]
        assert LegalLink.objects.count() == 3
        with connection.cursor() as cursor:  # the old history table stays, append-only
            cursor.execute("SELECT to_regclass(%s)", [f"{agency.schema_name}.documents_legalreferenceevent"])
            assert cursor.fetchone()[0] is not None
            cursor.execute("SELECT to_regclass(%s)", [f"{agency.schema_name}.documents_legalreference"])
            assert cursor.fetchone()[0] is None
    with schema_context(agency.schema_name):  # and back: the references again, from the links
        executor = _migrate(BEFORE)
        old = executor.loader.project_state(BEFORE).apps.get_model("documents", "LegalReference")
        assert sorted(old.objects.values_list("number", "articles", "effective_on")) == [
            ("19/2014/QĐ-TTg", "", date(2014, 6, 1)), ("26/2014/TT-BKHCN", "Điều 4", date(2014, 12, 1)),
            ("26/2014/TT-BKHCN", "Điều 5; Điều 7", date(2014, 12, 1))]
        _migrate(executor.loader.graph.leaf_nodes())


def test_a_schema_without_references_migrates_to_nothing(agency_a):
    from legal_updates.models import LegalLink

    with schema_context(agency_a.schema_name):
        executor = _migrate(BEFORE)
        _migrate(executor.loader.graph.leaf_nodes())
    with tenant_context(agency_a):
        assert not LegalLink.objects.exists()
