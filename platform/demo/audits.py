"""Internal audit of the agencies with QMS content, through the services: the 2026 programme, one audit of
the one-stop unit reported in June (findings on every checklist line, an observation and a minor
nonconformity, which opens an NC record), and one audit of the office planned for December.

The auditors come from another unit than the one audited (the ISO secretary and the office's head audit the
one-stop unit; the one-stop unit's officer and the head audit the office), as the independence rule wants.
"""

from __future__ import annotations

from datetime import date

YEAR = 2026
FIRST = {"issued": date(2026, 5, 25), "starts": date(2026, 6, 9), "ends": date(2026, 6, 10),
         "completed": date(2026, 6, 12)}
SECOND = {"issued": date(2026, 11, 25), "starts": date(2026, 12, 14), "ends": date(2026, 12, 15)}
FIRST_CLAUSES = ["7.1", "7.5", "8.2", "8.5", "8.7", "9.1", "10.2"]
SECOND_CLAUSES = ["4.1", "5.2", "6.1", "6.2", "7.2", "9.2", "9.3"]

# What the auditors found on the first audit, by clause (grade, evidence); lines not named are conformities.
FINDINGS = {
    "7.5": ("observation", "Sổ theo dõi hồ sơ năm 2026 ghi đầy đủ, tuy nhiên một số biểu mẫu đang dùng chưa ghi mã "
                           "hiệu, lần ban hành theo quy định kiểm soát tài liệu."),
    "8.7": ("minor", "02/35 hồ sơ TTHC kiểm tra ngẫu nhiên trong tháng 5/2026 trả kết quả quá hạn 1 ngày làm việc "
                     "nhưng không có Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 05, Thông tư 01/2018/TT-VPCP)."),
}
CONFORMITY = "Đã phỏng vấn công chức và xem xét hồ sơ, sổ sách liên quan: đáp ứng yêu cầu."


def _unit(agency, user) -> str:
    from accounts.models import Membership

    membership = Membership.objects.filter(agency=agency, user=user).exclude(unit="").first()
    return membership.unit if membership else ""


def ensure(agency, people: dict, index: int) -> int:
    from audits import selectors, services
    from audits.models import AuditProgramme

    if AuditProgramme.objects.filter(year=YEAR).exists():
        return 0
    secretary, head, officer, office_head = people["thuky"], people["lanhdao"], people["canbo"], people["admin"]
    one_stop = _unit(agency, officer) or "Bộ phận một cửa"
    office = _unit(agency, secretary) or "Văn phòng"
    programme = services.create_programme(
        actor=secretary, year=YEAR, title=f"Chương trình đánh giá nội bộ năm {YEAR}",
        objectives="Đánh giá sự phù hợp và hiệu lực của HTQLCL theo TCVN ISO 9001:2015 tại tất cả các đơn vị, "
                   "ít nhất một lần trong năm; đợt 1 (quý II) tại bộ phận giải quyết TTHC, đợt 2 (quý IV) tại "
                   "các bộ phận tham mưu, tổng hợp.")
    procedure = selectors.auditable_procedures().filter(kind="tthc_procedure").first()
    first = services.plan_audit(
        actor=secretary, programme=programme, title=f"Đánh giá nội bộ đợt 1 năm {YEAR}: {one_stop}",
        starts_on=FIRST["starts"], ends_on=FIRST["ends"], units=[one_stop],
        processes="Tiếp nhận, giải quyết và trả kết quả TTHC\nKiểm soát hồ sơ TTHC trễ hạn",
        clauses=FIRST_CLAUSES, document_ids=[procedure.pk] if procedure else [], lead_auditor=secretary,
        auditors=[office_head] if _unit(agency, office_head) != one_stop else [],
        auditees=f"{officer.display_name} — {officer.job_title}")
    services.issue_plan(first, actor=secretary, issued_on=FIRST["issued"])
    services.start_audit(first, actor=secretary, started_on=FIRST["starts"])
    made = 2
    for line in selectors.checklist(first):
        grade, evidence = FINDINGS.get(line.clause, ("conformity", CONFORMITY))
        services.record_finding(line, actor=secretary, grade=grade, evidence=evidence)
        made += 1
    services.complete_audit(
        first, actor=secretary, completed_on=FIRST["completed"],
        conclusion=f"HTQLCL tại {one_stop} được áp dụng, duy trì cơ bản phù hợp với TCVN ISO 9001:2015. "
                   "Có 01 điểm không phù hợp nhẹ (điều khoản 8.7) và 01 khuyến nghị (điều khoản 7.5); đơn vị "
                   "thực hiện hành động khắc phục trong 30 ngày.")
    second = services.plan_audit(
        actor=secretary, programme=programme, title=f"Đánh giá nội bộ đợt 2 năm {YEAR}: {office}",
        starts_on=SECOND["starts"], ends_on=SECOND["ends"], units=[office],
        processes="Quản lý chính sách, mục tiêu chất lượng\nĐánh giá nội bộ và xem xét của lãnh đạo",
        clauses=SECOND_CLAUSES, lead_auditor=officer, auditors=[head],
        auditees=f"{secretary.display_name} — {secretary.job_title}\n{office_head.display_name} — "
                 f"{office_head.job_title}")
    services.issue_plan(second, actor=secretary, issued_on=SECOND["issued"])
    return made + 1
