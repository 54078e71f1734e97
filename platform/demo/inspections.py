"""The DOST's inspections in the demo: the 2026 plan approved by the People's Committee, covering every
mandatory agency (a third and more on site), run through the real services as the DOST's inspector and the
agencies' people would: a closed on-site inspection whose findings landed as NCs and were corrected, one
whose corrective report is overdue, one without findings, decisions for December's visits, dossier checks
requested, answered and recorded; the plan's notice to its agencies, mostly acknowledged, and the overdue
corrective report reminded. Idempotent: a province with a 2026 plan is left as it is."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

from django.db import connection
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import User
from tenants.models import Agency

YEAR = 2026
FINDINGS = [
    ("Chưa thực hiện đánh giá nội bộ năm 2026 theo kế hoạch đã ban hành", "TCVN ISO 9001:2015 điều 9.2", "major",
     "tc.dd"),
    ("Quy trình cấp phép chưa cập nhật Nghị định mới về thời hạn giải quyết", "QĐ 19/2014/QĐ-TTg Điều 4",
     "minor", "qd.d"),
    ("Chưa niêm yết Quyết định công bố HTQLCL tại Bộ phận Một cửa", "QĐ 19/2014/QĐ-TTg Điều 5", "minor", "qd.c"),
]


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def ensure(province, agencies: dict[str, Agency]) -> int:
    """Returns how many inspections the plan holds (0 when it already existed)."""
    from inspections import services
    from inspections.models import InspectionPlan
    from inspections.selectors import mandatory_agencies

    dost = next((a for a in agencies.values() if a.is_supervisor), None)
    admin, inspector = _user(f"{dost.slug}.admin") if dost else None, _user(f"{dost.slug}.thanhtra") if dost else None
    if dost is None or admin is None or inspector is None:
        return 0
    if InspectionPlan.objects.filter(province=province, year=YEAR).exists():
        return 0
    mandatory = list(mandatory_agencies(province.pk).order_by("level", "name"))
    on_site = mandatory[:max(3, math.ceil(len(mandatory) / 3))]
    with tenant_context(dost):
        services.set_settings(actor=admin, inspecting_unit="Phòng Tiêu chuẩn Đo lường Chất lượng",
                              approver="Ủy ban nhân dân tỉnh Vĩnh Long")
        plan = services.create_plan(actor=admin, year=YEAR)
        lines = []
        for index, agency in enumerate(mandatory):
            quarter = ["I", "II", "III", "IV"][index % 4]
            lines.append(services.add_inspection(
                plan, actor=admin, agency=agency, form="on_site" if agency in on_site else "dossier",
                cooperating_unit="Sở Nội vụ" if agency in on_site else "", expected_time=f"Quý {quarter}/{YEAR}",
                budget=12_000_000 if agency in on_site else 2_000_000))
        services.submit_plan(plan, actor=admin, on=date(YEAR, 1, 20))
        services.approve_plan(plan, actor=admin, number="312/QĐ-UBND", approved_on=date(YEAR, 2, 10))
    _plan_notice_read(plan)
    site_lines = [line for line in lines if line.form == "on_site"]
    dossier_lines = [line for line in lines if line.form == "dossier"]
    scenarios = [(date(YEAR, 5, 20), FINDINGS[:2], True), (date(YEAR, 9, 15), FINDINGS[2:], False),
                 (date(YEAR, 6, 24), [], False)]
    for line, (record_on, findings, corrected) in zip(site_lines, scenarios, strict=False):
        _on_site(dost, line, inspector, admin, record_on, findings, corrected)
    for line in site_lines[len(scenarios):]:
        with tenant_context(dost):
            _decide(line, inspector, admin, date(YEAR, 12, 8))
    for index, line in enumerate(dossier_lines):
        _dossier(dost, line, admin, index)
    services.remind_overdue_correctives()  # the overdue corrective report: its agency reminded, the DOST sees it
    connection.set_schema_to_public()
    return len(lines)


def _plan_notice_read(plan) -> None:
    """Approving sent the plan to its agencies as a notice: told at once (no worker needed), dated two days
    after the approval, acknowledged by most agencies by its date (the rest are the DOST's to chase)."""
    from inspections.selectors import plan_notice
    from notices import services as notices
    from notices.models import Notice

    from .notices import _acknowledge_some

    notice = plan_notice(plan)
    if notice is None:
        return
    notices.tell(notice.pk, notices.undelivered(notice.pk))
    Notice.objects.filter(pk=notice.pk).update(sent_at=timezone.make_aware(datetime(YEAR, 2, 12, 9, 0)),
                                               reply_by=date(YEAR, 2, 28))
    _acknowledge_some(Notice.objects.get(pk=notice.pk), 0.8)


def _decide(line, inspector, admin, visit_on):
    from inspections import services

    return services.issue_decision(
        line, actor=admin, number=f"{40 + line.pk % 50}/QĐ-SKHCN", signed_on=visit_on - timedelta(days=14),
        visit_on=visit_on,
        team=[{"name": inspector.display_name, "role": "lead", "user": inspector,
               "position": "Phó Trưởng phòng Tiêu chuẩn Đo lường Chất lượng"},
              {"name": "Trần Thị Ngọc Hân", "role": "member", "position": "Chuyên viên Phòng TĐC"},
              {"name": "Lê Hoàng Phúc", "role": "member", "position": "Chuyên viên Sở Nội vụ"}])


def _agency_user(agency: Agency, suffix: str) -> User | None:
    return _user(f"{agency.slug}.{suffix}")


def _on_site(dost, line, inspector, admin, record_on, findings, corrected):
    from inspections import services

    agency = line.agency
    head, secretary = _agency_user(agency, "lanhdao"), _agency_user(agency, "thuky")
    if head is None or secretary is None:
        return
    with tenant_context(dost):
        line = _decide(line, inspector, admin, record_on)
    with tenant_context(agency):
        line = services.answer(line, actor=secretary, report=(
            f"{agency.name} báo cáo: HTQLCL được áp dụng cho toàn bộ TTHC thuộc thẩm quyền; đã ban hành chính sách, "
            "mục tiêu chất lượng năm 2026; đã xem xét của lãnh đạo; các quy trình được cập nhật theo văn bản mới."))
    with tenant_context(dost):
        for item in line.checklist.all():
            bad = any(code == item.code for *_rest, code in findings)
            services.check_item(item, actor=inspector, result="finding" if bad else "conforms",
                                note="Xem phát hiện kèm theo" if bad else "")
        for description, requirement, grade, code in findings:
            services.add_finding(line, actor=inspector, description=description, requirement=requirement,
                                 grade=grade, item_code=code)
        conclusion = ("HTQLCL được duy trì và cải tiến; cơ quan khắc phục các điểm không phù hợp nêu tại mục IV và "
                      "báo cáo Sở KH&CN trong thời hạn 02 tháng." if findings else
                      "HTQLCL được xây dựng, áp dụng, duy trì phù hợp TCVN ISO 9001:2015 và Quyết định 19/2014/QĐ-TTg.")
        line = services.make_record(line, actor=inspector, record_on=record_on, place=f"Trụ sở {agency.name}",
                                    conclusion=conclusion)
        services.sign_as_lead(line, actor=inspector)
    with tenant_context(agency):
        line = services.sign_for_agency(line, actor=head)
        if corrected:
            services.submit_corrective_report(line, actor=secretary, report=(
                "Đã đánh giá nội bộ ngày 10/6/2026 (báo cáo kèm theo); đã cập nhật quy trình theo Nghị định mới "
                "và ban hành lại ngày 25/6/2026."))
    if corrected:
        with tenant_context(dost):
            services.accept_corrective_report(line, actor=admin, on=date(YEAR, 7, 10))


def _dossier(dost, line, admin, index):
    """A third requested, a third answered, a third recorded without findings; a few left planned."""
    from inspections import services

    step = index % 4
    if step == 3:
        return
    with tenant_context(dost):
        line = services.send_request(line, actor=admin, number=f"{150 + index}/SKHCN-TĐC", sent_on=date(YEAR, 3, 2),
                                     answer_due=date(YEAR, 3, 31))
    if step == 0:
        return
    secretary = _agency_user(line.agency, "thuky")
    if secretary is None:
        return
    with tenant_context(line.agency):
        line = services.answer(line, actor=secretary, report=(
            f"{line.agency.name} gửi báo cáo tình hình áp dụng HTQLCL năm 2026 và danh mục tài liệu kèm theo."))
    if step == 2:
        with tenant_context(dost):
            line = services.make_record(line, actor=admin, record_on=date(YEAR, 4, 20),
                                        place="Sở Khoa học và Công nghệ",
                                        conclusion="Qua hồ sơ, HTQLCL của cơ quan được duy trì phù hợp.")
            services.sign_as_lead(line, actor=admin)
        head = _agency_user(line.agency, "lanhdao")
        if head is not None:
            with tenant_context(line.agency):
                services.sign_for_agency(line, actor=head)
