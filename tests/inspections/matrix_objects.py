"""The DOST's inspections for the isolation matrix (tests/api/test_isolation_matrix.py): an approved plan of
the agency's province, an on-site inspection of the agency with its team, checklist, a finding and an
uploaded paper. Rows are written directly (public schema): the services run on the DOST's site, which the
matrix does not walk; the matrix tests who may read and write them on an agency's site."""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from core.agency import current_agency
from inspections.models import ChecklistItem, Finding, Inspection, InspectionFile, InspectionPlan, TeamMember

WEB_PK_MODELS = [("inspections/plans/", "inspections.InspectionPlan"),
                 ("inspections/files/", "inspections.InspectionFile"),
                 ("inspections/<int:pk>/", "inspections.Inspection")]


def build(*, secretary, approver, reader, marker) -> dict[str, list[int]]:
    agency = current_agency()
    plan, _created = InspectionPlan.objects.get_or_create(
        province_id=agency.province_id, year=2026,
        defaults={"title": f"Kế hoạch kiểm tra {marker}", "inspecting_unit": f"Phòng TĐC {marker}",
                  "status": InspectionPlan.Status.APPROVED, "approval_number": "245/QĐ-UBND",
                  "approved_on": date(2026, 2, 20), "created_by": secretary})
    inspection = Inspection.objects.create(
        plan=plan, agency=agency, form=Inspection.Form.ON_SITE, inspecting_unit=f"Phòng TĐC {marker}",
        status=Inspection.Status.RECORDED, letter_number="35/QĐ-SKHCN", letter_on=date(2026, 5, 4),
        visit_on=date(2026, 5, 20), record_on=date(2026, 5, 20), conclusion=f"Kết luận {marker}",
        corrective_due=date(2026, 7, 20))
    TeamMember.objects.create(inspection=inspection, name=f"Trưởng đoàn {marker}", role=TeamMember.Role.LEAD)
    ChecklistItem.objects.create(inspection=inspection, code="tc.a", group="standard", text=f"a) Phạm vi {marker}")
    Finding.objects.create(inspection=inspection, description=f"Điểm không phù hợp {marker}", item_code="tc.a")
    paper = InspectionFile.objects.create(
        inspection=inspection, item="team_report", title=f"Báo cáo đoàn {marker}", filename="bao-cao.pdf",
        uploaded_by=secretary, file=SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 matrix"))
    return {"inspections.InspectionPlan": [plan.pk], "inspections.Inspection": [inspection.pk],
            "inspections.InspectionFile": [paper.pk], "paper": ["record"]}
