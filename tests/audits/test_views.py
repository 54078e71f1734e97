"""The audit pages: the programme, planning an audit, entering findings, the report download."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from audits.models import AuditPlan, AuditProgramme, Finding

pytestmark = pytest.mark.django_db


def test_the_secretary_creates_the_programme_and_plans_an_audit(tenant_client, agency_a, people, units,
                                                              make_document):
    with tenant_context(agency_a):
        procedure = make_document("QT-HT-07", title="Quy trình chứng thực", kind="tthc_procedure")
    client = tenant_client(agency_a, people.secretary)
    page = client.get("/audits/?year=2026").content.decode()
    assert 'data-testid="no-programme"' in page and 'data-testid="programme-form"' in page
    assert client.post("/audits/programmes/new/", {"year": 2026}).status_code == 302
    with tenant_context(agency_a):
        programme = AuditProgramme.objects.get(year=2026)
    form = client.get(f"/audits/plans/new/?programme={programme.pk}").content.decode()
    assert "Phòng Hộ tịch" in form and "QT-HT-07" in form and "Trần Thị Bình" in form
    data = {"programme": programme.pk, "title": "Đánh giá Phòng Hộ tịch", "starts_on": "2026-06-10",
            "ends_on": "2026-06-11", "edition": "TCVN ISO 9001:2015", "units": ["Phòng Hộ tịch"],
            "clauses": ["7.5"], "documents": [procedure.pk], "lead_auditor": people.secretary.pk}
    refused = client.post("/audits/plans/new/", {**data, "lead_auditor": people.staff.pk})
    assert refused.status_code == 200 and "Ngô Văn Em" in refused.content.decode()  # own unit: told, kept
    response = client.post("/audits/plans/new/", data)
    assert response.status_code == 302
    with tenant_context(agency_a):
        plan = AuditPlan.objects.get()
        assert [line.clause for line in plan.lines.all()] == ["7.5", ""]
    listed = client.get("/audits/?year=2026").content.decode()
    assert 'data-testid="audit-plan-row"' in listed and "Đánh giá Phòng Hộ tịch" in listed


def test_findings_are_entered_on_the_checklist_and_the_report_downloads(tenant_client, agency_a, people, in_progress):
    client = tenant_client(agency_a, people.secretary)
    page = client.get(f"/audits/plans/{in_progress.pk}/").content.decode()
    assert page.count('data-testid="finding-form"') == 4 and 'data-testid="complete-form"' in page
    with tenant_context(agency_a):
        line = in_progress.lines.order_by("position").last()
    response = client.post(f"/audits/lines/{line.pk}/findings/", {"grade": "minor",
                                                                  "evidence": "Thiếu phiếu xin lỗi"})
    assert response.status_code == 302 and response["Location"].endswith(f"#line-{line.pk}")
    page = client.get(f"/audits/plans/{in_progress.pk}/").content.decode()
    assert 'data-testid="finding-nc"' in page and "NC-2026-001" in page
    pdf = client.get(f"/audits/plans/{in_progress.pk}/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get(f"/audits/plans/{in_progress.pk}/report.docx").content.startswith(b"PK")


def test_staff_read_the_plan_without_the_forms(tenant_client, agency_a, people, in_progress):
    client = tenant_client(agency_a, people.staff)
    page = client.get(f"/audits/plans/{in_progress.pk}/").content.decode()
    assert 'data-testid="audit-checklist"' in page and 'data-testid="finding-form"' not in page
    with tenant_context(agency_a):
        line = in_progress.lines.first()
    assert client.post(f"/audits/lines/{line.pk}/findings/", {"grade": "conformity", "evidence": "x"}).status_code == 403
    assert client.get("/audits/plans/new/").status_code == 403
    with tenant_context(agency_a):
        assert not Finding.objects.exists()
