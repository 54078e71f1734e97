"""The pages: context, register, a risk, the heat map, the matrix; the panel on the procedure's page."""

from __future__ import annotations

from datetime import date

import pytest
from django_tenants.utils import tenant_context

from risks.models import ContextIssue, Risk

pytestmark = pytest.mark.django_db


def test_staff_read_the_register_without_forms(tenant_client, agency_a, people, late_dossiers):
    client = tenant_client(agency_a, people.staff)
    body = client.get("/context/risks/").content.decode()
    assert "Hồ sơ trễ hạn do thiếu nhân sự một cửa" in body and 'data-testid="new-risk"' not in body
    assert "level-high" in body and "Lê Văn Cường" in body
    page = client.get(f"/context/risks/{late_dossiers.pk}/").content.decode()
    assert "QT-TTHC-01" in page and 'data-testid="reassess-form"' not in page and 'data-testid="risk-history"' not in page
    assert client.get("/context/matrix/").status_code == 403
    assert client.post(f"/context/risks/{late_dossiers.pk}/close/").status_code == 403


def test_the_secretary_enters_and_reassesses_a_risk(tenant_client, agency_a, people, procedure):
    client = tenant_client(agency_a, people.secretary)
    form = client.get(f"/context/risks/new/?document={procedure.pk}").content.decode()
    assert f'value="{procedure.pk}" selected' in form
    response = client.post("/context/risks/new/", {
        "kind": "risk", "title": "Thay đổi văn bản pháp luật chưa cập nhật", "documents": [procedure.pk],
        "likelihood": "4", "impact": "3", "treatment": "reduce", "owner": str(people.secretary.pk),
        "review_on": "2027-01-15"})
    assert response.status_code == 302, response.content.decode()[:2000]
    with tenant_context(agency_a):
        risk = Risk.objects.get()
    response = client.post(f"/context/risks/{risk.pk}/reassess/", {"likelihood": "2", "impact": "2",
                                                                  "note": "Đã giao rà soát hằng tháng"})
    assert response.status_code == 302
    page = client.get(f"/context/risks/{risk.pk}/").content.decode()
    assert page.count('data-testid="assessment"') == 2 and 'data-testid="risk-history"' in page
    refused = client.post("/context/risks/new/", {
        "kind": "opportunity", "title": "Số hóa", "likelihood": "3", "impact": "3", "treatment": "avoid",
        "owner": str(people.secretary.pk), "review_on": "2027-01-15"})
    assert refused.status_code == 400 and 'value="Số hóa"' in refused.content.decode()
    with tenant_context(agency_a):
        assert Risk.objects.count() == 1


def test_the_heat_map_links_cells_to_the_filtered_register(tenant_client, agency_a, people, late_dossiers):
    client = tenant_client(agency_a, people.staff)
    body = client.get("/context/heatmap/").content.decode()
    assert body.count('data-testid="heat-cell"') == 1
    assert "/context/risks/?likelihood=4&amp;impact=4&amp;basis=inherent&amp;kind=risk" in body
    listed = client.get("/context/risks/?likelihood=4&impact=4&basis=inherent&kind=risk").content.decode()
    assert listed.count('data-testid="risk-row"') == 1
    assert client.get("/context/risks/?likelihood=1&impact=1").content.decode().count('data-testid="risk-row"') == 0
    assert client.get("/context/heatmap/?basis=residual").status_code == 200


def test_the_matrix_page_relevels_the_register(tenant_client, agency_a, people, late_dossiers):
    client = tenant_client(agency_a, people.secretary)
    assert 'data-testid="matrix-form"' in client.get("/context/matrix/").content.decode()
    response = client.post("/context/matrix/", {"size": "5", "medium_from": "10", "high_from": "20",
                                                "likelihood_labels": "", "impact_labels": ""})
    assert response.status_code == 302
    assert "level-medium" in client.get(f"/context/risks/{late_dossiers.pk}/").content.decode()
    refused = client.post("/context/matrix/", {"size": "3", "medium_from": "3", "high_from": "6"})
    assert refused.status_code == 400


def test_the_context_page_notes_issues_and_parties(tenant_client, agency_a, people):
    client = tenant_client(agency_a, people.secretary)
    response = client.post("/context/issues/new/", {"issue-side": "internal", "issue-category": "people",
                                                    "issue-description": "Thiếu công chức một cửa",
                                                    "issue-noted_on": "2026-03-01"})
    assert response.status_code == 302
    assert client.post("/context/parties/new/", {"party-name": "Người dân", "party-needs": "Đúng hạn"}).status_code == 302
    with tenant_context(agency_a):
        issue = ContextIssue.objects.get()
    response = client.post(f"/context/issues/{issue.pk}/edit/", {
        "side": "internal", "category": "people", "description": "Thiếu công chức một cửa", "noted_on": "2026-03-01"})
    assert response.status_code == 302
    page = tenant_client(agency_a, people.staff).get("/context/").content.decode()
    assert "Thiếu công chức một cửa" in page and "Người dân" in page and 'class="struck"' in page
    assert 'data-testid="issue-form"' not in page
    with tenant_context(agency_a):
        assert ContextIssue.objects.get().noted_on == date(2026, 3, 1)


def test_the_procedure_page_shows_its_risks(tenant_client, agency_a, people, procedure, late_dossiers):
    body = tenant_client(agency_a, people.secretary).get(f"/documents/{procedure.pk}/").content.decode()
    assert 'data-testid="document-risk"' in body and "Hồ sơ trễ hạn do thiếu nhân sự một cửa" in body


def test_the_context_history_is_for_those_who_see_history(tenant_client, agency_a, people):
    from risks import services

    with tenant_context(agency_a):
        issue = services.record_issue(actor=people.secretary, side="external", category="legal",
                                      description="Luật Hộ tịch sửa đổi", noted_on=date(2026, 3, 1))
        services.update_issue(issue, actor=people.secretary, relevant=False)
    body = tenant_client(agency_a, people.secretary).get("/context/history/").content.decode()
    assert "risks.record_issue" in body and "risks.update_issue" in body
    assert tenant_client(agency_a, people.staff).get("/context/history/").status_code == 403


def test_the_owner_sees_the_overdue_review_among_their_tasks(tenant_client, agency_a, people, late_dossiers):
    body = tenant_client(agency_a, people.approver).get("/").content.decode()
    assert 'data-testid="risk-review-tasks"' in body and "Hồ sơ trễ hạn do thiếu nhân sự một cửa" in body
    assert f"/context/risks/?owner={people.approver.pk}" in body
    assert 'data-testid="risk-review-tasks"' not in tenant_client(agency_a, people.staff).get("/").content.decode()


def test_the_secretary_changes_closes_and_reopens_a_risk(tenant_client, agency_a, people, late_dossiers):
    client = tenant_client(agency_a, people.secretary)
    form = client.get(f"/context/risks/{late_dossiers.pk}/edit/").content.decode()
    assert 'value="Hồ sơ trễ hạn do thiếu nhân sự một cửa"' in form
    response = client.post(f"/context/risks/{late_dossiers.pk}/edit/", {
        "kind": "risk", "title": "Hồ sơ trễ hạn do thiếu nhân sự một cửa", "likelihood": "5", "impact": "4",
        "treatment": "reduce", "owner": str(people.approver.pk), "review_on": "2027-02-01"})
    assert response.status_code == 302
    assert client.post(f"/context/risks/{late_dossiers.pk}/close/").status_code == 302
    page = client.get(f"/context/risks/{late_dossiers.pk}/").content.decode()
    assert 'data-testid="reopen-risk"' in page and 'data-testid="reassess-form"' not in page
    assert "đã đóng" in client.post(f"/context/risks/{late_dossiers.pk}/close/", follow=True).content.decode()
    client.post(f"/context/risks/{late_dossiers.pk}/reopen/")
    with tenant_context(agency_a):
        risk = Risk.objects.get()
        assert (risk.status, risk.score, risk.review_on, risk.document_ids) == ("open", 20, date(2027, 2, 1), [])


def test_the_register_prints_as_a_report(tenant_client, agency_a, people, late_dossiers):
    import io

    from docx import Document as WordDocument

    client = tenant_client(agency_a, people.staff)
    pdf = client.get("/context/risks/register.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    word = client.get("/context/risks/register.docx")
    assert word.status_code == 200
    text = "\n".join(cell.text for table in WordDocument(io.BytesIO(word.content)).tables
                     for row in table.rows for cell in row.cells)
    assert "Rủi ro: Hồ sơ trễ hạn do thiếu nhân sự một cửa" in text and "Cao (16)" in text and "01/06/2026" in text
