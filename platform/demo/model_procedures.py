"""The DOST's model procedures for the demo province's communes, and a few communes that adopted them.

Four models for commune-level TTHC (hộ tịch: khai sinh, kết hôn; chứng thực bản sao; trợ cấp xã hội), written
and published by the DOST's administrator through model_procedures.services. "Đăng ký khai sinh" has a second
edition; UBND xã Long Hồ adopted (and issued) the first and has not yet taken the second in, so its difference
page has something to show; UBND xã Long Đức adopted the second edition; UBND xã Càng Long adopted the
chứng thực model. Idempotent: what exists is left as it is.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tenants.utils import tenant_context

_ONE_STOP = "Bộ phận Tiếp nhận và Trả kết quả của UBND cấp xã"
_INTAKE = ("Tiếp nhận, kiểm tra hồ sơ; lập Giấy tiếp nhận và hẹn trả kết quả", "Công chức Bộ phận Một cửa", "1",
           "working_hours", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả")


def _body(purpose: str, content: str) -> str:
    return (f"<h2>1. Mục đích</h2><p>{purpose}</p><h2>2. Phạm vi</h2><p>Áp dụng tại UBND cấp xã trên địa bàn "
            f"tỉnh Vĩnh Long.</p><h2>5. Nội dung</h2><p>{content}</p><h2>7. Hồ sơ cần lưu</h2>"
            "<p>Hồ sơ đề nghị, kết quả giải quyết, sổ theo dõi.</p>")


MODELS = [
    {"code": "QT-MAU-HT-01", "title": "Quy trình mẫu đăng ký khai sinh", "field": "Hộ tịch",
     "tthc_codes": ["1.001193"], "time_limit": "1", "time_unit": "working_days",
     "legal_basis": "Luật Hộ tịch năm 2014\nNghị định số 123/2015/NĐ-CP ngày 15/11/2015 của Chính phủ",
     "dossier_components": "Tờ khai đăng ký khai sinh theo mẫu\nBản chính Giấy chứng sinh",
     "fees": "Miễn lệ phí đối với đăng ký khai sinh đúng hạn",
     "content": _body("Quy định trình tự đăng ký khai sinh tại UBND cấp xã.",
                      "Công chức Bộ phận Một cửa tiếp nhận hồ sơ trực tiếp."),
     "steps": [_INTAKE,
               ("Thẩm định hồ sơ, ghi Sổ đăng ký khai sinh, trình ký", "Công chức Tư pháp - Hộ tịch", "5",
                "working_hours", "Dự thảo Giấy khai sinh"),
               ("Ký Giấy khai sinh", "Chủ tịch hoặc Phó Chủ tịch UBND xã", "1", "working_hours", "Giấy khai sinh"),
               ("Trả kết quả", "Công chức Bộ phận Một cửa", "1", "working_hours", "")]},
    {"code": "QT-MAU-HT-02", "title": "Quy trình mẫu đăng ký kết hôn", "field": "Hộ tịch",
     "tthc_codes": ["1.000894"], "time_limit": "5", "time_unit": "working_days",
     "legal_basis": "Luật Hộ tịch năm 2014\nLuật Hôn nhân và gia đình năm 2014",
     "dossier_components": "Tờ khai đăng ký kết hôn theo mẫu\nGiấy tờ tùy thân của hai bên (xuất trình)",
     "fees": "Miễn lệ phí",
     "content": _body("Quy định trình tự đăng ký kết hôn tại UBND cấp xã.",
                      "Hai bên nam, nữ cùng có mặt khi đăng ký và nhận Giấy chứng nhận kết hôn."),
     "steps": [_INTAKE,
               ("Xác minh điều kiện kết hôn (nếu cần)", "Công chức Tư pháp - Hộ tịch", "3", "working_days",
                "Phiếu xác minh"),
               ("Trình ký Giấy chứng nhận kết hôn", "Công chức Tư pháp - Hộ tịch", "4", "working_hours",
                "Dự thảo Giấy chứng nhận kết hôn"),
               ("Ký Giấy chứng nhận kết hôn", "Chủ tịch UBND xã", "4", "working_hours", "Giấy chứng nhận kết hôn"),
               ("Trao Giấy chứng nhận kết hôn", "Công chức Tư pháp - Hộ tịch", "4", "working_hours",
                "Sổ đăng ký kết hôn")]},
    {"code": "QT-MAU-CT-01", "title": "Quy trình mẫu chứng thực bản sao từ bản chính", "field": "Chứng thực",
     "tthc_codes": ["2.000815"], "time_limit": "4", "time_unit": "working_hours",
     "legal_basis": "Nghị định số 23/2015/NĐ-CP ngày 16/02/2015 của Chính phủ",
     "dossier_components": "Bản chính giấy tờ, văn bản\nBản sao cần chứng thực",
     "fees": "2.000 đồng/trang; từ trang thứ ba trở lên 1.000 đồng/trang",
     "content": _body("Quy định trình tự chứng thực bản sao từ bản chính.",
                      "Chứng thực trong ngày; nếu tiếp nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo."),
     "steps": [("Tiếp nhận, đối chiếu bản chính và bản sao", "Công chức Bộ phận Một cửa", "1", "working_hours",
                "Phiếu tiếp nhận"),
               ("Ghi lời chứng, trình ký", "Công chức Tư pháp - Hộ tịch", "2", "working_hours", ""),
               ("Ký chứng thực, đóng dấu; trả kết quả", "Chủ tịch hoặc Phó Chủ tịch UBND xã", "1", "working_hours",
                "Bản sao được chứng thực")]},
    {"code": "QT-MAU-BTXH-01", "title": "Quy trình mẫu thực hiện trợ cấp xã hội hằng tháng",
     "field": "Bảo trợ xã hội", "tthc_codes": ["1.001776"], "time_limit": "15", "time_unit": "working_days",
     "legal_basis": "Nghị định số 20/2021/NĐ-CP ngày 15/3/2021 của Chính phủ",
     "dossier_components": "Tờ khai đề nghị trợ giúp xã hội theo mẫu\nGiấy tờ chứng minh đối tượng",
     "fees": "Không", "content": _body("Quy định trình tự xét, đề nghị hưởng trợ cấp xã hội hằng tháng.",
                                       "Hội đồng xét duyệt cấp xã họp, niêm yết công khai kết quả 2 ngày làm việc."),
     "steps": [_INTAKE,
               ("Xét duyệt, niêm yết công khai kết quả", "Hội đồng xét duyệt trợ giúp xã hội xã", "7", "working_days",
                "Biên bản họp Hội đồng"),
               ("Quyết định trợ cấp", "Chủ tịch UBND xã", "7", "working_days", "Quyết định trợ cấp xã hội"),
               ("Trả kết quả", "Công chức Bộ phận Một cửa", "4", "working_hours", "")]},
]
# The second edition of QT-MAU-HT-01: online filing, the check shortened, the record-keeping a step of its own.
SECOND_EDITION = {
    "change_note": "Bổ sung tiếp nhận trực tuyến qua Cổng Dịch vụ công; tách bước lưu hồ sơ",
    "where_filed": "Bộ phận Tiếp nhận và Trả kết quả của UBND cấp xã, hoặc trực tuyến trên Cổng Dịch vụ công",
    "content": _body("Quy định trình tự đăng ký khai sinh tại UBND cấp xã.",
                     "Công chức Bộ phận Một cửa tiếp nhận hồ sơ trực tiếp hoặc qua Cổng Dịch vụ công."),
    "steps": [_INTAKE,
              ("Thẩm định hồ sơ, ghi Sổ đăng ký khai sinh, trình ký", "Công chức Tư pháp - Hộ tịch", "4",
               "working_hours", "Dự thảo Giấy khai sinh"),
              ("Ký Giấy khai sinh", "Chủ tịch hoặc Phó Chủ tịch UBND xã", "1", "working_hours", "Giấy khai sinh"),
              ("Trả kết quả", "Công chức Bộ phận Một cửa", "1", "working_hours", ""),
              ("Lưu hồ sơ đăng ký khai sinh", "Công chức Tư pháp - Hộ tịch", "1", "working_hours", "Sổ hộ tịch")],
}
# (commune, model code, issue it) in order: Long Hồ adopts before the second edition exists.
ADOPTIONS_BEFORE = [("xa-long-ho", "QT-MAU-HT-01", True)]
ADOPTIONS_AFTER = [("xa-long-duc", "QT-MAU-HT-01", True), ("xa-long-duc", "QT-MAU-HT-02", False),
                   ("xa-cang-long", "QT-MAU-CT-01", True)]


def _values(spec: dict) -> dict:
    values = {key: value for key, value in spec.items() if key not in ("code", "title", "field")}
    values["steps"] = [{"action": action, "responsible": who, "time_allowed": time, "time_unit": unit,
                        "output": output} for action, who, time, unit, output in spec["steps"]]
    values.setdefault("where_filed", _ONE_STOP)
    values.setdefault("where_returned", _ONE_STOP)
    return values


def ensure_model_procedures(province, dost, keeper, agencies: dict, people: dict) -> int:
    """Create what is missing; returns how many models were created. `people`: username -> User."""
    from model_procedures import services
    from model_procedures.models import ModelProcedure

    created = 0
    models = {}
    with tenant_context(dost):
        for spec in MODELS:
            model = ModelProcedure.objects.filter(province=province, code=spec["code"]).first()
            if model is None:
                model = services.create_model(actor=keeper, code=spec["code"], title=spec["title"],
                                              level="commune", field=spec["field"])
                services.save_draft(model, actor=keeper, change_note="Ban hành lần đầu", **_values(spec))
                services.publish_edition(model, actor=keeper)
                created += 1
            models[spec["code"]] = model
    _adopt(ADOPTIONS_BEFORE, models, agencies, people)
    first = models["QT-MAU-HT-01"]
    if not first.editions.filter(number=2).exists():
        with tenant_context(dost):
            services.start_edition(first, actor=keeper)
            services.save_draft(first, actor=keeper, **_values({**MODELS[0], **SECOND_EDITION}))
            services.publish_edition(first, actor=keeper)
        services.notify_adopters(first)  # as the Celery task does, without waiting for a worker
    _adopt(ADOPTIONS_AFTER, models, agencies, people)
    return created


def _adopt(plan, models, agencies, people) -> None:
    from documents import services as documents
    from documents.models import Signoff
    from model_procedures import selectors, services

    for slug, code, issue in plan:
        agency, model = agencies.get(slug), models[code]
        secretary, head = people.get(f"{slug}.thuky"), people.get(f"{slug}.lanhdao")
        if agency is None or secretary is None or selectors.adoption_of(model, agency) is not None:
            continue
        with tenant_context(agency):
            adoption = services.adopt(model, actor=secretary)
            if issue and head is not None:
                revision = services.adopted_document(adoption).revisions.get()
                documents.submit_for_review(revision, actor=secretary, reviewers=[], approvers=[head])
                documents.decide(revision, actor=head, decision=Signoff.Decision.AGREED)
                documents.publish(revision, actor=secretary, issue_date=timezone.localdate() - timedelta(days=30))
