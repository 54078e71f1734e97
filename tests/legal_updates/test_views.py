"""The legal register's pages: the register and its filter, adding and editing (DOST any, agency its own),
the province's rule, the tasks with due/overdue badges, the document page's panel."""

from __future__ import annotations

from datetime import date

import pytest
from django_tenants.utils import tenant_context

from accounts.roles import Role
from legal import services as register_services
from legal.models import LegalDocument, RegisterSettings
from legal_updates.models import UpdateTask

pytestmark = pytest.mark.django_db


def test_the_register_page_lists_and_filters(tenant_client, agencies, keeper, user_factory):
    with tenant_context(agencies.so_khcn):
        register_services.create_legal_document(actor=keeper, number="26/2014/TT-BKHCN", kind="circular",
                                                title="Thông tư hướng dẫn ISO", effective_on=date(2014, 12, 1))
        register_services.create_legal_document(actor=keeper, number="1/2099/NĐ-CP", kind="decree",
                                                title="Nghị định tương lai", effective_on=date(2099, 1, 1))
    client = tenant_client(agencies.xa_long_duc, user_factory(agencies.xa_long_duc, Role.STAFF))
    page = client.get("/legal/").content.decode()
    assert "26/2014/TT-BKHCN" in page and "1/2099/NĐ-CP" in page and 'data-testid="legal-new"' not in page
    page = client.get("/legal/", {"when": "upcoming"}).content.decode()
    assert "1/2099/NĐ-CP" in page and "26/2014/TT-BKHCN" not in page
    assert client.get("/legal/entries/new/").status_code == 403


def test_an_agency_adds_an_entry_and_cannot_edit_the_dosts(tenant_client, agencies, keeper, secretaries):
    with tenant_context(agencies.so_khcn):
        dosts = register_services.create_legal_document(actor=keeper, number="19/2014/QĐ-TTg", kind="decision")
    client = tenant_client(agencies.so_tu_phap, secretaries.so_tu_phap)
    response = client.post("/legal/entries/new/", {"number": "04/2020/TT-BTP", "kind": "circular",
                                                   "title": "Thông tư hướng dẫn Luật Hộ tịch", "status": "in_force",
                                                   "effective_on": "2020-07-16"})
    assert response.status_code == 302
    own = LegalDocument.objects.get(number="04/2020/TT-BTP")
    assert own.added_by_agency == agencies.so_tu_phap and response["Location"] == f"/legal/entries/{own.pk}/"
    again = client.post("/legal/entries/new/", {"number": "04/2020/tt-btp", "kind": "circular", "status": "in_force"})
    assert again.status_code == 200 and "04/2020/tt-btp" in again.content.decode()  # the error, typed values kept
    assert client.get(f"/legal/entries/{dosts.pk}/edit/").status_code == 404
    assert client.get(f"/legal/entries/{own.pk}/edit/").status_code == 200
    detail = client.get(f"/legal/entries/{own.pk}/").content.decode()
    assert "Thông tư hướng dẫn Luật Hộ tịch" in detail and "legal-edit" in detail


def test_the_dost_sets_the_rule_and_edits_any_entry(tenant_client, agencies, keeper, secretaries):
    with tenant_context(agencies.so_tu_phap):
        own = register_services.create_legal_document(actor=secretaries.so_tu_phap, number="04/2020/TT-BTP")
    client = tenant_client(agencies.so_khcn, keeper)
    assert client.post("/legal/settings/", {"months": 6}).status_code == 302
    assert RegisterSettings.objects.get().update_months == 6
    response = client.post(f"/legal/entries/{own.pk}/edit/", {"number": "04/2020/TT-BTP", "kind": "circular",
                                                              "status": "repealed", "issuer": "Bộ Tư pháp"})
    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.status, own.issuer) == ("repealed", "Bộ Tư pháp")
    assert tenant_client(agencies.so_tu_phap, secretaries.so_tu_phap).post("/legal/settings/",
                                                                          {"months": 1}).status_code == 403


def test_the_tasks_page_and_the_home_show_due_and_overdue(tenant_client, agencies, keeper, secretaries):
    with tenant_context(agencies.so_khcn):
        entry = register_services.create_legal_document(actor=keeper, number="07/2026/NĐ-CP", kind="decree",
                                                        title="Nghị định về chứng thực")
    with tenant_context(agencies.xa_long_duc):
        UpdateTask.objects.create(legal_document_id=entry.pk, tthc_code="1.000894", effective_on=date(2025, 1, 1),
                                  opened_on=date(2025, 1, 1), due_on=date(2025, 4, 1))
        UpdateTask.objects.create(legal_document_id=entry.pk, tthc_code="1.001193", effective_on=date(2099, 1, 1),
                                  opened_on=date(2099, 1, 1), due_on=date(2099, 4, 1))
    client = tenant_client(agencies.xa_long_duc, secretaries.xa_long_duc)
    page = client.get("/legal/tasks/").content.decode()
    assert "01/04/2025" in page and "badge overdue" in page and "badge soon" in page and "07/2026/NĐ-CP" in page
    page = client.get("/legal/tasks/", {"state": "overdue"}).content.decode()
    assert "1.000894" in page and "1.001193" not in page
    home = client.get("/").content.decode()
    assert 'data-testid="legal-update-tasks"' in home


def test_the_document_page_shows_its_update_tasks(tenant_client, agencies, keeper, secretaries):
    from documents import services

    with tenant_context(agencies.so_khcn):
        entry = register_services.create_legal_document(actor=keeper, number="61/2018/NĐ-CP", kind="decree")
    with tenant_context(agencies.so_tu_phap):
        document = services.create_document(actor=secretaries.so_tu_phap, code="QT-MC-01", kind="system_procedure",
                                            title="Quy trình một cửa")
        UpdateTask.objects.create(legal_document_id=entry.pk, document=document, effective_on=date(2025, 1, 1),
                                  opened_on=date(2025, 1, 1), due_on=date(2025, 4, 1))
    page = tenant_client(agencies.so_tu_phap, secretaries.so_tu_phap).get(f"/documents/{document.pk}/")
    assert 'data-testid="document-legal-tasks"' in page.content.decode() and "61/2018/NĐ-CP" in page.content.decode()
