"""Management reviews of the agencies with QMS content, through the services.

Each agency held its first review in December 2025 (four actions: three done during 2026, one still open and
overdue) and its 2026 review on 25 November 2026, whose inputs were gathered from the demo data of every area
(the areas before it in the demo's order have already made theirs) and which gave four actions for 2027.
"""

from __future__ import annotations

from datetime import date

FIRST_HELD = date(2025, 12, 18)
SECOND_HELD = date(2026, 11, 25)
GUESTS = ["Nguyễn Thị Thu Hằng, Trưởng phòng Kế hoạch - Tài chính", "Trần Văn Phúc, Phó Chánh Văn phòng"]

FIRST = {
    "summary": "Hệ thống quản lý chất lượng được xây dựng từ tháng 7/2025, các quy trình đã ban hành được áp dụng "
               "tại bộ phận một cửa; một số hồ sơ còn giải quyết trễ hạn do thiếu nhân lực vào cuối năm.",
    "improvements": "Số hóa kết quả giải quyết TTHC còn lưu trữ giấy.\nÁp dụng tra cứu tình trạng hồ sơ bằng mã QR.",
    "qms_changes": "Bổ sung quy trình cho các TTHC mới được giao theo quyết định công bố của tỉnh.",
    "resource_needs": "Bổ sung 01 máy scan khổ A3 cho bộ phận một cửa.",
    "decisions": "Thống nhất mục tiêu chất lượng năm 2026: tỷ lệ hồ sơ giải quyết đúng hạn từ 98 % trở lên.\n"
                 "Giao Văn phòng chủ trì đánh giá nội bộ trong quý III/2026.",
    "actions": [  # text, kind, owner, due, done, result
        ("Xây dựng quy trình cho các TTHC mới được giao", "change", "thuky", date(2026, 3, 31),
         date(2026, 3, 20), "Đã ban hành 04 quy trình mới"),
        ("Trang bị máy scan khổ A3 cho bộ phận một cửa", "resource", "admin", date(2026, 2, 28),
         date(2026, 2, 10), "Đã bàn giao và đưa vào sử dụng"),
        ("Số hóa kết quả giải quyết TTHC năm 2024-2025", "improvement", "canbo", date(2026, 6, 30),
         date(2026, 7, 15), "Đã số hóa 3.200 hồ sơ, trễ 15 ngày so với kế hoạch"),
        ("Triển khai tra cứu tình trạng hồ sơ bằng mã QR", "improvement", "admin", date(2026, 9, 30), None, ""),
    ],
}
SECOND = {
    "summary": "Các hành động của lần xem xét trước cơ bản hoàn thành; tỷ lệ hồ sơ đúng hạn đạt mục tiêu, "
               "còn một số TTHC lĩnh vực hộ tịch trễ hạn do phối hợp liên thông.",
    "improvements": "Rút ngắn thời gian liên thông hộ tịch - bảo hiểm y tế.\nHoàn thành tra cứu bằng mã QR.",
    "qms_changes": "Cập nhật các quy trình theo văn bản pháp luật có hiệu lực trong năm 2026.",
    "resource_needs": "Bồi dưỡng chuyên gia đánh giá nội bộ cho 02 công chức mới.",
    "decisions": "Duy trì mục tiêu đúng hạn 98 % năm 2027, bổ sung mục tiêu không có hồ sơ phải xin lỗi.\n"
                 "Giao Văn phòng theo dõi, báo cáo tiến độ các hành động hằng quý.",
    "actions": [
        ("Cập nhật quy trình theo văn bản pháp luật mới có hiệu lực", "change", "thuky", date(2027, 2, 28)),
        ("Làm việc với BHXH để rút ngắn thời gian liên thông hộ tịch", "improvement", "lanhdao", date(2027, 3, 31)),
        ("Cử 02 công chức dự lớp chuyên gia đánh giá nội bộ", "resource", "admin", date(2027, 6, 30)),
        ("Hoàn thành tra cứu tình trạng hồ sơ bằng mã QR", "improvement", "canbo", date(2026, 12, 31)),
    ],
}


def _hold(people, planned_on, content, *, since=None) -> tuple:
    from reviews import services

    secretary = people["thuky"]
    review = services.plan_review(
        actor=secretary, planned_on=planned_on, period_since=since, chair=people["lanhdao"], secretary=secretary,
        place="Phòng họp trực tuyến" if planned_on.year == 2025 else "Phòng họp số 1",
        attendee_users=[people["admin"], people["canbo"]], other_attendees="\n".join(GUESTS))
    services.prepare_inputs(review, actor=secretary)
    services.record_minutes(review, actor=secretary, held_on=planned_on,
                            **{k: content[k] for k in ("summary", "improvements", "qms_changes", "resource_needs",
                                                       "decisions")})
    actions = [services.add_action(review, actor=secretary, text=row[0], kind=row[1], owner=people[row[2]],
                                   due_on=row[3]) for row in content["actions"]]
    return review, actions


def ensure(agency, people: dict, index: int) -> int:
    from reviews import services
    from reviews.models import Review

    if Review.objects.exists():
        return 0
    _first, actions = _hold(people, FIRST_HELD, FIRST, since=date(2025, 7, 1))
    for action, row in zip(actions, FIRST["actions"], strict=True):
        if row[4] is not None:
            services.complete_action(action, actor=people[row[2]], done_on=row[4], result=row[5])
    _second, later = _hold(people, SECOND_HELD, SECOND)
    return 2 + len(actions) + len(later)
