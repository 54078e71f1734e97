"""Training of the agencies with QMS content, through the training services: the ISO awareness course of
2025, the internal auditor course of 2026 (both held, with results and a handout) and a session planned for
December 2026."""

from __future__ import annotations

import io
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

TRAINERS = [("ThS. Nguyễn Văn Hùng", "Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng"),
            ("TS. Lê Thị Thanh Mai", "Chi cục Tiêu chuẩn Đo lường Chất lượng"),
            ("ThS. Phan Quốc Việt", "Viện Năng suất Việt Nam")]


def _handout(title: str) -> SimpleUploadedFile:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": title})
    saved = io.BytesIO()
    writer.write(saved)
    return SimpleUploadedFile("tai-lieu-dao-tao.pdf", saved.getvalue(), content_type="application/pdf")


def ensure(agency, people: dict, index: int) -> int:
    from training import services
    from training.models import TrainingSession

    if TrainingSession.objects.exists():
        return 0
    secretary, head, staff, admin = people["thuky"], people["lanhdao"], people["canbo"], people["admin"]
    trainer, organisation = TRAINERS[index % len(TRAINERS)]
    everyone = [head, secretary, staff, admin]

    awareness = services.plan_session(
        actor=secretary, topic="Nhận thức chung về TCVN ISO 9001:2015 và Hệ thống quản lý chất lượng",
        kind="iso_awareness", date=date(2025, 8, 20 + index % 5), hours="8", trainer=trainer,
        trainer_organisation=organisation, location="Hội trường cơ quan",
        description="Các nguyên tắc quản lý chất lượng; yêu cầu của TCVN ISO 9001:2015; vai trò của lãnh đạo "
                    "và công chức trong xây dựng, áp dụng hệ thống.", attendees=everyone)
    services.mark_held(awareness, actor=secretary)
    services.add_material(awareness, actor=secretary, uploaded_file=_handout("Nhận thức chung về ISO 9001:2015"))
    for attendance in awareness.attendances.all():
        services.record_result(attendance, actor=secretary, attended=True, result="Hoàn thành khóa học")

    auditor = services.plan_session(
        actor=secretary, topic="Chuyên gia đánh giá nội bộ hệ thống quản lý chất lượng theo TCVN ISO 9001:2015",
        kind="internal_auditor", date=date(2026, 4, 14 + index % 5), hours="16", trainer=TRAINERS[(index + 1) % 3][0],
        trainer_organisation=TRAINERS[(index + 1) % 3][1], location="Phòng họp tầng 2",
        description="Lập kế hoạch, thực hiện và báo cáo đánh giá nội bộ theo TCVN ISO 19011:2018.",
        attendees=[secretary, staff])
    services.mark_held(auditor, actor=secretary)
    services.add_material(auditor, actor=secretary, uploaded_file=_handout("Đánh giá nội bộ"))
    rows = {a.user_id: a for a in auditor.attendances.all()}
    services.record_result(rows[secretary.pk], actor=secretary, attended=True,
                           result=f"Đạt; Giấy chứng nhận số {112 + index}/2026/CGĐG")
    services.record_result(rows[staff.pk], actor=secretary, attended=True,
                           result=f"Đạt; Giấy chứng nhận số {113 + index}/2026/CGĐG")

    services.plan_session(
        actor=secretary, topic="Hướng dẫn áp dụng quy trình kiểm soát thông tin dạng văn bản và hồ sơ",
        kind="procedure", date=date(2026, 12, 15 + index % 3), hours="4", trainer=secretary.display_name,
        location="Phòng họp cơ quan", description="Cách soạn thảo, trình duyệt, ban hành tài liệu và lưu hồ sơ "
                                                  "trên eISO.", attendees=everyone)
    return 3
