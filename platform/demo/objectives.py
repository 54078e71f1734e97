"""Quality objectives 2026 of the agencies with QMS content, through the objectives' services.

Five objectives each: the on-time rate of one-stop dossiers (computed from the demo dossiers, monthly),
citizens' satisfaction (quarterly survey), no late dossier (monthly count; November had one, so it is at
risk), staff trained in ISO (half-yearly) and documents reviewed on time (quarterly). Measurements run from
January to November 2026, as the secretary enters them after each period.
"""

from __future__ import annotations

YEAR = 2026
SATISFACTION = [("96.2", "95.8", "96.9"), ("97.1", "96.4", "95.5"), ("95.3", "96.0", "97.2")]
# Late dossiers per month, January–November: one in November puts the objective at risk.
LATE = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]


def ensure(agency, people: dict, index: int) -> int:
    from objectives import services
    from objectives.models import Objective

    if Objective.objects.filter(year=YEAR).exists():
        return 0
    secretary, head, staff = people["thuky"], people["lanhdao"], people["canbo"]
    made = 0

    def objective(**data):
        nonlocal made
        made += 1
        return services.create_objective(actor=secretary, year=YEAR, **data)

    def measure(target, period, value, note=""):
        nonlocal made
        made += 1
        services.record_measurement(target, actor=secretary, period=period, value=value, note=note)

    on_time = objective(
        title="Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn đạt từ 95% trở lên", target="95",
        comparison="at_least", unit="percent", frequency="monthly", source="on_time_rate", owner=head,
        plan="Theo dõi tiến độ giải quyết hồ sơ hằng tuần trên Hệ thống thông tin giải quyết TTHC; nhắc hạn "
             "công chức thụ lý trước 01 ngày làm việc; báo cáo lãnh đạo các hồ sơ có nguy cơ trễ hạn.")
    made += len(services.refresh_computed(on_time, actor=secretary))

    satisfaction = objective(
        title="Mức độ hài lòng của người dân, tổ chức đạt từ 95% trở lên", target="95", comparison="at_least",
        unit="percent", frequency="quarterly", owner=secretary,
        plan="Phát phiếu khảo sát tại Bộ phận Một cửa và khảo sát trực tuyến qua Cổng Dịch vụ công; tổng hợp "
             "kết quả hằng quý, báo cáo tại cuộc họp giao ban.")
    for quarter, value in enumerate(SATISFACTION[index % 3], start=1):
        measure(satisfaction, quarter, value, note=f"Tổng hợp {120 + quarter * 15 + index * 4} phiếu khảo sát")

    late = objective(
        title="Không có hồ sơ thủ tục hành chính trễ hạn do lỗi chủ quan của công chức", target="0",
        comparison="at_most", unit="count", frequency="monthly", owner=staff,
        plan="Rà soát hồ sơ sắp đến hạn mỗi sáng thứ Hai; xin lỗi người dân bằng văn bản khi có hồ sơ trễ hạn.")
    for month, count in enumerate(LATE, start=1):
        measure(late, month, count, note="01 hồ sơ chứng thực trễ hạn 01 ngày, đã gửi thư xin lỗi" if count else "")

    trained = objective(
        title="Từ 90% cán bộ, công chức trở lên được đào tạo nhận thức về TCVN ISO 9001:2015", target="90",
        comparison="at_least", unit="percent", frequency="half_yearly", owner=secretary,
        plan="Tổ chức lớp đào tạo nhận thức ISO; cử thư ký ISO tham gia lớp chuyên gia đánh giá nội bộ.")
    measure(trained, 1, "92", note="23/25 cán bộ, công chức đã được đào tạo")

    reviewed = objective(
        title="100% tài liệu của Hệ thống quản lý chất lượng được soát xét đúng hạn", target="100",
        comparison="at_least", unit="percent", frequency="quarterly", owner=head,
        plan="Thư ký ISO lập danh mục tài liệu đến hạn soát xét đầu mỗi quý.")
    for quarter in (1, 2, 3):
        measure(reviewed, quarter, "100")
    return made
