"""Internal audit's objects for the isolation matrix: a programme, a plan in progress, its lines, a finding."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

WEB_PK_MODELS = [("audits/plans/", "audits.AuditPlan"), ("audits/lines/", "audits.ChecklistLine")]


def build(*, secretary, approver, reader, marker) -> dict[str, list[int]]:
    from audits import selectors, services

    year = timezone.localdate().year
    programme = services.create_programme(actor=secretary, year=year, title=f"Chương trình đánh giá {marker}")
    plan = services.plan_audit(actor=secretary, programme=programme, title=f"Đánh giá nội bộ {marker}",
                               starts_on=date(year, 1, 5), ends_on=date(year, 1, 6),
                               units=[f"Phòng Hộ tịch {marker}"], clauses=["7.5"], lead_auditor=approver,
                               auditors=[reader])
    services.issue_plan(plan, actor=secretary, issued_on=date(year, 1, 2))
    services.start_audit(plan, actor=secretary, started_on=date(year, 1, 5))
    line = selectors.checklist(plan)[0]
    finding = services.record_finding(line, actor=secretary, grade="observation", evidence=f"Bằng chứng {marker}")
    return {"audits.AuditProgramme": [programme.pk], "audits.AuditPlan": [plan.pk],
            "audits.ChecklistLine": [line.pk], "audits.Finding": [finding.pk]}
