"""The demo province's TTHC catalogue: commune-level and department-level procedures as Vĩnh Long publishes
them, two publication decisions, entered through the DOST's own import (tthc.services.import_catalogue) as
its supervisor administrator, so the demo's catalogue has the history a real one would.

Codes and names follow the national TTHC database's style; time limits and fees are plausible, not
authoritative. platform/tthc/samples/danh-muc-tthc-mau.csv holds the first rows in the import's format.
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

# The decision that published the commune and department catalogue after the 2025 reorganisation.
FIRST_DECISION = ("1512/QĐ-UBND", date(2025, 7, 28), "Công bố danh mục thủ tục hành chính thuộc thẩm quyền "
                  "giải quyết của UBND cấp xã và các sở trên địa bàn tỉnh Vĩnh Long")
# A decision signed two days before the demo was seeded, not entered yet: the dashboard's "due" example.
SECOND_DECISION = ("2187/QĐ-UBND", "Công bố thủ tục hành chính mới ban hành lĩnh vực Đất đai")

_ONE_STOP_XA = "Bộ phận Một cửa UBND cấp xã"
_CENTRE = "Trung tâm Phục vụ hành chính công tỉnh"
_HT = "Luật Hộ tịch năm 2014; Nghị định 123/2015/NĐ-CP"
_CT = "Nghị định 23/2015/NĐ-CP về cấp bản sao, chứng thực"
_DD = "Luật Đất đai năm 2024; Nghị định 101/2024/NĐ-CP"
_KD = "Nghị định 168/2025/NĐ-CP về đăng ký doanh nghiệp"

# code, name, field, level, time limit, unit, fees, filed at, returned at, legal basis, agencies (slugs)
ENTRIES = [
    ("1.001193", "Đăng ký khai sinh", "Hộ tịch", "commune", 1, "working_days", "Miễn lệ phí", _ONE_STOP_XA,
     _ONE_STOP_XA, _HT, ""),
    ("1.000894", "Đăng ký kết hôn", "Hộ tịch", "commune", 1, "working_days", "Miễn lệ phí", _ONE_STOP_XA,
     _ONE_STOP_XA, _HT, ""),
    ("1.000656", "Đăng ký khai tử", "Hộ tịch", "commune", 1, "working_days", "Miễn lệ phí", _ONE_STOP_XA,
     _ONE_STOP_XA, _HT, ""),
    ("1.001022", "Đăng ký nhận cha, mẹ, con", "Hộ tịch", "commune", 3, "working_days", "Miễn lệ phí",
     _ONE_STOP_XA, _ONE_STOP_XA, _HT, ""),
    ("1.004746", "Đăng ký lại khai sinh", "Hộ tịch", "commune", 5, "working_days", "Miễn lệ phí", _ONE_STOP_XA,
     _ONE_STOP_XA, _HT, ""),
    ("1.004873", "Cấp Giấy xác nhận tình trạng hôn nhân", "Hộ tịch", "commune", 3, "working_days", "Miễn lệ phí",
     _ONE_STOP_XA, _ONE_STOP_XA, _HT, ""),
    ("1.004859", "Đăng ký giám hộ", "Hộ tịch", "commune", 3, "working_days", "Miễn lệ phí", _ONE_STOP_XA,
     _ONE_STOP_XA, _HT, ""),
    ("1.004837", "Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch", "Hộ tịch", "commune", 3,
     "working_days", "15.000 đồng/trường hợp", _ONE_STOP_XA, _ONE_STOP_XA, _HT, ""),
    ("2.000635", "Cấp bản sao Trích lục hộ tịch", "Hộ tịch", "commune", 4, "working_hours",
     "8.000 đồng/bản", _ONE_STOP_XA, _ONE_STOP_XA, _HT, ""),
    ("2.000815", "Chứng thực bản sao từ bản chính giấy tờ, văn bản", "Chứng thực", "commune", 4,
     "working_hours", "2.000 đồng/trang", _ONE_STOP_XA, _ONE_STOP_XA, _CT, ""),
    ("2.000884", "Chứng thực chữ ký trong các giấy tờ, văn bản", "Chứng thực", "commune", 4, "working_hours",
     "10.000 đồng/trường hợp", _ONE_STOP_XA, _ONE_STOP_XA, _CT, ""),
    ("2.001035", "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản", "Chứng thực", "commune", 2,
     "working_days", "50.000 đồng/hợp đồng", _ONE_STOP_XA, _ONE_STOP_XA, _CT, ""),
    ("2.001019", "Chứng thực văn bản thỏa thuận phân chia di sản", "Chứng thực", "commune", 3, "working_days",
     "50.000 đồng/văn bản", _ONE_STOP_XA, _ONE_STOP_XA, _CT, ""),
    ("1.012756", "Đăng ký đất đai, tài sản gắn liền với đất lần đầu", "Đất đai", "commune", 20, "working_days",
     "Theo Nghị quyết của HĐND tỉnh", _ONE_STOP_XA, _ONE_STOP_XA, _DD, ""),
    ("1.012790", "Hòa giải tranh chấp đất đai", "Đất đai", "commune", 30, "working_days", "Không",
     _ONE_STOP_XA, _ONE_STOP_XA, _DD, ""),
    ("1.012768", "Xác nhận tiếp tục sử dụng đất nông nghiệp của hộ gia đình, cá nhân khi hết hạn", "Đất đai",
     "commune", 10, "working_days", "Không", _ONE_STOP_XA, _ONE_STOP_XA, _DD, ""),
    ("2.000720", "Đăng ký thành lập hộ kinh doanh", "Thành lập và hoạt động của hộ kinh doanh", "commune", 3,
     "working_days", "100.000 đồng/lần", _ONE_STOP_XA, _ONE_STOP_XA, _KD, ""),
    ("2.000575", "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh", "Thành lập và hoạt động của hộ kinh doanh",
     "commune", 3, "working_days", "100.000 đồng/lần", _ONE_STOP_XA, _ONE_STOP_XA, _KD, ""),
    ("2.000644", "Thông báo tạm ngừng kinh doanh, tiếp tục kinh doanh trước thời hạn của hộ kinh doanh",
     "Thành lập và hoạt động của hộ kinh doanh", "commune", 3, "working_days", "Miễn phí", _ONE_STOP_XA,
     _ONE_STOP_XA, _KD, ""),
    ("1.001776", "Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hằng tháng", "Bảo trợ xã hội", "commune", 15,
     "working_days", "Không", _ONE_STOP_XA, _ONE_STOP_XA, "Nghị định 20/2021/NĐ-CP", ""),
    ("1.001758", "Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội", "Bảo trợ xã hội", "commune", 5,
     "working_days", "Không", _ONE_STOP_XA, _ONE_STOP_XA, "Nghị định 20/2021/NĐ-CP", ""),
    ("2.000488", "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam",
     "Lý lịch tư pháp", "department", 10, "working_days", "200.000 đồng/lần", _CENTRE, _CENTRE,
     "Luật Lý lịch tư pháp 2009; Thông tư 244/2016/TT-BTC", "so-tu-phap"),
    ("2.000505", "Cấp Phiếu lý lịch tư pháp cho cơ quan nhà nước, cơ quan tiến hành tố tụng",
     "Lý lịch tư pháp", "department", 10, "working_days", "Không", _CENTRE, _CENTRE,
     "Luật Lý lịch tư pháp 2009", "so-tu-phap"),
    ("1.001877", "Đăng ký hành nghề và cấp Thẻ công chứng viên", "Công chứng", "department", 10, "working_days",
     "Không", _CENTRE, _CENTRE, "Luật Công chứng 2024", "so-tu-phap"),
    ("1.008899", "Cấp giấy phép hành nghề khám bệnh, chữa bệnh", "Khám bệnh, chữa bệnh", "department", 30,
     "working_days", "Theo Thông tư 59/2023/TT-BTC", _CENTRE, _CENTRE, "Luật Khám bệnh, chữa bệnh 2023",
     "so-y-te"),
    ("1.004618", "Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm", "An toàn thực phẩm", "department",
     20, "working_days", "Theo Thông tư 67/2021/TT-BTC", _CENTRE, _CENTRE, "Luật An toàn thực phẩm 2010",
     "so-y-te"),
    ("2.001610", "Đăng ký thành lập doanh nghiệp tư nhân", "Thành lập và hoạt động của doanh nghiệp",
     "department", 3, "working_days", "50.000 đồng/lần", _CENTRE, _CENTRE, _KD, "so-tai-chinh"),
    ("2.002038", "Đăng ký thành lập công ty TNHH một thành viên", "Thành lập và hoạt động của doanh nghiệp",
     "department", 3, "working_days", "50.000 đồng/lần", _CENTRE, _CENTRE, _KD, "so-tai-chinh"),
    ("1.004443", "Cấp Giấy chứng nhận đăng ký hoạt động khoa học và công nghệ", "Hoạt động khoa học và công nghệ",
     "department", 15, "working_days", "Không", _CENTRE, _CENTRE, "Luật Khoa học, công nghệ và đổi mới sáng tạo "
     "2025", "so-khcn"),
    ("1.000969", "Cấp giấy phép xây dựng mới đối với công trình cấp III", "Hoạt động xây dựng", "department", 20,
     "working_days", "150.000 đồng/giấy phép", _CENTRE, _CENTRE, "Luật Xây dựng 2014 (sửa đổi 2020)",
     "so-xay-dung"),
    ("1.005092", "Cấp giấy phép kinh doanh bán lẻ sản phẩm rượu", "Lưu thông hàng hóa trong nước", "department",
     10, "working_days", "Theo Thông tư 168/2016/TT-BTC", _CENTRE, _CENTRE, "Nghị định 105/2017/NĐ-CP",
     "so-cong-thuong"),
    ("1.001612", "Công nhận trường mầm non đạt chuẩn quốc gia", "Giáo dục và Đào tạo", "department", 20,
     "working_days", "Không", _CENTRE, _CENTRE, "Thông tư 19/2018/TT-BGDĐT", "so-gd-dt"),
]

HEADER = ["code", "name", "field", "level", "time_limit", "time_unit", "fees", "filed_at", "returned_at",
          "legal_basis", "decision_number", "decision_date", "agencies"]


def catalogue_csv(entries=ENTRIES, known_slugs: set[str] | None = None) -> str:
    """The entries as an import file published by the first decision (agencies the province lacks left out)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    number, signed, _title = FIRST_DECISION
    for *values, slugs in entries:
        if known_slugs is not None:
            slugs = ";".join(s for s in slugs.split(";") if s in known_slugs)
        writer.writerow([*values, number, signed.strftime("%d/%m/%Y"), slugs])
    return out.getvalue()


def ensure_catalogue(province, dost, keeper) -> int:
    """Import the catalogue as the DOST's administrator (idempotent: a second run changes nothing), then
    record the second decision; returns how many entries were created."""
    from django_tenants.utils import tenant_context

    from tthc import services
    from tthc.models import PublicationDecision, TthcEntry

    slugs = set(services.current_agencies(province).values_list("slug", flat=True))
    number, signed, title = FIRST_DECISION
    with tenant_context(dost):
        if not PublicationDecision.objects.filter(province=province, number=number).exists():
            services.record_decision(actor=keeper, number=number, signed_on=signed, title=title,
                                     received_on=signed + timedelta(days=1))
        upload = SimpleUploadedFile("danh-muc-tthc.csv", catalogue_csv(known_slugs=slugs).encode("utf-8"))
        result = services.import_catalogue(actor=keeper, upload=upload)
        second, second_title = SECOND_DECISION
        if not PublicationDecision.objects.filter(province=province, number=second).exists():
            today = timezone.localdate()
            services.record_decision(actor=keeper, number=second, signed_on=today - timedelta(days=2),
                                     title=second_title, received_on=today)
    # The demo's catalogue stands for one entered in 2025, on time: date the first entries as then, once
    # (the history keeps this as a change without an author).
    TthcEntry.objects.filter(province=province, decision__number=number, entered_on__gt=date(2025, 7, 31)).update(
        entered_on=date(2025, 7, 31))
    # ... and their content as the decision published it, so procedures issued since then are up to date.
    TthcEntry.objects.filter(province=province, decision__number=number, content_changed_on__gt=signed).update(
        content_changed_on=signed)
    return len(result.created)
