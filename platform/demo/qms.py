"""QMS content for a few demo agencies, so the screens are not empty.

Each gets the framework-model starter pack (documents.starter: policy, objectives, QT-HT-01..06, forms,
decisions) as drafts by its ISO secretary; then, through the same services a person's clicks go through,
the secretary submits the policy and objectives (and, where the QMS is "applied", the system procedures),
the head approves and the secretary publishes them. One procedure waits in review. So the supervisor sees
agencies at different stages: applied (effective system procedures) and still building.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.utils import timezone
from django_tenants.utils import schema_context

log = logging.getLogger(__name__)

# agency slug -> what is effective: "applied" (policy, objectives, system procedures) or "building"
STAGES = {"so-tu-phap": "applied", "phuong-thanh-duc": "applied", "xa-cang-long": "applied",
          "so-noi-vu": "building", "xa-long-ho": "building"}
ISSUED_DAYS_AGO = 60  # published two months ago: the next periodic review is months away


def fill_agency(agency, secretary, head) -> bool:
    """Import and partly publish the pack in `agency`; False if it already has documents."""
    from documents import selectors, services
    from documents.models import Document, DocumentKind, Signoff
    from documents.starter import import_starter_pack

    with schema_context(agency.schema_name):
        if Document.objects.exists():  # the pack, or the agency's own work, is there already
            return False
        import_starter_pack(actor=secretary, agency=agency)
        kinds = [DocumentKind.QUALITY_POLICY, DocumentKind.QUALITY_OBJECTIVES]
        if STAGES.get(agency.slug) == "applied":
            kinds.append(DocumentKind.SYSTEM_PROCEDURE)
        issue_date = timezone.localdate() - timedelta(days=ISSUED_DAYS_AGO)
        for document in Document.objects.filter(kind__in=kinds).order_by("code"):
            revision = selectors.open_revision(document)
            services.submit_for_review(revision, actor=secretary, reviewers=[], approvers=[head])
            services.decide(revision, actor=head, decision=Signoff.Decision.AGREED)
            services.publish(revision, actor=secretary, issue_date=issue_date)
        drafts = Document.objects.filter(effective_revision__isnull=True).order_by("code")
        waiting = next((doc for kind in (DocumentKind.SYSTEM_PROCEDURE, DocumentKind.DECISION)
                        for doc in drafts.filter(kind=kind)[:1]), None)
        if waiting is not None:  # one document waits for the head's approval
            services.submit_for_review(selectors.open_revision(waiting), actor=secretary, reviewers=[],
                                       approvers=[head])
    return True


# A TTHC procedure (issue 7, item 2) for a commune, a ward and a department: what their staff follow for a
# common administrative procedure, with its step table (times as the one-stop shops write them).
TTHC_PROCEDURES = {
    "xa-cang-long": {
        "code": "QT-TTHC-01", "title": "Quy trình đăng ký khai sinh",
        "tthc_codes": ["1.001193"], "time_limit": "1", "time_unit": "working_days",
        "legal_basis": "Luật Hộ tịch năm 2014\nNghị định số 123/2015/NĐ-CP ngày 15/11/2015 của Chính phủ\n"
                       "Thông tư số 04/2020/TT-BTP ngày 28/5/2020 của Bộ Tư pháp",
        "dossier_components": "Tờ khai đăng ký khai sinh theo mẫu\nBản chính Giấy chứng sinh\n"
                              "Giấy tờ tùy thân của người đi đăng ký (xuất trình)",
        "fees": "Miễn lệ phí đối với đăng ký khai sinh đúng hạn",
        "where_filed": "Bộ phận Tiếp nhận và Trả kết quả UBND xã Càng Long, hoặc trực tuyến trên Cổng Dịch vụ công",
        "where_returned": "Bộ phận Tiếp nhận và Trả kết quả UBND xã Càng Long",
        "steps": [("Tiếp nhận, kiểm tra hồ sơ; lập Giấy tiếp nhận và hẹn trả kết quả", "Công chức Bộ phận Một cửa",
                   "1", "working_hours", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
                  ("Thẩm định hồ sơ, ghi Sổ đăng ký khai sinh, trình ký", "Công chức Tư pháp - Hộ tịch", "5",
                   "working_hours", "Dự thảo Giấy khai sinh"),
                  ("Ký Giấy khai sinh", "Chủ tịch hoặc Phó Chủ tịch UBND xã", "1", "working_hours", "Giấy khai sinh"),
                  ("Trả kết quả, lưu hồ sơ", "Công chức Bộ phận Một cửa", "1", "working_hours", "Sổ theo dõi")],
    },
    "phuong-thanh-duc": {
        "code": "QT-TTHC-02", "title": "Quy trình đăng ký kết hôn",
        "tthc_codes": ["1.000894"], "time_limit": "5", "time_unit": "working_days",
        "legal_basis": "Luật Hộ tịch năm 2014\nLuật Hôn nhân và gia đình năm 2014\nNghị định số 123/2015/NĐ-CP",
        "dossier_components": "Tờ khai đăng ký kết hôn theo mẫu\nGiấy tờ tùy thân của hai bên (xuất trình)",
        "fees": "Miễn lệ phí",
        "where_filed": "Bộ phận Tiếp nhận và Trả kết quả UBND phường Thanh Đức",
        "where_returned": "Bộ phận Tiếp nhận và Trả kết quả UBND phường Thanh Đức (hai bên cùng có mặt)",
        "steps": [("Tiếp nhận, kiểm tra hồ sơ", "Công chức Bộ phận Một cửa", "4", "working_hours", "Giấy tiếp nhận"),
                  ("Xác minh điều kiện kết hôn (nếu cần)", "Công chức Tư pháp - Hộ tịch", "3", "working_days",
                   "Phiếu xác minh"),
                  ("Trình ký Giấy chứng nhận kết hôn", "Công chức Tư pháp - Hộ tịch", "4", "working_hours",
                   "Dự thảo Giấy chứng nhận kết hôn"),
                  ("Ký Giấy chứng nhận kết hôn", "Chủ tịch UBND phường", "4", "working_hours",
                   "Giấy chứng nhận kết hôn"),
                  ("Trao Giấy chứng nhận kết hôn, lưu hồ sơ", "Công chức Tư pháp - Hộ tịch", "4", "working_hours",
                   "Sổ đăng ký kết hôn")],
    },
    "so-tu-phap": {
        "code": "QT-TTHC-01", "title": "Quy trình cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
        "tthc_codes": ["2.000488", "2.000505"], "time_limit": "10", "time_unit": "working_days",
        "legal_basis": "Luật Lý lịch tư pháp năm 2009\nNghị định số 111/2010/NĐ-CP ngày 23/11/2010 của Chính phủ\n"
                       "Thông tư số 06/2024/TT-BTP của Bộ Tư pháp",
        "dossier_components": "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp theo mẫu\n"
                              "Bản chụp giấy tờ tùy thân của người được cấp Phiếu\n"
                              "Văn bản ủy quyền (nếu ủy quyền làm thủ tục)",
        "fees": "200.000 đồng/lần/người (sinh viên, người có công: 100.000 đồng)",
        "where_filed": "Trung tâm Phục vụ hành chính công tỉnh, hoặc trực tuyến trên Cổng Dịch vụ công quốc gia",
        "where_returned": "Trung tâm Phục vụ hành chính công tỉnh, hoặc qua dịch vụ bưu chính",
        "steps": [("Tiếp nhận hồ sơ, thu phí, chuyển hồ sơ về Sở", "Công chức Sở tại Trung tâm Phục vụ hành chính công",
                   "4", "working_hours", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
                  ("Tra cứu cơ sở dữ liệu lý lịch tư pháp của Sở", "Phòng Hành chính tư pháp", "2", "working_days",
                   "Kết quả tra cứu"),
                  ("Tra cứu, xác minh tại cơ quan Công an và Trung tâm Lý lịch tư pháp quốc gia",
                   "Phòng Hành chính tư pháp", "6", "working_days", "Văn bản trả lời xác minh"),
                  ("Lập Phiếu lý lịch tư pháp, trình ký", "Chuyên viên Phòng Hành chính tư pháp", "4", "working_hours",
                   "Dự thảo Phiếu lý lịch tư pháp"),
                  ("Ký Phiếu lý lịch tư pháp", "Giám đốc hoặc Phó Giám đốc Sở", "4", "working_hours",
                   "Phiếu lý lịch tư pháp"),
                  ("Trả kết quả", "Công chức Sở tại Trung tâm Phục vụ hành chính công", "4", "working_hours", "")],
    },
}


def fill_tthc_procedure(agency, secretary, head) -> bool:
    """The agency's TTHC procedure with its spec and steps, issued; False if it has one by that code already
    (or none is planned for it). At Sở Tư pháp a second edition is being drafted from the first."""
    from documents import services
    from documents.models import Document, DocumentKind, Signoff
    from procedures.services import save_procedure

    planned = TTHC_PROCEDURES.get(agency.slug)
    if planned is None:
        return False
    with schema_context(agency.schema_name):
        if Document.objects.filter(code=planned["code"]).exists():
            return False
        document = services.create_document(actor=secretary, code=planned["code"], title=planned["title"],
                                            kind=DocumentKind.TTHC_PROCEDURE, owner_unit="Bộ phận Một cửa",
                                            content="<h2>1. Mục đích</h2><p>Quy định trình tự giải quyết thủ tục "
                                                    "hành chính, bảo đảm đúng thời hạn.</p>")
        revision = document.revisions.get()
        fields = {key: value for key, value in planned.items() if key not in ("code", "title", "steps")}
        steps = [{"action": action, "responsible": who, "time_allowed": time, "time_unit": unit, "output": output}
                 for action, who, time, unit, output in planned["steps"]]
        save_procedure(revision, actor=secretary, steps=steps, **fields)
        services.submit_for_review(revision, actor=secretary, reviewers=[], approvers=[head])
        services.decide(revision, actor=head, decision=Signoff.Decision.AGREED)
        services.publish(revision, actor=secretary,
                         issue_date=timezone.localdate() - timedelta(days=ISSUED_DAYS_AGO))
        if agency.slug == "so-tu-phap":
            services.start_revision(document, actor=secretary, change_summary="Cập nhật căn cứ pháp lý mới")
    return True
