"""Lineage carry-over: an ended predecessor is read-only for everyone; its successor's people read its QMS
(never change it); an unrelated agency's people read nothing of it; the successor's announcement is
outdated on the DOST's dashboard once its rollup is recomputed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context

from accounts.roles import Role
from accounts.services import can_enter, perms_in
from tenants.models import Agency

pytestmark = pytest.mark.django_db


def _document(agency, actor, approver, code="QT-P5-01"):
    """A document issued while the agency ran (staff and successors read issued editions)."""
    from documents import services

    with tenant_context(agency):
        document = services.create_document(actor=actor, code=code, kind="system_procedure",
                                            title="Quy trình tiếp công dân Phường 5", content="<p>Nội dung</p>")
        edition = document.revisions.get()
        services.submit_for_review(edition, actor=actor, reviewers=[], approvers=[approver])
        services.publish(services.decide(edition, actor=approver, decision="agreed"), actor=actor)
        return document


def test_successor_reads_predecessor_changes_nothing_unrelated_reads_nothing(pair, as_dost, dost_admin,
                                                                            user_factory, tenant_client, api_client,
                                                                            agency_a):
    from documents.models import Document
    from lineage import services

    old_secretary = user_factory(pair[0], Role.ISO_SECRETARY, full_name="Thư ký Phường 5")
    _document(pair[0], old_secretary, user_factory(pair[0], Role.APPROVER, full_name="Chủ tịch Phường 5"))
    successor = Agency.objects.get(pk=as_dost(
        services.record_merger, dost_admin, predecessors=[a.pk for a in pair],
        new_successor=services.NewAgency(name="UBND phường Thanh Đức", slug="phuong-thanh-duc", level="commune"),
        effective_date=timezone.localdate() - timedelta(days=30), legal_basis="Nghị quyết số 1687/NQ-UBTVQH15"
    ).successors.get().pk)
    predecessor = Agency.objects.get(pk=pair[0].pk)
    secretary = user_factory(successor, Role.STAFF, full_name="Công chức phường Thanh Đức")
    unrelated = user_factory(agency_a, Role.ISO_SECRETARY, full_name="Thư ký Sở Tư pháp")

    assert perms_in(secretary, predecessor) == {"view_qms"}  # what a staff member reads, nothing more
    assert can_enter(secretary, predecessor) and not can_enter(unrelated, predecessor)
    web = tenant_client(predecessor, secretary)
    page = web.get("/documents/")
    assert page.status_code == 200 and "QT-P5-01" in page.content.decode()
    assert web.get("/documents/new/").status_code == 403
    assert web.post("/documents/new/", {"code": "QT-X", "title": "x", "kind": "system_procedure"}).status_code == 403
    api = api_client(predecessor, secretary)
    assert [row["code"] for row in api.get("/api/v1/documents/").json()["results"]] == ["QT-P5-01"]
    assert api.post("/api/v1/documents/", {"code": "QT-X", "title": "Quy trình", "kind": "system_procedure"},
                    format="json").status_code == 403

    # Its own people too: an agency that ended is read-only for everyone.
    assert tenant_client(predecessor, old_secretary).get("/documents/").status_code == 200
    assert api_client(predecessor, old_secretary).post(
        "/api/v1/documents/", {"code": "QT-Y", "title": "Quy trình", "kind": "system_procedure"},
        format="json").status_code == 403

    assert perms_in(unrelated, predecessor) == frozenset()
    assert tenant_client(predecessor, unrelated).get("/documents/").status_code in (302, 403)
    assert api_client(predecessor, unrelated).get("/api/v1/documents/").status_code == 403
    with tenant_context(predecessor):
        assert list(Document.objects.values_list("code", flat=True)) == ["QT-P5-01"]
    # The successor's own site is still its own to change; its secretary reads the history too, writes nothing.
    assert "file_records" in perms_in(secretary, successor)
    successor_secretary = user_factory(successor, Role.ISO_SECRETARY, full_name="Thư ký phường Thanh Đức")
    assert perms_in(successor_secretary, predecessor) == {"view_qms", "view_history"}
    assert api_client(predecessor, successor_secretary).post(
        "/api/v1/documents/", {"code": "QT-Z", "title": "Quy trình", "kind": "system_procedure"},
        format="json").status_code == 403


def test_the_successors_announcement_is_outdated_on_the_dashboard_after_the_merger(
        pair, as_dost, dost_admin, agency_b, monkeypatch, django_capture_on_commit_callbacks, sent_tasks):
    from datetime import date

    from announcement import selectors as announcement_selectors
    from announcement.models import Announcement, Confirmation
    from lineage import services
    from supervision.models import AgencyStatus
    from supervision.services import refresh_current_agency_status

    monkeypatch.setattr(announcement_selectors, "has_documents_in_force", lambda: True)
    with tenant_context(agency_b):
        confirmation = Confirmation.objects.create(confirmed_on=date(2025, 5, 1), head_name="Nguyễn Văn Hải",
                                                   head_title="Chủ tịch", note="", recorded_by=dost_admin)
        Announcement.objects.create(number="12/QĐ-UBND", signed_on=date(2025, 5, 2), signer_name="Nguyễn Văn Hải",
                                    signer_title="Chủ tịch", confirmation=confirmation, scope_text="Toàn bộ",
                                    scope_tthc=[], recorded_by=dost_admin)
        refresh_current_agency_status()
    assert AgencyStatus.objects.get(agency=agency_b).value("publication_state") == "announced"

    refreshed = []

    def run_now():  # the worker: the refresh in the schema the task was sent from
        from django.db import connection

        refreshed.append(connection.schema_name)
        refresh_current_agency_status()

    sent_tasks.run["supervision.refresh_agency_status"] = run_now
    with django_capture_on_commit_callbacks(execute=True):
        as_dost(services.record_merger, dost_admin, predecessors=[a.pk for a in pair], successor=agency_b.pk,
                effective_date=date(2025, 7, 1), legal_basis="Nghị quyết số 1687/NQ-UBTVQH15")
    assert refreshed == [agency_b.schema_name]
    with schema_context("public"):
        assert AgencyStatus.objects.get(agency=agency_b).value("publication_state") == "outdated"
