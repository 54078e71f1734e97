"""Nonconformities and corrective actions of the agencies with QMS content, through the services.

Each agency gets NCs at different points of their life, dated through 2026 as if recorded when they
happened: one closed after an effective check (from the internal audit), one whose action is overdue (a
citizen's complaint), one whose actions are done and whose effectiveness check falls due this month (process
data), and at every other agency a fresh one a member of staff reported last week.
"""

from __future__ import annotations

from datetime import date

CLOSED = {
    "source": "audit", "grade": "minor", "clause": "7.5.3", "detected_on": date(2026, 3, 12),
    "description": "Hồ sơ giải quyết TTHC lưu tại bộ phận chuyên môn thiếu phiếu kiểm soát quá trình giải quyết "
                   "hồ sơ (mẫu 02) ở 4/20 hồ sơ được chọn kiểm tra.",
    "requirement": "Thông tư 01/2018/TT-VPCP: mỗi hồ sơ phải có phiếu kiểm soát quá trình giải quyết.",
    "process": "Phòng chuyên môn", "source_ref": "demo-audit:2026-1",
    "correction": ("Bổ sung phiếu kiểm soát cho 4 hồ sơ còn thiếu, ký xác nhận của lãnh đạo phòng.", date(2026, 3, 13)),
    "root_cause": ("1. Vì sao thiếu phiếu? Công chức mới không biết phải lập phiếu.\n"
                   "2. Vì sao không biết? Chưa được hướng dẫn quy trình khi nhận việc.\n"
                   "3. Vì sao chưa được hướng dẫn? Chưa có quy định hướng dẫn công chức mới về hệ thống ISO.",
                   date(2026, 3, 20)),
    "actions": [("Tổ chức hướng dẫn quy trình ISO cho công chức mới nhận việc; bổ sung vào quy chế làm việc.",
                 date(2026, 3, 20), date(2026, 4, 30), date(2026, 4, 24),
                 "Đã hướng dẫn 3 công chức mới ngày 24/4/2026; quy chế sửa đổi đã ban hành.")],
    "effectiveness": (date(2026, 7, 28), "Kiểm tra ngẫu nhiên 30 hồ sơ tháng 7/2026: tất cả đều có phiếu kiểm soát."),
}
OVERDUE = {
    "source": "complaint", "grade": "major", "clause": "8.2.1", "detected_on": date(2026, 9, 15),
    "description": "Công dân phản ánh qua đường dây nóng: hồ sơ chứng thực bị hẹn lại 3 lần, không có phiếu "
                   "xin lỗi và hẹn lại ngày trả kết quả.",
    "process": "Bộ phận Một cửa",
    "correction": ("Lãnh đạo gọi điện xin lỗi công dân, trả kết quả ngay trong ngày 16/9/2026.", date(2026, 9, 16)),
    "root_cause": ("Không theo dõi hạn trả hồ sơ hằng ngày; sổ theo dõi không có cột ngày hẹn trả.",
                   date(2026, 9, 22)),
    "actions": [("Bổ sung cột ngày hẹn trả vào sổ theo dõi và rà soát hồ sơ sắp đến hạn mỗi sáng.",
                 date(2026, 9, 22), date(2026, 10, 31), None, "")],
}
DUE_CHECK = {
    "source": "process_data", "grade": "minor", "clause": "9.1.1", "detected_on": date(2026, 6, 5),
    "description": "Tỷ lệ hồ sơ giải quyết đúng hạn quý II/2026 của lĩnh vực hộ tịch đạt 91%, thấp hơn mục tiêu "
                   "chất lượng 98%.",
    "process": "Lĩnh vực Hộ tịch", "effectiveness_days": 120,
    "correction": ("Rà soát, giải quyết dứt điểm 12 hồ sơ đang chậm.", date(2026, 6, 8)),
    "root_cause": ("Thiếu người tiếp nhận vào ngày cao điểm; chưa phân công người dự phòng.", date(2026, 6, 15)),
    "actions": [("Phân công công chức dự phòng tiếp nhận hồ sơ hộ tịch vào thứ Hai và thứ Sáu.",
                 date(2026, 6, 15), date(2026, 7, 31), date(2026, 7, 20), "Đã phân công từ ngày 20/7/2026."),
                ("Công khai lịch tiếp nhận hồ sơ tại Bộ phận Một cửa và trên trang thông tin điện tử.",
                 date(2026, 6, 15), date(2026, 8, 20), date(2026, 8, 18), "Đã niêm yết và đăng tải.")],
}
REPORTED = {"description": "Máy lấy số thứ tự ở Bộ phận Một cửa hỏng từ sáng 25/11/2026, công dân phải xếp hàng "
                           "không theo thứ tự.", "detected_on": date(2026, 11, 25), "process": "Bộ phận Một cửa"}


def _walk(spec: dict, *, secretary, owner) -> None:
    from nonconformities import services

    nc = services.raise_nonconformity(
        actor=secretary, **{k: spec[k] for k in ("source", "grade", "clause", "detected_on", "description",
                                                 "process")},
        requirement=spec.get("requirement", ""), source_ref=spec.get("source_ref", ""))
    if "effectiveness_days" in spec:
        nc = services.update_details(nc, actor=secretary, effectiveness_days=spec["effectiveness_days"])
    text, on = spec["correction"]
    nc = services.record_correction(nc, actor=secretary, correction=text, corrected_on=on)
    text, on = spec["root_cause"]
    nc = services.record_root_cause(nc, actor=secretary, root_cause=text, analysed_on=on)
    actions = [(services.add_action(nc, actor=secretary, description=description, owner=owner, due_on=due,
                                    planned_on=planned), done, result)
               for description, planned, due, done, result in spec["actions"]]
    for action, done, result in actions:
        if done is not None:
            services.complete_action(action, actor=owner, result=result, done_on=done)
    if "effectiveness" in spec:
        on, note = spec["effectiveness"]
        nc = services.record_effectiveness(nc, actor=secretary, result="effective", note=note, checked_on=on)
        services.close_nonconformity(nc, actor=secretary)


def ensure(agency, people: dict, index: int) -> int:
    """2 to 4 NCs in various states in `agency`'s schema; 0 when it has some already."""
    from nonconformities import services
    from nonconformities.models import Nonconformity

    if Nonconformity.objects.exists():
        return 0
    secretary, staff = people["thuky"], people["canbo"]
    specs = [CLOSED, OVERDUE] + ([DUE_CHECK] if index % 2 == 0 else [])
    for spec in specs:
        _walk(spec, secretary=secretary, owner=staff)
    made = len(specs)
    if index % 2 == 1 or index == 0:
        services.report_nonconformity(actor=staff, **REPORTED)
        made += 1
    return made
