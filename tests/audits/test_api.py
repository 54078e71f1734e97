"""Internal audit over the API: plan, issue, start, findings (an NC opened), report, and who may do it."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from audits.models import AuditPlan, Finding

pytestmark = pytest.mark.django_db


def test_the_api_runs_an_audit_from_plan_to_report(api_client, agency_a, people, programme, plan_audit):
    client = api_client(agency_a, people.secretary)
    procedure = plan_audit.procedure
    created = client.post("/api/v1/audits/plans/", {
        "programme": programme.pk, "title": "Đánh giá quy trình khai sinh", "starts_on": "2026-06-10",
        "ends_on": "2026-06-11", "units": ["Phòng Hộ tịch"], "clauses": ["8.5"], "document_ids": [procedure.pk],
        "lead_auditor": people.staff2.pk, "auditors": [people.secretary.pk]}, format="json")
    assert created.status_code == 201, created.content
    plan = created.json()
    assert plan["state"] == "planned" and plan["edition"] == "TCVN ISO 9001:2015"
    lines = client.get(f"/api/v1/audits/lines/?plan={plan['id']}").json()["results"]
    assert [line["clause"] for line in lines] == ["8.5", ""] and lines[0]["questions"]
    assert client.post(f"/api/v1/audits/plans/{plan['id']}/issue/", {"on": "2026-06-01"},
                       format="json").status_code == 200
    assert client.post(f"/api/v1/audits/plans/{plan['id']}/start/", {"on": "2026-06-10"},
                       format="json").json()["state"] == "in_progress"
    first = client.post(f"/api/v1/audits/lines/{lines[0]['id']}/findings/", {"grade": "conformity",
                                                                            "evidence": "Phù hợp"}, format="json")
    assert first.status_code == 201 and first.json()["nonconformity_id"] is None
    refused = client.post(f"/api/v1/audits/plans/{plan['id']}/complete/", {"conclusion": "Phù hợp"}, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "audits_checklist_incomplete"
    minor = client.post(f"/api/v1/audits/lines/{lines[1]['id']}/findings/", {
        "grade": "minor", "evidence": "Thiếu phiếu xin lỗi"}, format="json").json()
    assert minor["grade"] == "minor" and minor["nonconformity_id"]
    done = client.post(f"/api/v1/audits/plans/{plan['id']}/complete/", {"conclusion": "Cơ bản phù hợp",
                                                                        "completed_on": "2026-06-12"}, format="json")
    assert done.status_code == 200 and done.json()["state"] == "completed"
    pdf = client.get(f"/api/v1/audits/plans/{plan['id']}/report/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    docx = client.get(f"/api/v1/audits/plans/{plan['id']}/report/?fmt=docx")
    assert docx.status_code == 200 and docx.content.startswith(b"PK")
    findings = client.get(f"/api/v1/audits/findings/?plan={plan['id']}&grade=minor").json()
    assert findings["count"] == 1
    history = client.get(f"/api/v1/audits/plans/{plan['id']}/history/").json()
    assert [e["action"] for e in history][:2] == ["audits.plan_audit", "audits.issue_plan"]


def test_independence_is_refused_over_the_api(api_client, agency_a, people, programme):
    response = api_client(agency_a, people.secretary).post("/api/v1/audits/plans/", {
        "programme": programme.pk, "title": "Đánh giá Văn phòng", "starts_on": "2026-09-01", "ends_on": "2026-09-02",
        "units": ["Văn phòng"], "lead_auditor": people.reviewer.pk}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "audits_auditor_not_independent"
    with tenant_context(agency_a):
        assert not AuditPlan.objects.exists()


def test_staff_read_but_may_not_record(api_client, agency_a, people, in_progress):
    client = api_client(agency_a, people.staff)
    assert client.get("/api/v1/audits/plans/").json()["count"] == 1
    assert client.get("/api/v1/audits/programmes/").json()["count"] == 1
    with tenant_context(agency_a):
        line = in_progress.lines.first()
    response = client.post(f"/api/v1/audits/lines/{line.pk}/findings/", {"grade": "conformity", "evidence": "x"},
                           format="json")
    assert response.status_code == 403
    assert client.get(f"/api/v1/audits/plans/{in_progress.pk}/history/").status_code == 403
    with tenant_context(agency_a):
        assert not Finding.objects.exists()
