"""The pages on both sites, the API, and the papers printed (plan, decision, record as PDF and DOCX)."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from inspections.models import Inspection, InspectionPlan

from .conftest import approved_plan, decided

pytestmark = pytest.mark.django_db


def test_the_dost_plans_on_its_site_and_sees_the_warnings(people, tenant_client):
    client = tenant_client(people.agencies.so_khcn, people.admin)
    assert client.post("/inspections/", {"step": "plan", "year": "2026"}).status_code == 302
    plan = InspectionPlan.objects.get(year=2026)
    client.post(f"/inspections/plans/{plan.pk}/", {"step": "add", "agency": people.agencies.so_tu_phap.pk,
                                                   "form": "dossier", "expected_time": "Quý II/2026",
                                                   "budget": "5.000.000"})
    page = client.get(f"/inspections/plans/{plan.pk}/").content.decode()
    assert "Sở Tư pháp" in page and 'data-testid="plan-warning"' in page and "Sở Y tế" in page
    client.post(f"/inspections/plans/{plan.pk}/", {"step": "choose", "helper": "worst", "count": "5",
                                                   "mandatory_only": "1", "form": "on_site"})
    assert set(plan.inspections.values_list("agency__slug", "form")) == {("so-tu-phap", "dossier"),
                                                                         ("so-y-te", "on_site")}
    assert 'data-testid="plan-warning"' not in client.get(f"/inspections/plans/{plan.pk}/").content.decode()
    client.post(f"/inspections/plans/{plan.pk}/", {"step": "submit"})
    client.post(f"/inspections/plans/{plan.pk}/", {"step": "approve", "number": "245/QĐ-UBND",
                                                   "approved_on": "2026-02-20"})
    plan.refresh_from_db()
    assert plan.status == "approved" and plan.approval_number == "245/QĐ-UBND"
    for fmt, kind in (("pdf", "application/pdf"), ("docx", "officedocument")):
        printed = client.get(f"/inspections/plans/{plan.pk}/print.{fmt}")
        assert printed.status_code == 200 and kind in printed["Content-Type"]
    # an agency's site shows no plan and the agency's people cannot reach the DOST's pages
    secretary = tenant_client(people.agencies.so_tu_phap, people.secretary)
    assert secretary.get(f"/inspections/plans/{plan.pk}/").status_code == 404


def test_an_inspection_on_both_sites_to_the_record_printed(people, tenant_client):
    with tenant_context(people.agencies.so_khcn):
        _plan, on_site, _dossier = approved_plan(people)
        inspection = decided(people, on_site)
    lead = tenant_client(people.agencies.so_khcn, people.lead)
    agency = tenant_client(people.agencies.so_tu_phap, people.secretary)
    page = agency.get(f"/inspections/{inspection.pk}/").content.decode()
    assert "Đỗ Minh Quân" in page and 'data-testid="answer"' in page
    agency.post(f"/inspections/{inspection.pk}/", {"step": "answer", "report": "Báo cáo của Sở Tư pháp"})
    lead.post(f"/inspections/{inspection.pk}/", {"step": "finding", "description": "Chưa đánh giá nội bộ",
                                                 "grade": "minor", "item_code": "tc.dd"})
    lead.post(f"/inspections/{inspection.pk}/", {"step": "record", "record_on": "2026-05-20", "place": "Sở Tư pháp",
                                                 "conclusion": "Còn 1 điểm không phù hợp"})
    lead.post(f"/inspections/{inspection.pk}/", {"step": "sign_lead"})
    tenant_client(people.agencies.so_tu_phap, people.head).post(f"/inspections/{inspection.pk}/",
                                                                {"step": "sign_agency"})
    inspection.refresh_from_db()
    assert inspection.signed and inspection.findings.get().nc_number
    assert inspection.findings.get().nc_number in agency.get(f"/inspections/{inspection.pk}/").content.decode()
    for paper in ("decision", "record"):
        for fmt in ("pdf", "docx"):
            printed = lead.get(f"/inspections/{inspection.pk}/print/{paper}.{fmt}")
            assert printed.status_code == 200 and len(printed.content) > 1000
    assert lead.get(f"/inspections/{inspection.pk}/print/record.csv").status_code == 404
    # another agency's people do not find it
    other = tenant_client(people.agencies.so_y_te, people.head)
    assert other.get(f"/inspections/{inspection.pk}/").status_code in (403, 404)


def test_the_api_plans_and_the_agency_answers(people, api_client):
    dost = api_client(people.agencies.so_khcn, people.admin)
    created = dost.post("/api/v1/inspections/plans/", {"year": 2026}, format="json")
    assert created.status_code == 201, created.content
    plan_id = created.json()["id"]
    line = dost.post(f"/api/v1/inspections/plans/{plan_id}/inspections/", {"agency": "so-y-te", "form": "dossier",
                                                                            "budget": 3000000}, format="json")
    assert line.status_code == 201, line.content
    shares = dost.get(f"/api/v1/inspections/plans/{plan_id}/shares/").json()
    assert shares["missing"] == ["so-tu-phap"] and len(shares["warnings"]) == 2
    chosen = dost.post(f"/api/v1/inspections/plans/{plan_id}/choose/", {"helper": "random", "count": 1,
                                                                         "level": "commune", "seed": 1}, format="json")
    assert chosen.json() == ["xa-long-duc"]
    assert dost.post(f"/api/v1/inspections/plans/{plan_id}/submit/").status_code == 200
    approved = dost.post(f"/api/v1/inspections/plans/{plan_id}/approve/", {"number": "245/QĐ-UBND",
                                                                           "approved_on": "2026-02-20"}, format="json")
    assert approved.json()["status"] == "approved"
    inspection = Inspection.objects.get(plan_id=plan_id)
    sent = dost.post(f"/api/v1/inspections/inspections/{inspection.pk}/request/",
                     {"number": "120/SKHCN-TĐC", "sent_on": "2026-04-01", "answer_due": "2026-04-30"}, format="json")
    assert sent.status_code == 200 and sent.json()["status"] == "requested" and len(sent.json()["checklist"]) == 13
    from accounts.roles import Role
    from tests.factories import make_user

    secretary = make_user(people.agencies.so_y_te, Role.ISO_SECRETARY)
    own = api_client(people.agencies.so_y_te, secretary)
    assert [row["id"] for row in own.get("/api/v1/inspections/inspections/").json()["results"]] == [inspection.pk]
    answered = own.post(f"/api/v1/inspections/inspections/{inspection.pk}/answer/", {"report": "Báo cáo"},
                        format="json")
    assert answered.status_code == 200 and answered.json()["status"] == "answered"
    refused = dost.post(f"/api/v1/inspections/inspections/{inspection.pk}/answer/", {"report": "x"}, format="json")
    assert refused.status_code == 403
    wrong = dost.post(f"/api/v1/inspections/inspections/{inspection.pk}/record/",
                      {"record_on": "2099-01-01", "conclusion": "x"}, format="json")
    assert wrong.status_code == 400 and wrong.json()["code"] == "insp_invalid_value"
    assert own.get("/api/v1/inspections/plans/").status_code == 403


def test_a_supervisor_of_another_province_sees_nothing(people, api_client, other_province):
    with tenant_context(people.agencies.so_khcn):
        approved_plan(people)
    other = api_client(other_province.dost, other_province.admin)
    assert other.get("/api/v1/inspections/plans/").json()["results"] == []
    assert other.get("/api/v1/inspections/inspections/").json()["results"] == []
    mine = Inspection.objects.first()
    assert other.get(f"/api/v1/inspections/inspections/{mine.pk}/").status_code == 404


def test_the_inspection_file_keeps_the_papers_of_each_side(people, tenant_client):
    from django.core.exceptions import PermissionDenied
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.errors import DomainError
    from inspections import selectors, services

    with tenant_context(people.agencies.so_khcn):
        _plan, on_site, _dossier = approved_plan(people)
        inspection = decided(people, on_site)
        services.attach_file(inspection, actor=people.admin, item="team_report", title="Báo cáo của Đoàn",
                             uploaded_file=SimpleUploadedFile("bao-cao-doan.pdf", b"%PDF-1.4 doan"))
        with pytest.raises(PermissionDenied):  # the agency's evidence is the agency's to upload
            services.attach_file(inspection, actor=people.admin, item="agency_report", title="",
                                 uploaded_file=SimpleUploadedFile("x.pdf", b"x"))
        with pytest.raises(DomainError) as unknown_item:
            services.attach_file(inspection, actor=people.admin, item="minutes", title="",
                                 uploaded_file=SimpleUploadedFile("x.pdf", b"x"))
        assert unknown_item.value.code == "insp_invalid_value"
    agency = tenant_client(people.agencies.so_tu_phap, people.secretary)
    agency.post(f"/inspections/{inspection.pk}/", {
        "step": "upload", "item": "agency_report", "title": "Báo cáo tự đánh giá",
        "file": SimpleUploadedFile("tu-danh-gia.pdf", b"%PDF-1.4 co quan")})
    items = {row["code"]: row for row in selectors.file_items(inspection)}
    assert len(items) == 10 and items["plan"]["present"] and items["decision"]["present"]
    assert [f.title for f in items["agency_report"]["uploads"]] == ["Báo cáo tự đánh giá"]
    assert [f.title for f in items["team_report"]["uploads"]] == ["Báo cáo của Đoàn"]
    assert not items["record"]["present"] and not items["committee_report"]["present"]
    paper = items["agency_report"]["uploads"][0]
    assert b"".join(agency.get(f"/inspections/files/{paper.pk}/").streaming_content) == b"%PDF-1.4 co quan"
    other = tenant_client(people.agencies.so_y_te, people.head)
    assert other.get(f"/inspections/files/{paper.pk}/").status_code in (403, 404)
    assert "Báo cáo tự đánh giá" in tenant_client(people.agencies.so_khcn, people.admin).get(
        f"/inspections/{inspection.pk}/").content.decode()
